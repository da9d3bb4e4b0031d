package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.learning.SeasonalLevel.SnapshotTotal;
import dev.undercurrent.core.model.CustomerScores;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalLevelTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);
  private static final int HORIZON = 90;

  /**
   * A business whose quarters follow a multiplicative season (spring twice a winter quarter) on a
   * base growing 20% a year, observed at a run's cut-offs: one horizon apart from as_of back, so
   * the year-earlier ones fall five days from a calendar year.
   */
  private static List<SnapshotTotal> seasonalBusiness(long[] days) {
    List<SnapshotTotal> out = new ArrayList<>();
    for (long d : days) {
      out.add(new SnapshotTotal(d, 10_000, level(d), buyers(d)));
    }
    return out;
  }

  private static double level(long day) {
    double years = (day - AS_OF.toEpochDay()) / 365.25;
    int month = LocalDate.ofEpochDay(day).getMonthValue();
    double season = month >= 3 && month <= 5 ? 2.0 : month >= 6 && month <= 8 ? 1.4 : month >= 9 && month <= 11 ? 1.1 : 1.0;
    return 1_000_000 * Math.pow(1.2, years) * season;
  }

  private static long buyers(long day) {
    return Math.round(level(day) / 200);
  }

  private static long[] cutoffs(int count) {
    long[] out = new long[count];
    for (int k = 0; k < count; k++) {
      out[k] = AS_OF.minusDays((long) (k + 1) * HORIZON).toEpochDay();
    }
    return out;
  }

  @Test
  void theSameSeasonAYearEarlierGrownAsTheLatestHorizonGrewIsTheForecast() {
    List<SnapshotTotal> totals = seasonalBusiness(cutoffs(6));
    long asOf = AS_OF.toEpochDay();
    long latest = AS_OF.minusDays(HORIZON).toEpochDay();
    SeasonalLevel.Forecast f = SeasonalLevel.forecast(asOf, latest, totals).orElseThrow();
    // the spring ahead: twice the winter quarter just seen, on a base grown for a quarter more
    double truth = level(asOf);
    assertEquals(1.0, f.value() / truth, 0.03, "forecast " + f.value() + " against " + truth);
    assertEquals(1.0, f.buyers() / (truth / 200), 0.03);
    // what the latest horizon alone says is half of it
    assertTrue(f.latest().value() / truth < 0.55, "latest horizon " + f.latest().value());
    assertEquals(AS_OF.minusDays(4 * HORIZON).toEpochDay(), f.sameSeason().cutoffDay());
    assertEquals(AS_OF.minusDays(5 * HORIZON).toEpochDay(), f.latestLastYear().cutoffDay());
  }

  @Test
  void withoutAYearOfLabelledHistoryThereIsNoForecastAndTheReasonSaysWhichIsMissing() {
    long asOf = AS_OF.toEpochDay();
    long latest = AS_OF.minusDays(HORIZON).toEpochDay();
    List<SnapshotTotal> short4 = seasonalBusiness(cutoffs(4));
    assertTrue(SeasonalLevel.forecast(asOf, latest, short4).isEmpty());
    assertEquals("no labelled snapshot of the latest horizon a year earlier (history too short)",
        SeasonalLevel.whyNoForecast(asOf, latest, short4));
    List<SnapshotTotal> short3 = seasonalBusiness(cutoffs(3));
    assertEquals("no labelled snapshot of the same season a year earlier (history too short)",
        SeasonalLevel.whyNoForecast(asOf, latest, short3));
    // a snapshot further than the tolerance from the date asked for does not stand in for it
    long[] off = cutoffs(6);
    off[3] = AS_OF.minusYears(1).toEpochDay() + SeasonalLevel.TOLERANCE_DAYS + 1;
    assertNotNull(SeasonalLevel.whyNoForecast(asOf, latest, seasonalBusiness(off)));
  }

  @Test
  void aSnapshotTooThinToTrustIsNamed() {
    List<SnapshotTotal> totals = new ArrayList<>(seasonalBusiness(cutoffs(6)));
    SnapshotTotal sameSeason = totals.get(3);
    totals.set(3, new SnapshotTotal(sameSeason.cutoffDay(), 12, sameSeason.value(), 5));
    String why = SeasonalLevel.whyNoForecast(AS_OF.toEpochDay(), AS_OF.minusDays(HORIZON).toEpochDay(), totals);
    assertEquals("the snapshot of " + LocalDate.ofEpochDay(sameSeason.cutoffDay()) + " holds 12 customers, 5 buying,"
        + " revenue " + sameSeason.value() + "; expected at least 30 customers with some revenue and buyers", why);
  }

  @Test
  void levelledScoresAddUpToTheForecastAndKeepEveryCustomersRank() {
    Random r = new Random(7);
    int n = 2_000;
    double[] value = new double[n];
    double[] churn = new double[n];
    double[] ifActive = new double[n];
    for (int i = 0; i < n; i++) {
      churn[i] = 0.05 + 0.9 * r.nextDouble();
      ifActive[i] = 20 + 200 * r.nextDouble();
      value[i] = (1 - churn[i]) * ifActive[i];
    }
    CustomerScores raw = new CustomerScores(value, churn, new double[n], new float[n][2], ifActive);
    double total = java.util.Arrays.stream(value).sum();
    double buyers = java.util.Arrays.stream(churn).map(c -> 1 - c).sum();
    SnapshotTotal any = new SnapshotTotal(0, 100, 1, 1);
    SeasonalLevel.Forecast f = new SeasonalLevel.Forecast(2.1 * total, 1.3 * buyers, any, any, any);
    assertNull(SeasonalLevel.whyNotApplied(raw, f));
    // a forecast that was right on the held-out horizon is taken whole
    SeasonalLevel.Leveled l = SeasonalLevel.apply(raw, f, new SeasonalLevel.Backtest(0, 1.0, 1.0)).orElseThrow();
    assertEquals(1.0, l.valueWeight(), 1e-12);
    CustomerScores s = l.scores();
    assertEquals(2.1, l.valueFactor(), 1e-12);
    assertEquals(2.1 * total, java.util.Arrays.stream(s.predictedValue()).sum(), 1e-6 * total);
    assertEquals(1.3 * buyers, java.util.Arrays.stream(s.churnProbability()).map(c -> 1 - c).sum(), 1e-6 * buyers);
    assertTrue(l.churnShift() > 0, "more buyers expected: the log-odds of buying rise");
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < Math.min(n, i + 50); j++) {
        assertEquals(Integer.signum(Double.compare(value[i], value[j])),
            Integer.signum(Double.compare(s.predictedValue()[i], s.predictedValue()[j])));
        assertEquals(Integer.signum(Double.compare(churn[i], churn[j])),
            Integer.signum(Double.compare(s.churnProbability()[i], s.churnProbability()[j])));
      }
      // the value if buying stays the value over the chance of buying
      assertEquals(s.predictedValue()[i], (1 - s.churnProbability()[i]) * s.valueIfActive()[i],
          1e-9 * s.predictedValue()[i]);
    }
  }

  @Test
  void theForecastWeighsByHowFarItDepartsAgainstHowFarItErredOnTheHeldOutHorizon() {
    double[] value = {10, 20, 30, 40};
    CustomerScores raw = new CustomerScores(value, new double[] {0.6, 0.5, 0.4, 0.3}, new double[4], new float[4][1]);
    SnapshotTotal any = new SnapshotTotal(0, 100, 1, 1);
    // twice the network's total and buyers, from a method that was 2x off on the held-out horizon:
    // as much error as departure, half the weight: the geometric mean of the two levels
    SeasonalLevel.Forecast f = new SeasonalLevel.Forecast(200, 4.4, any, any, any);
    SeasonalLevel.Leveled half = SeasonalLevel.apply(raw, f, new SeasonalLevel.Backtest(0, 2.0, 0.5)).orElseThrow();
    assertEquals(0.5, half.valueWeight(), 1e-12);
    assertEquals(Math.sqrt(2), half.valueFactor(), 1e-12);
    assertEquals(0.5, half.buyersWeight(), 1e-12);
    assertEquals(2.2 * Math.sqrt(2), java.util.Arrays.stream(half.scores().churnProbability()).map(c -> 1 - c).sum(), 1e-9);
    // a departure a third of the method's own error is hardly believed
    SeasonalLevel.Leveled little = SeasonalLevel.apply(raw, f, new SeasonalLevel.Backtest(0, 8.0, 8.0)).orElseThrow();
    assertEquals(0.1, little.valueWeight(), 1e-12);
    assertEquals(Math.pow(2, 0.1), little.valueFactor(), 1e-12);
  }

  @Test
  void theBacktestMakesTheSameForecastForTheHeldOutHorizonFromTheSnapshotsBeforeIt() {
    long[] days = cutoffs(6);
    List<SnapshotTotal> totals = seasonalBusiness(days);
    SeasonalLevel.Backtest b = SeasonalLevel.backtest(days[0], days[1], totals).orElseThrow();
    assertEquals(days[0], b.cutoffDay());
    assertEquals(1.0, b.valueRatio(), 0.03, "a multiplicative season on steady growth is forecast right");
    // five snapshots hold no year before the held-out cut-off's predecessor
    assertTrue(SeasonalLevel.backtest(days[0], days[1], seasonalBusiness(cutoffs(5))).isEmpty());
  }

  @Test
  void aForecastFarFromTheNetworksTotalIsNotApplied() {
    double[] value = {10, 20, 30};
    CustomerScores raw = new CustomerScores(value, new double[] {0.5, 0.5, 0.5}, new double[3], new float[3][1]);
    SnapshotTotal any = new SnapshotTotal(0, 100, 1, 1);
    SeasonalLevel.Forecast f = new SeasonalLevel.Forecast(60 * 6, 1.5, any, any, any);
    assertTrue(SeasonalLevel.apply(raw, f, new SeasonalLevel.Backtest(0, 1.0, 1.0)).isEmpty());
    assertEquals("the seasonal forecast is 6.00 times the network's total, outside [0.2, 5.0]: the network's level"
        + " kept", SeasonalLevel.whyNotApplied(raw, f));
  }
}
