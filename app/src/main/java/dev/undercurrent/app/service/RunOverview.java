package dev.undercurrent.app.service;

import java.util.Map;

/**
 * The head of a run: what it covered and what it found, in one small object for an agent's first
 * question or a dashboard tile.
 *
 * @param totalExpectedValue the sum of the opportunities' expected values; audiences may overlap,
 *     so this is an upper bound
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
    Map<String, Double> stageSeconds) {}
