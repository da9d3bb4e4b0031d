package dev.undercurrent.core.model;

/**
 * One distinguishing signal of a segment (a row of {@code segment_signals}).
 *
 * @param effectSize standardized mean difference (segment mean minus population mean, over the
 *     population standard deviation); its sign is the direction
 * @param rank 1 for the signal that sets the segment apart most
 */
public record SegmentSignal(
    int segmentId,
    String signal,
    String label,
    double segmentValue,
    double populationValue,
    double effectSize,
    int rank) {}
