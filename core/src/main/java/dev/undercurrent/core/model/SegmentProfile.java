package dev.undercurrent.core.model;

import java.util.List;

/**
 * A discovered segment as the {@code segments} table and the report show it.
 *
 * @param x position on the segment map
 * @param y position on the segment map
 * @param neighbours the ids of the nearest segments in the learned space, nearest first
 * @param contrasts one sentence per neighbour saying what sets this segment apart from it
 */
public record SegmentProfile(
    int segmentId,
    String name,
    String description,
    long customers,
    double shareOfCustomers,
    double shareOfRevenue,
    double avgPredictedValue,
    double avgChurnProbability,
    double x,
    double y,
    List<SegmentSignal> signals,
    List<Integer> neighbours,
    List<String> contrasts) {

  public SegmentProfile {
    signals = List.copyOf(signals);
    neighbours = List.copyOf(neighbours);
    contrasts = List.copyOf(contrasts);
  }
}
