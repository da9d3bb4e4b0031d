package dev.undercurrent.core.signals;

import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.model.CustomerSignals;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsOfCheckTest {
  private static final SignalCatalog CATALOG = SignalCatalog.of(Set.of(SignalGroup.ORDERS), List.of(), List.of());

  /** Customers with the given (recency_days, frequency, tenure_days); every other signal 0. */
  private static CustomerSignals customers(double[]... rows) {
    int r = CATALOG.indexOf(SignalCatalog.RECENCY_DAYS);
    int f = CATALOG.indexOf(SignalCatalog.FREQUENCY);
    int t = CATALOG.indexOf(SignalCatalog.TENURE_DAYS);
    double[][] values = new double[rows.length][CATALOG.size()];
    String[] ids = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      values[i][r] = rows[i][0];
      values[i][f] = rows[i][1];
      values[i][t] = rows[i][2];
      ids[i] = "c" + i;
    }
    return new CustomerSignals(ids, CATALOG, values);
  }

  @Test
  void anAsOfAYearPastTheLatestOrderIsNamedWithTheDayThatWouldFollowIt() {
    // UCI Online Retail ends on 2011-12-09 (a sale at 12:50) after a year of orders; as_of typed a year late
    LocalDate asOf = LocalDate.of(2013, 1, 1);
    double latest = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2011, 12, 9), asOf) - 12.83 / 24;
    String said = AsOfCheck.caution(customers(new double[] {latest + 40, 30, latest + 373},
        new double[] {latest, 20, latest + 300}), asOf, 90);
    assertEquals("as_of 2013-01-01 is 389 days after the latest order (2011-12-09), more than the 90-day horizon:"
        + " every customer reads as lapsed and the latest horizons hold no order; if the data end there, set as_of"
        + " to 2011-12-10 or leave it out to take that day", said);
  }

  @Test
  void aSilenceWithinTheHorizonOrOrdinaryForTheBusinessIsNotCautioned() {
    LocalDate asOf = LocalDate.of(2025, 12, 29);
    assertEquals("", AsOfCheck.caution(customers(new double[] {200, 2, 700}, new double[] {89.5, 4, 700}), asOf, 90),
        "an order within the horizon");
    assertEquals("", AsOfCheck.caution(customers(new double[] {90, 200, 700}), asOf, 90), "exactly one horizon back");
    assertFalse(AsOfCheck.caution(customers(new double[] {91, 200, 700}), asOf, 90).isEmpty());
    // a small shop on a 7-day horizon: 20 orders a year, none in the last 10 or 40 days
    assertEquals("", AsOfCheck.caution(customers(new double[] {10, 20, 365}), asOf, 7), "under 30 days");
    assertEquals("", AsOfCheck.caution(customers(new double[] {40, 20, 365}), asOf, 7),
        "40 days is under ten of its 16-day gaps between orders");
    assertFalse(AsOfCheck.caution(customers(new double[] {40, 200, 365}), asOf, 7).isEmpty(),
        "but ten of a busier shop's 1.6-day gaps");
  }

  @Test
  void prospectsAndAPastBeyondTheSignalsCapAreReadAsSuch() {
    LocalDate asOf = LocalDate.of(2025, 12, 29);
    assertTrue(AsOfCheck.caution(customers(new double[] {5, 0, 5}, new double[] {400, 20, 800}), asOf, 90)
        .contains(" 400 days after the latest order (2024-11-24)"), "a prospect's recency counts from sign-up, not an order");
    assertTrue(AsOfCheck.caution(customers(new double[] {SignalCatalog.NEVER_DAYS, 1, SignalCatalog.NEVER_DAYS}), asOf, 90)
        .startsWith("as_of 2025-12-29 is more than 3650 days after the latest order"));
    assertEquals("", AsOfCheck.caution(customers(new double[] {5, 0, 5}), asOf, 90), "no buyer: nothing to measure by");
  }
}
