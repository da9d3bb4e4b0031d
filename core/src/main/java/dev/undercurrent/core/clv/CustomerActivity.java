package dev.undercurrent.core.clv;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One customer's summary for the lifetime-value models, in the notation of Fader, Hardie &amp; Lee
 * (2005), "'Counting Your Customers' the Easy Way", Marketing Science 24(2): x repeat transactions
 * in the calibration period, the last of them at t<sub>x</sub>, observed for T, all counted in time
 * units from the customer's first purchase.
 *
 * <p>The conventions are the literature's and live only in {@link #fromPurchaseDays}: purchases on
 * the same day are one transaction (their amounts add up), the first purchase is not a repeat, a
 * customer whose first purchase is after the calibration end is not a customer yet, and the average
 * repeat value is the mean value of the repeat transactions in the calibration period.
 *
 * @param frequency x, the number of repeat transactions in the calibration period
 * @param recency t<sub>x</sub>, the time from the first purchase to the last repeat transaction (0
 *     when x = 0)
 * @param age T, the time from the first purchase to the calibration end
 * @param averageRepeatValue the mean value of the repeat transactions, {@code NaN} when x = 0
 * @param holdoutTransactions transactions (distinct days) in the holdout period, 0 without one
 */
public record CustomerActivity(
    String customerId,
    int frequency,
    double recency,
    double age,
    double averageRepeatValue,
    int holdoutTransactions)
    implements Serializable {

  public CustomerActivity {
    if (frequency < 0) {
      throw new IllegalArgumentException(
          "frequency of customer " + customerId + ": found " + frequency + ", expected >= 0");
    }
    if (!(age >= 0) || !(recency >= 0) || recency > age) {
      throw new IllegalArgumentException(
          "recency/age of customer "
              + customerId
              + ": found t_x="
              + recency
              + ", T="
              + age
              + ", expected 0 <= t_x <= T");
    }
    if (frequency == 0 && recency != 0) {
      throw new IllegalArgumentException(
          "recency of customer " + customerId + ": found " + recency + " with x = 0, expected 0");
    }
    if (holdoutTransactions < 0) {
      throw new IllegalArgumentException(
          "holdout transactions of customer "
              + customerId
              + ": found "
              + holdoutTransactions
              + ", expected >= 0");
    }
  }

  /**
   * Turns one customer's purchases into the summary, applying the conventions above. This is the
   * one implementation of the conventions: the Spark adapter groups purchases by customer and calls
   * it.
   *
   * @param epochDays purchase days ({@code LocalDate.toEpochDay()}), any order, repeats allowed
   * @param amounts the purchase values, parallel to {@code epochDays}; {@code null} when the data
   *     has no amounts (the average repeat value is then {@code NaN})
   * @return empty when the customer has no purchase on or before the calibration end
   */
  public static Optional<CustomerActivity> fromPurchaseDays(
      String customerId, long[] epochDays, double[] amounts, ClvPeriod period) {
    Objects.requireNonNull(epochDays, "epochDays");
    if (amounts != null && amounts.length != epochDays.length) {
      throw new IllegalArgumentException(
          "amounts of customer "
              + customerId
              + ": found "
              + amounts.length
              + " values for "
              + epochDays.length
              + " purchase days, expected one per day");
    }
    int n = epochDays.length;
    long[] days = epochDays;
    double[] values = amounts;
    if (!isSorted(epochDays)) {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (i, j) -> Long.compare(epochDays[i], epochDays[j]));
      days = new long[n];
      values = amounts == null ? null : new double[n];
      for (int i = 0; i < n; i++) {
        days[i] = epochDays[order[i]];
        if (values != null) {
          values[i] = amounts[order[i]];
        }
      }
    }
    long calibrationEnd = period.calibrationEndEpochDay();
    long holdoutEnd = period.holdoutEndEpochDay();
    if (n == 0 || days[0] > calibrationEnd) {
      return Optional.empty();
    }
    long first = days[0];
    int repeats = 0;
    long lastRepeat = first;
    double repeatValue = 0;
    int holdout = 0;
    int i = 0;
    while (i < n) {
      long day = days[i];
      double dayValue = 0;
      while (i < n && days[i] == day) {
        dayValue += values == null ? 0 : values[i];
        i++;
      }
      if (day == first) {
        continue;
      }
      if (day <= calibrationEnd) {
        repeats++;
        lastRepeat = day;
        repeatValue += dayValue;
      } else if (day <= holdoutEnd) {
        holdout++;
      }
    }
    ClvTimeUnit unit = period.timeUnit();
    double average = repeats == 0 || values == null ? Double.NaN : repeatValue / repeats;
    return Optional.of(
        new CustomerActivity(
            customerId,
            repeats,
            unit.fromDays(lastRepeat - first),
            unit.fromDays(calibrationEnd - first),
            average,
            holdout));
  }

  /**
   * Groups purchases by customer and summarises each with {@link #fromPurchaseDays}. Holds all
   * purchases in memory: for data that does not fit, group elsewhere (Spark) and call {@link
   * #fromPurchaseDays} per customer.
   *
   * @return the customers with a purchase on or before the calibration end, ordered by id
   */
  public static List<CustomerActivity> fromPurchases(
      Collection<Purchase> purchases, ClvPeriod period) {
    Map<String, List<Purchase>> byCustomer = new TreeMap<>();
    for (Purchase p : purchases) {
      byCustomer.computeIfAbsent(p.customerId(), k -> new ArrayList<>()).add(p);
    }
    List<CustomerActivity> out = new ArrayList<>(byCustomer.size());
    for (Map.Entry<String, List<Purchase>> e : byCustomer.entrySet()) {
      List<Purchase> list = e.getValue();
      long[] days = new long[list.size()];
      double[] amounts = new double[list.size()];
      for (int i = 0; i < days.length; i++) {
        days[i] = list.get(i).epochDay();
        amounts[i] = list.get(i).amount();
      }
      fromPurchaseDays(e.getKey(), days, amounts, period).ifPresent(out::add);
    }
    return out;
  }

  private static boolean isSorted(long[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i] < a[i - 1]) {
        return false;
      }
    }
    return true;
  }
}
