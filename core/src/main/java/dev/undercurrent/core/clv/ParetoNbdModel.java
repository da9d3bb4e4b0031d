package dev.undercurrent.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.io.Serializable;

/**
 * The Pareto/NBD model of Schmittlein, Morrison &amp; Colombo (1987), "Counting Your Customers: Who
 * Are They and What Will They Do Next?", Management Science 33(1), in the form of Fader &amp;
 * Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions"
 * (brucehardie.com/notes/009): while active a customer buys as a Poisson process with rate λ ~
 * Gamma(r, α) and stays active for an exponential lifetime with rate μ ~ Gamma(s, β).
 *
 * <p>The likelihood contains a difference of two Gaussian hypergeometric functions, A0, which is
 * where implementations fail numerically. Here each {@code 2F1(r+s+x, ·; r+s+x+1; z)} is taken
 * through Euler's transformation to a series of positive terms that shrink geometrically ({@link
 * Hypergeometric#logRisingRatioSeries}), kept in log space, and the difference is taken as {@code
 * ln(e^u - e^v)} without leaving log space. Limit: the series slows down when z = |α-β|/(max(α,
 * β)+t) approaches 1, i.e. when one of α, β is thousands of times the other and t is small.
 *
 * @param logLikelihood the log-likelihood of the data fitted on, NaN for a model made by {@link
 *     #of}
 */
