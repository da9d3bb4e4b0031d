package dev.undercurrent.core.model;

/**
 * What the learned model says about each customer, aligned with {@link CustomerSignals} rows.
 *
 * @param predictedValue revenue net of returns expected in the next horizon
 * @param churnProbability probability of no order in the next horizon
 * @param responseProbability probability of converting on a marketing send in the horizon
 *     (NaN for every customer where the run has no marketing source)
 * @param embedding the learned representation, one row per customer
 * @param valueIfActive what the model expects each customer to spend in the horizon if she buys
 *     at all (the amount part of the predicted value); null where the model does not say
 */
public record CustomerScores(
    double[] predictedValue,
    double[] churnProbability,
    double[] responseProbability,
    float[][] embedding,
    double[] valueIfActive) {

  /** Scores without the spend of a buyer. */
  public CustomerScores(
      double[] predictedValue, double[] churnProbability, double[] responseProbability, float[][] embedding) {
    this(predictedValue, churnProbability, responseProbability, embedding, null);
  }

  public int size() {
    return predictedValue.length;
  }
}
