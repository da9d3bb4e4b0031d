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

  /** The shortest silence that is cautioned whatever the horizon. */
  static final int MIN_SILENT_DAYS = 30;

  /** How many of the business's average gaps between two orders a silence must span. */
  static final int GAPS = 10;

  /**
   * A caution when no buyer ordered within one horizon before {@code asOf}, naming the day of the
   * latest order and the {@code as_of} that would follow it; empty otherwise (also where the
   * signals carry no recency or no buyer). A quiet spell that is ordinary for the business is not
   * cautioned: the silence must also be at least {@value #MIN_SILENT_DAYS} days and {@value #GAPS}
   * times the business's average gap between two orders (its span of orders over their number), so
   * a small shop without an order in the last week of a 7-day horizon is not told its data ended.
   */
  public static String caution(CustomerSignals current, LocalDate asOf, int horizonDays) {
    if (!current.has(SignalCatalog.RECENCY_DAYS) || !current.has(SignalCatalog.FREQUENCY)
        || !current.has(SignalCatalog.TENURE_DAYS)) {
      return "";
    }
    double[] recency = current.column(SignalCatalog.RECENCY_DAYS);
    double[] orders = current.column(SignalCatalog.FREQUENCY);
    double[] tenure = current.column(SignalCatalog.TENURE_DAYS);
    double nearest = Double.POSITIVE_INFINITY;
    double span = 0;
    double count = 0;
    for (int i = 0; i < recency.length; i++) {
      if (orders[i] > 0) {
        nearest = Math.min(nearest, recency[i]);
        span = Math.max(span, tenure[i]);
        count += orders[i];
      }
    }
    if (Double.isInfinite(nearest) || nearest <= horizonDays || nearest < MIN_SILENT_DAYS) {
      return "";
    }
    double typicalGap = (span - nearest) / count; // the orders' own span, without the silence
    if (nearest < GAPS * typicalGap) {
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
