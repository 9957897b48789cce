package org.portalpulse.assets;

/**
 * What the templates write in {@code href} and {@code src}: an asset's content-hashed URL, which browsers
 * may keep for a year, so a new build's file is fetched once and an old one is never shown after it.
 */
public final class AssetUrls {
  private AssetUrls() {
  }

  /** {@code /assets/site.css} → {@code /assets/site.3f9a1c2b.css}; a name no build made fails the render, loudly. */
  public static String asset(String path) {
    return AssetManifest.bundled().entry(path).map(AssetManifest.Entry::hashedPath)
        .orElseThrow(() -> new IllegalArgumentException("No asset " + path + " in " + AssetManifest.RESOURCE));
  }
}
