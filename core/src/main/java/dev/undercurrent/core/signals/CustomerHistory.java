package dev.undercurrent.core.signals;

import java.util.Comparator;
import java.util.List;

/**
 * Everything known about one customer, from every source present, in time order. It may hold
 * rows after a cut-off; {@link SignalCalculator} ignores them and {@link HorizonOutcome} reads
 * them, so one history serves several cut-offs.
 *
 * @param signupEpochDay the signup date as an epoch day, or {@link Long#MIN_VALUE} when unknown
 */
public record CustomerHistory(
    String customerId,
    long signupEpochDay,
    List<OrderLine> orders,
    List<EventLine> events,
    List<MarketingTouch> touches) {

  // Rows arrive in whatever order the engine grouped them; ties in time are broken by the rows'
  // own fields so that sequences and floating-point sums do not depend on that order (UCI Online
  // Retail has several invoices of one customer in the same minute).
  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<OrderLine> ORDERS = Comparator.comparingLong(OrderLine::orderedAt)
      .thenComparing(OrderLine::orderId, TEXT)
      .thenComparingDouble(OrderLine::revenue);
  private static final Comparator<EventLine> EVENTS = Comparator.comparingLong(EventLine::occurredAt)
      .thenComparing(EventLine::eventType, TEXT)
      .thenComparing(EventLine::category, TEXT)
      .thenComparingDouble(EventLine::value);
  private static final Comparator<MarketingTouch> TOUCHES = Comparator.comparingLong(MarketingTouch::sentAt)
      .thenComparing(MarketingTouch::channel, TEXT)
      .thenComparing(MarketingTouch::campaignId, TEXT)
      .thenComparing(MarketingTouch::offer, TEXT)
      .thenComparing(t -> (t.opened() ? 8 : 0) | (t.clicked() ? 4 : 0) | (t.converted() ? 2 : 0)
          | (t.unsubscribed() ? 1 : 0));

  public CustomerHistory {
    orders = orders.stream().sorted(ORDERS).toList();
    events = events.stream().sorted(EVENTS).toList();
    touches = touches.stream().sorted(TOUCHES).toList();
  }
}
