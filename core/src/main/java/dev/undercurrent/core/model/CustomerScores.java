package dev.undercurrent.core.model;

/**
 * What the learned model says about each customer, aligned with {@link CustomerSignals} rows.
 *
 * @param predictedValue revenue net of returns expected in the next horizon
 * @param churnProbability probability of no order in the next horizon
 * @param responseProbability probability of converting on a marketing send in the horizon
 *     (NaN for every customer where the run has no marketing source)
 * @param embedding the learned representation, one row per customer
 */
public record CustomerScores(
    double[] predictedValue,
    double[] churnProbability,
    double[] responseProbability,
    float[][] embedding) {

  public int size() {
    return predictedValue.length;
  }
}
