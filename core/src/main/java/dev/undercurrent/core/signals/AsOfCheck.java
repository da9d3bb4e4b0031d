package dev.undercurrent.core.signals;

import dev.undercurrent.core.model.CustomerSignals;
import java.time.LocalDate;

/**
 * Whether a run's {@code as_of} sits so far past the data that the run cannot mean it. An
 * {@code as_of} typed a year or a decade late (2030 for orders that end in 2011) still runs: every
 * customer reads as lapsed, the latest labelled horizons hold no order, and the value model is
 * judged on nothing; what the run then says looks like a finding. The check needs no extra pass
 * over the data: the latest order is where the smallest {@code recency_days} of a buyer puts it.
 */
public final class AsOfCheck {
  private AsOfCheck() {}

  /**
   * A caution when no buyer ordered within one horizon before {@code asOf}, naming the day of the
   * latest order and the {@code as_of} that would follow it; empty otherwise (also where the
   * signals carry no recency or no buyer).
   */
  public static String caution(CustomerSignals current, LocalDate asOf, int horizonDays) {
    if (!current.has(SignalCatalog.RECENCY_DAYS) || !current.has(SignalCatalog.FREQUENCY)) {
      return "";
    }
    double[] recency = current.column(SignalCatalog.RECENCY_DAYS);
    double[] orders = current.column(SignalCatalog.FREQUENCY);
    double nearest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < recency.length; i++) {
      if (orders[i] > 0 && recency[i] < nearest) {
        nearest = recency[i];
      }
    }
    if (Double.isInfinite(nearest) || nearest <= horizonDays) {
      return "";
    }
    if (nearest >= SignalCatalog.NEVER_DAYS) {
      return "as_of " + asOf + " is more than " + (long) SignalCatalog.NEVER_DAYS
          + " days after the latest order: every customer reads as lapsed and the latest horizons hold no"
          + " order; set as_of to the day after the latest order, or leave it out to take that day";
    }
    // recency counts from the start of as_of back to the order's moment, so the order's day is
    // as_of less the whole days it spans, rounded up
    long days = (long) Math.ceil(nearest);
    LocalDate latest = asOf.minusDays(days);
    return "as_of " + asOf + " is " + days + " days after the latest order (" + latest + "), more than the "
        + horizonDays + "-day horizon: every customer reads as lapsed and the latest horizons hold no order;"
        + " if the data end there, set as_of to " + latest.plusDays(1) + " or leave it out to take that day";
  }
}
