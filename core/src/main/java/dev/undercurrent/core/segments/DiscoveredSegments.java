package dev.undercurrent.core.segments;

import dev.undercurrent.core.model.SegmentProfile;
import java.util.List;

/**
 * The segments of a run with their profiles: what the {@code segments}, {@code segment_signals}
 * and {@code customer_scores.segment_id} tables and {@code runs.metrics} are written from.
 *
 * @param segmentation the labels, the centroids and the comparison of candidates
 * @param profiles one profile per segment, in segment id order
 */
public record DiscoveredSegments(Segmentation segmentation, List<SegmentProfile> profiles) {
  public DiscoveredSegments {
    profiles = List.copyOf(profiles);
  }
}
