package dev.undercurrent.spark.segments;

import java.util.List;

/**
 * Settings of the MLlib comparison.
 *
 * @param minK the fewest segments to consider, at least 2
 * @param maxK the most segments to consider
 * @param resamples bootstrap resamples per candidate for stability, at least 2
 * @param sampleSize rows (a seeded sample) collected to the driver on which candidates are fitted
 *     and compared; the chosen method is then fitted on every row
 * @param silhouetteSample the most sample rows on which the silhouette is computed
 * @param maxIterations the most iterations of each MLlib fit
 * @param restarts seeded fits of the winner on every row, the best (lowest cost, or highest
 *     likelihood for Gaussian mixtures) kept: MLlib has no restarts of its own and one k-means||
 *     start can settle in a poor local optimum
 * @param seed the seed of every sample and every fit
 * @param methods the clusterers that compete, at least one
 */
public record MllibSegmentationOptions(
    int minK,
    int maxK,
    int resamples,
    int sampleSize,
    int silhouetteSample,
    int maxIterations,
    int restarts,
    long seed,
    List<MllibMethod> methods) {

  public MllibSegmentationOptions {
    if (minK < 2 || maxK < minK) {
      throw new IllegalArgumentException(
          "segment count range " + minK + ".." + maxK + "; expected 2 <= minK <= maxK");
    }
    if (resamples < 2) {
      throw new IllegalArgumentException("stability resamples=" + resamples + "; expected at least 2");
    }
    if (sampleSize < maxK || silhouetteSample < 2 || maxIterations < 1) {
      throw new IllegalArgumentException(
          "sampleSize=" + sampleSize + ", silhouetteSample=" + silhouetteSample + ", maxIterations="
              + maxIterations + "; expected sampleSize >= maxK, silhouetteSample >= 2, maxIterations >= 1");
    }
    if (restarts < 1) {
      throw new IllegalArgumentException("restarts=" + restarts + "; expected at least 1");
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("no clustering methods given; expected at least one");
    }
    methods = List.copyOf(methods);
  }

  /**
   * 3 to 12 segments, k-means against bisecting k-means, 3 resamples of 5,000 rows, 3 restarts of
   * the winner.
   */
  public static MllibSegmentationOptions defaults(long seed) {
    return new MllibSegmentationOptions(
        3, 12, 3, 5_000, 2_000, 30, 3, seed, List.of(MllibMethod.KMEANS, MllibMethod.BISECTING_KMEANS));
  }
}
