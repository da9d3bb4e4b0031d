package dev.undercurrent.app.service;

import java.util.List;

/**
 * One customer as a run saw them, for a person or an agent who asks about that customer: the
 * scores of {@code customer_scores}, the opportunities of {@code opportunity_members} with what to
 * do (or not do) about each, and the customers nearest them in the learned space.
 *
 * @param customerId the id as the run keeps it ({@code sha256:…} where the source held an email
 *     address or a phone number)
 * @param predictedValue revenue expected in the next {@code horizonDays}, in {@code currency}
 * @param valuePercentile the customer's rank by predicted value among the run's customers, 0 to 1
 * @param movement where the customer was one horizon earlier; null where the run has no segment
 *     flows or did not compare the customer (outside the training sample it kept)
 * @param standsOutBy the signals on which the customer is furthest from the middle of the run's
 *     customers, furthest first (at most five)
 * @param opportunities every opportunity the customer is in, in the run's rank order
 * @param neighbours the nearest customers in the learned space, nearest first
 */
public record CustomerView(
    String customerId,
    String runId,
    String asOf,
    int horizonDays,
    String currency,
    int segmentId,
    String segmentName,
    double predictedValue,
    double churnProbability,
    double valuePercentile,
    Movement movement,
    List<Trait> standsOutBy,
    List<Membership> opportunities,
    List<Neighbour> neighbours) {

  public CustomerView {
    standsOutBy = List.copyOf(standsOutBy);
    opportunities = List.copyOf(opportunities);
    neighbours = List.copyOf(neighbours);
  }

  /**
   * Where the customer was one horizon before {@code asOf}, in the run's segments (its {@code
   * segment_flows}).
   *
   * @param since the earlier cut-off (ISO date)
   * @param segmentId the customer's segment then; null where the customer is new since
   * @param change {@code stayed}, {@code moved} or {@code new}
   */
  public record Movement(String since, Integer segmentId, String segmentName, String change) {}

  /**
   * A signal on which the customer stands out.
   *
   * @param percentile the share of the run's customers below the customer's value, ties counted
   *     half (0 to 1)
   */
  public record Trait(String signal, String label, double value, double populationMedian, double percentile) {}

  /**
   * An opportunity the customer is in.
   *
   * @param group {@code treatment} or {@code holdout}
   * @param contact what the group means for whoever acts on the customer
   */
  public record Membership(String opportunityId, String type, String title, String group, double score,
      String contact) {}

  /** Another customer near this one; {@code distance} is Euclidean in the embedding. */
  public record Neighbour(String customerId, double distance, int segmentId, String segmentName,
      double predictedValue, double churnProbability) {}
}
