package dev.undercurrent.core.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.moment.Skewness;

/**
 * Turns raw signals into the scaled inputs a network can learn from: missing values imputed with
 * the column's training median, heavy-tailed non-negative columns compressed with a signed {@code
 * log1p}, then z-scored and clipped to {@code ±}{@value #CLIP}.
 *
 * <p>Why: revenue and count signals are long-tailed (a few customers hold most of the revenue), so
 * an unscaled network spends its capacity on the tail; the log decision is made per column from
 * the training data (non-negative and sample skewness above {@value #SKEW_THRESHOLD}) rather than
 * from a hand list, so it follows whatever signals a run has. Limits: no missing-value indicator is
 * kept (the signals that can be missing, such as {@code margin_rate}, are missing for customers
 * whom other signals such as {@code frequency} already describe); infinities count as missing; the
 * clip keeps a wild value at scoring time from dominating the network's output.
 *
 * @param fill the raw value that replaces a missing one, per column (the training median)
 * @param logScaled whether the column goes through {@code sign(x)·log1p(|x|)} before the z-score
 * @param mean the mean of the (imputed, transformed) training column
 * @param scale the standard deviation of the same; 1 where the column is constant
 */
public record Standardizer(double[] fill, boolean[] logScaled, double[] mean, double[] scale) {
  /** Sample skewness above which a non-negative column is log-scaled. */
  public static final double SKEW_THRESHOLD = 1.0;

  /** Standardized values are clipped to this many standard deviations. */
  public static final double CLIP = 8.0;

  private static final ObjectMapper JSON = new ObjectMapper();

  public Standardizer {
    int d = fill.length;
    if (logScaled.length != d || mean.length != d || scale.length != d) {
      throw new IllegalArgumentException(
          "Standardizer: fill, logScaled, mean and scale have lengths "
              + d + ", " + logScaled.length + ", " + mean.length + ", " + scale.length
              + "; expected equal");
    }
    for (int j = 0; j < d; j++) {
      if (!(scale[j] > 0) || !Double.isFinite(mean[j]) || !Double.isFinite(fill[j])) {
        throw new IllegalArgumentException(
            "Standardizer column " + j + ": fill " + fill[j] + ", mean " + mean[j] + ", scale "
                + scale[j] + "; expected finite values and a positive scale");
      }
    }
  }

  /** Fits the scaling on a training matrix (rows × signals); the matrix is not changed. */
  public static Standardizer fit(double[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException("rows: found 0 rows, expected at least 1 to fit on");
    }
    int d = rows[0].length;
    double[] fill = new double[d];
    boolean[] log = new boolean[d];
    double[] mean = new double[d];
    double[] scale = new double[d];
    double[] finite = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException(
            "rows[" + i + "] has " + rows[i].length + " signals; expected " + d);
      }
    }
    for (int j = 0; j < d; j++) {
      int m = 0;
      double min = Double.POSITIVE_INFINITY;
      for (double[] row : rows) {
        double v = row[j];
        if (Double.isFinite(v)) {
          finite[m++] = v;
          min = Math.min(min, v);
        }
      }
      if (m == 0) {
        fill[j] = 0;
        mean[j] = 0;
        scale[j] = 1;
        continue;
      }
      double[] present = Arrays.copyOf(finite, m);
      Arrays.sort(present);
      fill[j] = m % 2 == 1 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2;
      double skew = m > 2 ? new Skewness().evaluate(present) : 0;
      log[j] = min >= 0 && skew > SKEW_THRESHOLD;
      double sum = 0;
      double sumSq = 0;
      for (double[] row : rows) {
        double t = transform(Double.isFinite(row[j]) ? row[j] : fill[j], log[j]);
        sum += t;
        sumSq += t * t;
      }
      mean[j] = sum / rows.length;
      double var = Math.max(0, sumSq / rows.length - mean[j] * mean[j]);
      double sd = Math.sqrt(var);
      scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
    }
    return new Standardizer(fill, log, mean, scale);
  }

  /** Number of signals this scaling expects. */
  public int width() {
    return fill.length;
  }

  /** One standardized value of column {@code j}. */
  public double apply(int j, double raw) {
    double v = Double.isFinite(raw) ? raw : fill[j];
    double z = (transform(v, logScaled[j]) - mean[j]) / scale[j];
    return Math.max(-CLIP, Math.min(CLIP, z));
  }

  /** Standardizes a whole matrix into a new one. */
  public double[][] apply(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      requireWidth(rows[i], i);
      out[i] = new double[width()];
      for (int j = 0; j < width(); j++) {
        out[i][j] = apply(j, rows[i][j]);
      }
    }
    return out;
  }

  /**
   * Standardizes a matrix into one row-major {@code float} array (row {@code i}, column {@code j}
   * at {@code i * width() + j}), the layout a network takes as a batch.
   */
  public float[] applyFlat(double[][] rows) {
    int d = width();
    float[] out = new float[Math.multiplyExact(rows.length, d)];
    for (int i = 0; i < rows.length; i++) {
      requireWidth(rows[i], i);
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (float) apply(j, rows[i][j]);
      }
    }
    return out;
  }

  /** This scaling as JSON, for a model's provenance. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Standardizer could not be written as JSON", e);
    }
  }

  /** Reads what {@link #toJson()} wrote. */
  public static Standardizer fromJson(String json) {
    try {
      return JSON.readValue(json, Standardizer.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Standardizer JSON could not be read: " + e.getMessage(), e);
    }
  }

  private void requireWidth(double[] row, int i) {
    if (row.length != width()) {
      throw new IllegalArgumentException(
          "rows[" + i + "] has " + row.length + " signals; expected " + width());
    }
  }

  private static double transform(double v, boolean log) {
    return log ? Math.signum(v) * Math.log1p(Math.abs(v)) : v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardizer s
        && Arrays.equals(fill, s.fill)
        && Arrays.equals(logScaled, s.logScaled)
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(scale, s.scale);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * Arrays.hashCode(fill) + Arrays.hashCode(logScaled))
            + Arrays.hashCode(mean))
        + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Standardizer[" + width() + " signals, log-scaled " + Arrays.toString(logScaled) + "]";
  }
}
