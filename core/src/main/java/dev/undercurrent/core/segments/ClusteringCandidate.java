package dev.undercurrent.core.segments;

/**
 * One row of the comparison behind the choice of segments, as written to {@code runs.metrics}.
 *
 * @param method the clustering method, e.g. {@code kmeans} (plain Java) or {@code
 *     mllib-bisecting-kmeans}
 * @param k the number of segments
 * @param stability mean adjusted Rand index between clusterings of bootstrap resamples, on the
 *     points both resamples drew (1 = always the same partition)
 * @param silhouette mean silhouette width on a seeded sample of at most a few thousand points
 * @param weakestCluster the prediction strength of the least reproducible cluster (see {@link
 *     SegmentCountSelector#weakestClusterStrength}), averaged over resample pairs; NaN where the
 *     method does not measure it
 * @param chosen whether this candidate is the one the run uses
 */
public record ClusteringCandidate(
    String method, int k, double stability, double silhouette, double weakestCluster, boolean chosen) {

  /** A candidate without the clusterwise measure ({@code weakestCluster} = NaN). */
  public ClusteringCandidate(String method, int k, double stability, double silhouette, boolean chosen) {
    this(method, k, stability, silhouette, Double.NaN, chosen);
  }

  public ClusteringCandidate withChosen(boolean isChosen) {
    return new ClusteringCandidate(method, k, stability, silhouette, weakestCluster, isChosen);
  }
}
