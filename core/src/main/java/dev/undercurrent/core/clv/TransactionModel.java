package dev.undercurrent.core.clv;

/**
 * A fitted model of how many repeat transactions a customer makes and whether the customer is still
 * active: BG/NBD or Pareto/NBD. Times are in the time unit the model was fitted in.
 */
public interface TransactionModel {

  /** The log-likelihood of the data the model was fitted on (NaN when not fitted). */
  double logLikelihood();

  /** The log-likelihood of one customer's (x, t<sub>x</sub>, T). */
  double logLikelihood(int x, double tx, double t);

  /**
   * E[X(t)]: the expected number of repeat transactions of a new customer in the first {@code t}
   * after the first purchase (unconditional).
   */
  double expectedTransactions(double t);

  /**
   * E[Y(t) | x, t<sub>x</sub>, T]: the expected number of transactions in the next {@code t} of a
   * customer with this history (conditional expectation).
   */
  double conditionalExpectedTransactions(double t, int x, double tx, double age);

  /** P(alive | x, t<sub>x</sub>, T): the probability that the customer is still active at T. */
  double probabilityAlive(int x, double tx, double age);

  /** Convenience for a {@link CustomerActivity}. */
  default double conditionalExpectedTransactions(double t, CustomerActivity c) {
    return conditionalExpectedTransactions(t, c.frequency(), c.recency(), c.age());
  }

  /** Convenience for a {@link CustomerActivity}. */
  default double probabilityAlive(CustomerActivity c) {
    return probabilityAlive(c.frequency(), c.recency(), c.age());
  }

  /** The weighted log-likelihood of all patterns. */
  double logLikelihood(ActivityPatterns data, boolean parallel);

  /** The sum over customers of the conditional expectation over the next {@code t}. */
  default double sumConditionalExpectedTransactions(ActivityPatterns data, double t) {
    return LogSpaceFit.sum(
        data.size(),
        i ->
            data.weight(i)
                * conditionalExpectedTransactions(
                    t, data.frequency(i), data.recency(i), data.age(i)),
        true);
  }

  /**
   * The model's forecast of the cohort's repeat transactions between each customer's age T and T +
   * {@code t}: {@code sum_i E[X(T_i + t)] - E[X(T_i)]}, unconditional on the customers' histories.
   * This is the holdout forecast of Fader, Hardie &amp; Lee (2005), section 7 (their cumulative
   * tracking plot), evaluated once per distinct T.
   */
  default double sumExpectedTransactionsAfterAge(ActivityPatterns data, double t) {
    double[] times = data.distinctTimes;
    double[] between = new double[times.length];
    boolean[] used = new boolean[times.length];
    for (int i = 0; i < data.size(); i++) {
      used[data.ageSlot[i]] = true;
    }
    LogSpaceFit.fill(
        between,
        k -> used[k] ? expectedTransactions(times[k] + t) - expectedTransactions(times[k]) : 0,
        true);
    double total = 0;
    for (int i = 0; i < data.size(); i++) {
      total += data.weight(i) * between[data.ageSlot[i]];
    }
    return total;
  }
}
