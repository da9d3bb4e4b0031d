package dev.undercurrent.core.neighbours;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {

  @Test
  void exactOnAHandCase() {
    // Points on a line at 0, 1, 3, 7, 8: distances worked out by hand.
    float[][] pts = {{0f}, {1f}, {3f}, {7f}, {8f}};
    Neighbours nn = NearestNeighbours.exact(pts, 2);
    assertArrayEquals(new int[] {1, 2}, nn.indices()[0]);
    assertArrayEquals(new int[] {0, 2}, nn.indices()[1]); // 1 and 2 away
    assertArrayEquals(new int[] {1, 0}, nn.indices()[2]); // 2 and 3 away
    assertArrayEquals(new int[] {4, 2}, nn.indices()[3]); // 1 and 4 away
    assertArrayEquals(new int[] {3, 2}, nn.indices()[4]); // 1 and 5 away
    assertArrayEquals(new float[] {2f, 3f}, nn.distances()[2], 1e-6f);
    assertTrue(nn.exact());
  }

  @Test
  void exactBreaksTiesByRowAndNeverReturnsSelf() {
    float[][] pts = {{0f, 0f}, {1f, 0f}, {-1f, 0f}, {0f, 1f}};
    Neighbours nn = NearestNeighbours.exact(pts, 3);
    assertArrayEquals(new int[] {1, 2, 3}, nn.indices()[0]);
    for (int i = 0; i < pts.length; i++) {
      for (int j : nn.indices()[i]) {
        assertTrue(j != i);
      }
    }
  }

  @Test
  void fewerPointsThanK() {
    Neighbours nn = NearestNeighbours.exact(new float[][] {{0f}, {2f}}, 5);
    assertArrayEquals(new int[] {1}, nn.indices()[0]);
  }

  @Test
  void approximateRecallAtTenAbovePointNineOnRandomPoints() {
    Random rnd = new Random(7);
    int n = 20_000;
    float[][] pts = new float[n][16];
    for (float[] p : pts) {
      for (int d = 0; d < p.length; d++) {
        p[d] = (float) rnd.nextGaussian();
      }
    }
    Neighbours exact = NearestNeighbours.exact(pts, 10);
    Neighbours approx = NearestNeighbours.approximate(pts, NeighbourOptions.defaults(10));
    assertFalse(approx.exact());
    double recall = NearestNeighbours.recall(approx, exact);
    assertTrue(recall >= 0.9, "recall@10 " + recall);
  }

  @Test
  void theSameSeedGivesTheSameNeighboursAndAnotherSeedAnotherGraph() {
    Random rnd = new Random(3);
    float[][] pts = new float[3000][8];
    for (float[] p : pts) {
      for (int d = 0; d < p.length; d++) {
        p[d] = (float) rnd.nextGaussian();
      }
    }
    NeighbourOptions o = NeighbourOptions.defaults(5).withExactLimit(0);
    Neighbours a = NearestNeighbours.find(pts, o);
    Neighbours b = NearestNeighbours.find(pts, o);
    for (int i = 0; i < pts.length; i++) {
      assertArrayEquals(a.indices()[i], b.indices()[i]);
      assertArrayEquals(a.distances()[i], b.distances()[i]);
    }
    assertEquals(5, a.k());
    // the seed reaches the graph: another seed draws other levels, and with a sparse graph and a
    // short candidate list (so that the graph, not the exhaustive recheck, decides) some lists differ
    NeighbourOptions sparse = new NeighbourOptions(5, 0, 4, 8, 6, 0, 42L);
    Neighbours s42 = NearestNeighbours.find(pts, sparse);
    Neighbours s43 = NearestNeighbours.find(pts, sparse.withSeed(43));
    int differ = 0;
    for (int i = 0; i < pts.length; i++) {
      differ += java.util.Arrays.equals(s42.indices()[i], s43.indices()[i]) ? 0 : 1;
    }
    assertTrue(differ > 0, "seed 43 gave the same neighbours as seed 42 for every point");
  }

  @Test
  void largeRunsSearchAmongAStridedReferenceSample() {
    Random rnd = new Random(5);
    int n = 5000;
    float[][] pts = new float[n][4];
    for (float[] p : pts) {
      for (int d = 0; d < p.length; d++) {
        p[d] = (float) rnd.nextGaussian();
      }
    }
    Neighbours nn = NearestNeighbours.find(pts,
        NeighbourOptions.defaults(5).withExactLimit(0).withReferenceLimit(1000));
    assertEquals(1000, nn.referenceSize());
    java.util.Set<Integer> sample = new java.util.HashSet<>();
    for (int r = 0; r < 1000; r++) {
      sample.add(r * n / 1000);
    }
    for (int i = 0; i < n; i++) {
      assertEquals(5, nn.indices()[i].length);
      for (int j : nn.indices()[i]) {
        assertTrue(sample.contains(j) && j != i, "row " + i + " got neighbour " + j);
      }
    }
    // Against an exhaustive search over the same sample, the graph finds nearly all.
    float[][] ref = new float[1000][];
    for (int r = 0; r < 1000; r++) {
      ref[r] = pts[r * n / 1000];
    }
    float[][] queries = java.util.Arrays.copyOfRange(pts, 1, 1001);
    Neighbours truth = NearestNeighbours.query(ref, queries,
        NeighbourOptions.defaults(5).withExactLimit(10_000));
    int hit = 0;
    for (int q = 0; q < 1000; q++) {
      java.util.Set<Integer> got = new java.util.HashSet<>();
      for (int j : nn.indices()[q + 1]) {
        got.add(j);
      }
      for (int r : truth.indices()[q]) {
        hit += got.contains(r * n / 1000) ? 1 : 0;
      }
    }
    assertTrue(hit >= 0.9 * 5000 * 0.98, "hits " + hit);
  }

  @Test
  void theFourPartDistanceMatchesAPlainSumAtEveryLengthAndOffset() {
    Random rnd = new Random(3);
    for (int dim = 1; dim <= 37; dim++) {
      float[] a = new float[dim + 5];
      float[] b = new float[2 * dim + 3];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rnd.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) rnd.nextGaussian();
      }
      double plain = 0;
      for (int d = 0; d < dim; d++) {
        double t = (double) a[2 + d] - b[dim + d];
        plain += t * t;
      }
      float fast = NearestNeighbours.squaredDistance(a, 2, b, dim, dim);
      assertEquals(plain, fast, 1e-5 * Math.max(1, plain), "dimension " + dim);
    }
  }

  @Test
  void theSpatialOrderIsAPermutationThatKeepsNearPointsTogether() {
    // 40 tight clusters in 16 dimensions, the rows shuffled: in row order consecutive points
    // almost always come from different clusters; in the spatial order mostly from the same one
    Random rnd = new Random(11);
    int n = 8_000;
    float[][] centres = new float[40][16];
    for (float[] c : centres) {
      for (int d = 0; d < c.length; d++) {
        c[d] = (float) (10 * rnd.nextGaussian());
      }
    }
    float[][] pts = new float[n][16];
    for (float[] p : pts) {
      float[] c = centres[rnd.nextInt(centres.length)];
      for (int d = 0; d < p.length; d++) {
        p[d] = c[d] + (float) (0.1 * rnd.nextGaussian());
      }
    }
    int[] order = NearestNeighbours.spatialOrder(pts);
    assertArrayEquals(order, NearestNeighbours.spatialOrder(pts), "the same points, the same order");
    boolean[] seen = new boolean[n];
    for (int i : order) {
      assertFalse(seen[i], "row " + i + " twice");
      seen[i] = true;
    }
    double rowOrder = 0;
    double spatial = 0;
    for (int t = 1; t < n; t++) {
      rowOrder += Math.sqrt(NearestNeighbours.squaredDistance(pts[t - 1], pts[t]));
      spatial += Math.sqrt(NearestNeighbours.squaredDistance(pts[order[t - 1]], pts[order[t]]));
    }
    assertTrue(spatial < rowOrder / 5, "step in spatial order " + spatial / n + ", in row order " + rowOrder / n);
  }

  @Test
  void raggedRowsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NearestNeighbours.exact(new float[][] {{0f, 1f}, {2f}}, 1));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
  }
}
