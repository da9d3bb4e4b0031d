package dev.undercurrent.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDNOW 1/10 sample (2,357 customers, 39-week calibration from 1997-01-01, weeks), against
 * Fader, Hardie &amp; Lee (2005) and the figures collected in shared/data/cdnow/README.md.
 */
class CdnowReferenceTest {
  static final ClvPeriod PERIOD =
      new ClvPeriod(LocalDate.of(1997, 9, 30), LocalDate.of(1998, 6, 30), ClvTimeUnit.WEEK);

  static List<CustomerActivity> customers;
  static ClvSummary summary;

  @BeforeAll
  static void fit() {
    summary = ClvSummary.fit(customers(), PERIOD, FitOptions.defaults());
  }

  /** The sample's customers, read once per JVM. */
  static synchronized List<CustomerActivity> customers() {
    if (customers == null) {
      customers = CustomerActivity.fromPurchases(SharedData.cdnowSample(), PERIOD);
    }
    return customers;
  }

  private static void assertWithinPercent(double expected, double actual, double percent) {
    assertEquals(
        expected,
        actual,
        Math.abs(expected) * percent / 100,
        () -> "expected " + expected + " within " + percent + "%, found " + actual);
  }

  @Test
  void calibrationSummaryMatchesTheReadme() {
    assertEquals(2357, customers.size());
    assertEquals(2457, customers.stream().mapToInt(CustomerActivity::frequency).sum());
    assertEquals(946, customers.stream().filter(c -> c.frequency() > 0).count());
    assertEquals(1882, customers.stream().mapToInt(CustomerActivity::holdoutTransactions).sum());
    double meanSpend =
        customers.stream()
            .filter(c -> c.frequency() > 0)
            .mapToDouble(CustomerActivity::averageRepeatValue)
            .average()
            .orElseThrow();
    assertEquals(35.08, meanSpend, 0.005);
    // a customer whose first purchase was on 1997-01-01: T = 272 / 7
    CustomerActivity first = customers.get(0);
    assertEquals("0001", first.customerId());
    assertEquals(272 / 7.0, first.age(), 1e-12);
  }

  @Test
  void bgNbdMatchesThePaper() {
    BgNbdModel m = summary.bgNbd();
    assertWithinPercent(0.243, m.r(), 1);
    assertWithinPercent(4.414, m.alpha(), 1);
    assertWithinPercent(0.793, m.a(), 1);
    assertWithinPercent(2.426, m.b(), 1);
    assertEquals(-9582.4, m.logLikelihood(), 0.1);
  }

  @Test
  void paretoNbdMatchesThePaper() {
    ParetoNbdModel m = summary.paretoNbd();
    assertWithinPercent(0.553, m.r(), 1);
    assertWithinPercent(10.578, m.alpha(), 1);
    assertWithinPercent(0.606, m.s(), 1);
    assertWithinPercent(11.669, m.beta(), 1);
    assertEquals(-9595.0, m.logLikelihood(), 0.1);
  }

  @Test
  void gammaGammaMatchesThePaper() {
    GammaGammaModel m = summary.gammaGamma();
    assertEquals(946, m.customers());
    assertWithinPercent(6.25, m.p(), 1);
    assertWithinPercent(3.74, m.q(), 1);
    assertWithinPercent(15.44, m.gamma(), 1);
    assertEquals(-4055.92, m.logLikelihood(), 0.05);
  }

  @Test
  void holdoutForecastsMatchThePaper() {
    HoldoutComparison h = summary.holdout();
    assertEquals(39, h.length(), 1e-12);
    assertEquals(1882, h.actualRepeatTransactions());
    assertWithinPercent(1668.8, h.bgNbdPredicted(), 1);
    assertWithinPercent(1744.9, h.paretoNbdPredicted(), 1);
  }

  @Test
  void daysAsTimeUnitScaleOnlyTheRateParameters() {
    ClvPeriod days = new ClvPeriod(PERIOD.calibrationEnd(), PERIOD.holdoutEnd(), ClvTimeUnit.DAY);
    ClvSummary inDays =
        ClvSummary.fit(
            CustomerActivity.fromPurchases(SharedData.cdnowSample(), days),
            days,
            FitOptions.defaults());
    assertWithinPercent(summary.bgNbd().r(), inDays.bgNbd().r(), 0.01);
    assertWithinPercent(7 * summary.bgNbd().alpha(), inDays.bgNbd().alpha(), 0.01);
    assertWithinPercent(summary.bgNbd().a(), inDays.bgNbd().a(), 0.01);
    assertWithinPercent(7 * summary.paretoNbd().beta(), inDays.paretoNbd().beta(), 0.01);
    // x ln 7 per customer: the likelihood of the same data in days differs by sum(x) ln 7
    assertEquals(
        summary.bgNbd().logLikelihood() - 2457 * Math.log(7), inDays.bgNbd().logLikelihood(), 1e-3);
    assertWithinPercent(
        summary.holdout().bgNbdPredicted(), inDays.holdout().bgNbdPredicted(), 0.01);
    assertWithinPercent(
        summary.holdout().paretoNbdPredicted(), inDays.holdout().paretoNbdPredicted(), 0.01);
  }

  @Test
  void jsonHasTheContractKeys() {
    ObjectNode json = summary.toJson();
    assertEquals(2357, json.get("customers").asLong());
    assertEquals(
        List.of("customers", "bgnbd", "pareto_nbd", "gamma_gamma", "holdout"),
        iterable(json.fieldNames()));
    assertEquals(
        List.of("r", "alpha", "a", "b", "log_likelihood"),
        iterable(json.get("bgnbd").fieldNames()));
    assertEquals(
        List.of("r", "alpha", "s", "beta", "log_likelihood"),
        iterable(json.get("pareto_nbd").fieldNames()));
    assertEquals(
        List.of("p", "q", "gamma", "log_likelihood", "customers"),
        iterable(json.get("gamma_gamma").fieldNames()));
    assertEquals(
        List.of("actual_repeat_transactions", "bgnbd_predicted", "pareto_nbd_predicted"),
        iterable(json.get("holdout").fieldNames()));
    assertEquals(1882, json.get("holdout").get("actual_repeat_transactions").asLong());
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
