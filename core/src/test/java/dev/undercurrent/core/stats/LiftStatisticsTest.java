package dev.undercurrent.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.undercurrent.core.stats.LiftStatistics.Interval;
import dev.undercurrent.core.stats.LiftStatistics.Lift;
import dev.undercurrent.core.stats.LiftStatistics.WelchResult;
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
  void mismatchedInputsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LiftStatistics.measure(new boolean[3], new double[2], new boolean[2],
            new double[2], 0.95));
    assertEquals(true, e.getMessage().contains("treatment"), e.getMessage());
  }
}
