package dev.undercurrent.core.model;

import java.util.List;

/**
 * An opportunity as the report, the HTTP API and the MCP server show it: everything but the full
 * member list, plus the treatment and holdout sizes and a few example members.
 */
public record OpportunitySummary(
    String opportunityId,
    String type,
    String title,
    Integer segmentId,
    long customers,
    long treatment,
    long holdout,
    double expectedValue,
    String valueFormula,
    double confidence,
    String evidence,
    String action,
    String kpi,
    int rank,
    List<String> exampleMembers) {

  public OpportunitySummary {
    exampleMembers = List.copyOf(exampleMembers);
  }
}
