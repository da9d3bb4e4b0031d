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

  /** Revenue net of returns. */
  public double netRevenue() {
    return revenue - returnedAmount;
  }
}
