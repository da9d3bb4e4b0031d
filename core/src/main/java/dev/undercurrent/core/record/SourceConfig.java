package dev.undercurrent.core.record;

import java.util.Map;
import java.util.Optional;

/**
 * Where one canonical source lives and how its columns map to canonical names.
 *
 * @param source which canonical source this is
 * @param path a file or folder (resolved against the config's folder), or null for a table
 * @param table a Spark catalog table such as {@code catalog.schema.name}, or null for a path
 * @param format {@code csv}, {@code parquet}, {@code delta} or {@code iceberg}
 * @param columns canonical name to the user's column name; unmapped names are taken as they are
 * @param options reader options passed through to Spark (e.g. {@code delimiter})
 */
public record SourceConfig(
    Source source,
    String path,
    String table,
    String format,
    Map<String, String> columns,
    Map<String, String> options) {

  public SourceConfig {
    columns = Map.copyOf(columns);
    options = Map.copyOf(options);
  }

  /** The user's name for a canonical column. */
  public String userColumn(String canonical) {
    return columns.getOrDefault(canonical, canonical);
  }

  /** A short description for messages: the path or the table. */
  public String location() {
    return redact(Optional.ofNullable(path).orElse(table));
  }

  /**
   * Whether a path is a URI Spark reads as given (s3a://, abfss://, dbfs:/, file:/…): a scheme of
   * two or more characters and a colon-slash, so not a Windows drive letter.
   */
  public static boolean isUri(String path) {
    return path != null && path.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*");
  }

  /**
   * A location as it may be shown (run.json, the report, the API, messages): without the
   * credentials a URI can carry, in its user part ({@code s3a://key:secret@bucket/…}) or its
   * query ({@code …?sv=…&sig=…}, a shared-access signature). The path itself is read as given.
   */
  static String redact(String location) {
    if (location == null) {
      return null;
    }
    // user:password@ (a password may hold '/'); not abfss's container@account, which has no ':',
    // nor host:port/path@…
    String s = location.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@:]*:(?![0-9]*(/|$))[^@]*@", "$1");
    int q = s.indexOf('?');
    return q < 0 || !s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? s : s.substring(0, q) + "?…";
  }
}
