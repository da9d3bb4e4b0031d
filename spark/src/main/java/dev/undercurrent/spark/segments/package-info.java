/**
 * Segment discovery on Spark: MLlib's clusterers (k-means, bisecting k-means, Gaussian mixtures)
 * compared over a range of segment counts with the core's criteria (bootstrap stability by
 * adjusted Rand index, silhouette) and the core's selection rule, for embeddings too large to
 * collect on the driver. The criteria, the rule and the profiles live in {@code
 * dev.undercurrent.core.segments}; nothing here restates them.
 */
package dev.undercurrent.spark.segments;
