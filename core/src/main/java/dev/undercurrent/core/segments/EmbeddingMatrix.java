package dev.undercurrent.core.segments;

/**
 * Points of the learned space as one flat row-major {@code float} array: {@code rows × dim}
 * values, row {@code i} at offset {@code i * dim}. Flat storage keeps a million 16-dimensional
 * points in 64 MB without a million array headers and lets the distance loops stay in cache.
 *
 * <p>The array is shared, not copied: callers must not change it while a fit runs.
 *
 * @param values the coordinates, row after row
 * @param rows the number of points
 * @param dim the number of coordinates per point
 */
public record EmbeddingMatrix(float[] values, int rows, int dim) {
  public EmbeddingMatrix {
    if (rows < 0 || dim <= 0) {
      throw new IllegalArgumentException(
          "embedding matrix: rows=" + rows + ", dim=" + dim + "; expected rows >= 0 and dim >= 1");
    }
    if ((long) rows * dim != values.length) {
      throw new IllegalArgumentException(
          "embedding matrix: " + values.length + " values for rows=" + rows + " × dim=" + dim
              + "; expected " + ((long) rows * dim));
    }
  }

  /** Copies a jagged array (e.g. {@code CustomerScores.embedding()}) into flat storage. */
  public static EmbeddingMatrix of(float[][] rowsOfPoints) {
    if (rowsOfPoints.length == 0) {
      throw new IllegalArgumentException("embedding: no rows; expected at least one point");
    }
    int dim = rowsOfPoints[0].length;
    float[] flat = new float[Math.multiplyExact(rowsOfPoints.length, dim)];
    for (int i = 0; i < rowsOfPoints.length; i++) {
      if (rowsOfPoints[i].length != dim) {
        throw new IllegalArgumentException(
            "embedding row " + i + " has " + rowsOfPoints[i].length + " values; expected " + dim);
      }
      System.arraycopy(rowsOfPoints[i], 0, flat, i * dim, dim);
    }
    return new EmbeddingMatrix(flat, rowsOfPoints.length, dim);
  }

  /** The points as one array per row (copies). */
  public float[][] toRows() {
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
    }
    return out;
  }

  /** The points at the given row indices, in that order (indices may repeat, as in a bootstrap). */
  public EmbeddingMatrix select(int[] rowIndices) {
    float[] out = new float[Math.multiplyExact(rowIndices.length, dim)];
    for (int i = 0; i < rowIndices.length; i++) {
      System.arraycopy(values, rowIndices[i] * dim, out, i * dim, dim);
    }
    return new EmbeddingMatrix(out, rowIndices.length, dim);
  }

  /** Squared Euclidean distance between row {@code i} and row {@code j}. */
  public double squaredDistance(int i, int j) {
    return squaredDistance(values, i * dim, values, j * dim, dim);
  }

  static double squaredDistance(float[] a, int offA, float[] b, int offB, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      double diff = a[offA + d] - b[offB + d];
      s += diff * diff;
    }
    return s;
  }
}
