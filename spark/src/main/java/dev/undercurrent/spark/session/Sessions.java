package dev.undercurrent.spark.session;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session a run uses. With no master given and none set by {@code spark-submit},
 * it is the embedded default: local mode on every core of this machine. Delta and Iceberg are
 * always registered, so sources in either format and Delta output work without extra setup;
 * Iceberg tables go through a Hadoop catalog named {@code ice} rooted at
 * {@code undercurrent.iceberg.warehouse} (default {@code ./warehouse}); an Iceberg table given by
 * its path is read where it is.
 */
public final class Sessions {
  private Sessions() {}

  /**
   * Returns the active session or creates one.
   *
   * @param master a Spark master URL, or null for the launcher's or the local default
   */
  public static SparkSession getOrCreate(String master) {
    SparkSession.Builder b = SparkSession.builder().appName("undercurrent");
    String configured = System.getProperty("spark.master");
    if (master != null) {
      b.master(checkedMaster(master));
    } else if (configured == null) {
      b.master("local[*]");
    }
    String warehouse = System.getProperty("undercurrent.iceberg.warehouse", "warehouse");
    b.config(
            "spark.sql.extensions",
            "io.delta.sql.DeltaSparkSessionExtension,"
                + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.catalog.ice", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.ice.type", "hadoop")
        .config("spark.sql.catalog.ice.warehouse", new java.io.File(warehouse).toURI().toString())
        // A source given as {path: …, format: iceberg} is loaded by Iceberg through the catalog
        // named default_iceberg, which Iceberg sets up as a Hive catalog unless told otherwise;
        // there is no Hive here, so every Iceberg path failed. A Hadoop catalog reads it.
        .config("spark.sql.catalog.default_iceberg", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.default_iceberg.type", "hadoop")
        .config("spark.sql.catalog.default_iceberg.warehouse", new java.io.File(warehouse).toURI().toString())
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.shuffle.partitions", System.getProperty("undercurrent.shuffle.partitions", "8"))
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.ansi.enabled", "false");
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel(System.getProperty("undercurrent.spark.log", "ERROR"));
    return s;
  }

  /**
   * The master URL, refused before Spark sees it unless it has a form Spark 4 reads: Spark's own
   * refusal comes after it has logged the failed start with a stack trace, and says nothing of
   * the forms it would take.
   */
  static String checkedMaster(String master) {
    if (!MASTER.matcher(master.trim()).matches()) {
      throw new IllegalArgumentException("--master: '" + master + "' is not a Spark master URL; expected local,"
          + " local[N], local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT");
    }
    return master.trim();
  }

  private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
      "local(\\[(\\d+|\\*)(\\s*,\\s*\\d+)?\\])?|local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*\\d+\\s*\\]"
          + "|spark://\\S+|yarn|k8s://\\S+");
}
