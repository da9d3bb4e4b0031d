package dev.undercurrent.core.signals;

import java.util.List;

/**
 * One valid order of a customer. Money is in the run's currency; optional amounts that the source
 * lacks are {@code NaN} ({@code cost}) or 0 ({@code discount}, {@code returnedAmount}).
 *
 * @param orderedAt epoch seconds, UTC
 * @param categories the categories of the order's items (empty without {@code order_items})
 */
public record OrderLine(
    String orderId,
    long orderedAt,
    double revenue,
    double cost,
    double discount,
    double returnedAmount,
    String channel,
    String campaignId,
    List<String> categories) {

  public OrderLine {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  /**
   * How long after an order its return is taken as known: the order row carries the amount
   * returned but not when, so at a cut-off only the returns of orders at least this old are
   * counted (most retailers' return windows are 14 to 30 days). Without it, a signal at a past
   * cut-off would see returns made after it, which the same signal at {@code as_of} cannot.
   */
  public static final long RETURNS_KNOWN_AFTER_DAYS = 30;

  /** Revenue net of returns. */
  public double netRevenue() {
    return revenue - returnedAmount;
  }

  /** Revenue net of the returns known at {@code cut} (epoch seconds): see {@link #RETURNS_KNOWN_AFTER_DAYS}. */
  public double netRevenueKnownAt(long cut) {
    return revenue - returnedKnownAt(cut);
  }

  /** The returned amount where the order is old enough at {@code cut} for it to be known, else 0. */
  public double returnedKnownAt(long cut) {
    return cut - orderedAt >= RETURNS_KNOWN_AFTER_DAYS * 86_400L ? returnedAmount : 0;
  }
}
