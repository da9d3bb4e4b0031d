package dev.undercurrent.core.clv;

import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/** Maximum likelihood over log-parameters with commons-math3's BOBYQA, and chunked sums. */
final class LogSpaceFit {
  /** Parameters are kept within e^-20 .. e^20: far outside any sensible fit. */
  private static final double BOUND = 20;

  /** Stands in for a non-finite log-likelihood so the optimizer steps back. */
  private static final double PENALTY = 1e300;

  private static final int CHUNK = 2048;

  private LogSpaceFit() {}

  /**
   * Returns the parameters (natural scale) that maximise {@code logLikelihood}, starting from
   * {@code start} (natural scale, all positive).
   */
  static double[] maximize(
      ToDoubleFunction<double[]> logLikelihood, double[] start, FitOptions options, String model) {
    int n = start.length;
    double[] x0 = new double[n];
    double[] lower = new double[n];
    double[] upper = new double[n];
    for (int i = 0; i < n; i++) {
      if (!(start[i] > 0) || !Double.isFinite(start[i])) {
        throw new IllegalArgumentException(
            model + " start value " + i + ": found " + start[i] + ", expected positive, finite");
      }
      x0[i] = Math.max(-BOUND + 1, Math.min(BOUND - 1, Math.log(start[i])));
      lower[i] = -BOUND;
      upper[i] = BOUND;
    }
    BOBYQAOptimizer optimizer =
        new BOBYQAOptimizer(
            2 * n + 1, options.initialTrustRegionRadius(), options.stoppingTrustRegionRadius());
    PointValuePair best =
        optimizer.optimize(
            new MaxEval(options.maxEvaluations()),
            new ObjectiveFunction(
                logParams -> {
                  double[] p = new double[n];
                  for (int i = 0; i < n; i++) {
                    p[i] = Math.exp(logParams[i]);
                  }
                  double ll;
                  try {
                    ll = logLikelihood.applyAsDouble(p);
                  } catch (ArithmeticException e) {
                    return PENALTY;
                  }
                  return Double.isFinite(ll) ? -ll : PENALTY;
                }),
            GoalType.MINIMIZE,
            new InitialGuess(x0),
            new SimpleBounds(lower, upper));
    // A parameter at e^±20 means the likelihood is flat that way (e.g. Pareto/NBD's s and β
    // growing together when nobody seems to leave); the predictions depend on the identified
    // combination, so the estimate is returned rather than refused.
    double[] p = best.getPoint();
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(p[i]);
    }
    return p;
  }

  /**
   * {@code sum_{i<n} term(i)}, in fixed chunks of 2048 summed in order, so the result is the same
   * whether the chunks run in parallel or not.
   */
  static double sum(int n, IntToDoubleFunction term, boolean parallel) {
    int chunks = (n + CHUNK - 1) / CHUNK;
    double[] partial = new double[chunks];
    IntStream range = IntStream.range(0, chunks);
    (parallel && chunks > 1 ? range.parallel() : range)
        .forEach(
            c -> {
              double s = 0;
              int end = Math.min(n, (c + 1) * CHUNK);
              for (int i = c * CHUNK; i < end; i++) {
                s += term.applyAsDouble(i);
              }
              partial[c] = s;
            });
    double total = 0;
    for (double v : partial) {
      total += v;
    }
    return total;
  }

  /** Fills {@code out[i] = f(i)}, in parallel when asked. */
  static void fill(double[] out, IntToDoubleFunction f, boolean parallel) {
    IntStream range = IntStream.range(0, out.length);
    (parallel && out.length > CHUNK ? range.parallel() : range)
        .forEach(i -> out[i] = f.applyAsDouble(i));
  }

  /** ln(e^u + e^v), exact for infinite arguments. */
  static double logSumExp(double u, double v) {
    double m = Math.max(u, v);
    if (m == Double.NEGATIVE_INFINITY) {
      return m;
    }
    return m + Math.log1p(Math.exp(Math.min(u, v) - m));
  }

  /** ln(e^u - e^v) for u >= v; -infinity when they are equal (or v is rounded above u). */
  static double logDiffExp(double u, double v) {
    if (!(u > v)) {
      return Double.NEGATIVE_INFINITY;
    }
    return u + Math.log(-Math.expm1(v - u));
  }

  /** ln(1 + e^u). */
  static double log1pExp(double u) {
    return u > 35 ? u + Math.exp(-u) : Math.log1p(Math.exp(u));
  }

  /** (1 - e^(e L)) / e, and -L at e = 0: the limit that keeps a = 1 or s = 1 finite. */
  static double oneMinusPowerOver(double e, double logBase) {
    double p = e * logBase;
    if (Math.abs(p) < 1e-12) {
      return -logBase * (1 + p / 2);
    }
    return -Math.expm1(p) / e;
  }
}
