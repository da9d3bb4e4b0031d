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
