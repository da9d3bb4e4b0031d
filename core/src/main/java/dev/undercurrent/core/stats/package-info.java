/**
 * Statistics for measuring what an action did: lift of treatment over holdout in conversion and
 * revenue, with confidence intervals. Closed-form, textbook methods on commons-math3
 * distributions; no I/O and no Spark.
 */
package dev.undercurrent.core.stats;
