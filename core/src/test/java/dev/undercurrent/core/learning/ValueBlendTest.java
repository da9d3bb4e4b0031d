package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueBlendTest {
  /** Zero-inflated spend: 30% buy, a buyer's amount log-normal. */
  private static double[] spend(Random r, int n, double[] buyChance, double[] logAmount) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      buyChance[i] = 1 / (1 + Math.exp(-(r.nextGaussian() * 1.5 - 1)));
      logAmount[i] = 3.5 + 0.8 * r.nextGaussian();
      y[i] = r.nextDouble() < buyChance[i] ? Math.exp(logAmount[i] + 0.3 * r.nextGaussian()) : 0;
    }
    return y;
  }

  @Test
  void theNetworkAloneIsExactlyTheNetwork() {
    assertEquals(123.25, ValueBlend.NETWORK_ONLY.apply(123.25, 99), 0);
    assertEquals(0, ValueBlend.NETWORK_ONLY.weights().length);
  }

  @Test
  void keepsTheNetworkWhereItRanksBetter() {
    Random r = new Random(1);
    int n = 4000;
    double[] p = new double[n];
    double[] a = new double[n];
    double[] y = spend(r, n, p, a);
    double[] network = new double[n];
    double[] noise = new double[n];
    for (int i = 0; i < n; i++) {
      network[i] = p[i] * Math.exp(a[i]); // the true expected value
      noise[i] = r.nextGaussian();
    }
    assertEquals(0, ValueBlend.chooseWeight(y, network, noise));
    // the score reported is that of the weight chosen: the network's own, here
    assertEquals(ModelQuality.spearman(y, network) + ModelQuality.topDecileCapture(y, network),
        ValueBlend.choose(y, network, noise).score(), 1e-12);
  }

  @Test
  void takesTheRidgeWhereTheNetworkIsNoise() {
    Random r = new Random(2);
    int n = 4000;
    double[] p = new double[n];
    double[] a = new double[n];
    double[] y = spend(r, n, p, a);
    double[] network = new double[n];
    double[] ridge = new double[n];
    for (int i = 0; i < n; i++) {
      network[i] = Math.exp(3 + r.nextGaussian());
      ridge[i] = p[i] * a[i]; // expected log value, up to the noise term
    }
    assertEquals(1.0, ValueBlend.chooseWeight(y, network, ridge));
  }

  @Test
  void aBlendIsCalibratedToWhatTheHeldOutRowsSpentAndDoesNotExtrapolate() {
    Random r = new Random(3);
    int n = 1000;
    double[] network = new double[n];
    double[] ridge = new double[n];
    double[] actual = new double[n];
    double total = 0;
    double most = 0;
    for (int i = 0; i < n; i++) {
      network[i] = r.nextDouble() < 0.4 ? Math.exp(3 + r.nextGaussian()) : 0.5;
      ridge[i] = 1 + r.nextGaussian();
      actual[i] = r.nextDouble() < 0.5 ? 0 : network[i] * Math.exp(0.5 * r.nextGaussian());
      total += actual[i];
      most = Math.max(most, actual[i]);
    }
    LinearBaseline ridgeModel = LinearBaseline.fit(new double[][] {{1}, {2}, {3}}, new double[] {1, 2, 4},
        Standardizer.fit(new double[][] {{1}, {2}, {3}}), LinearBaseline.DEFAULT_LAMBDA);
    ValueBlend b = ValueBlend.of(0.5, network, ridge, actual, ridgeModel);
    double blended = 0;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = b.apply(network[i], ridge[i]);
      assertTrue(values[i] >= 0, "blended value " + values[i]);
      blended += values[i];
    }
    // the level is what the held-out rows spent (the block means keep their total; interpolating
    // between the blocks' mean scores moves it a little)
    assertEquals(total, blended, 0.05 * total);
    // the blend orders as before: a strictly increasing map of the blend score
    double[] raw = new double[n];
    for (int i = 0; i < n; i++) {
      raw[i] = new ValueBlend(0.5, 1, 0, new double[] {1}).apply(network[i], ridge[i]);
    }
    assertEquals(1.0, ModelQuality.spearman(raw, values), 1e-9);
    // a customer far beyond every held-out row (a ridge score extrapolated at as_of) gets no more
    // than the best-ranked rows spent on average, never a multiple of the largest amount seen
    double far = b.apply(1e6, 40);
    assertTrue(far <= most, "far beyond the held-out rows: " + far + " against the largest " + most);
    assertEquals(0.5, b.linearWeight());
    assertEquals(ridgeModel.intercept(), b.intercept());
    assertEquals(ValueBlend.NETWORK_ONLY, ValueBlend.of(0, network, ridge, actual, ridgeModel));
    // a model saved before the calibration keeps its scale
    assertEquals(2 * Math.expm1(0.5 * Math.log1p(3) + 0.5 * 1), new ValueBlend(0.5, 2, 0, new double[] {1}).apply(3, 1), 1e-12);
  }

  @Test
  void theRidgeLogScoreOfAStandardizedRow() {
    ValueBlend b = new ValueBlend(0.5, 1, 0.25, new double[] {2, -1});
    assertEquals(0.25 + 2 * 1.5 - 1 * 0.5, b.linearLog(new float[] {9, 1.5f, 0.5f}, 1), 1e-12);
  }

  @Test
  void refusesWeightsOutOfRangeAndAMissingRidge() {
    assertThrows(IllegalArgumentException.class, () -> new ValueBlend(1.5, 1, 0, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new ValueBlend(0.5, 0, 0, new double[] {1}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ValueBlend(0.5, 1, 0, new double[0]));
    assertTrue(e.getMessage().contains("weights"), e.getMessage());
  }
}
