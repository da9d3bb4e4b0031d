package dev.undercurrent.core.segments;

import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * One signal's distribution among a run's customers, kept so that a value of another row (the
 * same customer at an earlier cut-off) gets the rank-Gaussian score the run's customers would have
 * given it: its rank among them, the normal quantile of that rank, centred and scaled as the
 * column was ({@link SegmentSpace#rankGaussian}).
 *
 * <p>Each distinct value is kept with the first and last rank of the customers holding it, so a
 * value held by a customer scores exactly as in the fit; past {@link #MAX_VALUES} distinct values
 * (continuous signals of large runs) every value is no longer kept: the {@link #TAIL} smallest and
 * largest are, and evenly spaced ones between, and a value between two kept ones is ranked by
 * linear interpolation. A value beyond the smallest or largest
 * scores as that one. {@code NaN} scores as the fit's missing values (the median rank's quantile).
 */
final class ColumnReference {
  /** The most distinct values kept per signal (3 × 32 kB). */
  static final int MAX_VALUES = 4_096;

  /** The distinct values kept at each end whatever their number. */
  static final int TAIL = 512;

  /** A column with no spread: every value scores 0, as the fit gave its customers. */
  static final ColumnReference CONSTANT = new ColumnReference(new double[0], new double[0], new double[0], 1, 0, 1);

  private final double[] values;
  private final double[] first;
  private final double[] last;
  private final int known;
  private final double mean;
  private final double sd;

  private ColumnReference(double[] values, double[] first, double[] last, int known, double mean, double sd) {
    this.values = values;
    this.first = first;
    this.last = last;
    this.known = known;
    this.mean = mean;
    this.sd = sd;
  }

  /** The score of {@code x}, centred and scaled as the column's scores were. */
  double score(double x) {
    if (values.length == 0) {
      return 0;
    }
    double raw = 0; // NaN: the median rank's quantile, as in the fit
    if (!Double.isNaN(x)) {
      double v = x == 0 ? 0.0 : x; // -0.0 is 0, as the fit's ties have it
      int g = Arrays.binarySearch(values, v);
      double rank;
      if (g >= 0) {
        rank = (first[g] + last[g]) / 2;
      } else {
        int above = -g - 1;
        if (above == 0) {
          rank = (first[0] + last[0]) / 2;
        } else if (above == values.length) {
          rank = (first[above - 1] + last[above - 1]) / 2;
        } else {
          double lo = values[above - 1];
          double hi = values[above];
          rank = last[above - 1] + (v - lo) / (hi - lo) * (first[above] - last[above - 1]);
        }
      }
      double u = (rank + 0.5) / known;
      raw = Math.sqrt(2) * Erf.erfInv(2 * u - 1);
    }
    return (raw - mean) / sd;
  }

  /** Gathers a column's distinct values in ascending order, with their ranks. */
  static final class Builder {
    private double[] values;
    private double[] first;
    private double[] last;
    private int size;

    Builder(int known) {
      int capacity = Math.max(1, Math.min(known, 1 << 16));
      values = new double[capacity];
      first = new double[capacity];
      last = new double[capacity];
    }

    void add(double value, int firstRank, int lastRank) {
      if (size == values.length) {
        int grown = Math.multiplyExact(values.length, 2);
        values = Arrays.copyOf(values, grown);
        first = Arrays.copyOf(first, grown);
        last = Arrays.copyOf(last, grown);
      }
      values[size] = value == 0 ? 0.0 : value;
      first[size] = firstRank;
      last[size] = lastRank;
      size++;
    }

    ColumnReference build(int known, double mean, double sd) {
      if (size <= MAX_VALUES) {
        return new ColumnReference(Arrays.copyOf(values, size), Arrays.copyOf(first, size),
            Arrays.copyOf(last, size), known, mean, sd);
      }
      double[] v = new double[MAX_VALUES];
      double[] f = new double[MAX_VALUES];
      double[] l = new double[MAX_VALUES];
      // every value of the tails, where the normal quantile is steep and a rank or two moves a
      // score by a tenth; evenly spaced ones between
      int middle = MAX_VALUES - 2 * TAIL;
      for (int t = 0; t < MAX_VALUES; t++) {
        int g;
        if (t < TAIL) {
          g = t;
        } else if (t >= MAX_VALUES - TAIL) {
          g = size - (MAX_VALUES - t);
        } else {
          // in double: (t - TAIL) × size passes int's range past half a million values
          g = TAIL + (int) Math.round((t - TAIL) * (double) (size - 2 * TAIL - 1) / (middle - 1));
        }
        v[t] = values[g];
        f[t] = first[g];
        l[t] = last[g];
      }
      return new ColumnReference(v, f, l, known, mean, sd);
    }
  }
}
