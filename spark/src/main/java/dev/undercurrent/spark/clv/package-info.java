/**
 * The lifetime-value models at lakehouse scale: per-customer sufficient statistics in Spark,
 * compressed to weighted patterns, fitted on the driver by the core's models.
 */
package dev.undercurrent.spark.clv;
