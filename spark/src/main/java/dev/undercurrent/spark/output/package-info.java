/**
 * Writing a run's governed tables atomically: everything is written to a staging folder beside
 * the output and swapped in only when complete, so a failed or killed run leaves the previous
 * results intact and readable.
 */
package dev.undercurrent.spark.output;
