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

  public CustomerHistory {
    orders = orders.stream().sorted(Comparator.comparingLong(OrderLine::orderedAt)).toList();
    events = events.stream().sorted(Comparator.comparingLong(EventLine::occurredAt)).toList();
    touches = touches.stream().sorted(Comparator.comparingLong(MarketingTouch::sentAt)).toList();
  }
}
