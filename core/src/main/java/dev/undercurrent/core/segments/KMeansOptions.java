package dev.undercurrent.core.segments;

/**
 * Settings of one k-means fit.
 *
 * @param k the number of clusters, at least 1
 * @param maxIterations the most Lloyd iterations per restart
 * @param restarts independent k-means++ seedings; the fit with the lowest inertia wins
 * @param tolerance stop when an iteration lowers the inertia by less than this fraction
 * @param seed the seed of every random choice; equal seeds give identical labels
 */
public record KMeansOptions(int k, int maxIterations, int restarts, double tolerance, long seed) {
  public KMeansOptions {
    if (k < 1) {
      throw new IllegalArgumentException("k-means k=" + k + "; expected at least 1");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException(
          "k-means maxIterations=" + maxIterations + "; expected at least 1");
    }
    if (restarts < 1) {
      throw new IllegalArgumentException("k-means restarts=" + restarts + "; expected at least 1");
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException(
          "k-means tolerance=" + tolerance + "; expected a number >= 0");
    }
  }

  /** Defaults that suit embeddings of a few to a few dozen dimensions: 100 iterations, 4 restarts. */
  public static KMeansOptions of(int k, long seed) {
    return new KMeansOptions(k, 100, 4, 1e-6, seed);
  }

  public KMeansOptions withK(int newK) {
    return new KMeansOptions(newK, maxIterations, restarts, tolerance, seed);
  }

  public KMeansOptions withSeed(long newSeed) {
    return new KMeansOptions(k, maxIterations, restarts, tolerance, newSeed);
  }

  public KMeansOptions withRestarts(int newRestarts) {
    return new KMeansOptions(k, maxIterations, newRestarts, tolerance, seed);
  }
}
