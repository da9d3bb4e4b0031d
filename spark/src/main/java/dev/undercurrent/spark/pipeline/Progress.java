package dev.undercurrent.spark.pipeline;

/** Where a run reports its stages; the CLI prints them, tests may collect them. */
public interface Progress {
  void stage(String name, String detail);

  /** Prints {@code [undercurrent] name: detail} lines to standard error. */
  static Progress stderr() {
    return (name, detail) -> System.err.println("[undercurrent] " + name + (detail.isEmpty() ? "" : ": " + detail));
  }

  static Progress silent() {
    return (name, detail) -> {};
  }
}
