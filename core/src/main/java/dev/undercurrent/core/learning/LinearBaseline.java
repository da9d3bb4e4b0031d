package dev.undercurrent.core.learning;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The linear baseline a learned value model must beat: ridge regression (Hoerl &amp; Kennard 1970)
 * of {@code log1p(max(value, 0))} on the standardized signals, predicting {@code expm1} of the fit
 * (never below zero).
 *
 * <p>Why the log target: horizon revenue is zero for most customers and long-tailed for the rest;
 * a least-squares fit on raw currency would be driven by a handful of big spenders and rank the
 * rest poorly, which would make the baseline a straw man. The price is that {@code expm1} of a mean
 * log is nearer a median than a mean, so the baseline's totals run low. Solved through the normal
 * equations with a Cholesky factorization: signals are few (tens), rows many, so the {@code d × d}
 * system is cheap and exact.
 */
public final class LinearBaseline {
  /** The ridge penalty the runs use, per row on the standardized weights. */
  public static final double DEFAULT_LAMBDA = 1e-3;

  private final Standardizer standardizer;
  private final double intercept;
  private final double[] weights;

  private LinearBaseline(Standardizer standardizer, double intercept, double[] weights) {
    this.standardizer = standardizer;
    this.intercept = intercept;
    this.weights = weights;
  }

  /**
   * Fits the baseline.
   *
   * @param rawSignals rows × signals, unscaled
   * @param value horizon revenue per row
   * @param standardizer the scaling to apply (fitted on the same training rows)
   * @param lambda ridge penalty per row on the standardized weights, e.g. {@code 1e-3}
   */
  public static LinearBaseline fit(
      double[][] rawSignals, double[] value, Standardizer standardizer, double lambda) {
    if (rawSignals.length != value.length || rawSignals.length == 0) {
      throw new IllegalArgumentException(
          "rawSignals has " + rawSignals.length + " rows and value " + value.length
              + "; expected the same positive number");
    }
    if (!(lambda >= 0)) {
      throw new IllegalArgumentException("lambda: found " + lambda + ", expected 0 or more");
    }
    int n = rawSignals.length;
    int d = standardizer.width();
    double[] target = new double[n];
    double meanTarget = 0;
    for (int i = 0; i < n; i++) {
      target[i] = Math.log1p(Math.max(0, value[i]));
      meanTarget += target[i];
    }
    meanTarget /= n;
    double[][] gram = new double[d][d];
    double[] rhs = new double[d];
    double[] mean = new double[d];
    double[][] z = standardizer.apply(rawSignals);
    for (double[] row : z) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (int i = 0; i < n; i++) {
      double[] row = z[i];
      double t = target[i] - meanTarget;
      for (int j = 0; j < d; j++) {
        double zj = row[j] - mean[j];
        rhs[j] += zj * t;
        for (int k = 0; k <= j; k++) {
          gram[j][k] += zj * (row[k] - mean[k]);
        }
      }
    }
    for (int j = 0; j < d; j++) {
      gram[j][j] += lambda * n + 1e-9;
      for (int k = 0; k < j; k++) {
        gram[k][j] = gram[j][k];
      }
    }
    RealVector w =
        new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false))
            .getSolver()
            .solve(new ArrayRealVector(rhs, false));
    double[] weights = w.toArray();
    double intercept = meanTarget;
    for (int j = 0; j < d; j++) {
      intercept -= weights[j] * mean[j];
    }
    return new LinearBaseline(standardizer, intercept, weights);
  }

  /** Predicted horizon revenue per row, in currency units, never negative. */
  public double[] predict(double[][] rawSignals) {
    return values(logScores(rawSignals));
  }

  /** Log scores ({@link #logScores}) back in currency units, never negative. */
  public static double[] values(double[] logScores) {
    double[] out = new double[logScores.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0, Math.expm1(logScores[i]));
    }
    return out;
  }

  /** The fitted log(1 + value) per row, before it is turned back into currency. */
  public double[] logScores(double[][] rawSignals) {
    double[] out = new double[rawSignals.length];
    int d = standardizer.width();
    for (int i = 0; i < rawSignals.length; i++) {
      if (rawSignals[i].length != d) {
        throw new IllegalArgumentException(
            "rawSignals[" + i + "] has " + rawSignals[i].length + " signals; expected " + d);
      }
      double s = intercept;
      for (int j = 0; j < d; j++) {
        s += weights[j] * standardizer.apply(j, rawSignals[i][j]);
      }
      out[i] = s;
    }
    return out;
  }

  /** The fitted intercept on log(1 + value). */
  public double intercept() {
    return intercept;
  }

  /** The fitted weights on the standardized signals, copied. */
  public double[] weights() {
    return weights.clone();
  }
}
