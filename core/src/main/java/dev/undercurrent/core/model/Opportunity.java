package dev.undercurrent.core.model;

import java.util.List;

/**
 * An opportunity worth acting on (a row of {@code opportunities}) with its audience.
 *
 * @param segmentId the segment it is drawn from, or null when it spans segments
 * @param expectedValue incremental margin expected over the horizon, in the run's currency
 * @param valueFormula how {@code expectedValue} was computed, with the numbers put in
 * @param confidence 0..1: how sure the run is of the audience and of the value
 * @param evidence the signals that set the audience apart, with numbers
 * @param memberIds customer ids of the audience, best first
 * @param memberScores how strongly each member belongs, aligned with {@code memberIds}
 */
public record Opportunity(
    String opportunityId,
    OpportunityType type,
    String title,
    Integer segmentId,
    double expectedValue,
    String valueFormula,
    double confidence,
    String evidence,
    String action,
    String kpi,
    int rank,
    List<String> memberIds,
    double[] memberScores) {

  public Opportunity {
    memberIds = List.copyOf(memberIds);
    if (memberScores.length != memberIds.size()) {
      throw new IllegalArgumentException("memberScores and memberIds differ in length");
    }
  }

  public long customers() {
    return memberIds.size();
  }

  /** The same opportunity at another rank. */
  public Opportunity withRank(int newRank) {
    return new Opportunity(opportunityId, type, title, segmentId, expectedValue, valueFormula,
        confidence, evidence, action, kpi, newRank, memberIds, memberScores);
  }
}
