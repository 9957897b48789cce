package org.portalpulse.presence;

/** What a page view tells about its visitor, as this instance knows them. */
public enum Sighting {
  /** Not online here until this view. */
  NEW_VISITOR,
  /** Online already, and this is their first counted view of the hour. */
  FIRST_VIEW_THIS_HOUR,
  /** Online already, and seen this hour. */
  AGAIN;

  /** Whether a counted view with this sighting records the visitor for the hour (for unique visitors). */
  public boolean recordsVisitor() {
    return this != AGAIN;
  }
}
