package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentProfilerTest {
  private static final SignalCatalog CATALOG =
      SignalCatalog.of(Set.of(SignalGroup.ORDERS), List.of(), List.of());

  /** Six customers, two segments; every signal not set here is 0 for everyone (no spread). */
  private static CustomerSignals sixCustomers() {
    double[][] v = new double[6][CATALOG.size()];
    double[] recency = {10, 20, 30, 100, 110, 120};
    double[] monetary = {100, 100, 100, 50, 50, Double.NaN};
    for (int i = 0; i < 6; i++) {
      v[i][CATALOG.indexOf(SignalCatalog.RECENCY_DAYS)] = recency[i];
      v[i][CATALOG.indexOf(SignalCatalog.MONETARY_TOTAL)] = monetary[i];
      v[i][CATALOG.indexOf(SignalCatalog.FREQUENCY)] = 3;
      v[i][CATALOG.indexOf(SignalCatalog.MARGIN_RATE)] = Double.NaN;
    }
    return new CustomerSignals(new String[] {"a", "b", "c", "d", "e", "f"}, CATALOG, v);
  }

  private static CustomerScores sixScores() {
    return new CustomerScores(
        new double[] {10, 20, 30, Double.NaN, 5, 5},
        new double[] {0.1, 0.1, 0.1, 0.9, 0.8, 0.7},
        new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN},
        new float[][] {{0, 0}, {0, 1}, {1, 0}, {10, 0}, {10, 1}, {11, 0}});
  }

  private static SegmentSignal signal(SegmentProfile p, String name) {
    return p.signals().stream().filter(s -> s.signal().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void sizesSharesAndAveragesOfATinyTable() {
    List<SegmentProfile> profiles =
        SegmentProfiler.profile(sixCustomers(), sixScores(), new int[] {0, 0, 0, 1, 1, 1}, 2);
    SegmentProfile first = profiles.get(0);
    SegmentProfile second = profiles.get(1);
    assertEquals(3, first.customers());
    assertEquals(0.5, first.shareOfCustomers(), 1e-12);
    // Revenue to date 300 of 400 (the NaN customer counts for nothing).
    assertEquals(0.75, first.shareOfRevenue(), 1e-12);
    assertEquals(0.25, second.shareOfRevenue(), 1e-12);
    assertEquals(20, first.avgPredictedValue(), 1e-12);
    assertEquals(5, second.avgPredictedValue(), 1e-12);
    assertEquals(0.8, second.avgChurnProbability(), 1e-12);
  }

  @Test
  void effectSizesAreStandardizedMeanDifferencesRobustToNanAndZeroSpread() {
    List<SegmentProfile> profiles =
        SegmentProfiler.profile(sixCustomers(), sixScores(), new int[] {0, 0, 0, 1, 1, 1}, 2);
    // recency: population mean 65, sample variance (2 × (55² + 45² + 35²)) / 5 = 2510;
    // segment 0 mean 20 → (20 − 65) / √2510.
    SegmentSignal recency = signal(profiles.get(0), SignalCatalog.RECENCY_DAYS);
    assertEquals(-45 / Math.sqrt(2510), recency.effectSize(), 1e-12);
    assertEquals(20, recency.segmentValue(), 1e-12);
    assertEquals(65, recency.populationValue(), 1e-12);
    // monetary_total over the five known values: mean 80, variance (3 × 20² + 2 × 30²) / 4 = 750;
    // segment 1 mean 50 → −30 / √750, and it is segment 1's strongest signal.
    SegmentSignal monetary = signal(profiles.get(1), SignalCatalog.MONETARY_TOTAL);
    assertEquals(-30 / Math.sqrt(750), monetary.effectSize(), 1e-12);
    assertEquals(1, monetary.rank());
    assertEquals(2, signal(profiles.get(1), SignalCatalog.RECENCY_DAYS).rank());
    for (SegmentProfile p : profiles) {
      assertFalse(p.signals().stream().anyMatch(s -> s.signal().equals(SignalCatalog.FREQUENCY)));
      assertFalse(p.signals().stream().anyMatch(s -> s.signal().equals(SignalCatalog.MARGIN_RATE)));
      assertTrue(p.signals().size() <= SegmentProfiler.TOP_SIGNALS);
    }
  }

  @Test
  void neighboursContrastsNamesAndMap() {
    List<SegmentProfile> profiles =
        SegmentProfiler.profile(sixCustomers(), sixScores(), new int[] {0, 0, 0, 1, 1, 1}, 2);
    SegmentProfile first = profiles.get(0);
    SegmentProfile second = profiles.get(1);
    assertEquals(List.of(1), first.neighbours());
    assertEquals(List.of(0), second.neighbours());
    assertNotEquals(first.name(), second.name());
    assertTrue(first.contrasts().get(0).startsWith("vs " + second.name() + ": "), first.contrasts().get(0));
    // Segment 1 vs 0: revenue to date 50 vs 100 (−50 / √750 = −1.83 SD) is the largest
    // difference; recency (110 vs 20, +1.80 SD) is left out because over these customers it is
    // correlated with revenue at r ≈ −0.99, beyond the redundancy limit.
    assertEquals("vs " + first.name() + ": half the net revenue to date (50.0 vs 100).",
        second.contrasts().get(0));
    assertEquals("High-value active customers", first.name());
    assertEquals("Low-spend lapsed customers", second.name());
    assertEquals(1.0, Math.abs(first.x() - second.x()), 1e-9);
    assertEquals(0.5, first.y(), 1e-12);
  }

  @Test
  void neighboursAreNearestFirst() {
    double[][] v = new double[6][CATALOG.size()];
    for (int i = 0; i < 6; i++) {
      v[i][CATALOG.indexOf(SignalCatalog.RECENCY_DAYS)] = i;
    }
    CustomerSignals signals = new CustomerSignals(new String[] {"a", "b", "c", "d", "e", "f"}, CATALOG, v);
    double[] zeros = new double[6];
    CustomerScores scores = new CustomerScores(zeros, zeros, zeros,
        new float[][] {{0}, {0}, {1}, {1}, {5}, {5}});
    List<SegmentProfile> profiles =
        SegmentProfiler.profile(signals, scores, new int[] {0, 0, 1, 1, 2, 2}, 3);
    assertEquals(List.of(1, 2), profiles.get(0).neighbours());
    assertEquals(List.of(1, 0), profiles.get(2).neighbours());
    assertEquals(List.of(0, 2), profiles.get(1).neighbours());
  }

  @Test
  void rejectsLabelsOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SegmentProfiler.profile(sixCustomers(), sixScores(), new int[] {0, 0, 0, 1, 1, 2}, 2));
    assertTrue(e.getMessage().contains("segment label 2") && e.getMessage().contains("customer f"),
        e.getMessage());
  }

  @Test
  void aContrastOfDaysSinceSaysHowManyNeverDidIt() {
    SignalCatalog catalog = SignalCatalog.of(Set.of(SignalGroup.ORDERS, SignalGroup.MARKETING), List.of(), List.of());
    int open = catalog.indexOf(SignalCatalog.DAYS_SINCE_LAST_OPEN);
    double[][] v = new double[8][catalog.size()];
    // Segment 0 opened recently; in segment 1 three of four never opened (3,650 days).
    double[] days = {10, 20, 30, 40, 3650, 3650, 3650, 60};
    for (int i = 0; i < 8; i++) {
      v[i][open] = days[i];
    }
    CustomerSignals signals = new CustomerSignals(new String[] {"a", "b", "c", "d", "e", "f", "g", "h"}, catalog, v);
    double[] zeros = new double[8];
    CustomerScores scores = new CustomerScores(zeros, zeros, zeros,
        new float[][] {{0}, {0}, {0}, {0}, {5}, {5}, {5}, {5}});
    List<SegmentProfile> profiles = SegmentProfiler.profile(signals, scores, new int[] {0, 0, 0, 0, 1, 1, 1, 1}, 2);
    String contrast = profiles.get(1).contrasts().get(0);
    // 110× a count of days that stands for "never" in 75% of them says nothing: the two values do
    assertTrue(contrast.contains("days since last opened or clicked message (3,650 if none) 2,753 vs 25.0"
        + " (none at all for 75% vs 0%)"), contrast);
  }

  @Test
  void comparisonPhrases() {
    assertEquals("3.1× the days since last order (186 vs 60.0)",
        SegmentProfiler.compare(186, 60, "days since last order"));
    assertEquals("half the app sessions (5.00 vs 10.0)",
        SegmentProfiler.compare(5, 10, "app sessions"));
    assertEquals("revenue trend -0.20 vs 0.40", SegmentProfiler.compare(-0.2, 0.4, "revenue trend"));
    // seen in the demo's report: "302× the share of orders from campaigns (0.15 vs 0.00)"
    assertEquals("share of orders from campaigns 0.15 vs 0.00",
        SegmentProfiler.compare(0.15, 0.0004, "share of orders from campaigns"));
    assertEquals("conversion rate of sends 0.00 vs 0.08",
        SegmentProfiler.compare(0.0012, 0.08, "conversion rate of sends"));
    assertEquals("13× the orders in the last 90 days (1.81 vs 0.14)",
        SegmentProfiler.compare(1.81, 0.14, "orders in the last 90 days"));
    assertEquals("days since last order 5.00 vs 400", SegmentProfiler.compare(5, 400, "days since last order"));
  }
}
