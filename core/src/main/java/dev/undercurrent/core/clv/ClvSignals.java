package dev.undercurrent.core.clv;

import java.io.Serializable;
import java.util.List;

/**
 * The lifetime-value models as signals for discovery: probability alive and expected orders in
 * the horizon from BG/NBD, and the model's value over the horizon (expected orders times the
 * Gamma-Gamma expected order value). Fitted once per cut-off on the customers known then, so the
 * signals of an earlier snapshot never use parameters learned from its future.
 *
 * <p>Time is in weeks, as in Fader, Hardie &amp; Lee (2005). Where a fit fails (too few repeat
 * buyers, say) the model is absent and the signals are {@code NaN}, which the network's scaling
 * imputes; the run goes on.
 *
 * @param bgNbd the purchase model, or null where it could not be fitted
 * @param gammaGamma the spend model, or null where it could not be fitted
 * @param horizonWeeks the prediction horizon
 */
public record ClvSignals(BgNbdModel bgNbd, GammaGammaModel gammaGamma, double horizonWeeks)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Fits both models on the customers' activity as of one cut-off. */
  public static ClvSignals fit(List<CustomerActivity> customers, int horizonDays) {
    double horizonWeeks = horizonDays / 7.0;
    BgNbdModel bg = null;
    GammaGammaModel gg = null;
    if (customers.size() >= 20) {
      try {
        bg = BgNbdModel.fit(ActivityPatterns.of(customers), FitOptions.defaults());
      } catch (RuntimeException e) {
        bg = null;
      }
      try {
        SpendObservations spend = SpendObservations.of(customers);
        gg = spend.size() >= 20 ? GammaGammaModel.fit(spend, FitOptions.defaults()) : null;
      } catch (RuntimeException e) {
        gg = null;
      }
    }
    return new ClvSignals(bg, gg, horizonWeeks);
  }

  /** {@code [p_alive, expected_transactions, model_clv]} for one customer ({@code NaN} if unknown). */
  public double[] of(int x, double recencyWeeks, double ageWeeks, double averageRepeatValue) {
    if (bgNbd == null || !(ageWeeks >= 0)) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double alive = bgNbd.probabilityAlive(x, recencyWeeks, ageWeeks);
    double expected = bgNbd.conditionalExpectedTransactions(horizonWeeks, x, recencyWeeks, ageWeeks);
    double value = Double.NaN;
    if (gammaGamma != null) {
      double m = gammaGamma.expectedAverageValue(x, Double.isNaN(averageRepeatValue) ? 0 : averageRepeatValue);
      value = Double.isFinite(m) ? expected * m : Double.NaN;
    }
    return new double[] {alive, expected, value};
  }

  /** The fitted parameters, for {@code runs.metrics}. */
  public java.util.Map<String, Object> describe() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (bgNbd != null) {
      m.put("bgnbd", java.util.Map.of("r", bgNbd.r(), "alpha", bgNbd.alpha(), "a", bgNbd.a(), "b", bgNbd.b(),
          "log_likelihood", bgNbd.logLikelihood()));
    }
    if (gammaGamma != null) {
      m.put("gamma_gamma", java.util.Map.of("p", gammaGamma.p(), "q", gammaGamma.q(), "gamma", gammaGamma.gamma(),
          "log_likelihood", gammaGamma.logLikelihood()));
    }
    return m;
  }
}
