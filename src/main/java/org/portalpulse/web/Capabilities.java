package org.portalpulse.web;

import org.portalpulse.admin.AdminApi;
import org.portalpulse.admin.AdminPage;
import org.portalpulse.assets.StaticAssets;
import org.portalpulse.content.ReaderPages;
import org.portalpulse.embed.EmbedEndpoints;
import org.portalpulse.live.LiveNumbers;
import org.portalpulse.ops.OpsRoutes;

/**
 * What the readers' server is made of, each built once and shared by every event loop's server.
 *
 * @param opsOnOwnPort whether {@code /metrics} and {@code /health} have a port of their own ({@link OpsServer}),
 *                     and so are not served to readers
 * @param assets       the files under {@code /assets/}, by their plain and content-hashed names
 * @param clientErrors how requests the server cannot take are answered and logged: one log budget for every event loop
 */
public record Capabilities(ReaderPages pages, LiveNumbers live, EmbedEndpoints embed, AdminApi adminApi, AdminPage adminPage,
                           OpsRoutes ops, boolean opsOnOwnPort, StaticAssets assets, ClientErrors clientErrors) {

  public Capabilities(ReaderPages pages, LiveNumbers live, EmbedEndpoints embed, AdminApi adminApi, AdminPage adminPage,
                      OpsRoutes ops, boolean opsOnOwnPort, StaticAssets assets) {
    this(pages, live, embed, adminApi, adminPage, ops, opsOnOwnPort, assets, new ClientErrors());
  }
}
