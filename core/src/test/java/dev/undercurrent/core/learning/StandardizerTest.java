package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardizerTest {
  @Test
  void logScalesSkewedNonNegativeColumnsOnly() {
    Random r = new Random(1);
    double[][] rows = new double[2000][3];
    for (double[] row : rows) {
      row[0] = Math.exp(2 * r.nextGaussian()); // log-normal: heavily right-skewed, positive
      row[1] = r.nextGaussian(); // symmetric
      row[2] = -Math.exp(2 * r.nextGaussian()); // skewed but negative: left alone
    }
    Standardizer s = Standardizer.fit(rows);
    assertTrue(s.logScaled()[0]);
    assertFalse(s.logScaled()[1]);
    assertFalse(s.logScaled()[2]);
  }

  @Test
  void zScoresHaveMeanZeroAndUnitVariance() {
    double[][] rows = {{1}, {2}, {3}, {4}, {5}};
    Standardizer s = Standardizer.fit(rows);
    double[][] z = s.apply(rows);
    double sum = 0;
    double sumSq = 0;
    for (double[] row : z) {
      sum += row[0];
      sumSq += row[0] * row[0];
    }
    assertEquals(0, sum / 5, 1e-12);
    assertEquals(1, sumSq / 5, 1e-12);
    assertEquals((1 - 3) / Math.sqrt(2), z[0][0], 1e-12);
  }

  @Test
  void missingValuesTakeTheMedian() {
    double[][] rows = {{1}, {Double.NaN}, {10}, {2}, {Double.POSITIVE_INFINITY}};
    Standardizer s = Standardizer.fit(rows);
    assertEquals(2, s.fill()[0], 0);
    assertEquals(s.apply(0, 2), s.apply(0, Double.NaN), 0);
  }

  @Test
  void constantColumnsScaleByOneAndValuesAreClipped() {
    double[][] rows = {{7, 0}, {7, 1}, {7, 0}, {7, 1}};
    Standardizer s = Standardizer.fit(rows);
    assertEquals(1, s.scale()[0], 0);
    assertEquals(0, s.apply(0, 7), 0);
    assertEquals(Standardizer.CLIP, s.apply(1, 1e9), 0);
  }

  @Test
  void survivesJson() {
    Random r = new Random(2);
    double[][] rows = new double[100][4];
    for (double[] row : rows) {
      for (int j = 0; j < 4; j++) {
        row[j] = j == 0 ? Math.exp(3 * r.nextGaussian()) : r.nextGaussian();
      }
    }
    Standardizer s = Standardizer.fit(rows);
    Standardizer back = Standardizer.fromJson(s.toJson());
    assertEquals(s, back);
  }

  @Test
  void rejectsRaggedRows() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Standardizer.fit(new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("rows[1]"), e.getMessage());
  }
}
