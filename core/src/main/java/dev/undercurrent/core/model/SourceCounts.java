package dev.undercurrent.core.model;

import java.util.Map;

/**
 * How one source's rows were accounted for. They reconcile:
 * {@code read == used + afterAsOf + quarantined}.
 *
 * @param version the input's table version where it has one (Delta), else null
 * @param quarantinedByReason rejected rows per reason
 * @param customerMatch for a source keyed by customer other than orders, how its ids meet the
 *     customers with orders (its used rows for anyone else reach no signal); else null
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
    Map<String, Long> quarantinedByReason,
    CustomerMatch customerMatch) {

  public SourceCounts(String source, String location, String format, Long version, long read,
      long used, long afterAsOf, long quarantined, Map<String, Long> quarantinedByReason) {
    this(source, location, format, version, read, used, afterAsOf, quarantined, quarantinedByReason, null);
  }

  public SourceCounts {
    // in the order given (the reader gives the commonest first); Map.copyOf would scramble it per JVM
    quarantinedByReason = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quarantinedByReason));
  }

  public SourceCounts withCustomerMatch(CustomerMatch match) {
    return new SourceCounts(source, location, format, version, read, used, afterAsOf, quarantined,
        quarantinedByReason, match);
  }

  /** The caution {@link CustomerMatch#caution} gives for this source, or null. */
  public String idCaution() {
    return customerMatch == null ? null : customerMatch.caution(source);
  }

  public boolean reconciles() {
    return read == used + afterAsOf + quarantined;
  }
}
