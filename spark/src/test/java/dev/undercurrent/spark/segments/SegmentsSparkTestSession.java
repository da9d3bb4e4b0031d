package dev.undercurrent.spark.segments;

import org.apache.spark.sql.SparkSession;

/** The one local Spark session the segment tests share (starting one costs seconds). */
final class SegmentsSparkTestSession {
  private static SparkSession session;

  private SegmentsSparkTestSession() {}

  static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("test")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
    }
    return session;
  }
}
