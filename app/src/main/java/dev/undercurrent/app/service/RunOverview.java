package dev.undercurrent.app.service;

import java.util.Map;

/**
 * The head of a run: what it covered and what it found, in one small object for an agent's first
 * question or a dashboard tile.
 *
 * @param totalExpectedValue the sum of the opportunities' expected values; audiences may overlap,
 *     so this is an upper bound
 * @param opportunitiesWorthActingOn how many opportunities have an expected value above zero
 * @param valueWorthActingOn the sum of those opportunities' expected values (the report's headline):
 *     the others would cost at least what they return at the run's assumptions
 */
public record RunOverview(
    String runId,
    String startedAt,
    String asOf,
    int horizonDays,
    String currency,
    String configHash,
    long seed,
    String outputFormat,
    long customers,
    double totalRevenue,
    int segments,
    int opportunities,
    double totalExpectedValue,
    int opportunitiesWorthActingOn,
    double valueWorthActingOn,
    Map<String, Double> stageSeconds) {}
