package dev.undercurrent.spark;

import dev.undercurrent.spark.session.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one {@code local[2]} session every Spark test of this module shares. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      System.setProperty("undercurrent.shuffle.partitions", "4");
      try {
        System.setProperty("undercurrent.iceberg.warehouse",
            Files.createTempDirectory("undercurrent-iceberg").toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      session = Sessions.getOrCreate("local[2]");
    }
    return session;
  }

  /** The shared data sets folder ({@code ../shared} beside the repository). */
  public static Path shared() {
    String p = System.getProperty("undercurrent.shared");
    Path candidate = p == null ? Path.of("../shared") : Path.of(p);
    if (!Files.isDirectory(candidate)) {
      candidate = Path.of("../../shared");
    }
    return candidate.toAbsolutePath().normalize();
  }
}
