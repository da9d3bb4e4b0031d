package dev.undercurrent.core.segments;

/**
 * Puts rows of the run's signals that are not the run's customers (the customers as they were at
 * an earlier cut-off) into the segment space the customers were placed in: each signal scored
 * against the customers' distribution ({@link ColumnReference}), weighted by the same share of it
 * the embedding keeps, and projected on the same principal axes. A customer's own row comes back
 * at the customer's point (to float rounding, or within the interpolation of a signal with more
 * than {@link ColumnReference#MAX_VALUES} distinct values), so the segments' centroids assign
 * earlier rows by the rule that assigned today's.
 */
public final class Placement {
  private final ColumnReference[] references;
  private final double[] weights;
  private final double[][] basis;

  Placement(ColumnReference[] references, double[] weights, double[][] basis) {
    this.references = references.clone();
    this.weights = weights.clone();
    this.basis = basis;
  }

  /** The number of signals a row must have, in the order of the fit. */
  public int signals() {
    return references.length;
  }

  /** The dimension of the space. */
  public int dim() {
    return basis.length;
  }

  /** The points of {@code rows} (one per row, the fit's signals in its order; {@code NaN} where unknown). */
  public EmbeddingMatrix place(double[][] rows) {
    int p = references.length;
    int m = basis.length;
    float[] out = new float[Math.multiplyExact(rows.length, m)];
    double[] scored = new double[p];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != p) {
        throw new IllegalArgumentException(
            "placement: row " + i + " has " + rows[i].length + " signals; expected " + p + ", as the fit");
      }
      for (int j = 0; j < p; j++) {
        scored[j] = (float) ((float) references[j].score(rows[i][j]) * (float) weights[j]);
      }
      for (int a = 0; a < m; a++) {
        double sum = 0;
        double[] axis = basis[a];
        for (int j = 0; j < p; j++) {
          sum += axis[j] * scored[j];
        }
        out[i * m + a] = (float) sum;
      }
    }
    return new EmbeddingMatrix(out, rows.length, Math.max(1, m));
  }
}
