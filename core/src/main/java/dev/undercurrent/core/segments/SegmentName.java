package dev.undercurrent.core.segments;

/** A segment's name (unique within a run) and a one-paragraph description with its numbers. */
public record SegmentName(int segmentId, String name, String description) {}