public record ParetoNbdModel(double r, double alpha, double s, double beta, double logLikelihood)
    implements TransactionModel, Serializable {

  public ParetoNbdModel {
    checkPositive("r", r);
    checkPositive("alpha", alpha);
    checkPositive("s", s);
    checkPositive("beta", beta);
  }

  /** A model with given parameters (for prediction with known values, or as a start). */
  public static ParetoNbdModel of(double r, double alpha, double s, double beta) {
    return new ParetoNbdModel(r, alpha, s, beta, Double.NaN);
  }

  /** Fits from the default start (r = s = 1, α = β = the mean customer age). */
  public static ParetoNbdModel fit(ActivityPatterns data, FitOptions options) {
    double scale = Math.max(data.meanAge(), 1e-3);
    return fit(data, options, of(1, scale, 1, scale));
  }

  /** Fits by maximum likelihood, starting from {@code start}'s parameters. */
  public static ParetoNbdModel fit(
      ActivityPatterns data, FitOptions options, ParetoNbdModel start) {
    double[] p =
        LogSpaceFit.maximize(
            q -> logLikelihood(q[0], q[1], q[2], q[3], data, options.parallel()),
            new double[] {start.r, start.alpha, start.s, start.beta},
            options,
            "Pareto/NBD");
    return new ParetoNbdModel(
        p[0], p[1], p[2], p[3], logLikelihood(p[0], p[1], p[2], p[3], data, options.parallel()));
  }

  @Override
  public double logLikelihood(ActivityPatterns data, boolean parallel) {
    return logLikelihood(r, alpha, s, beta, data, parallel);
  }

  private static double logLikelihood(
      double r, double alpha, double s, double beta, ActivityPatterns data, boolean parallel) {
    int[] xs = data.distinctFrequencies;
    double[] base = new double[xs.length];
    double[] deathWeight = new double[xs.length];
    double common = -logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    for (int k = 0; k < xs.length; k++) {
      base[k] = common + logGamma(r + xs[k]);
      deathWeight[k] = Math.log(s) - Math.log(r + s + xs[k]);
    }
    double[] times = data.distinctTimes;
    double[] lnA = new double[times.length];
    double[] lnB = new double[times.length];
    LogSpaceFit.fill(lnA, k -> Math.log(alpha + times[k]), parallel);
    LogSpaceFit.fill(lnB, k -> Math.log(beta + times[k]), parallel);
    double[] pairTerm = new double[data.pairFrequency.length];
    LogSpaceFit.fill(
        pairTerm,
        k -> {
          int slot = data.pairTimeSlot[k];
          return logA0Term(
              r, alpha, s, beta, data.pairFrequency[k], times[slot], lnA[slot], lnB[slot]);
        },
        parallel);
    return LogSpaceFit.sum(
        data.size(),
        i -> {
          int x = data.frequency(i);
          int slot = data.frequencySlot[i];
          int ageSlot = data.ageSlot[i];
          double alive = -(r + x) * lnA[ageSlot] - s * lnB[ageSlot];
          double logA0 =
              LogSpaceFit.logDiffExp(pairTerm[data.recencyPair[i]], pairTerm[data.agePair[i]]);
          return data.weight(i)
              * (base[slot] + LogSpaceFit.logSumExp(alive, deathWeight[slot] + logA0));
        },
        parallel);
  }

  /**
   * ln of {@code 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+y)) / (α+y)^(r+s+x)} when α &gt;= β, or of
   * {@code 2F1(r+s+x, r+x; r+s+x+1; (β-α)/(β+y)) / (β+y)^(r+s+x)} otherwise: A0 is this at t_x
   * minus this at T (Fader &amp; Hardie 2005, note 009, eq. 22).
   */
  private static double logA0Term(
      double r, double alpha, double s, double beta, int x, double y, double lnA, double lnB) {
    double n = r + s + x + 1;
    if (alpha >= beta) {
      double z = (alpha - beta) / (alpha + y);
      return -s * (lnB - lnA)
          + Hypergeometric.logRisingRatioSeries(r + x, n, z)
          - (r + s + x) * lnA;
    }
    double z = (beta - alpha) / (beta + y);
    return (1 - r - x) * (lnA - lnB)
        + Hypergeometric.logRisingRatioSeries(s + 1, n, z)
        - (r + s + x) * lnB;
  }

  /** ln A0 for one customer. */
  private double logA0(int x, double tx, double t) {
    double lnAtx = Math.log(alpha + tx);
    double lnBtx = Math.log(beta + tx);
    double lnAt = Math.log(alpha + t);
    double lnBt = Math.log(beta + t);
    return LogSpaceFit.logDiffExp(
        logA0Term(r, alpha, s, beta, x, tx, lnAtx, lnBtx),
        logA0Term(r, alpha, s, beta, x, t, lnAt, lnBt));
  }

  @Override
  public double logLikelihood(int x, double tx, double t) {
    BgNbdModel.checkHistory(x, tx, t);
    double alive = -(r + x) * Math.log(alpha + t) - s * Math.log(beta + t);
    return logGamma(r + x)
        - logGamma(r)
        + r * Math.log(alpha)
        + s * Math.log(beta)
        + LogSpaceFit.logSumExp(alive, Math.log(s) - Math.log(r + s + x) + logA0(x, tx, t));
  }

  /** E[X(t)] = rβ/(α(s-1)) [1 - (β/(β+t))^(s-1)], and its limit at s = 1. */
  @Override
  public double expectedTransactions(double t) {
    return conditionalExpectedTransactions(t, 0, 0, 0);
  }

  /** E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s-1)) [1 - ((β+T)/(β+T+t))^(s-1)] P(alive). */
  @Override
  public double conditionalExpectedTransactions(double t, int x, double tx, double age) {
    if (!(t >= 0)) {
      throw new IllegalArgumentException("horizon t: found " + t + ", expected >= 0");
    }
    double alive = probabilityAlive(x, tx, age);
    if (t == 0) {
      return 0;
    }
    double rate = (r + x) * (beta + age) / (alpha + age);
    return rate * LogSpaceFit.oneMinusPowerOver(s - 1, -Math.log1p(t / (beta + age))) * alive;
  }

  /** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0). */
  @Override
  public double probabilityAlive(int x, double tx, double age) {
    BgNbdModel.checkHistory(x, tx, age);
    double logOdds =
        Math.log(s)
            - Math.log(r + s + x)
            + (r + x) * Math.log(alpha + age)
            + s * Math.log(beta + age)
            + logA0(x, tx, age);
    return 1 / (1 + Math.exp(logOdds));
  }

  private static void checkPositive(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "Pareto/NBD " + name + ": found " + v + ", expected a positive finite number");
    }
  }
}
