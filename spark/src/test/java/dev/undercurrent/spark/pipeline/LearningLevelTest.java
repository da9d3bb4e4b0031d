package dev.undercurrent.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.learning.SeasonalLevel;
import dev.undercurrent.core.model.CustomerScores;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the learning stage sets the level of the scores it hands on, and what it records. */
class LearningLevelTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);

  /** as_of and six earlier cut-offs 90 days apart, in epoch seconds as the signal job gives them. */
  private static long[] cutoffs(int earlier) {
    long[] out = new long[earlier + 1];
    for (int k = 0; k <= earlier; k++) {
      out[k] = AS_OF.minusDays(90L * k).toEpochDay() * 86_400L;
    }
    return out;
  }

  /** A spring peak twice the rest of the year, on a flat base. */
  private static List<SeasonalLevel.SnapshotTotal> totals(long[] cutoffs) {
    List<SeasonalLevel.SnapshotTotal> out = new ArrayList<>();
    for (int k = 1; k < cutoffs.length; k++) {
      long day = cutoffs[k] / 86_400L;
      int month = LocalDate.ofEpochDay(day).getMonthValue();
      double value = month >= 3 && month <= 5 ? 200_000 : 100_000;
      out.add(new SeasonalLevel.SnapshotTotal(day, 1_000, value, Math.round(value / 400)));
    }
    return out;
  }

  private static CustomerScores flat(int n, double value, double churn) {
    double[] v = new double[n];
    double[] c = new double[n];
    Arrays.fill(v, value);
    Arrays.fill(c, churn);
    return new CustomerScores(v, c, new double[n], new float[n][1]);
  }

  @Test
  void theSpringAheadIsForecastFromLastSpringAndRecordedWithItsBacktest() {
    long[] cuts = cutoffs(6);
    CustomerScores raw = flat(1_000, 100, 0.7);
    Map<String, Object> out = new LinkedHashMap<>();
    CustomerScores leveled = Learning.leveled(totals(cuts), cuts, raw, true, out);
    assertEquals("seasonal", out.get("method"));
    assertEquals(200_000, Arrays.stream(leveled.predictedValue()).sum(), 1e-6);
    assertEquals(500, Arrays.stream(leveled.churnProbability()).map(c -> 1 - c).sum(), 1e-6);
    assertEquals(0.5, leveled.churnProbability()[0], 1e-9, "300 expected buyers of 1,000 raised to 500");
    assertEquals(2.0, (Double) out.get("value_factor"), 1e-9);
    assertEquals(1.0, (Double) out.get("value_weight"), 1e-9, "the backtest found the method exact");
    assertEquals(100_000.0, out.get("network_value"));
    assertEquals("2025-04-05", out.get("same_season"));
    // the held-out horizon (from 2025-12-31, winter) forecast from the winter a year before it
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) out.get("backtest");
    assertEquals("2025-12-31", back.get("cutoff"));
    assertEquals(1.0, (Double) back.get("value_ratio"), 1e-9);
  }

  @Test
  void theNetworksLevelStandsWhereTheConfigOrTheHistorySaysSo() {
    CustomerScores raw = flat(100, 100, 0.5);
    long[] cuts = cutoffs(6);
    Map<String, Object> off = new LinkedHashMap<>();
    assertSame(raw, Learning.leveled(totals(cuts), cuts, raw, false, off));
    assertEquals("network", off.get("method"));
    assertEquals("value_level: network in the config", off.get("reason"));
    long[] shortHistory = cutoffs(3);
    Map<String, Object> young = new LinkedHashMap<>();
    assertSame(raw, Learning.leveled(totals(shortHistory), shortHistory, raw, true, young));
    assertEquals("network", young.get("method"));
    assertTrue(String.valueOf(young.get("reason")).contains("history too short"), String.valueOf(young.get("reason")));
    // five earlier cut-offs forecast the coming horizon but cannot check the method on the held-out one
    long[] noBacktest = cutoffs(5);
    Map<String, Object> unchecked = new LinkedHashMap<>();
    assertSame(raw, Learning.leveled(totals(noBacktest), noBacktest, raw, true, unchecked));
    assertEquals("network", unchecked.get("method"));
    assertTrue(unchecked.containsKey("forecast_value"), "the forecast is still recorded");
    assertTrue(String.valueOf(unchecked.get("reason")).startsWith("no backtest on the held-out horizon"),
        String.valueOf(unchecked.get("reason")));
  }
}
