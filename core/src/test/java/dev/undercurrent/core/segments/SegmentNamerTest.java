package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.signals.SignalCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentNamerTest {

  /** Traits with the given (signal, effect) pairs; churn and value as given. */
  private static SegmentTraits traits(int id, double predicted, double churn, Object... signalEffects) {
    List<SegmentSignal> s = new ArrayList<>();
    for (int i = 0; i < signalEffects.length; i += 2) {
      String name = (String) signalEffects[i];
      double e = (Double) signalEffects[i + 1];
      s.add(new SegmentSignal(id, name, SignalCatalog.BASE.stream()
          .filter(x -> x.name().equals(name)).findFirst().orElseThrow().label(), 1 + e, 1, e, 0));
    }
    s.sort(Comparator.comparingDouble((SegmentSignal x) -> -Math.abs(x.effectSize())));
    return new SegmentTraits(id, 1_234, 0.123, 0.2, predicted, churn, 100, 0.3, s);
  }

  @Test
  void lapsedAppBrowsersWithHeavyDiscountUse() {
    SegmentTraits t = traits(0, 80, 0.6,
        SignalCatalog.GAP_RATIO, 1.2, SignalCatalog.APP_SESSION_SHARE, 0.9,
        SignalCatalog.ENGAGEMENT_90D, 0.8, SignalCatalog.DISCOUNT_RATE, 0.7);
    assertEquals("Lapsed app browsers, heavy discount use", SegmentNamer.baseName(t));
  }

  @Test
  void highValueLoyalRegulars() {
    SegmentTraits t = traits(0, 400, 0.1,
        SignalCatalog.MONETARY_TOTAL, 1.5, SignalCatalog.FREQUENCY, 1.2,
        SignalCatalog.RECENCY_DAYS, -0.6);
    assertEquals("High-value loyal regulars", SegmentNamer.baseName(t));
  }

  @Test
  void risingNewcomers() {
    SegmentTraits t = traits(0, 100, 0.3,
        SignalCatalog.TENURE_DAYS, -1.1, SignalCatalog.REVENUE_TREND, 0.8);
    assertEquals("Rising newcomers", SegmentNamer.baseName(t));
  }

  @Test
  void atRiskAndHolidayAndReturns() {
    SegmentTraits t = traits(0, 100, 0.6,
        SignalCatalog.Q4_REVENUE_SHARE, 1.0, SignalCatalog.RETURN_RATE, 0.6);
    assertEquals("At-risk holiday shoppers, frequent returns", SegmentNamer.baseName(t));
  }

  @Test
  void aSegmentLikeTheAverageIsMainstream() {
    SegmentTraits t = traits(0, 100, 0.3, SignalCatalog.FREQUENCY, 0.1);
    assertEquals("Mainstream customers", SegmentNamer.baseName(t));
  }

  @Test
  void recentBuyersLessLikelyToChurnAreActiveNotMainstream() {
    // value 1.3× the average (short of high-value), ordered lately, churn 15 points below
    SegmentTraits t = traits(0, 130, 0.15, SignalCatalog.RECENCY_DAYS, -0.9, SignalCatalog.FREQUENCY, 0.2);
    assertEquals("Active customers", SegmentNamer.baseName(t));
    // recent but as likely to churn as anyone: nothing to say
    SegmentTraits same = traits(0, 130, 0.28, SignalCatalog.RECENCY_DAYS, -0.9);
    assertEquals("Mainstream customers", SegmentNamer.baseName(same));
  }

  @Test
  void aLongGapThatTheModelExpectsToEndIsNotLapsed() {
    // The Complete Journey: long gaps for the data's window, yet a 74% chance to order
    SegmentTraits t = traits(0, 60, 0.264, SignalCatalog.GAP_RATIO, 1.1);
    assertTrue(!SegmentNamer.baseName(t).toLowerCase(java.util.Locale.ROOT).contains("lapsed"), SegmentNamer.baseName(t));
  }

  @Test
  void lowSpendOccasionalBuyers() {
    SegmentTraits t = traits(0, 30, 0.3,
        SignalCatalog.MONETARY_TOTAL, -0.4, SignalCatalog.FREQUENCY, -0.7);
    assertEquals("Low-spend occasional buyers", SegmentNamer.baseName(t));
  }

  /** Traits of a segment of the given size and predicted value, population value 253. */
  private static SegmentTraits sized(int id, long customers, double predicted, Object... signalEffects) {
    SegmentTraits t = traits(id, predicted, 0.3, signalEffects);
    return new SegmentTraits(id, customers, 0.25, 0.25, predicted, 0.3, 253, 0.3, t.signals());
  }

  @Test
  void lowSpendIsJudgedAgainstTheTypicalSegmentNotAMeanOneSegmentLifts() {
    // UCI Online Retail's shape: one segment of 22% worth 1,000 lifts the mean to 253, and every
    // other segment was "low-spend" against it; against the typical segment (60) only the 20 is
    List<SegmentTraits> four = List.of(
        sized(0, 220, 1000, SignalCatalog.MONETARY_TOTAL, 1.4),
        sized(1, 300, 60, SignalCatalog.MONETARY_TOTAL, -0.2),
        sized(2, 280, 40, SignalCatalog.MONETARY_TOTAL, -0.25),
        sized(3, 200, 20, SignalCatalog.MONETARY_TOTAL, -0.3));
    assertEquals(60, SegmentNamer.typicalPredictedValue(four), 1e-12);
    List<SegmentName> names = SegmentNamer.name(four);
    assertEquals("High-value customers", names.get(0).name());
    assertTrue(names.get(3).name().startsWith("Low-spend"), names.get(3).name());
    for (int i = 1; i < 3; i++) {
      assertTrue(!names.get(i).name().startsWith("Low-spend"), names.get(i).name());
    }
  }

  @Test
  void newcomersWithOneOrderAreFirstTimeBuyersNotRising() {
    // a first order makes revenue_trend log1p(revenue) against an empty earlier window
    List<SegmentSignal> s = List.of(
        new SegmentSignal(0, SignalCatalog.TENURE_DAYS, "tenure", 40, 400, -1.2, 1),
        new SegmentSignal(0, SignalCatalog.REVENUE_TREND, "trend", 3.1, 0.2, 1.0, 2),
        new SegmentSignal(0, SignalCatalog.FREQUENCY, "orders", 1.1, 4.0, -0.6, 3));
    SegmentTraits first = new SegmentTraits(0, 100, 0.1, 0.05, 50, 0.5, 100, 0.4, s);
    assertEquals("First-time buyers", SegmentNamer.baseName(first));
    List<SegmentSignal> repeat = List.of(s.get(0), s.get(1),
        new SegmentSignal(0, SignalCatalog.FREQUENCY, "orders", 2.6, 4.0, -0.3, 3));
    assertEquals("Rising newcomers",
        SegmentNamer.baseName(new SegmentTraits(0, 100, 0.1, 0.05, 80, 0.3, 100, 0.4, repeat)));
    // a short history: 214 days of 275 on average is short against the rest, not new
    List<SegmentSignal> shortHistory = List.of(
        new SegmentSignal(0, SignalCatalog.TENURE_DAYS, "tenure", 214, 262, -0.9, 1),
        new SegmentSignal(0, SignalCatalog.FREQUENCY, "orders", 6, 9, -0.3, 2));
    assertEquals("Mainstream customers",
        SegmentNamer.baseName(new SegmentTraits(0, 100, 0.1, 0.05, 80, 0.4, 100, 0.4, shortHistory)));
  }

  @Test
  void oneFactUnderTwoSignalsIsSaidOnce() {
    // under a year of history, revenue in the last 365 days is the revenue to date
    List<SegmentSignal> s = List.of(
        new SegmentSignal(0, SignalCatalog.MONETARY_TOTAL, "net revenue to date", 900, 300, 1.5, 1),
        new SegmentSignal(0, SignalCatalog.REVENUE_365D, "revenue in the last 365 days", 900, 300, 1.5, 2),
        new SegmentSignal(0, SignalCatalog.FREQUENCY, "orders", 7, 3, 0.9, 3));
    String d = SegmentNamer.describe(new SegmentTraits(0, 100, 0.1, 0.3, 400, 0.2, 100, 0.4, s));
    assertTrue(d.contains("net revenue to date 900 vs 300; orders 7.00 vs 3.00."), d);
    assertTrue(!d.contains("last 365 days"), d);
  }

  @Test
  void namesAreUniqueWithinARun() {
    SegmentTraits a = traits(0, 100, 0.6, SignalCatalog.GAP_RATIO, 1.0, SignalCatalog.CHANNEL_COUNT, 0.4);
    SegmentTraits b = traits(1, 100, 0.6, SignalCatalog.GAP_RATIO, 1.1, SignalCatalog.CHANNEL_COUNT, -0.3);
    SegmentTraits c = traits(2, 100, 0.6, SignalCatalog.GAP_RATIO, 0.9);
    List<SegmentName> names = SegmentNamer.name(List.of(a, b, c));
    assertEquals("Lapsed customers, high current silence relative to own typical gap", names.get(0).name());
    assertTrue(names.get(1).name().startsWith("Lapsed customers"), names.get(1).name());
    assertNotEquals(names.get(0).name(), names.get(1).name());
    assertNotEquals(names.get(1).name(), names.get(2).name());
    assertNotEquals(names.get(0).name(), names.get(2).name());
  }

  @Test
  void descriptionCarriesTheNumbers() {
    SegmentTraits t = traits(0, 250, 0.15, SignalCatalog.MONETARY_TOTAL, 1.5);
    String d = SegmentNamer.name(List.of(t)).get(0).description();
    assertTrue(d.startsWith("1,234 customers (12.3% of all customers, 20.0% of revenue to date)."), d);
    assertTrue(d.contains("spend 250 each over the horizon against 100 on average"), d);
    assertTrue(d.contains("15.0% chance"), d);
    assertTrue(d.contains("net revenue to date 2.50 vs 1.00"), d);
  }
}
