package dev.undercurrent.core.signals;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalCalculatorTest {
  private static final long DAY = 86_400;
  private static final LocalDate AS_OF = LocalDate.of(2025, 7, 1);
  private static final long CUT = SignalCalculator.cutoff(AS_OF);

  private final SignalCatalog catalog = SignalCatalog.of(
      EnumSet.allOf(SignalGroup.class), List.of("kitchen", "Home & Garden"), List.of("web", "app")).withClv();
  private final SignalCalculator calc = new SignalCalculator(catalog, 90);

  private static OrderLine order(long daysBefore, double revenue, String... cats) {
    return new OrderLine("o" + daysBefore, CUT - daysBefore * DAY, revenue, revenue * 0.6, 0, 0, "web", null, List.of(cats));
  }

  private CustomerHistory history(List<OrderLine> extraOrders, List<EventLine> extraEvents, List<MarketingTouch> extraTouches) {
    List<OrderLine> orders = new ArrayList<>(List.of(order(200, 100, "kitchen"), order(100, 50, "Home & Garden"), order(10, 80, "kitchen")));
    orders.addAll(extraOrders);
    List<EventLine> events = new ArrayList<>(List.of(new EventLine(CUT - 5 * DAY, "app_session", null, 0),
        new EventLine(CUT - 100 * DAY, "web_session", null, 0), new EventLine(CUT - 20 * DAY, "support_ticket", null, 0)));
    events.addAll(extraEvents);
    List<MarketingTouch> touches = new ArrayList<>(List.of(
        new MarketingTouch(CUT - 30 * DAY, "email", "k1", "10pct", true, true, true, false)));
    touches.addAll(extraTouches);
    return new CustomerHistory("c1", Long.MIN_VALUE, orders, events, touches);
  }

  private double get(double[] s, String name) {
    return s[catalog.indexOf(name)];
  }

  @Test
  void rowsAtOrAfterTheCutoffChangeNothing() {
    double[] before = calc.compute(history(List.of(), List.of(), List.of()), CUT);
    double[] withFuture = calc.compute(history(
        List.of(order(0, 999, "garden"), new OrderLine("late", CUT + 40 * DAY, 5000, 1, 0, 0, "app", "k9", List.of("toys"))),
        List.of(new EventLine(CUT, "product_view", null, 0), new EventLine(CUT + DAY, "support_ticket", null, 0)),
        List.of(new MarketingTouch(CUT + 3600, "sms", "k2", "20pct", true, true, true, true))), CUT);
    assertArrayEquals(before, withFuture, 0.0);
    // the same rows a day earlier do change the signals: the test can fail
    double[] withPast = calc.compute(history(List.of(order(1, 999, "garden")), List.of(), List.of()), CUT);
    assertNotEquals(get(before, SignalCatalog.RECENCY_DAYS), get(withPast, SignalCatalog.RECENCY_DAYS));
  }

  @Test
  void outcomesOfTheLastWeeksSendsAndReturnsOfTheLastMonthsOrdersAreNotYetKnown() {
    // A send a day before the cut-off that converted two days after it: the conversion is in the
    // label's horizon, so the signals at the cut-off must not see it.
    double[] plain = calc.compute(history(List.of(), List.of(),
        List.of(new MarketingTouch(CUT - DAY, "email", "k4", "10pct", false, false, false, false))), CUT);
    double[] converted = calc.compute(history(List.of(), List.of(),
        List.of(new MarketingTouch(CUT - DAY, "email", "k4", "10pct", true, true, true, true))), CUT);
    assertArrayEquals(plain, converted, 0.0);
    assertEquals(2, get(plain, SignalCatalog.SENDS_90D), "the send itself is known at once");
    // older than a week, the same outcome counts: the test can fail
    double[] weekOld = calc.compute(history(List.of(), List.of(),
        List.of(new MarketingTouch(CUT - 8 * DAY, "email", "k4", "10pct", true, true, true, true))), CUT);
    assertNotEquals(get(plain, SignalCatalog.CONVERSION_RATE), get(weekOld, SignalCatalog.CONVERSION_RATE));
    // An order five days before the cut-off, returned after it: its return is not known yet.
    double[] kept = calc.compute(history(List.of(new OrderLine("r", CUT - 5 * DAY, 100, 40, 0, 0, "web", null, List.of())),
        List.of(), List.of()), CUT);
    double[] returned = calc.compute(history(List.of(new OrderLine("r", CUT - 5 * DAY, 100, 40, 0, 80, "web", null, List.of())),
        List.of(), List.of()), CUT);
    assertArrayEquals(kept, returned, 0.0);
    double[] oldReturn = calc.compute(history(List.of(new OrderLine("r", CUT - 40 * DAY, 100, 40, 0, 80, "web", null, List.of())),
        List.of(), List.of()), CUT);
    double[] oldKept = calc.compute(history(List.of(new OrderLine("r", CUT - 40 * DAY, 100, 40, 0, 0, "web", null, List.of())),
        List.of(), List.of()), CUT);
    assertEquals(get(oldKept, SignalCatalog.MONETARY_TOTAL) - 80, get(oldReturn, SignalCatalog.MONETARY_TOTAL), 1e-9);
  }

  @Test
  void timingAndValueSignalsFollowTheirDefinitions() {
    double[] s = calc.compute(history(List.of(), List.of(), List.of()), CUT);
    assertEquals(10, get(s, SignalCatalog.RECENCY_DAYS), 1e-9);
    assertEquals(3, get(s, SignalCatalog.FREQUENCY));
    assertEquals(230, get(s, SignalCatalog.MONETARY_TOTAL), 1e-9);
    assertEquals(200, get(s, SignalCatalog.TENURE_DAYS), 1e-9);
    assertEquals(95, get(s, SignalCatalog.TYPICAL_GAP_DAYS), 1e-9); // gaps 100 and 90
    assertEquals(10 / 95.0, get(s, SignalCatalog.GAP_RATIO), 1e-9);
    assertEquals(80, get(s, SignalCatalog.REVENUE_90D), 1e-9);
    assertEquals(50, get(s, SignalCatalog.REVENUE_PREV_90D), 1e-9);
    assertEquals(0.4, get(s, SignalCatalog.MARGIN_RATE), 1e-9);
    assertEquals(180.0 / 230, get(s, SignalCatalog.categorySignal("kitchen")), 1e-9);
    assertEquals(50.0 / 230, get(s, "category_share_home_garden"), 1e-9);
    assertEquals(1, get(s, SignalCatalog.SESSIONS_90D));
    assertEquals(1, get(s, SignalCatalog.APP_SESSION_SHARE));
    assertEquals(1, get(s, SignalCatalog.SUPPORT_TICKETS_180D));
    assertEquals(0.5, get(s, SignalCatalog.OPEN_RATE_90D), 1e-9); // add-one smoothed: 1 of 1 send
    assertEquals(30, get(s, SignalCatalog.DAYS_SINCE_LAST_OPEN), 1e-9); // the send opened 30 days ago
    // a later send that was neither opened nor clicked does not count as a sign of life; one that
    // was clicked without a recorded open does
    double[] unopened = calc.compute(history(List.of(), List.of(),
        List.of(new MarketingTouch(CUT - 5 * DAY, "email", "k3", null, false, false, false, false))), CUT);
    assertEquals(30, get(unopened, SignalCatalog.DAYS_SINCE_LAST_OPEN), 1e-9);
    double[] clicked = calc.compute(history(List.of(), List.of(),
        List.of(new MarketingTouch(CUT - 8 * DAY, "email", "k3", null, false, true, false, false))), CUT);
    assertEquals(8, get(clicked, SignalCatalog.DAYS_SINCE_LAST_OPEN), 1e-9);
    assertTrue(Double.isNaN(get(s, SignalCatalog.P_ALIVE)), "lifetime-value signals are filled by the CLV stage");
  }

  @Test
  void categoryViewsCountProductInterestOfTheLastYearByCategory() {
    double[] s = calc.compute(history(List.of(), List.of(
        new EventLine(CUT - 3 * DAY, "product_view", " Home & Garden", 0),
        new EventLine(CUT - 200 * DAY, "cart_add", "home & garden", 0),
        new EventLine(CUT - 40 * DAY, "content_view", "home & garden", 0), // content, not a product
        new EventLine(CUT - 400 * DAY, "product_view", "home & garden", 0), // over a year ago
        new EventLine(CUT - 2 * DAY, "product_view", "kitchen", 0),
        new EventLine(CUT + DAY, "product_view", "kitchen", 0)), List.of()), CUT); // after the cut
    assertEquals(2, get(s, SignalCatalog.categoryViewsSignal("Home & Garden")));
    assertEquals(1, get(s, "category_views_kitchen"));
  }

  @Test
  void horizonOutcomeCountsOnlyTheWindow() {
    CustomerHistory h = history(List.of(order(0, 40), new OrderLine("x", CUT + 89 * DAY, 60, 1, 0, 10, "web", null, List.of()),
        new OrderLine("y", CUT + 90 * DAY, 1000, 1, 0, 0, "web", null, List.of())), List.of(), List.of());
    HorizonOutcome y = HorizonOutcome.of(h, CUT, 90);
    assertEquals(40 + 60 - 10, y.netRevenue(), 1e-9);
    assertTrue(y.bought());
  }

  /**
   * Spark collects an order's item categories in whatever order the shuffle delivers them
   * ({@code collect_list}); no signal may depend on that order, to the last bit (forty categories,
   * so that several share a bucket of the per-category spend table).
   */
  @Test
  void theOrderOfAnOrdersCategoriesDoesNotMoveAnySignal() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add("cat" + i);
    }
    SignalCatalog wide = SignalCatalog.of(EnumSet.allOf(SignalGroup.class), names.subList(0, 5), List.of("web"));
    SignalCalculator wideCalc = new SignalCalculator(wide, 90);
    double[] first = null;
    for (int trial = 0; trial < 40; trial++) {
      java.util.Random shuffle = new java.util.Random(trial);
      List<OrderLine> orders = new ArrayList<>();
      for (int o = 0; o < 12; o++) {
        List<String> cats = new ArrayList<>(names);
        Collections.shuffle(cats, shuffle);
        // each order: the same categories (a third of them), in the order this trial's shuffle gives
        List<String> chosen = new ArrayList<>();
        for (String c : cats) {
          if (Math.floorMod(c.hashCode() + o, 3) == 0) {
            chosen.add(c);
          }
        }
        orders.add(new OrderLine("o" + o, CUT - (o * 9L + 1) * DAY, 10 + (o * 7.31 + 0.137) * (1 + o % 3) / 3.0,
            Double.NaN, 0, 0, "web", null, chosen));
      }
      double[] s = wideCalc.compute(new CustomerHistory("c1", Long.MIN_VALUE, orders, List.of(), List.of()), CUT);
      if (first == null) {
        first = s;
      }
      for (int j = 0; j < s.length; j++) {
        String name = wide.names().get(j);
        assertEquals(Double.doubleToLongBits(first[j]), Double.doubleToLongBits(s[j]),
            () -> "signal " + name + " differs with another category order");
      }
    }
  }
}
