package dev.undercurrent.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class IsotonicTest {
  @Test
  void poolAdjacentViolatorsAveragesEachViolatingRun() {
    // Unit weights: each decreasing pair is replaced by its mean, the rest kept (Barlow et al.
    // 1972, the least-squares monotone fit).
    double[] fit = Isotonic.nonDecreasing(new double[] {1, 3, 2, 4, 3, 5},
        new double[] {1, 1, 1, 1, 1, 1});
    assertArrayEquals(new double[] {1, 2.5, 2.5, 3.5, 3.5, 5}, fit, 1e-12);
  }

  @Test
  void poolAdjacentViolatorsWeighsTheBlocksAndCascades() {
    // 4 (weight 3) then 1 (weight 1): pooled to 13/4; then 2 violates the pool: (13 + 2) / 5.
    double[] fit = Isotonic.nonDecreasing(new double[] {4, 1, 2},
        new double[] {3, 1, 1});
    assertArrayEquals(new double[] {3, 3, 3}, fit, 1e-12);
    double[] up = {0.5, 1, 7};
    assertArrayEquals(up, Isotonic.nonDecreasing(up, new double[] {2, 2, 2}), 0);
  }
}
