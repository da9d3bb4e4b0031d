package dev.undercurrent.core.segments;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;

/**
 * The driver-side segment stage in one call: choose and fit segments in the learned embedding
 * ({@link SegmentCountSelector}), then profile and name them ({@link SegmentProfiler}). For
 * embeddings too large for the driver, the Spark adapter chooses the segments and {@link
 * SegmentProfiler#profile} is called on its labels.
 */
public final class SegmentDiscovery {
  private SegmentDiscovery() {}

  /** Segments and profiles the customers of {@code signals}, aligned row by row with {@code scores}. */
  public static DiscoveredSegments discover(
      CustomerSignals signals, CustomerScores scores, SegmentCountOptions options) {
    if (signals.size() != scores.size()) {
      throw new IllegalArgumentException(
          "segment discovery: " + signals.size() + " signal rows but " + scores.size()
              + " score rows; expected the same customers in each");
    }
    Segmentation s = SegmentCountSelector.select(EmbeddingMatrix.of(scores.embedding()), options);
    return new DiscoveredSegments(s, SegmentProfiler.profile(signals, scores, s.segmentOf(), s.k()));
  }
}
