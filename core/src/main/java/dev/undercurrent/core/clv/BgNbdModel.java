package dev.undercurrent.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.io.Serializable;

/**
 * The BG/NBD model of Fader, Hardie &amp; Lee (2005), "'Counting Your Customers' the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2) 275-284: while active a customer
 * buys as a Poisson process with rate λ ~ Gamma(r, α), and after each repeat transaction drops out
 * with probability p ~ Beta(a, b). Equation numbers below refer to that paper.
 *
 * <p>Immutable; {@link #fit} returns the maximum-likelihood estimate. The log-likelihood is
 * evaluated in log space, and the conditional expectation (their eq. 10) after an Euler
 * transformation of the hypergeometric function (see {@link Hypergeometric}), which keeps it finite
 * for heavy buyers and at a = 1; where a + b + x &le; 1 (x = 0 with a + b &le; 1) it is an integral
 * over p instead ({@link #noRepeatExpectation}). Limits: the model assumes a customer who has not
 * repeated is alive (P(alive | x = 0) = 1), a known weakness for long-silent customers.
 *
 * @param logLikelihood the log-likelihood of the data fitted on, NaN for a model made by {@link
 *     #of}
 */
public record BgNbdModel(double r, double alpha, double a, double b, double logLikelihood)
    implements TransactionModel, Serializable {

  public BgNbdModel {
    checkPositive("r", r);
    checkPositive("alpha", alpha);
    checkPositive("a", a);
    checkPositive("b", b);
  }

  /** A model with given parameters (for prediction with known values, or as a start). */
  public static BgNbdModel of(double r, double alpha, double a, double b) {
    return new BgNbdModel(r, alpha, a, b, Double.NaN);
  }

  /** Fits from the default start (r = a = b = 1, α = the mean customer age). */
  public static BgNbdModel fit(ActivityPatterns data, FitOptions options) {
    return fit(data, options, of(1, Math.max(data.meanAge(), 1e-3), 1, 1));
  }

  /** Fits by maximum likelihood (eq. 6), starting from {@code start}'s parameters. */
  public static BgNbdModel fit(ActivityPatterns data, FitOptions options, BgNbdModel start) {
    double[] p =
        LogSpaceFit.maximize(
            q -> logLikelihood(q[0], q[1], q[2], q[3], data, options.parallel()),
            new double[] {start.r, start.alpha, start.a, start.b},
            options,
            "BG/NBD");
    return new BgNbdModel(
        p[0], p[1], p[2], p[3], logLikelihood(p[0], p[1], p[2], p[3], data, options.parallel()));
  }

  @Override
  public double logLikelihood(ActivityPatterns data, boolean parallel) {
    return logLikelihood(r, alpha, a, b, data, parallel);
  }

  private static double logLikelihood(
      double r, double alpha, double a, double b, ActivityPatterns data, boolean parallel) {
    int[] xs = data.distinctFrequencies;
    double[] base = new double[xs.length];
    double[] dropOdds = new double[xs.length];
    double common = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    for (int k = 0; k < xs.length; k++) {
      int x = xs[k];
      base[k] = common + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
      dropOdds[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Double.NaN;
    }
    double[] times = data.distinctTimes;
    double[] logScale = new double[times.length];
    LogSpaceFit.fill(logScale, k -> Math.log(alpha + times[k]), parallel);
    return LogSpaceFit.sum(
        data.size(),
        i -> {
          int x = data.frequency(i);
          int slot = data.frequencySlot[i];
          double lnAgeScale = logScale[data.ageSlot[i]];
          double ll = base[slot] - (r + x) * lnAgeScale;
          if (x > 0) {
            ll +=
                LogSpaceFit.log1pExp(
                    dropOdds[slot] + (r + x) * (lnAgeScale - logScale[data.recencySlot[i]]));
          }
          return data.weight(i) * ll;
        },
        parallel);
  }

  @Override
  public double logLikelihood(int x, double tx, double t) {
    double ll =
        logGamma(r + x)
            - logGamma(r)
            + r * Math.log(alpha)
            + logGamma(a + b)
            + logGamma(b + x)
            - logGamma(b)
            - logGamma(a + b + x)
            - (r + x) * Math.log(alpha + t);
    if (x > 0) {
      ll += LogSpaceFit.log1pExp(logDropOdds(x, tx, t));
    }
    return ll;
  }

  /** ln of the second term over the first in eq. 6: a/(b+x-1) ((α+T)/(α+t_x))^(r+x). */
  private double logDropOdds(int x, double tx, double t) {
    return Math.log(a)
        - Math.log(b + x - 1)
        + (r + x) * (Math.log(alpha + t) - Math.log(alpha + tx));
  }

  /** Eq. 7, as eq. 10 with x = t<sub>x</sub> = T = 0. */
  @Override
  public double expectedTransactions(double t) {
    return conditionalExpectedTransactions(t, 0, 0, 0);
  }

  /** Eq. 10. */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    checkHistory(x, tx, age);
    if (!(t >= 0)) {
      throw new IllegalArgumentException("horizon t: found " + t + ", expected >= 0");
    }
    if (t == 0) {
      return 0;
    }
    double c = a + b + x - 1;
    if (!(c > 0)) {
      // only x = 0 gets here (a + b <= 1, seen on a 5% line sample of The Complete Journey:
      // a = 0.005, b = 0.64), where eq. 10's hypergeometric form has no valid parameter
      return noRepeatExpectation(t, age);
    }
    double logShrink = -Math.log1p(t / (alpha + age));
    double z = t / (alpha + age + t);
    double g = Hypergeometric.shiftedSeries(a + b - 1 - r, a, c, z);
    double bracket =
        LogSpaceFit.oneMinusPowerOver(a - 1, logShrink) - Math.exp((a - 1) * logShrink) * g;
    double numerator = c * bracket;
    return x == 0 ? numerator : numerator / (1 + Math.exp(logDropOdds(x, tx, age)));
  }

  /**
   * E[Y(t) | x = 0, T] without the hypergeometric function, for any a and b: a customer who has not
   * repeated is alive (the model lets customers drop only after a repeat), λ | T ~ Gamma(r, α + T)
   * and p keeps its Beta(a, b) prior, and given both the expected count in t is (1 − e^{−λpt}) / p
   * (from eq. 7's derivation). Averaging over λ in closed form leaves one integral over p,
   * E = ∫ (1 − ((α+T)/(α+T+pt))^r) / p · Beta(p; a, b) dp, done by Gauss–Legendre quadrature
   * (commons-math3) after the substitutions u = p^a on [0, ½] and v = (1 − p)^b on [½, 1], which
   * take away the density's endpoint singularities for a or b below 1. Agrees with eq. 10 where
   * both apply (a test).
   */
  double noRepeatExpectation(double t, double age) {
    // about a millisecond per call, and a run asks for the same (t, T) for many customers (ages in
    // whole days), so the values are kept; bounded by clearing when full
    NoRepeatKey key = new NoRepeatKey(r, alpha, a, b, t, age);
    Double known = NO_REPEAT.get(key);
    if (known != null) {
      return known;
    }
    double value = noRepeatIntegral(t, age);
    if (NO_REPEAT.size() >= 100_000) {
      NO_REPEAT.clear();
    }
    NO_REPEAT.put(key, value);
    return value;
  }

  private record NoRepeatKey(double r, double alpha, double a, double b, double t, double age) {}

  private static final java.util.Map<NoRepeatKey, Double> NO_REPEAT =
      new java.util.concurrent.ConcurrentHashMap<>();

  private double noRepeatIntegral(double t, double age) {
    double scale = alpha + age;
    java.util.function.DoubleUnaryOperator perRate = q -> q <= 0
        ? r * t / scale
        : -Math.expm1(-r * Math.log1p(q * t / scale)) / q;
    // u = p^a on [0, 1/2], cut at several p so that each piece is smooth in u
    double[] cuts = {0, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 0.1, 0.5};
    double low = 0;
    for (int i = 0; i + 1 < cuts.length; i++) {
      double from = Math.pow(cuts[i], a);
      double to = Math.pow(cuts[i + 1], a);
      if (to > from) {
        low += integrate(u -> {
          double q = Math.pow(u, 1 / a);
          return perRate.applyAsDouble(q) * Math.pow(1 - q, b - 1);
        }, from, to) / a;
      }
    }
    double high = integrate(v -> {
      double q = 1 - Math.pow(v, 1 / b);
      return perRate.applyAsDouble(q) * Math.pow(q, a - 1);
    }, 0, Math.pow(0.5, b)) / b;
    return (low + high) / Math.exp(org.apache.commons.math3.special.Beta.logBeta(a, b));
  }

  private static double integrate(java.util.function.DoubleUnaryOperator f, double from, double to) {
    return new org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator(
            16, 1e-10, 1e-14, 2, 64)
        .integrate(1_000_000, f::applyAsDouble, from, to);
  }

  /** Eq. 11 (in the paper's technical appendix): 1 when x = 0. */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    checkHistory(x, tx, age);
    return x == 0 ? 1 : 1 / (1 + Math.exp(logDropOdds(x, tx, age)));
  }

  static void checkHistory(int x, double tx, double age) {
    if (x < 0 || !(tx >= 0) || !(tx <= age) || !Double.isFinite(age)) {
      throw new IllegalArgumentException(
          "history: found x="
              + x
              + ", t_x="
              + tx
              + ", T="
              + age
              + ", expected x >= 0 and 0 <= t_x <= T finite");
    }
  }

  private static void checkPositive(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "BG/NBD " + name + ": found " + v + ", expected a positive finite number");
    }
  }
}
