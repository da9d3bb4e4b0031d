package dev.undercurrent.core.record;

/** The type a canonical column is parsed to. */
public enum ColumnType {
  STRING,
  TIMESTAMP,
  DATE,
  DOUBLE,
  BOOLEAN
}
