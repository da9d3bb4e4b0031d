package dev.undercurrent.core.segments;

/**
 * How the number of segments is picked among the candidates that are stable (see {@link
 * SegmentCountSelector} for how stability and silhouette are measured).
 */
public enum SegmentCountRule {
  /**
   * The largest k that is still stable, the form of rule of Tibshirani &amp; Walther ("Cluster
   * validation by prediction strength", JCGS 14, 2005: "the largest k whose prediction strength is
   * above a threshold"). The default. "Stable" asks both the mean bootstrap ARI and the
   * weakest cluster's prediction strength to reach the threshold, so a k that cuts one cluster
   * differently from fit to fit does not pass; asking for the largest such k stops the rule from
   * settling on two or three coarse halves that are always found again but describe little. Among
   * candidates of that k (several methods), the higher silhouette wins.
   */
  LARGEST_STABLE,

  /**
   * The highest silhouette among the stable candidates (the rule before 2026-11). On embeddings
   * without clear gaps the silhouette is highest for the fewest segments, so this rule
   * systematically picks the bottom of the range; kept to compare against.
   */
  BEST_SILHOUETTE_AMONG_STABLE
}
