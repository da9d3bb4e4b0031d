/**
 * The discovery run from end to end: read and validate, signals, lifetime-value models, learning,
 * segments, opportunities, audiences, tables and report. Each stage is a call into the core or
 * into a Spark adapter, so a stage can be replaced from inside without rewriting the chain.
 */
package dev.undercurrent.spark.pipeline;
