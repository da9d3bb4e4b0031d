/**
 * Scoring every customer with the trained network inside Spark: the model travels as broadcast
 * bytes and is loaded once per executor JVM, so scoring scales with the cluster, not the driver.
 */
package dev.undercurrent.spark.scoring;
