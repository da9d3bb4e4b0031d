package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SegmentMapTest {

  @Test
  void pointsOnALineKeepTheirProportions() {
    // Centred x: −4/3, −1/3, 5/3; the largest magnitude (5/3) is made positive, so the points
    // land at 0, 1/3 and 1; the flat y axis sits in the middle.
    double[][] xy = SegmentMap.positions(new double[][] {{0, 0, 0}, {1, 0, 0}, {3, 0, 0}});
    assertEquals(0, xy[0][0], 1e-9);
    assertEquals(1.0 / 3, xy[1][0], 1e-9);
    assertEquals(1, xy[2][0], 1e-9);
    for (double[] p : xy) {
      assertEquals(0.5, p[1], 1e-9);
    }
  }

  @Test
  void aRectangleKeepsItsAspectRatio() {
    // A 4 × 2 rectangle: the long side spans [0, 1], the short one half of it, centred.
    double[][] xy = SegmentMap.positions(new double[][] {{0, 0}, {4, 0}, {0, 2}, {4, 2}});
    double minY = 1;
    double maxY = 0;
    for (double[] p : xy) {
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    assertEquals(0.25, minY, 1e-9);
    assertEquals(0.75, maxY, 1e-9);
    assertEquals(1.0, Math.abs(xy[0][0] - xy[1][0]), 1e-9);
  }

  @Test
  void aSingleSegmentSitsInTheMiddle() {
    double[][] xy = SegmentMap.positions(new double[][] {{3, 1}});
    assertEquals(0.5, xy[0][0], 0);
    assertEquals(0.5, xy[0][1], 0);
  }
}
