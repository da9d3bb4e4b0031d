package dev.undercurrent.app.service;

import dev.undercurrent.core.model.SourceCounts;
import java.util.List;
import java.util.Map;

/**
 * How the run's input rows were accounted for, per source and in total. The totals reconcile when
 * {@code read == used + afterAsOf + quarantined}; a run whose counts do not is a bug in the run,
 * which is why {@code reconciles} is reported rather than assumed.
 *
 * @param quarantinedByReason rejected rows per {@code source: reason}, over all sources
 */
public record DataQuality(
    List<SourceCounts> sources,
    long read,
    long used,
    long afterAsOf,
    long quarantined,
    boolean reconciles,
    Map<String, Long> quarantinedByReason) {

  public DataQuality {
    sources = List.copyOf(sources);
    quarantinedByReason = Map.copyOf(quarantinedByReason);
  }
}
