package dev.undercurrent.core.segments;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Positions of segments on a two-dimensional map: classical multidimensional scaling of the
 * Euclidean distances between segment centroids (Torgerson, "Multidimensional scaling: I. Theory
 * and method", Psychometrika 17, 1952), which for Euclidean distances is the projection of the
 * centred centroids on their two main principal axes.
 *
 * <p>Deterministic: each axis is flipped so that its coordinate of largest magnitude is positive
 * (ties: the lower segment first), and both axes are scaled by the same factor into [0, 1], the
 * shorter one centred, so the map keeps the proportions of the distances it shows.
 *
 * <p>Limits: a map of k points in two dimensions shows the two largest directions of spread only;
 * distances along the others are lost. Segments with a NaN centroid (no customers) are placed at
 * the centre and ignored by the fit.
 */
public final class SegmentMap {
  private SegmentMap() {}

  /**
   * @param centroids one row per segment, all of the same dimension
   * @return {@code [segment][0 for x, 1 for y]}, each in [0, 1]
   */
  public static double[][] positions(double[][] centroids) {
    int k = centroids.length;
    double[][] out = new double[k][2];
    for (double[] p : out) {
      Arrays.fill(p, 0.5);
    }
    int[] live = java.util.stream.IntStream.range(0, k)
        .filter(i -> Arrays.stream(centroids[i]).allMatch(Double::isFinite))
        .toArray();
    int m = live.length;
    if (m < 2) {
      return out;
    }
    int dim = centroids[live[0]].length;
    double[] mean = new double[dim];
    for (int i : live) {
      for (int d = 0; d < dim; d++) {
        mean[d] += centroids[i][d] / m;
      }
    }
    double[][] gram = new double[m][m];
    for (int a = 0; a < m; a++) {
      for (int b = 0; b <= a; b++) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
          s += (centroids[live[a]][d] - mean[d]) * (centroids[live[b]][d] - mean[d]);
        }
        gram[a][b] = s;
        gram[b][a] = s;
      }
    }
    RealMatrix g = new Array2DRowRealMatrix(gram, false);
    EigenDecomposition eig = new EigenDecomposition(g);
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
    double[][] coords = new double[m][2];
    for (int axis = 0; axis < 2 && axis < order.length; axis++) {
      double lambda = values[order[axis]];
      if (!(lambda > 1e-12 * Math.max(1, Math.abs(values[order[0]])))) {
        continue;
      }
      double[] v = eig.getEigenvector(order[axis]).toArray();
      int largest = 0;
      for (int a = 1; a < m; a++) {
        if (Math.abs(v[a]) > Math.abs(v[largest]) + 1e-12) {
          largest = a;
        }
      }
      double sign = v[largest] < 0 ? -1 : 1;
      double scale = Math.sqrt(lambda);
      for (int a = 0; a < m; a++) {
        coords[a][axis] = sign * v[a] * scale;
      }
    }
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double[] c : coords) {
      for (int axis = 0; axis < 2; axis++) {
        min[axis] = Math.min(min[axis], c[axis]);
        max[axis] = Math.max(max[axis], c[axis]);
      }
    }
    double range = Math.max(max[0] - min[0], max[1] - min[1]);
    for (int a = 0; a < m; a++) {
      for (int axis = 0; axis < 2; axis++) {
        double span = max[axis] - min[axis];
        out[live[a]][axis] = range > 0
            ? (coords[a][axis] - min[axis]) / range + (1 - span / range) / 2
            : 0.5;
      }
    }
    return out;
  }
}
