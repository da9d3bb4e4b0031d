package dev.undercurrent.core.clv;

/**
 * The Gaussian hypergeometric series that the BG/NBD and Pareto/NBD expressions need, evaluated
 * after an Euler transformation that leaves only bounded terms.
 *
 * <p>Hand-written because commons-math3 has no hypergeometric function. The textbook forms of the
 * model expressions multiply a tiny power by a huge {@code 2F1} (it grows like
 * (1-z)<sup>c-a-b</sup> with c-a-b very negative for heavy buyers) and subtract from 1; after
 * Euler's transformation {@code 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z)} the series that
 * remain have terms that shrink at least geometrically with ratio z, so the sums neither overflow
 * nor cancel. Limit: convergence slows as z approaches 1 (far horizons relative to the scale
 * parameter); beyond {@link #MAX_TERMS} terms an {@link ArithmeticException} is thrown.
 */
final class Hypergeometric {
  static final int MAX_TERMS = 5_000_000;
  private static final double EPS = 1e-17;

  private Hypergeometric() {}

  /**
   * ln of {@code sum_k (m)_k / (n)_k z^k} for {@code 0 < m < n} and {@code 0 <= z < 1}, which is
   * {@code 2F1(1, m; n; z)}: every term is positive and each is at most z times the previous.
   */
  static double logRisingRatioSeries(double m, double n, double z) {
    if (!(z >= 0 && z < 1) || !(m > 0) || !(n > m)) {
      throw new ArithmeticException(
          "2F1(1, m; n; z): found m=" + m + ", n=" + n + ", z=" + z + ", expected 0<m<n, 0<=z<1");
    }
    double sum = 1;
    double term = 1;
    for (int k = 0; k < MAX_TERMS; k++) {
      term *= (m + k) / (n + k) * z;
      sum += term;
      // remaining terms are below term * z / (1 - z)
      if (term * z < EPS * sum * (1 - z)) {
        return Math.log(sum);
      }
    }
    throw new ArithmeticException("2F1(1, m; n; z) did not converge at z=" + z);
  }

  /**
   * {@code G = sum_{k>=1} (e)_k (g)_{k-1} / ((c)_k k!) z^k}, the part of {@code 2F1(e, g-1; c; z) =
   * 1 + (g-1) G} that is left after taking out the (g-1) factor; used by the BG/NBD expectation,
   * where g-1 = a-1 may be 0. Needs {@code c > 0}, {@code g > 0}, {@code 0 <= z < 1}; {@code e} may
   * have any sign.
   */
  static double shiftedSeries(double e, double g, double c, double z) {
    if (!(c > 0) || !(g > 0) || !(z >= 0 && z < 1)) {
      throw new ArithmeticException(
          "2F1 series: found e="
              + e
              + ", g="
              + g
              + ", c="
              + c
              + ", z="
              + z
              + ", expected c>0, g>0, 0<=z<1");
    }
    if (z == 0) {
      return 0;
    }
    double term = e / c * z;
    double sum = term;
    for (int k = 1; k < MAX_TERMS; k++) {
      double ratio = (e + k) * (g + k - 1) / ((c + k) * (k + 1)) * z;
      term *= ratio;
      sum += term;
      if (Math.abs(ratio) < 1) {
        // past the hump the terms shrink; the tail is below |term| * r / (1 - r) with r < 1
        // approaching z, bounded here by the larger of the two
        double r = Math.max(Math.abs(ratio), z);
        if (Math.abs(term) * r <= EPS * (1 - r) * Math.max(Math.abs(sum), 1e-300)) {
          return sum;
        }
      }
      if (term == 0) {
        return sum;
      }
    }
    throw new ArithmeticException("2F1 series did not converge at z=" + z);
  }
}
