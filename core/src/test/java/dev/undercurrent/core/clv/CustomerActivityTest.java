package dev.undercurrent.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The literature's conventions on a tiny explicit history. */
class CustomerActivityTest {
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static final ClvPeriod WEEKS =
      new ClvPeriod(START.plusDays(28), START.plusDays(56), ClvTimeUnit.WEEK);

  private static Purchase buy(String id, int day, double amount) {
    return Purchase.of(id, START.plusDays(day), amount);
  }

  @Test
  void sameDayPurchasesAreOneTransactionAndTheFirstIsNotARepeat() {
    List<CustomerActivity> out =
        CustomerActivity.fromPurchases(
            List.of(
                buy("a", 14, 40), // out of order on purpose
                buy("a", 0, 10),
                buy("a", 0, 5), // same day as the first: still the first purchase
                buy("a", 7, 20),
                buy("a", 7, 10), // same day: one transaction worth 30
                buy("a", 28, 2), // on the calibration end: inside calibration
                buy("a", 29, 99), // holdout
                buy("a", 29, 1), // holdout, same day
                buy("a", 56, 3), // holdout end: inside holdout
                buy("a", 57, 1000)), // after the holdout: ignored
            WEEKS);
    assertEquals(1, out.size());
    CustomerActivity a = out.get(0);
    assertEquals(3, a.frequency());
    assertEquals(4.0, a.recency(), 1e-12);
    assertEquals(4.0, a.age(), 1e-12);
    assertEquals((30 + 40 + 2) / 3.0, a.averageRepeatValue(), 1e-12);
    assertEquals(2, a.holdoutTransactions());
  }

  @Test
  void customersFirstSeenAfterTheCalibrationEndAreNotCustomersYet() {
    List<CustomerActivity> out =
        CustomerActivity.fromPurchases(
            List.of(buy("late", 29, 10), buy("late", 30, 10), buy("once", 3, 10)), WEEKS);
    assertEquals(1, out.size());
    CustomerActivity once = out.get(0);
    assertEquals("once", once.customerId());
    assertEquals(0, once.frequency());
    assertEquals(0, once.recency());
    assertEquals(25 / 7.0, once.age(), 1e-12);
    assertTrue(Double.isNaN(once.averageRepeatValue()));
  }

  @Test
  void daysAsTimeUnitAndNoAmounts() {
    ClvPeriod days = ClvPeriod.calibrationOnly(START.plusDays(10), ClvTimeUnit.DAY);
    CustomerActivity c =
        CustomerActivity.fromPurchaseDays(
                "d",
                new long[] {
                  START.toEpochDay() + 2, START.toEpochDay() + 5, START.toEpochDay() + 40
                },
                null,
                days)
            .orElseThrow();
    assertEquals(1, c.frequency());
    assertEquals(3, c.recency(), 0);
    assertEquals(8, c.age(), 0);
    assertEquals(0, c.holdoutTransactions());
    assertTrue(Double.isNaN(c.averageRepeatValue()));
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ClvPeriod(START, START.minusDays(1), ClvTimeUnit.DAY));
    assertTrue(e.getMessage().contains("holdout end"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ClvTimeUnit.parse("month"));
    assertTrue(e.getMessage().contains("month"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CustomerActivity("x", 1, 5, 4, 1, 0));
  }
}
