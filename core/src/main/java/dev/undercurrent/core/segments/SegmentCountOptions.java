package dev.undercurrent.core.segments;

/**
 * Settings of the search for the number of segments.
 *
 * @param minK the fewest segments to consider, at least 2
 * @param maxK the most segments to consider
 * @param resamples bootstrap resamples per candidate for stability, at least 2
 * @param sampleSize the points (a seeded sample) on which candidates are fitted and compared;
 *     the chosen clustering is then refined on every point
 * @param silhouetteSample the most points on which the silhouette is computed (it costs n²)
 * @param restarts k-means++ restarts per fit
 * @param maxIterations the most Lloyd iterations per fit
 * @param seed the seed of every random choice
 * @param rule how k is picked among the stable candidates
 */
public record SegmentCountOptions(
    int minK,
    int maxK,
    int resamples,
    int sampleSize,
    int silhouetteSample,
    int restarts,
    int maxIterations,
    long seed,
    SegmentCountRule rule) {

  public SegmentCountOptions {
    if (minK < 2 || maxK < minK) {
      throw new IllegalArgumentException(
          "segment count range " + minK + ".." + maxK + "; expected 2 <= minK <= maxK");
    }
    if (resamples < 2) {
      throw new IllegalArgumentException(
          "stability resamples=" + resamples + "; expected at least 2");
    }
    if (sampleSize < maxK || silhouetteSample < 2) {
      throw new IllegalArgumentException(
          "sampleSize=" + sampleSize + ", silhouetteSample=" + silhouetteSample
              + "; expected sampleSize >= maxK and silhouetteSample >= 2");
    }
    if (restarts < 1 || maxIterations < 1) {
      throw new IllegalArgumentException(
          "restarts=" + restarts + ", maxIterations=" + maxIterations + "; expected both >= 1");
    }
    if (rule == null) {
      throw new IllegalArgumentException("segment count rule: null; expected one of "
          + java.util.Arrays.toString(SegmentCountRule.values()));
    }
  }

  /** Settings with the default rule, {@link SegmentCountRule#BEST_SILHOUETTE_AMONG_STABLE}. */
  public SegmentCountOptions(
      int minK, int maxK, int resamples, int sampleSize, int silhouetteSample, int restarts,
      int maxIterations, long seed) {
    this(minK, maxK, resamples, sampleSize, silhouetteSample, restarts, maxIterations, seed,
        SegmentCountRule.BEST_SILHOUETTE_AMONG_STABLE);
  }

  /**
   * 3 to 12 segments, the best silhouette among stable k, 4 resamples, fitted on 20,000 points,
   * silhouette on 5,000, 30 restarts per fit, the best separated kept (see {@code
   * SegmentCountSelector.separatedFit}; on the seed-7 generated lake one k-means++ start in ten
   * reached the best separated clustering of the learned space, which 3 starts miss nearly three
   * times in four and 30 about one time in 25; each resample runs a fifth of them): a million
   * customers are segmented in about half a minute on two cores. For {@link
   * SegmentCountRule#LARGEST_STABLE} use {@code withRule}, with a range to
   * 15 and 8 resamples; see that constant for why it is not the default.
   */
  public static SegmentCountOptions defaults(long seed) {
    return new SegmentCountOptions(
        3, 12, 4, 20_000, 5_000, 30, 100, seed, SegmentCountRule.BEST_SILHOUETTE_AMONG_STABLE);
  }

  public SegmentCountOptions withRange(int newMinK, int newMaxK) {
    return new SegmentCountOptions(
        newMinK, newMaxK, resamples, sampleSize, silhouetteSample, restarts, maxIterations, seed, rule);
  }

  public SegmentCountOptions withRule(SegmentCountRule newRule) {
    return new SegmentCountOptions(
        minK, maxK, resamples, sampleSize, silhouetteSample, restarts, maxIterations, seed, newRule);
  }

  public SegmentCountOptions withRestarts(int newRestarts) {
    return new SegmentCountOptions(
        minK, maxK, resamples, sampleSize, silhouetteSample, newRestarts, maxIterations, seed, rule);
  }

  public SegmentCountOptions withResamples(int newResamples) {
    return new SegmentCountOptions(
        minK, maxK, newResamples, sampleSize, silhouetteSample, restarts, maxIterations, seed, rule);
  }
}
