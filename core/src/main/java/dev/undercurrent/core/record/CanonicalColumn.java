package dev.undercurrent.core.record;

/** One column of a canonical source: its name, type and whether the source needs it. */
public record CanonicalColumn(String name, ColumnType type, boolean required) {
  static CanonicalColumn required(String name, ColumnType type) {
    return new CanonicalColumn(name, type, true);
  }

  static CanonicalColumn optional(String name, ColumnType type) {
    return new CanonicalColumn(name, type, false);
  }
}
