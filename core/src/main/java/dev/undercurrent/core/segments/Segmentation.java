package dev.undercurrent.core.segments;

import java.util.List;

/**
 * The segments of a run: a label per point, the model that assigns new points, and the comparison
 * of candidates that led to them.
 *
 * @param method the method of the chosen candidate
 * @param k the number of segments
 * @param segmentOf the segment of each point, {@code 0..k-1}, numbered by size (0 is the largest)
 * @param model the centroids in the embedding space, in segment order
 * @param comparison every candidate considered, exactly one of them {@code chosen}
 */
public record Segmentation(
    String method, int k, int[] segmentOf, KMeansModel model, List<ClusteringCandidate> comparison) {
  public Segmentation {
    comparison = List.copyOf(comparison);
  }
}
