package dev.undercurrent.core.signals;

import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.model.CustomerSignals;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsOfCheckTest {
  private static final SignalCatalog CATALOG = SignalCatalog.of(Set.of(SignalGroup.ORDERS), List.of(), List.of());

  /** Customers with the given (recency_days, frequency); every other signal 0. */
  private static CustomerSignals customers(double[]... recencyAndOrders) {
    int r = CATALOG.indexOf(SignalCatalog.RECENCY_DAYS);
    int f = CATALOG.indexOf(SignalCatalog.FREQUENCY);
    double[][] values = new double[recencyAndOrders.length][CATALOG.size()];
    String[] ids = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      values[i][r] = recencyAndOrders[i][0];
      values[i][f] = recencyAndOrders[i][1];
      ids[i] = "c" + i;
    }
    return new CustomerSignals(ids, CATALOG, values);
  }

  @Test
  void anAsOfYearsPastTheLatestOrderIsNamedWithTheDayThatWouldFollowIt() {
    // UCI Online Retail ends on 2011-12-09 (a sale at 12:50); as_of typed a year late
    LocalDate asOf = LocalDate.of(2013, 1, 1);
    double latest = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2011, 12, 9), asOf) - 12.83 / 24;
    String said = AsOfCheck.caution(customers(new double[] {latest + 40, 3}, new double[] {latest, 1}), asOf, 90);
    assertEquals("as_of 2013-01-01 is 389 days after the latest order (2011-12-09), more than the 90-day horizon:"
        + " every customer reads as lapsed and the latest horizons hold no order; if the data end there, set as_of"
        + " to 2011-12-10 or leave it out to take that day", said);
  }

  @Test
  void aRecentOrderOrAPastBeyondTheSignalsCapIsSaidOrNot() {
    LocalDate asOf = LocalDate.of(2025, 12, 29);
    assertEquals("", AsOfCheck.caution(customers(new double[] {200, 2}, new double[] {89.5, 4}), asOf, 90),
        "an order within the horizon: nothing to say");
    assertEquals("", AsOfCheck.caution(customers(new double[] {90, 2}), asOf, 90), "exactly one horizon back");
    assertFalse(AsOfCheck.caution(customers(new double[] {91, 2}), asOf, 90).isEmpty());
    assertEquals("", AsOfCheck.caution(customers(new double[] {400, 2}, new double[] {300, 1}), asOf, 365));
    assertTrue(AsOfCheck.caution(customers(new double[] {5, 0}, new double[] {400, 2}), asOf, 90)
        .contains(" 400 days after the latest order (2024-11-24)"), "a prospect's recency counts from sign-up, not an order");
    assertTrue(AsOfCheck.caution(customers(new double[] {SignalCatalog.NEVER_DAYS, 1}), asOf, 90)
        .startsWith("as_of 2025-12-29 is more than 3650 days after the latest order"));
    assertEquals("", AsOfCheck.caution(customers(new double[] {5, 0}), asOf, 90), "no buyer: nothing to measure by");
  }
}
