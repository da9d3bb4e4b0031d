package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentSpaceTest {
  /** 2,000 customers: a 4-d embedding; signals 0-2 follow it (one through exp), 3 is noise, 4 constant. */
  private static final int N = 2_000;

  private static float[][] embedding(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] e = new float[N][4];
    for (float[] row : e) {
      for (int c = 0; c < 4; c++) {
        row[c] = (float) gaussian(r);
      }
    }
    return e;
  }

  private static double[][] signals(float[][] e, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] s = new double[N][5];
    for (int i = 0; i < N; i++) {
      s[i][0] = e[i][0] + 0.1 * gaussian(r);
      s[i][1] = Math.exp(e[i][1] - e[i][2]); // skewed, like money
      s[i][2] = Math.floor(2 + e[i][3]); // ties, like counts
      s[i][3] = gaussian(r);
      s[i][4] = 7;
    }
    return s;
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  @Test
  void rankGaussianScoresAreCentredScaledMonotoneAndEqualOnTies() {
    double[][] s = signals(embedding(1), 2);
    for (int j = 0; j < 3; j++) {
      float[] z = SegmentSpace.rankGaussian(s, j);
      double mean = 0;
      double ss = 0;
      for (float v : z) {
        mean += v;
        ss += v * v;
      }
      assertEquals(0, mean / N, 1e-5, "mean of signal " + j);
      assertEquals(1, ss / N, 1e-4, "variance of signal " + j);
      for (int a = 0; a < 50; a++) {
        for (int b = 0; b < 50; b++) {
          int cmp = Double.compare(s[a][j], s[b][j]);
          assertEquals(cmp, Float.compare(z[a], z[b]) == 0 ? 0 : Integer.signum(Float.compare(z[a], z[b])),
              "order of rows " + a + ", " + b + " in signal " + j);
        }
      }
    }
    assertArrayEquals(new float[N], SegmentSpace.rankGaussian(s, 4), "a constant signal scores 0");
  }

  @Test
  void anUnknownValueScoresAtTheMiddle() {
    double[][] s = {{1}, {2}, {Double.NaN}, {3}};
    float[] z = SegmentSpace.rankGaussian(s, 0);
    assertTrue(z[0] < z[1] && z[1] < z[3]);
    assertEquals(z[1], z[2], 1e-6, "NaN at the median rank, as the median value 2 is");
  }

  @Test
  void theEmbeddingKeepsTheSignalsItFollowsAndNotTheNoise() {
    float[][] e = embedding(3);
    double[][] s = signals(e, 4);
    float[][] scores = new float[5][];
    for (int j = 0; j < 5; j++) {
      scores[j] = SegmentSpace.rankGaussian(s, j);
    }
    double[] kept = SegmentSpace.keptShare(scores, e);
    assertTrue(kept[0] > 0.95, "linear in the embedding: " + kept[0]);
    assertTrue(kept[1] > 0.9, "monotone in a linear function of it: " + kept[1]);
    assertTrue(kept[2] > 0.6, "rounded: " + kept[2]);
    assertTrue(kept[3] < 0.01, "noise: " + kept[3]);
    assertEquals(0, kept[4], "constant");
  }

  @Test
  void pointsHaveTheSignalComponentsThenTheEmbeddingAtItsShareOfTheVariance() {
    float[][] e = embedding(5);
    double[][] s = signals(e, 6);
    EmbeddingMatrix m = SegmentSpace.of(s, e, 42, 0.2, 3);
    assertEquals(N, m.rows());
    assertEquals(3 + 4, m.dim());
    double signal = 0;
    double learned = 0;
    for (int c = 0; c < m.dim(); c++) {
      double sum = 0;
      double ss = 0;
      for (int i = 0; i < N; i++) {
        double v = m.values()[i * m.dim() + c];
        sum += v;
        ss += v * v;
      }
      double var = ss / N - (sum / N) * (sum / N);
      if (c < 3) {
        signal += var;
      } else {
        learned += var;
      }
    }
    assertEquals(0.2, learned / (signal + learned), 1e-4);
    assertEquals(3, SegmentSpace.of(s, e, 42, 0, 3).dim(), "share 0: no embedding coordinates");
  }

  @Test
  void theSameInputsGiveTheSameBitsAndAMonotoneRescalingOfASignalChangesNothing() {
    float[][] e = embedding(7);
    double[][] s = signals(e, 8);
    EmbeddingMatrix a = SegmentSpace.of(s, e, 42);
    assertArrayEquals(a.values(), SegmentSpace.of(s, e, 42).values());
    double[][] logged = new double[N][];
    for (int i = 0; i < N; i++) {
      logged[i] = s[i].clone();
      logged[i][1] = Math.log(s[i][1]) * 3 + 10; // money in another unit and scale
    }
    assertArrayEquals(a.values(), SegmentSpace.of(logged, e, 42).values(), 1e-6f);
  }

  @Test
  void segmentsInTheSpaceFollowTheSignalsTheEmbeddingKeepsAndNotTheNoise() {
    // two groups apart in the embedding's first coordinate, which two signals follow; three noise
    // signals, each as spread out as the group signals, weigh nothing and so split nothing
    float[][] e = embedding(9);
    SplittableRandom r = new SplittableRandom(10);
    double[][] s = new double[N][5];
    int[] truth = new int[N];
    for (int i = 0; i < N; i++) {
      truth[i] = i < N / 2 ? 0 : 1;
      e[i][0] += truth[i] == 0 ? -4 : 4;
      s[i][0] = e[i][0] + 0.3 * gaussian(r);
      s[i][1] = Math.exp(0.5 * e[i][0] + 0.3 * gaussian(r));
      for (int j = 2; j < 5; j++) {
        s[i][j] = gaussian(r);
      }
    }
    float[][] scores = new float[5][];
    for (int j = 0; j < 5; j++) {
      scores[j] = SegmentSpace.rankGaussian(s, j);
    }
    double[] kept = SegmentSpace.keptShare(scores, e);
    for (int j = 2; j < 5; j++) {
      assertTrue(kept[j] < 0.01, "noise signal " + j + " kept " + kept[j]);
    }
    Segmentation seg = SegmentCountSelector.select(SegmentSpace.of(s, e, 42),
        new SegmentCountOptions(2, 4, 3, 2_000, 500, 3, 50, 42));
    assertEquals(2, seg.k());
    double ari = ClusteringAgreement.adjustedRandIndex(truth, seg.segmentOf());
    assertTrue(ari > 0.95, "ARI against the groups " + ari);
  }

  @Test
  void aConstantEmbeddingWeighsTheSignalsAlike() {
    float[][] flat = new float[N][3];
    double[][] s = signals(embedding(11), 12);
    EmbeddingMatrix m = SegmentSpace.of(s, flat, 42);
    double spread = 0;
    for (float v : m.values()) {
      spread += v * v;
    }
    assertTrue(spread / N > 1, "the signals still place the customers: " + spread / N);
  }

  @Test
  void mismatchedRowsAreRefusedWithBothCounts() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> SegmentSpace.of(new double[3][2], new float[2][4], 1));
    assertTrue(ex.getMessage().contains("3 signal rows and 2 embedding rows"), ex.getMessage());
  }

  @Test
  void aPlacedRowLandsAtThePointOfTheCustomerWhoseSignalsItHas() {
    float[][] e = embedding(21);
    double[][] s = signals(e, 22);
    for (int i = 0; i < N; i += 17) {
      s[i][3] = Double.NaN; // unknown values place as the fit scored them
    }
    SegmentSpace.Fitted fitted = SegmentSpace.fit(s, e, 42);
    assertArrayEquals(SegmentSpace.of(s, e, 42).values(), fitted.points().values(), "fit gives the points of()");
    float[] points = fitted.points().values();
    int dim = fitted.points().dim();
    assertEquals(dim, fitted.placement().dim());
    assertEquals(5, fitted.placement().signals());
    assertArrayEquals(points, fitted.placement().place(s).values(), 1e-6f, "each customer's own row");
    // rows moved one customer on: each lands where the next customer is
    double[][] moved = new double[N][];
    for (int i = 0; i < N; i++) {
      moved[i] = s[(i + 1) % N].clone();
    }
    float[] placed = fitted.placement().place(moved).values();
    for (int i = 0; i < N; i++) {
      for (int c = 0; c < dim; c++) {
        assertEquals(points[((i + 1) % N) * dim + c], placed[i * dim + c], 1e-6f, "row " + i);
      }
    }
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> fitted.placement().place(new double[][] {{1, 2}}));
    assertTrue(wrong.getMessage().contains("has 2 signals; expected 5"), wrong.getMessage());
    assertEquals(null, SegmentSpace.fit(s, e, 42, 0.2, 3).placement(), "no placement with embedding coordinates");
  }

  @Test
  void aValueNoCustomerHoldsIsRankedBetweenItsNeighboursAndBeyondTheRangeAsTheExtreme() {
    float[][] e = embedding(23);
    double[][] s = signals(e, 24);
    ColumnReference[] refs = new ColumnReference[5];
    for (int j = 0; j < 5; j++) {
      float[] z = SegmentSpace.rankGaussian(s, j, refs);
      for (int i = 0; i < N; i++) {
        assertEquals(z[i], refs[j].score(s[i][j]), 1e-6, "signal " + j + " row " + i);
      }
    }
    assertEquals(0, refs[4].score(7), "a constant signal scores 0");
    assertEquals(0, refs[4].score(1e9), "whatever the value");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] r : s) {
      lo = Math.min(lo, r[0]);
      hi = Math.max(hi, r[0]);
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (int t = -10; t <= 1010; t++) {
      double x = lo + (hi - lo) * t / 1000.0;
      double z = refs[0].score(x);
      assertTrue(z >= previous, "monotone at " + x);
      previous = z;
    }
    assertEquals(refs[0].score(lo), refs[0].score(lo - 100), "below every customer: the lowest's score");
    assertEquals(refs[0].score(hi), refs[0].score(hi + 100), "above every customer: the highest's score");
    // counts: a value between two counts sits between their scores
    double between = refs[2].score(2.5);
    assertTrue(between > refs[2].score(2) && between < refs[2].score(3), between + "");
  }

  @Test
  void pastTheDistinctValuesKeptAPlacedRowStaysCloseToItsPoint() {
    int n = 12_000; // continuous signals with more distinct values than a reference keeps
    SplittableRandom r = new SplittableRandom(25);
    float[][] e = new float[n][3];
    double[][] s = new double[n][4];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        e[i][c] = (float) gaussian(r);
      }
      s[i][0] = e[i][0] + 0.2 * gaussian(r);
      s[i][1] = Math.exp(2 * e[i][1]);
      s[i][2] = Math.floor(3 + e[i][2]);
      s[i][3] = e[i][0] - e[i][1] + 0.3 * gaussian(r);
    }
    ColumnReference[] refs = new ColumnReference[4];
    float[] z0 = SegmentSpace.rankGaussian(s, 0, refs);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(z0[i] - refs[0].score(s[i][0])));
    }
    assertTrue(worst > 0 && worst < 0.02, "interpolated scores within 0.02 of the fit's: " + worst);
    SegmentSpace.Fitted fitted = SegmentSpace.fit(s, e, 42);
    float[] points = fitted.points().values();
    float[] placed = fitted.placement().place(s).values();
    double spread = 0;
    double off = 0;
    for (int k = 0; k < points.length; k++) {
      spread += points[k] * points[k];
      off = Math.max(off, Math.abs(points[k] - placed[k]));
    }
    spread = Math.sqrt(spread / n);
    assertTrue(off < 0.02 * spread, "placed within 2% of the points' spread: " + off + " of " + spread);
  }

  @Test
  void aReferenceOfAMillionDistinctValuesKeepsTheEndsAndEvenlySpacedOnesBetween() {
    // a million customers' continuous signal: past int's range in the spacing's product
    int n = 1_000_000;
    ColumnReference.Builder b = new ColumnReference.Builder(n);
    for (int i = 0; i < n; i++) {
      b.add(i * 0.5, i, i);
    }
    ColumnReference r = b.build(n, 0, 1);
    for (int rank : new int[] {0, 511, n / 3, n / 2, n - 512, n - 1}) {
      double u = (rank + 0.5) / n;
      double z = Math.sqrt(2) * org.apache.commons.math3.special.Erf.erfInv(2 * u - 1);
      assertEquals(z, r.score(rank * 0.5), rank < 512 || rank >= n - 512 ? 1e-9 : 1e-3, "rank " + rank);
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i += 997) {
      double z = r.score(i * 0.5 + 0.25);
      assertTrue(z >= previous, "monotone at " + i);
      previous = z;
    }
  }
}
