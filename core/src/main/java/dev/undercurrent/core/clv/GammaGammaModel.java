package dev.undercurrent.core.clv;

import static org.apache.commons.math3.special.Gamma.logGamma;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The Gamma-Gamma model of monetary value (Fader, Hardie &amp; Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4) 415-430; Fader
 * &amp; Hardie 2013, "The Gamma-Gamma Model of Monetary Value", brucehardie.com/notes/025): a
 * customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so the
 * average of x values has a closed-form density and the expected spend of a customer shrinks the
 * observed average towards the population mean.
 *
 * <p>Limits: it assumes spend is independent of the transaction process (check the correlation of x
 * and the average before relying on it) and needs q &gt; 1 for the population mean to exist.
 *
 * @param logLikelihood the log-likelihood of the data fitted on, NaN for a model made by {@link
 *     #of}
 * @param customers the number of repeat buyers fitted on (0 for a model made by {@link #of})
 */
public record GammaGammaModel(double p, double q, double gamma, double logLikelihood, int customers)
    implements Serializable {

  public GammaGammaModel {
    checkPositive("p", p);
    checkPositive("q", q);
    checkPositive("gamma", gamma);
  }

  public static GammaGammaModel of(double p, double q, double gamma) {
    return new GammaGammaModel(p, q, gamma, Double.NaN, 0);
  }

  /** Fits from the default start (p = 1, q = 2, γ = the mean average value). */
  public static GammaGammaModel fit(SpendObservations data, FitOptions options) {
    return fit(data, options, of(1, 2, data.meanValue()));
  }

  /** Fits by maximum likelihood, starting from {@code start}'s parameters. */
  public static GammaGammaModel fit(
      SpendObservations data, FitOptions options, GammaGammaModel start) {
    if (data.size() == 0) {
      throw new IllegalArgumentException(
          "Gamma-Gamma data: found no repeat buyer with a positive average value, expected some");
    }
    double[] v =
        LogSpaceFit.maximize(
            w -> logLikelihood(w[0], w[1], w[2], data, options.parallel()),
            new double[] {start.p, start.q, start.gamma},
            options,
            "Gamma-Gamma");
    return new GammaGammaModel(
        v[0], v[1], v[2], logLikelihood(v[0], v[1], v[2], data, options.parallel()), data.size());
  }

  /** The log-likelihood of {@code data} under this model. */
  public double logLikelihood(SpendObservations data) {
    return logLikelihood(p, q, gamma, data, false);
  }

  /**
   * Sum over customers of ln f(z̄ | x) = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln z̄ +
   * px ln x - (px+q) ln(γ + x z̄) (note 025, eq. 3, written for the mean z̄ of x values).
   */
  private static double logLikelihood(
      double p, double q, double gamma, SpendObservations data, boolean parallel) {
    int maxX = Arrays.stream(data.frequency).max().orElse(0);
    double[] perX = new double[maxX + 1];
    double common = -logGamma(q) + q * Math.log(gamma);
    boolean[] seen = new boolean[maxX + 1];
    for (int x : data.frequency) {
      seen[x] = true;
    }
    for (int x = 1; x <= maxX; x++) {
      if (seen[x]) {
        perX[x] = common + logGamma(p * x + q) - logGamma(p * x) + p * x * Math.log(x);
      }
    }
    return LogSpaceFit.sum(
        data.size(),
        i -> {
          int x = data.frequency[i];
          double px = p * x;
          return perX[x]
              + (px - 1) * data.logAverageValue[i]
              - (px + q) * Math.log(gamma + x * data.averageValue[i]);
        },
        parallel);
  }

  /**
   * E[Z | x, z̄]: the expected value of this customer's future transactions, a weighted mean of the
   * population mean pγ/(q-1) and the observed average (note 025, eq. 5). With x = 0 or no average
   * it is the population mean. NaN when q &lt;= 1.
   */
  public double expectedAverageValue(int x, double averageValue) {
    if (q <= 1) {
      return Double.NaN;
    }
    if (x <= 0 || !Double.isFinite(averageValue)) {
      return populationMeanValue();
    }
    return p * (gamma + x * averageValue) / (p * x + q - 1);
  }

  /** The population mean transaction value pγ/(q-1) (NaN when q &lt;= 1). */
  public double populationMeanValue() {
    return q > 1 ? p * gamma / (q - 1) : Double.NaN;
  }

  private static void checkPositive(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "Gamma-Gamma " + name + ": found " + v + ", expected a positive finite number");
    }
  }
}
