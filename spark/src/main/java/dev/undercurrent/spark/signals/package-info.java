/**
 * Point-in-time signals at lakehouse scale: Spark gathers each customer's rows from every source
 * into one history and calls the core's calculator for each cut-off, so the rules live in one
 * place and are tested without Spark.
 */
package dev.undercurrent.spark.signals;
