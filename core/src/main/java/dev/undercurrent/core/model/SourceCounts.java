package dev.undercurrent.core.model;

import java.util.Map;

/**
 * How one source's rows were accounted for. They reconcile:
 * {@code read == used + afterAsOf + quarantined}.
 *
 * @param version the input's table version where it has one (Delta), else null
 * @param quarantinedByReason rejected rows per reason
 */
public record SourceCounts(
    String source,
    String location,
    String format,
    Long version,
    long read,
    long used,
    long afterAsOf,
    long quarantined,
    Map<String, Long> quarantinedByReason) {

  public SourceCounts {
    // in the order given (the reader gives the commonest first); Map.copyOf would scramble it per JVM
    quarantinedByReason = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quarantinedByReason));
  }

  public boolean reconciles() {
    return read == used + afterAsOf + quarantined;
  }
}
