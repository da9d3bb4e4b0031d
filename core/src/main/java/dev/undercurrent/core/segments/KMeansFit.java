package dev.undercurrent.core.segments;

/**
 * The result of fitting k-means: the model, and the labels of the points it was fitted on (which
 * equal {@code model.assign(points)}, kept to save a pass).
 */
public record KMeansFit(KMeansModel model, int[] labels) {}
