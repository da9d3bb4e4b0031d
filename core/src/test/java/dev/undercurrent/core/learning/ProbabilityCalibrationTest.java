package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbabilityCalibrationTest {

  /** Rows whose outcome is drawn with probability σ(a·z + b), z standard normal times spread. */
  private static boolean[] draw(double[] z, double a, double b, Random random) {
    boolean[] y = new boolean[z.length];
    for (int i = 0; i < z.length; i++) {
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(a * z[i] + b)));
    }
    return y;
  }

  private static double[] logits(int n, double spread, Random random) {
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = spread * random.nextGaussian();
    }
    return z;
  }

  @Test
  void anOverconfidentClassifiersLogitsAreShrunkToTheRatesThatHappened() {
    Random random = new Random(7);
    double[] z = logits(40_000, 4, random);
    // the classifier says σ(z); the world is σ(z / 3 − 0.5): far less certain, and rarer
    boolean[] y = draw(z, 1.0 / 3, -0.5, random);
    ProbabilityCalibration c = ProbabilityCalibration.fit(z, y);
    assertEquals(1.0 / 3, c.slope(), 0.02);
    assertEquals(-0.5, c.intercept(), 0.04);
    // a logit of 8 (σ = 0.9997) is read as the rate such customers had: σ(8/3 − 0.5) = 0.897
    assertEquals(0.897, c.probability(8), 0.01);
  }

  @Test
  void temperatureScalingFitsTheSlopeAndKeepsTheInterceptAtZero() {
    Random random = new Random(5);
    double[] z = logits(40_000, 4, random);
    ProbabilityCalibration c = ProbabilityCalibration.fitTemperature(z, draw(z, 0.4, 0, random));
    assertEquals(0.4, c.slope(), 0.02);
    assertEquals(0, c.intercept());
    assertEquals(0.5, c.probability(0), 1e-12);
  }

  @Test
  void aCalibratedClassifierIsLeftAboutAsItIs() {
    Random random = new Random(11);
    double[] z = logits(40_000, 2, random);
    ProbabilityCalibration c = ProbabilityCalibration.fit(z, draw(z, 1, 0, random));
    assertEquals(1, c.slope(), 0.04);
    assertEquals(0, c.intercept(), 0.04);
  }

  @Test
  void separableRowsGetAFiniteSlopeFromPlattsSmoothedTargets() {
    double[] z = {-3, -2, -1, 1, 2, 3};
    boolean[] y = {false, false, false, true, true, true};
    ProbabilityCalibration c = ProbabilityCalibration.fit(z, y);
    assertTrue(Double.isFinite(c.slope()) && c.slope() < 10, "slope " + c.slope());
    // Platt's targets for three of each: 4/5 and 1/5; the fit cannot be surer than that by much
    assertTrue(c.probability(3) < 0.95 && c.probability(-3) > 0.05,
        c.probability(3) + " " + c.probability(-3));
  }

  @Test
  void logitsThatOrderTheOutcomesBackwardsKeepTheirOrderWithAFlatSlope() {
    double[] z = {-2, -1, 0, 1, 2, 3, -1.5, 0.5};
    boolean[] y = {true, true, true, false, false, false, false, true};
    ProbabilityCalibration c = ProbabilityCalibration.fit(z, y);
    assertTrue(c.slope() > 0 && c.slope() <= 1e-3, "slope " + c.slope());
    assertTrue(c.probability(3) > c.probability(-2));
  }

  @Test
  void saturatedLogitsAreFittedNotLeftAtTheIdentity() {
    // every logit at ±40 (a sigmoid that rounds to 0 or 1), a fifth of each side wrong: the Hessian
    // at slope 1 is about 1e-11 and an unclipped Newton step overshoots past any halving
    int n = 1000;
    double[] z = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      z[i] = i % 2 == 0 ? 40 : -40;
      y[i] = (i % 2 == 0) != (i % 10 < 2);
    }
    ProbabilityCalibration t = ProbabilityCalibration.fitTemperature(z, y);
    assertEquals(0.8, t.probability(40), 0.01);
    assertEquals(0.2, t.probability(-40), 0.01);
    ProbabilityCalibration p = ProbabilityCalibration.fit(z, y);
    assertEquals(0.8, p.probability(40), 0.01);
  }

  @Test
  void aClampedSlopeKeepsTheRowsRate() {
    // logits that order the outcomes backwards: the slope is clamped, and the intercept gives
    // about the rows' own rate rather than one fitted beside a negative slope
    double[] z = new double[200];
    boolean[] y = new boolean[200];
    for (int i = 0; i < z.length; i++) {
      z[i] = -3 + 6.0 * i / z.length;
      y[i] = i < 44; // 22% positive, all at the low logits
    }
    ProbabilityCalibration c = ProbabilityCalibration.fit(z, y);
    assertEquals(1e-3, c.slope(), 1e-12);
    assertEquals(0.22, c.probability(0), 0.01);
  }

  @Test
  void nothingToFitIsTheIdentity() {
    assertSame(ProbabilityCalibration.IDENTITY,
        ProbabilityCalibration.fit(new double[] {1, 2, 3}, new boolean[] {true, true, true}));
    assertSame(ProbabilityCalibration.IDENTITY,
        ProbabilityCalibration.fit(new double[] {1, 1}, new boolean[] {true, false}));
    assertSame(ProbabilityCalibration.IDENTITY, ProbabilityCalibration.fit(new double[0], new boolean[0]));
    assertEquals(0.5, ProbabilityCalibration.IDENTITY.probability(0), 1e-12);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProbabilityCalibration.fit(new double[] {0, Double.NaN}, new boolean[] {true, false}));
    assertTrue(e.getMessage().contains("logit 1 is NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ProbabilityCalibration.fit(new double[] {0}, new boolean[] {true, false}));
    assertThrows(IllegalArgumentException.class, () -> new ProbabilityCalibration(-1, 0));
  }
}
