package org.portalpulse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@code postgresql://user:pass@host:port/db}, parsed once into the parts both drivers need. */
public record PostgresUrl(String host, int port, String database, String user, String password) {

  public static PostgresUrl parse(String url) {
    return parse(PulseConfig.PG_URL, url);
  }

  /** {@code setting} is named in the error when {@code url} is not one. */
  public static PostgresUrl parse(String setting, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(setting, "'" + redact(url) + "' is not a URL");
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw invalid(setting, "expected postgresql://user:pass@host:port/db");
    }
    if (uri.getHost() == null) {
      throw invalid(setting, "the URL has no host");
    }
    String path = uri.getRawPath();
    if (path == null || path.length() < 2) {
      throw invalid(setting, "the URL names no database, expected postgresql://user:pass@host:port/db");
    }
    if (uri.getPort() > 65535) {
      throw invalid(setting, "port " + uri.getPort() + " is out of range, expected 1 to 65535");
    }
    String user = "postgres";
    String password = "";
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    return new PostgresUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path.substring(1)), user, password);
  }

  /** A blocking JDBC connection, for start-up work and tests; never on an event loop. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  /** Percent-decoding only: URLDecoder would also turn a '+' in a password into a space. */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Never echo a password back into a log line. */
  private static String redact(String url) {
    return url.replaceAll("://[^@/]*@", "://***@");
  }

  private static InvalidSettingException invalid(String setting, String problem) {
    return new InvalidSettingException(setting, problem);
  }
}
