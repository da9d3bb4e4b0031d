package dev.undercurrent.core.stats;

/** Isotonic (monotone) regression. */
public final class Isotonic {
  private Isotonic() {}

  /**
   * The weighted least-squares non-decreasing fit of {@code y} (pool adjacent violators, Ayer et
   * al. 1955; Barlow et al. 1972). Hand-written: commons-math3 has no isotonic regression, and the
   * fits here are over a few hundred points at most (engagement bands, score bins).
   */
  public static double[] nonDecreasing(double[] y, double[] w) {
    int len = y.length;
    double[] val = new double[len];
    double[] wt = new double[len];
    int[] size = new int[len];
    int blocks = 0;
    for (int i = 0; i < len; i++) {
      val[blocks] = y[i];
      wt[blocks] = Math.max(w[i], 1e-12);
      size[blocks] = 1;
      blocks++;
      while (blocks > 1 && val[blocks - 2] > val[blocks - 1]) {
        double total = wt[blocks - 2] + wt[blocks - 1];
        val[blocks - 2] = (val[blocks - 2] * wt[blocks - 2] + val[blocks - 1] * wt[blocks - 1])
            / total;
        wt[blocks - 2] = total;
        size[blocks - 2] += size[blocks - 1];
        blocks--;
      }
    }
    double[] out = new double[len];
    int at = 0;
    for (int b = 0; b < blocks; b++) {
      for (int k = 0; k < size[b]; k++) {
        out[at++] = val[b];
      }
    }
    return out;
  }
}
