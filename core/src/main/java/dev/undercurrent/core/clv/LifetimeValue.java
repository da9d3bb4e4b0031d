package dev.undercurrent.core.clv;

/**
 * Customer lifetime value over a finite horizon: expected transactions in each step of the horizon
 * (from a {@link TransactionModel}, conditional on the customer's history) times the expected value
 * per transaction (from {@link GammaGammaModel}), discounted to the calibration end. This is the
 * discrete form of Fader, Hardie &amp; Lee (2005, JMR) "RFM and CLV", which discounts continuously
 * over an infinite horizon; a finite horizon in a few steps is what marketing plans use and needs
 * only the conditional expectation.
 *
 * <p>Limit: spend is assumed independent of the purchase process, as in the Gamma-Gamma model.
 */
public final class LifetimeValue {
  private LifetimeValue() {}

  /**
   * {@code sum_{k=1..steps} (E[Y(t_k)] - E[Y(t_{k-1})]) * value / (1 + d)^(t_k)}, with {@code t_k =
   * k * horizon / steps}.
   *
   * @param valuePerTransaction the expected value of one transaction (e.g. {@link
   *     GammaGammaModel#expectedAverageValue})
   * @param horizon in the model's time unit (e.g. 52 weeks)
   * @param discountRatePerUnit the discount rate per time unit (a 10% annual rate is about 0.00183
   *     per week)
   * @param steps how many steps the horizon is cut into (e.g. 12 for months of a year)
   */
  public static double of(
      TransactionModel model,
      int x,
      double tx,
      double age,
      double valuePerTransaction,
      double horizon,
      double discountRatePerUnit,
      int steps) {
    if (!(horizon >= 0) || !Double.isFinite(horizon)) {
      throw new IllegalArgumentException("CLV horizon: found " + horizon + ", expected >= 0");
    }
    if (!(discountRatePerUnit > -1)) {
      throw new IllegalArgumentException(
          "CLV discount rate: found " + discountRatePerUnit + ", expected > -1");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("CLV steps: found " + steps + ", expected >= 1");
    }
    double logDiscount = Math.log1p(discountRatePerUnit);
    double previous = 0;
    double value = 0;
    for (int k = 1; k <= steps; k++) {
      double t = horizon * k / steps;
      double cumulative = model.conditionalExpectedTransactions(t, x, tx, age);
      value += (cumulative - previous) * Math.exp(-t * logDiscount);
      previous = cumulative;
    }
    return value * valuePerTransaction;
  }

  /** {@link #of} for one customer, with the spend model's expected value for that customer. */
  public static double of(
      TransactionModel model,
      GammaGammaModel spend,
      CustomerActivity c,
      double horizon,
      double discountRatePerUnit,
      int steps) {
    return of(
        model,
        c.frequency(),
        c.recency(),
        c.age(),
        spend.expectedAverageValue(c.frequency(), c.averageRepeatValue()),
        horizon,
        discountRatePerUnit,
        steps);
  }

  /**
   * All of a customer's predictions at once: P(alive), expected transactions over the horizon,
   * expected value per transaction and the discounted lifetime value.
   */
  public static CustomerValue score(
      TransactionModel model,
      GammaGammaModel spend,
      CustomerActivity c,
      double horizon,
      double discountRatePerUnit,
      int steps) {
    double value = spend.expectedAverageValue(c.frequency(), c.averageRepeatValue());
    return new CustomerValue(
        model.probabilityAlive(c),
        model.conditionalExpectedTransactions(horizon, c),
        value,
        of(model, c.frequency(), c.recency(), c.age(), value, horizon, discountRatePerUnit, steps));
  }
}
