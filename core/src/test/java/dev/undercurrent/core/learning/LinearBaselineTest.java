package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearBaselineTest {
  @Test
  void recoversAnExactLogLinearRelation() {
    Random r = new Random(3);
    int n = 500;
    double[][] x = new double[n][2];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextDouble() * 2 - 1;
      x[i][1] = r.nextDouble() * 2 - 1; // noise signal, weight 0
      value[i] = Math.expm1(3 + 2 * x[i][0]);
    }
    LinearBaseline b = LinearBaseline.fit(x, value, Standardizer.fit(x), 0);
    double[] p = b.predict(x);
    for (int i = 0; i < n; i++) {
      assertEquals(value[i], p[i], 1e-6 * (1 + value[i]));
    }
    assertEquals(0, b.weights()[1], 1e-9);
  }

  @Test
  void ranksBetterThanChanceOnANoisyRelation() {
    Random r = new Random(4);
    int n = 2000;
    double[][] x = new double[n][3];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = r.nextGaussian();
      }
      value[i] = r.nextDouble() < 0.4 ? Math.exp(3 + x[i][0] - 0.5 * x[i][2]) : 0;
    }
    double[] p = LinearBaseline.fit(x, value, Standardizer.fit(x), 1e-3).predict(x);
    // who buys is pure chance here, so judge the ranking among buyers, where the amount is
    // log-linear in the signals plus nothing: it should be nearly perfect
    int buyers = 0;
    for (double v : value) {
      buyers += v > 0 ? 1 : 0;
    }
    double[] a = new double[buyers];
    double[] q = new double[buyers];
    for (int i = 0, k = 0; i < n; i++) {
      if (value[i] > 0) {
        a[k] = value[i];
        q[k++] = p[i];
      }
    }
    assertTrue(ModelQuality.spearman(a, q) > 0.95, "spearman among buyers");
    for (double v : p) {
      assertTrue(v >= 0);
    }
  }
}
