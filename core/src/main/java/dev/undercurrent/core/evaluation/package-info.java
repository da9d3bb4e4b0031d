/**
 * Scoring a run against planted truth, where a synthetic lake carries it ({@code _truth/}): how
 * well segments recover the planted kinds and how precisely each opportunity's audience finds the
 * customers planted for its type. Used for the run's metrics and the benchmarks; the detectors
 * never read the truth.
 */
package dev.undercurrent.core.evaluation;
