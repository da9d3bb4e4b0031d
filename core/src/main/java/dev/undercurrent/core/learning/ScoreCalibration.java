package dev.undercurrent.core.learning;

import dev.undercurrent.core.stats.Isotonic;
import java.util.Arrays;

/**
 * A non-decreasing map from a ranking score to an amount of currency: {@code E[value | score]}
 * estimated by isotonic regression (pool-adjacent-violators, Ayer et al. 1955, {@link Isotonic}) on
 * equal-count bins of the rows it is fitted on, linear between the pooled blocks, flat beyond the
 * ends, plus a tilt of {@code 1e-6 ×} the mean value per unit of score so that no two scores tie.
 * The map keeps about the fitted rows' total (their blocks' means keep it exactly; interpolating
 * between the blocks' mean scores moves it by a few per cent), and it cannot go above the mean
 * value of the best pooled block: a score far beyond the rows it was fitted on gets that block's
 * value, not an extrapolation.
 *
 * @param knotScores the pooled blocks' mean scores, strictly increasing
 * @param knotValues the pooled blocks' mean values, non-decreasing
 * @param tilt value added per unit of score
 */
public record ScoreCalibration(double[] knotScores, double[] knotValues, double tilt) {
  /** At most this many bins are pooled. */
  public static final int MAX_BINS = 200;

  private static final int MIN_ROWS_PER_BIN = 50;
  private static final int MIN_BINS = 20;

  public ScoreCalibration {
    if (knotScores == null || knotValues == null || knotScores.length == 0
        || knotScores.length != knotValues.length) {
      throw new IllegalArgumentException("knots: expected as many scores as values, at least one");
    }
    knotScores = knotScores.clone();
    knotValues = knotValues.clone();
    for (int k = 1; k < knotScores.length; k++) {
      if (!(knotScores[k] > knotScores[k - 1]) || !(knotValues[k] >= knotValues[k - 1])) {
        throw new IllegalArgumentException("knots: not increasing at " + k + " (score "
            + knotScores[k] + ", value " + knotValues[k] + ")");
      }
    }
    if (!(tilt >= 0 && Double.isFinite(tilt))) {
      throw new IllegalArgumentException("tilt: found " + tilt + ", expected 0 or more");
    }
  }

  @Override
  public double[] knotScores() {
    return knotScores.clone();
  }

  @Override
  public double[] knotValues() {
    return knotValues.clone();
  }

  /** The value in currency of one score. */
  public double value(double score) {
    return interpolate(knotScores, knotValues, tilt, score);
  }

  /** The map of {@link #value} over the given knots (shared with {@link ValueRanking}). */
  static double interpolate(double[] knotScores, double[] knotValues, double tilt, double score) {
    int n = knotScores.length;
    double v;
    if (score <= knotScores[0]) {
      v = knotValues[0];
    } else if (score >= knotScores[n - 1]) {
      v = knotValues[n - 1];
    } else {
      int hi = Arrays.binarySearch(knotScores, score);
      if (hi >= 0) {
        v = knotValues[hi];
      } else {
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (score - knotScores[lo]) / (knotScores[hi] - knotScores[lo]);
        v = knotValues[lo] + t * (knotValues[hi] - knotValues[lo]);
      }
    }
    return Math.max(0, v) + tilt * score;
  }

  /**
   * Fits the map to rows of score and actual value: equal-count bins by score (about fifty rows a
   * bin, but at least twenty bins, or one a row, so a small set is not mapped to one flat value),
   * pooled by PAV, one knot per run of bins with the same fitted value at the run's mean score.
   *
   * @throws IllegalArgumentException on arrays of different lengths or none at all
   */
  public static ScoreCalibration fit(double[] score, double[] actual) {
    int n = actual.length;
    if (n == 0 || score.length != n) {
      throw new IllegalArgumentException("fit: found " + score.length + " scores and " + n
          + " actual values; expected equal, > 0");
    }
    double total = 0;
    for (double a : actual) {
      total += a;
    }
    double tilt = 1e-6 * Math.max(Math.max(0, total / n), 1e-9);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    int bins = Math.max(Math.min(n, MIN_BINS), Math.min(MAX_BINS, n / MIN_ROWS_PER_BIN));
    double[] sx = new double[bins];
    double[] sy = new double[bins];
    double[] w = new double[bins];
    for (int b = 0; b < bins; b++) {
      int from = (int) ((long) n * b / bins);
      int to = (int) ((long) n * (b + 1) / bins);
      for (int k = from; k < to; k++) {
        sx[b] += score[order[k]];
        sy[b] += actual[order[k]];
      }
      w[b] = to - from;
    }
    double[] fitted = new double[bins];
    for (int b = 0; b < bins; b++) {
      fitted[b] = sy[b] / w[b];
    }
    fitted = Isotonic.nonDecreasing(fitted, w);
    double[] ks = new double[bins];
    double[] kv = new double[bins];
    int m = 0;
    for (int b = 0; b < bins; ) {
      int e = b;
      double sumX = 0;
      double weight = 0;
      while (e < bins && fitted[e] == fitted[b]) {
        sumX += sx[e];
        weight += w[e];
        e++;
      }
      double x = sumX / weight;
      if (m == 0 || x > ks[m - 1]) { // equal mean scores (ties across bins): keep the first
        ks[m] = x;
        kv[m] = fitted[b];
        m++;
      }
      b = e;
    }
    return new ScoreCalibration(Arrays.copyOf(ks, m), Arrays.copyOf(kv, m), tilt);
  }
}
