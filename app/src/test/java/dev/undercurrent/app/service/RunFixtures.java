package dev.undercurrent.app.service;

import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.model.SourceCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plausible finished run for tests of the service, the HTTP API, the MCP server and the browser
 * page: five segments placed on a map, one opportunity of each of the nine types, row counts that
 * reconcile (one source with quarantined rows) and the metrics a synthetic run records. The
 * numbers are invented to look like a small retailer; they are inputs, not expected results.
 */
public final class RunFixtures {

  public static final String RUN_ID = "run-2025-12-29-demo";

  private static final String[][] SEGMENTS = {
    {"Loyal high spenders", "Buy every few weeks at full price; most of the revenue."},
    {"Lapsed bargain hunters", "Bought on promotions a year ago and have gone quiet."},
    {"Rising app shoppers", "Young accounts, growing order values, mostly in the app."},
    {"Discount-driven returners", "Respond to every coupon and return a third of what they buy."},
    {"One-and-done browsers", "A single order, lots of browsing since, nothing more."},
  };

  /** The segment each opportunity type is drawn from, in {@link OpportunityType} order. */
  private static final Integer[] SEGMENT_OF_TYPE = {1, 0, 2, 3, null, null, 0, null, 4};

  private RunFixtures() {}

  /** The run with its metrics. */
  public static RunSummary run() {
    return run(SEGMENTS[0][0], metrics());
  }

  /** The run with the first segment renamed and the given metrics. */
  public static RunSummary run(String firstSegmentName, Map<String, Object> metrics) {
    double[][] xy = {{2.1, 1.4}, {-1.8, -0.6}, {1.0, 2.3}, {-0.4, -1.9}, {-2.2, 1.5}};
    long[] customers = {1200, 2600, 900, 700, 4600};
    double[] churn = {0.08, 0.71, 0.22, 0.35, 0.58};
    double[] value = {412.0, 38.5, 160.2, 75.9, 21.3};
    double[] revenueShare = {0.46, 0.12, 0.17, 0.11, 0.14};
    List<SegmentProfile> segments = new ArrayList<>();
    for (int i = 0; i < SEGMENTS.length; i++) {
      int next = (i + 1) % SEGMENTS.length;
      int after = (i + 2) % SEGMENTS.length;
      segments.add(new SegmentProfile(i, i == 0 ? firstSegmentName : SEGMENTS[i][0], SEGMENTS[i][1],
          customers[i], customers[i] / 10_000.0, revenueShare[i], value[i], churn[i],
          xy[i][0], xy[i][1],
          List.of(
              new SegmentSignal(i, "orders_365d", "Orders in the last year", 2 + 3.0 * (4 - i), 4.1, 1.6 - 0.7 * i, 1),
              new SegmentSignal(i, "days_since_last_order", "Days since last order", 20 + 60.0 * i, 95, -1.1 + 0.6 * i, 2),
              new SegmentSignal(i, "discount_share", "Share of revenue discounted", 0.05 + 0.1 * i, 0.18, -0.5 + 0.3 * i, 3),
              new SegmentSignal(i, "app_sessions_90d", "App sessions, 90 days", 12.0 - 2 * i, 6.0, 0.9 - 0.4 * i, 4)),
          List.of(next, after),
          List.of("orders more often than " + SEGMENTS[next][0].toLowerCase(),
              "is less likely to churn than " + SEGMENTS[after][0].toLowerCase())));
    }
    List<OpportunitySummary> opportunities = new ArrayList<>();
    int rank = 1;
    for (OpportunityType t : OpportunityType.values()) {
      long size = 300 + 140L * (9 - rank);
      long holdout = Math.round(size * 0.1);
      opportunities.add(new OpportunitySummary("opp-" + t.key(), t.key(),
          title(t), SEGMENT_OF_TYPE[t.ordinal()], size, size - holdout,
          holdout, 52_000.0 / rank, size + " customers × 4.2% uplift × €" + (60 + rank) + " margin",
          0.92 - 0.07 * rank, "gap between orders 2.4× their usual; 31% opened last email",
          "Send a personal offer by email within 7 days", "90-day repeat purchase rate", rank,
          List.of("c00" + rank, "c01" + rank)));
      rank++;
    }
    List<SourceCounts> sources = List.of(
        new SourceCounts("orders", "lake/orders.csv", "csv", null, 48_210, 47_100, 990, 120,
            Map.of("negative revenue", 70L, "duplicate order id", 50L)),
        new SourceCounts("customers", "lake/customers.csv", "csv", null, 10_000, 10_000, 0, 0, Map.of()),
        new SourceCounts("events", "lake/events", "delta", 3L, 310_000, 305_500, 4_500, 0, Map.of()));
    Map<String, Double> stages = new LinkedHashMap<>();
    stages.put("read", 3.2);
    stages.put("features", 6.8);
    stages.put("learn", 21.4);
    stages.put("segments", 2.0);
    stages.put("opportunities", 1.1);
    return new RunSummary(RunSummary.FORMAT_VERSION, RUN_ID, "2025-12-30T07:58:12Z", "2025-12-29",
        90, "EUR", "9f2c61d0a7e4", 42, "delta", 10_000, 2_345_678.9, sources, segments,
        opportunities, metrics, stages, flows());
  }

