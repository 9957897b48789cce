package org.portalpulse.content;

/** What the site calls itself to search engines, link previews and feed readers. */
public final class PortalIdentity {
  public static final String NAME = "Cổng thông tin điện tử tỉnh Hòa An";
  public static final String DESCRIPTION = "Tin tức, thông báo và hoạt động mới nhất của tỉnh Hòa An.";
  /** The pages' {@code lang}, and the feed's {@code <language>}. */
  public static final String LANGUAGE = "vi";
  public static final String OPEN_GRAPH_LOCALE = "vi_VN";

  private PortalIdentity() {
  }
}
