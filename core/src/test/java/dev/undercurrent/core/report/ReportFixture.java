package dev.undercurrent.core.report;

import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.model.SourceCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small, plausible run for report tests: five segments, one opportunity of each type. */
final class ReportFixture {

  static final String[] NAMES = {
    "Loyal high spenders", "Lapsed bargain hunters", "Rising app shoppers",
    "Discount-driven returners", "Quiet one-timers"
  };

  private ReportFixture() {}

  static RunSummary run(String firstSegmentName, Map<String, Object> metrics) {
    List<SegmentProfile> segments = new ArrayList<>();
    double[][] xy = {{0.8, 0.7}, {-0.9, -0.4}, {0.3, 0.9}, {-0.2, -0.8}, {-1.0, 0.6}};
    long[] sizes = {1200, 2600, 900, 700, 4600};
    for (int i = 0; i < NAMES.length; i++) {
      String name = i == 0 ? firstSegmentName : NAMES[i];
      segments.add(new SegmentProfile(i, name, "Customers who " + name.toLowerCase() + " do.",
          sizes[i], sizes[i] / 10000.0, 0.1 + 0.05 * i, 120 - 20 * i, 0.1 + 0.15 * i,
          xy[i][0], xy[i][1],
          List.of(new SegmentSignal(i, "orders_90d", "Orders in last 90 days", 3.1, 1.2, 1.4 - i, 1),
              new SegmentSignal(i, "discount_share", "Share of revenue discounted", 0.1, 0.2, -0.6, 2)),
          List.of((i + 1) % 5, (i + 2) % 5),
          List.of("buys more often than " + NAMES[(i + 1) % 5], "churns less than " + NAMES[(i + 2) % 5])));
    }
    List<OpportunitySummary> opportunities = new ArrayList<>();
    int rank = 1;
    for (OpportunityType t : OpportunityType.values()) {
      opportunities.add(new OpportunitySummary("opp-" + t.key(), t.key(), "Title for " + t.key(),
          t.ordinal() % 2 == 0 ? t.ordinal() % 5 : null, 500 + 10L * rank, 450 + 9L * rank, 50 + rank,
          10000.0 / rank, "members x uplift x margin = " + rank, 0.9 - 0.08 * rank,
          "evidence " + t.key(), "action " + t.key(), "kpi " + t.key(), rank, List.of("c1", "c2")));
      rank++;
    }
    List<SourceCounts> sources = List.of(
        new SourceCounts("orders", "lake/orders.csv", "csv", null, 1000, 950, 30, 20,
            Map.of("negative revenue", 9L, "duplicate order id", 11L)),
        new SourceCounts("events", "lake/events", "delta", 7L, 5000, 5000, 0, 0, Map.of()));
    return new RunSummary(RunSummary.FORMAT_VERSION, "run-test-1", "2025-12-30T08:00:00Z",
        "2025-12-29", 90, "EUR", "abc123", 7, "csv", 10000, 1_234_567.0, sources, segments,
        opportunities, metrics, Map.of("read", 1.5, "learn", 12.0));
  }

  static Map<String, Object> fullMetrics() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("spearman", 0.61);
    value.put("top_decile_capture", 0.47);
    value.put("mae", 38.2);
    value.put("baseline_last_horizon", Map.of("spearman", 0.44, "top_decile_capture", 0.35, "mae", 51.0));
    value.put("baseline_linear", Map.of("spearman", 0.52, "mae", 44.9));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("model", Map.of("value", value, "churn", Map.of("auc", 0.78, "brier", 0.17, "ece", 0.031,
        "calibration", List.of(Map.of("predicted", 0.1, "observed", 0.12),
            Map.of("predicted", "bad", "observed", 0.3), Map.of("predicted", 0.8, "observed", 0.74)))));
    metrics.put("segments", Map.of("method", "kmeans", "k", 5, "ari_vs_truth", 0.72,
        "comparison", List.of(Map.of("method", "kmeans", "silhouette", 0.31),
            Map.of("method", "gmm", "silhouette", 0.27))));
    metrics.put("truth", Map.of("win_back", Map.of("precision", 0.81, "recall", 0.64)));
    return metrics;
  }
}