  /** Where the 10,000 customers were at 2025-09-30: 9,640 compared, 120 new, 240 not compared. */
  public static SegmentFlows flows() {
    return new SegmentFlows("2025-09-30", 9_640, 120, 240, 0.996, List.of(
        new SegmentFlows.Flow(null, 2, 120, 3_100), new SegmentFlows.Flow(0, 0, 1_000, 90_000),
        new SegmentFlows.Flow(0, 1, 150, 2_500), new SegmentFlows.Flow(1, 1, 2_400, 40_000),
        new SegmentFlows.Flow(1, 3, 90, 1_800), new SegmentFlows.Flow(2, 0, 70, 9_000),
        new SegmentFlows.Flow(2, 2, 800, 30_000), new SegmentFlows.Flow(3, 3, 600, 20_000),
        new SegmentFlows.Flow(4, 1, 30, 200), new SegmentFlows.Flow(4, 4, 4_500, 15_000)));
  }

  /** Metrics in the shape a synthetic run records them. */
  public static Map<String, Object> metrics() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("spearman", 0.63);
    value.put("top_decile_capture", 0.48);
    value.put("mae", 36.4);
    value.put("baseline_last_horizon", Map.of("spearman", 0.45, "top_decile_capture", 0.37, "mae", 49.8));
    value.put("baseline_linear", Map.of("spearman", 0.55, "top_decile_capture", 0.42, "mae", 42.1));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("value", value);
    model.put("churn", Map.of("auc", 0.79, "brier", 0.168, "ece", 0.027, "calibration", List.of(
        Map.of("predicted", 0.05, "observed", 0.04, "count", 2100),
        Map.of("predicted", 0.25, "observed", 0.29, "count", 1800),
        Map.of("predicted", 0.5, "observed", 0.46, "count", 1200),
        Map.of("predicted", 0.75, "observed", 0.71, "count", 900),
        Map.of("predicted", 0.93, "observed", 0.9, "count", 400))));
    Map<String, Object> segments = new LinkedHashMap<>();
    segments.put("method", "kmeans on learned embedding");
    segments.put("k", 5);
    segments.put("ari_vs_truth", 0.74);
    segments.put("comparison", List.of(
        Map.of("method", "kmeans on learned embedding", "silhouette", 0.34, "ari_vs_truth", 0.74),
        Map.of("method", "kmeans on RFM", "silhouette", 0.29, "ari_vs_truth", 0.41)));
    Map<String, Object> truth = new LinkedHashMap<>();
    for (OpportunityType t : OpportunityType.values()) {
      truth.put(t.key(), Map.of("precision", 0.6 + 0.03 * t.ordinal(), "recall", 0.5 + 0.02 * t.ordinal()));
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("model", model);
    metrics.put("segments", segments);
    metrics.put("truth", truth);
    return metrics;
  }

