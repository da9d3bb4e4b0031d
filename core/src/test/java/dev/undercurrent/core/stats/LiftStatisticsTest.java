package dev.undercurrent.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.stats.LiftStatistics.Interval;
import dev.undercurrent.core.stats.LiftStatistics.Lift;
import dev.undercurrent.core.stats.LiftStatistics.WelchResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiftStatisticsTest {

  @Test
  void wilsonMatchesNewcombesWorkedExample() {
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat Med 17:
    // 81/263, Wilson score interval 0.2553 to 0.3662.
    Interval w = LiftStatistics.wilson(81, 263, 0.95);
    assertEquals(0.2553, w.lower(), 5e-4);
    assertEquals(0.3662, w.upper(), 5e-4);
  }

  @Test
  void differenceMatchesNewcombeMethodTen() {
    // Newcombe (1998), Stat Med 17:873-890, Table II, method 10:
    // 56/70 - 48/80 -> 0.0524 to 0.3339; 9/10 - 3/10 -> 0.1705 to 0.8090.
    Interval a = LiftStatistics.newcombe(56, 70, 48, 80, 0.95);
    assertEquals(0.0524, a.lower(), 5e-4);
    assertEquals(0.3339, a.upper(), 5e-4);
    Interval b = LiftStatistics.newcombe(9, 10, 3, 10, 0.95);
    assertEquals(0.1705, b.lower(), 5e-4);
    assertEquals(0.8090, b.upper(), 5e-4);
  }

  // Student's (1908) sleep data, as in R's datasets::sleep: extra hours of sleep per drug.
  static final double[] DRUG_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
  static final double[] DRUG_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

  @Test
  void welchMatchesRsTTestOnTheSleepData() {
    // R: t.test(extra ~ group, data = sleep) -> t = -1.8608, df = 17.776,
    // 95% CI of mean(group 1) - mean(group 2): -3.3654832 0.2054832.
    WelchResult w = LiftStatistics.welch(DRUG_1, DRUG_2, 0.95);
    assertEquals(-1.58, w.difference(), 1e-9);
    assertEquals(17.776, w.degreesOfFreedom(), 1e-3);
    assertEquals(-3.3654832, w.interval().lower(), 1e-6);
    assertEquals(0.2054832, w.interval().upper(), 1e-6);
  }

  @Test
  void liftPutsThePiecesTogether() {
    boolean[] tConv = new boolean[10];
    boolean[] hConv = new boolean[10];
    for (int i = 0; i < 10; i++) {
      tConv[i] = DRUG_2[i] > 1;
      hConv[i] = DRUG_1[i] > 1;
    }
    Lift l = LiftStatistics.measure(tConv, DRUG_2, hConv, DRUG_1, 0.95);
    assertEquals(0.7, l.treatmentConversion(), 1e-12);
    assertEquals(0.3, l.holdoutConversion(), 1e-12);
    assertEquals(0.4, l.conversionDifference(), 1e-12);
    assertEquals(1.58 * 10, l.incrementalRevenue(), 1e-9);
    assertEquals(-0.2054832 * 10, l.incrementalRevenueInterval().lower(), 1e-5);
    assertEquals(3.3654832 * 10, l.incrementalRevenueInterval().upper(), 1e-5);
    assertEquals(LiftStatistics.newcombe(7, 10, 3, 10, 0.95), l.conversionDifferenceInterval());
  }

  @Test
  void smallestDetectableDifferencesFollowTheTwoSampleFormula() {
    // 1,000 customers a group, 100 converters in all (pooled rate 0.05): the textbook two-sample
    // sample-size relation n = (z_.975 + z_.8)^2 * 2 p (1 - p) / d^2 solved for d, with
    // z_.975 = 1.959964 and z_.8 = 0.841621.
    boolean[] t = new boolean[1000];
    boolean[] h = new boolean[1000];
    double[] tr = new double[1000];
    double[] hr = new double[1000];
    for (int i = 0; i < 60; i++) {
      t[i] = true;
      tr[i] = 40 + i;
    }
    for (int i = 0; i < 40; i++) {
      h[i] = true;
      hr[i] = 40 + i;
    }
    Lift l = LiftStatistics.measure(t, tr, h, hr, 0.95);
    assertEquals((1.959964 + 0.841621) * Math.sqrt(0.05 * 0.95 * 2 / 1000.0),
        l.minimumDetectableConversionDifference(), 1e-5);
    WelchResult w = LiftStatistics.welch(tr, hr, 0.95);
    double se = (w.interval().upper() - w.difference()) / new org.apache.commons.math3.distribution.TDistribution(
        w.degreesOfFreedom()).inverseCumulativeProbability(0.975);
    assertEquals((1.959964 + 0.841621) * se, l.minimumDetectableRevenueDifference(), 1e-4);
  }

  @Test
  void aRevenueIntervalOnTooFewCustomersForItsSkewSaysSo() {
    // The sleep data are nearly symmetric (skewness 0.49 and 0.33): 10 customers a group pass
    // Cochran's n > 25 G1^2 (6.0 and 2.6).
    Lift sleep = LiftStatistics.measure(new boolean[10], DRUG_2, new boolean[10], DRUG_1, 0.95);
    assertEquals(true, sleep.revenueIntervalReliable(), sleep.cautions().toString());
    assertEquals(List.of(), sleep.cautions());
    // A holdout of 87 with four buyers (skewness 7.0: Cochran asks for more than 1,220).
    double[] holdout = new double[87];
    holdout[0] = 50;
    holdout[1] = 120;
    holdout[2] = 80;
    holdout[3] = 300;
    double[] treatment = new double[870];
    for (int i = 0; i < 870; i += 2) {
      treatment[i] = 20 + i % 50;
    }
    Lift small = LiftStatistics.measure(new boolean[870], treatment, new boolean[87], holdout, 0.95);
    assertEquals(false, small.revenueIntervalReliable());
    assertEquals(1, small.cautions().size(), small.cautions().toString());
    assertTrue(small.cautions().get(0).startsWith("holdout: 87 customers for revenue of skewness 7.0"),
        small.cautions().get(0));
    // Nobody bought in the holdout: its uncertainty would count as nothing.
    Lift none = LiftStatistics.measure(new boolean[870], treatment, new boolean[87], new double[87], 0.95);
    assertEquals(false, none.revenueIntervalReliable());
    assertTrue(none.cautions().get(0).startsWith("holdout: every customer has the same revenue"), none.cautions().toString());
  }

  @Test
  void mismatchedInputsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiftStatistics.measure(new boolean[3], new double[2], new boolean[2],
            new double[2], 0.95));
    assertEquals(true, e.getMessage().contains("treatment"), e.getMessage());
  }
}
