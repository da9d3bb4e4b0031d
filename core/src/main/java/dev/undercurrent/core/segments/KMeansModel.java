package dev.undercurrent.core.segments;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A fitted k-means partition: the centroids, and the assignment of any point to its nearest one.
 * Immutable: the centroid array is copied in and out.
 *
 * @param k the number of centroids
 * @param dim the dimension of the space
 * @param centroids row-major, {@code k × dim}
 * @param inertia the sum of squared distances of the training points to their centroid
 * @param iterations the Lloyd iterations the winning restart ran
 */
public record KMeansModel(int k, int dim, float[] centroids, double inertia, int iterations) {
  public KMeansModel {
    if (k < 1 || dim < 1 || centroids.length != k * dim) {
      throw new IllegalArgumentException(
          "k-means model: k=" + k + ", dim=" + dim + ", " + centroids.length
              + " centroid values; expected k >= 1, dim >= 1 and k × dim values");
    }
    centroids = centroids.clone();
  }

  @Override
  public float[] centroids() {
    return centroids.clone();
  }

  /** Centroid {@code c}, copied. */
  public float[] centroid(int c) {
    return Arrays.copyOfRange(centroids, c * dim, (c + 1) * dim);
  }

  /** The index of the centroid nearest to row {@code row} of {@code points} (ties: lowest index). */
  public int nearest(EmbeddingMatrix points, int row) {
    checkDim(points);
    return nearest(centroids, k, dim, points.values(), row * dim);
  }

  /** The nearest centroid of every point, computed in parallel; deterministic. */
  public int[] assign(EmbeddingMatrix points) {
    checkDim(points);
    int[] labels = new int[points.rows()];
    float[] v = points.values();
    IntStream.range(0, points.rows())
        .parallel()
        .forEach(i -> labels[i] = nearest(centroids, k, dim, v, i * dim));
    return labels;
  }

  private void checkDim(EmbeddingMatrix points) {
    if (points.dim() != dim) {
      throw new IllegalArgumentException(
          "points have dim=" + points.dim() + "; this k-means model expects dim=" + dim);
    }
  }

  static int nearest(float[] centroids, int k, int dim, float[] v, int off) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      double d = EmbeddingMatrix.squaredDistance(centroids, c * dim, v, off, dim);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KMeansModel m
        && k == m.k
        && dim == m.dim
        && Arrays.equals(centroids, m.centroids)
        && Double.compare(inertia, m.inertia) == 0
        && iterations == m.iterations;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(centroids) + Double.hashCode(inertia);
  }

  @Override
  public String toString() {
    return "KMeansModel[k=" + k + ", dim=" + dim + ", inertia=" + inertia
        + ", iterations=" + iterations + "]";
  }
}
