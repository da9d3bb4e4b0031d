package dev.undercurrent.app.service;

import java.util.Map;

/**
 * The head of a run: what it covered and what it found, in one small object for an agent's first
 * question or a dashboard tile.
 *
 * @param opportunitiesWorthActingOn how many opportunities have an expected value above zero
 * @param valueWorthActingOn the sum of those opportunities' expected values (the report's headline):
 *     the others would cost at least what they return at the run's assumptions; given before the
 *     total so that a reader of the JSON meets the headline first
 * @param totalExpectedValue the sum of all the opportunities' expected values, those below zero
 *     included; audiences may overlap, so this is an upper bound
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
    int opportunitiesWorthActingOn,
    double valueWorthActingOn,
    double totalExpectedValue,
    Map<String, Double> stageSeconds) {}