  /** The email address of the fixture's one customer keyed by an email address. */
  public static final String ANN_EMAIL = "Ann.Lee@example.com";
  /** That customer's id as a run keeps it. */
  public static final String ANN_ID = "sha256:" + dev.undercurrent.core.activation.AudienceHashing.sha256Hex(
      ANN_EMAIL.toLowerCase(java.util.Locale.ROOT));

  /**
   * The five customers' segments one horizon earlier: c001 was in 0 (moved to 1), c011 stayed in 1,
   * Ann is new since, c002 was not compared, c012 stayed in 4.
   */
  public static final int[] PRIOR_SEGMENTS = {0, 1, dev.undercurrent.core.lookup.CustomerIndex.NEW_SINCE,
      dev.undercurrent.core.lookup.CustomerIndex.NOT_COMPARED, 4};

  /**
   * Writes the run's {@code run.json} and a customer index into {@code dir} and returns {@code dir}.
   * Five customers on a line in a two-dimensional learned space: c001 at 0, c011 at 1, Ann at 1.5,
   * c002 at 4, c012 at 10; c001 (treatment) and c011 (holdout) are in the win-back opportunity,
   * c002 and Ann (both treatment) in the retain one.
   */
  public static Path writeRun(Path dir) {
    try {
      run().write(dir);
      String[] ids = {"c001", "c011", ANN_ID, "c002", "c012"};
      float[][] embedding = {{0f, 0f}, {1f, 0f}, {1.5f, 0f}, {4f, 0f}, {10f, 0f}};
      List<dev.undercurrent.core.model.Opportunity> opportunities = List.of(
          opportunity(OpportunityType.WIN_BACK, List.of("c001", "c011"), 0.8, 0.6),
          opportunity(OpportunityType.RETAIN, List.of("c002", ANN_ID), 0.9, 0.7));
      dev.undercurrent.core.lookup.CustomerIndex.write(dir.resolve(dev.undercurrent.core.lookup.CustomerIndex.FILE_NAME),
          ids, new int[] {1, 1, 0, 0, 4}, PRIOR_SEGMENTS, new double[] {38.5, 41.0, 412.0, 390.0, 21.3},
          new double[] {0.71, 0.66, 0.08, 0.12, 0.58}, new double[] {0.25, 0.5, 1.0, 0.75, 0.0}, embedding,
          opportunities, (opp, customer) -> customer.equals("c011"), signals(ids));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The orders signals, 0 but for the days since the last order: 200, 180, 12, 15, 600. */
  private static dev.undercurrent.core.model.CustomerSignals signals(String[] ids) {
    var catalog = dev.undercurrent.core.signals.SignalCatalog.of(
        java.util.Set.of(dev.undercurrent.core.signals.SignalGroup.ORDERS), List.of(), List.of());
    double[][] v = new double[ids.length][catalog.size()];
    double[] recency = {200, 180, 12, 15, 600};
    for (int i = 0; i < ids.length; i++) {
      v[i][catalog.indexOf(dev.undercurrent.core.signals.SignalCatalog.RECENCY_DAYS)] = recency[i];
    }
    return new dev.undercurrent.core.model.CustomerSignals(ids, catalog, v);
  }

  private static dev.undercurrent.core.model.Opportunity opportunity(OpportunityType t, List<String> members,
      double... scores) {
    return new dev.undercurrent.core.model.Opportunity("opp-" + t.key(), t, title(t), null, 1000, "formula", 0.5,
        "evidence", "action", "kpi", 1, members, scores);
  }

  private static String title(OpportunityType t) {
    return switch (t) {
      case WIN_BACK -> "Win back lapsed bargain hunters before they forget you";
      case RETAIN -> "Keep loyal high spenders who are slowing down";
      case NURTURE_RISING -> "Nurture rising app shoppers toward the top tier";
      case PROTECT_MARGIN -> "Stop paying coupons to customers who return a third";
      case REDUCE_FREQUENCY -> "Send fewer emails to the over-contacted";
      case GROW_WALLET -> "Grow wallet share of engaged low spenders";
      case CROSS_SELL -> "Cross-sell home goods to fashion regulars";
      case LOOKALIKE_SEED -> "Seed lookalike audiences with future high-value customers";
      case SUPPRESS -> "Suppress paid media for customers who will not pay back";
    };
  }
}
