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

  /**
   * The caution {@link CustomerMatch#caution} gives for this source, or, for orders where at least
   * a tenth of the rows repeat an order id, that the table looks like order lines; else null.
   */
  public String idCaution() {
    if (customerMatch != null) {
      return customerMatch.caution(source);
    }
    long repeated = quarantinedByReason.getOrDefault("duplicate order_id", 0L);
    if (source.equals("orders") && repeated > 0 && repeated * 10 >= read) {
      // An order-line table read as orders keeps the first line of each order and quarantines the
      // rest: the run goes on with most of the revenue missing.
      return String.format(java.util.Locale.ROOT, "orders: %,d of %,d rows repeat an order_id and were quarantined;"
          + " if each row is a line of an order, give the source options: {grain: line} (the lines then need"
          + " quantity and unit_price) so that they are summed into orders rather than all but one dropped",
          repeated, read);
    }
    return null;
  }

  /**
   * For orders where at least one row in a hundred was quarantined for a negative revenue, that
   * these look like refunds or credit notes, which the run does not net out of anyone's value;
   * else null. A refund belongs to the order it cancels as that order's {@code returned_amount}.
   */
  public String refundCaution() {
    long negative = quarantinedByReason.getOrDefault("negative revenue", 0L);
    if (!source.equals("orders") || negative == 0 || negative * 100 < read) {
      return null;
    }
    return String.format(java.util.Locale.ROOT, "orders: %,d of %,d rows have a negative revenue and were"
        + " quarantined; if they are refunds or credit notes, the customers' value is counted without"
        + " them: where the source says which order a refund belongs to, give it as that order's"
        + " returned_amount (an orders column) so that values are net of returns", negative, read);
  }

  /** Every caution about this source ({@link #idCaution}, {@link #refundCaution}), in that order. */
  public java.util.List<String> cautions() {
    return java.util.stream.Stream.of(idCaution(), refundCaution()).filter(java.util.Objects::nonNull).toList();
  }

  public boolean reconciles() {
    return read == used + afterAsOf + quarantined;
  }
}
