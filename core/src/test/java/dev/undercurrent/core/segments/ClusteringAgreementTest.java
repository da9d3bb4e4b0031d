package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusteringAgreementTest {

  @Test
  void identicalPartitionsScoreOneWhateverTheLabelValues() {
    int[] a = {0, 0, 1, 1, 2, 2, 2};
    int[] b = {7, 7, 3, 3, 9, 9, 9};
    assertEquals(1.0, ClusteringAgreement.adjustedRandIndex(a, b), 1e-12);
  }

  @Test
  void scikitLearnUserGuideExample() {
    // scikit-learn user guide, "Adjusted Rand index": labels_true = [0, 0, 0, 1, 1, 1],
    // labels_pred = [0, 0, 1, 1, 2, 2] gives 0.24..., and [0,0,1,1] vs [0,0,1,2] gives 0.57...
    assertEquals(0.24, ClusteringAgreement.adjustedRandIndex(
        new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}), 0.005);
    assertEquals(0.57, ClusteringAgreement.adjustedRandIndex(
        new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 0.005);
  }

  @Test
  void handWorkedExample() {
    // Contingency of a = {0,0,0,1,1,1} and b = {0,0,1,1,2,2}: rows (2,1,0) and (0,1,2).
    // Index = C(2,2) + C(2,2) = 2; row pairs = 2 × C(3,2) = 6; column pairs = 3 × C(2,2) = 3;
    // expected = 6 × 3 / C(6,2) = 1.2; max = (6 + 3) / 2 = 4.5; ARI = 0.8 / 3.3 = 8/33.
    assertEquals(8.0 / 33.0, ClusteringAgreement.adjustedRandIndex(
        new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}), 1e-12);
    // [0,0,1,1] vs [0,0,1,2]: index 1, row pairs 2, column pairs 1, expected 2/6, max 1.5:
    // (1 - 1/3) / (1.5 - 1/3) = 4/7.
    assertEquals(4.0 / 7.0, ClusteringAgreement.adjustedRandIndex(
        new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 1e-12);
  }

  @Test
  void independentRandomLabelingsScoreAboutZero() {
    SplittableRandom rng = new SplittableRandom(11);
    int n = 20_000;
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextInt(5);
      b[i] = rng.nextInt(7);
    }
    assertEquals(0.0, ClusteringAgreement.adjustedRandIndex(a, b), 0.005);
  }

  @Test
  void symmetric() {
    int[] a = {0, 1, 1, 2, 2, 2, 0, 1};
    int[] b = {1, 1, 0, 0, 2, 2, 0, 1};
    assertEquals(ClusteringAgreement.adjustedRandIndex(a, b),
        ClusteringAgreement.adjustedRandIndex(b, a), 1e-15);
  }

  @Test
  void rejectsLabelingsOfDifferentLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusteringAgreement.adjustedRandIndex(new int[3], new int[4]));
    assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), e.getMessage());
  }

  @Test
  void silhouetteOfTwoPairsOnALine() {
    // Points 0, 1 | 4, 5. For 0: a = 1, b = (4 + 5) / 2 = 4.5, s = 3.5/4.5 = 7/9.
    // For 1: a = 1, b = (3 + 4) / 2 = 3.5, s = 2.5/3.5 = 5/7. By symmetry the mean is
    // (7/9 + 5/7) / 2 = 47/63.
    EmbeddingMatrix points = new EmbeddingMatrix(new float[] {0, 1, 4, 5}, 4, 1);
    assertEquals(47.0 / 63.0, ClusteringAgreement.silhouette(points, new int[] {0, 0, 1, 1}), 1e-9);
  }

  @Test
  void silhouetteIsNanForOneCluster() {
    EmbeddingMatrix points = new EmbeddingMatrix(new float[] {0, 1, 4}, 3, 1);
    assertTrue(Double.isNaN(ClusteringAgreement.silhouette(points, new int[] {2, 2, 2})));
  }

  @Test
  void sampledSilhouetteIsSeededAndNearTheFullOne() {
    Blobs blobs = Blobs.planted(4, 500, 6, 8, 3);
    double full = ClusteringAgreement.silhouette(blobs.points, blobs.truth);
    double s1 = ClusteringAgreement.sampledSilhouette(blobs.points, blobs.truth, 600, 42);
    double s2 = ClusteringAgreement.sampledSilhouette(blobs.points, blobs.truth, 600, 42);
    assertEquals(s1, s2, 0.0);
    assertEquals(full, s1, 0.05);
  }

  @Test
  void silhouettesOfOneSampleAreBitForBitTheSampledSilhouette() {
    Blobs blobs = Blobs.planted(4, 500, 6, 8, 3);
    ClusteringAgreement.SampleSilhouettes cached = new ClusteringAgreement.SampleSilhouettes(blobs.points, 600, 42);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 4; trial++) {
      // the planted labels, then random relabelings with 2..4 clusters
      int[] labels = blobs.truth.clone();
      if (trial > 0) {
        for (int i = 0; i < labels.length; i++) {
          labels[i] = rnd.nextInt(trial + 1);
        }
      }
      double expected = ClusteringAgreement.sampledSilhouette(blobs.points, labels, 600, 42);
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(cached.of(labels)),
          "trial " + trial + ": " + expected + " vs " + cached.of(labels));
    }
    // fewer points than the sample: every point, as sampledSilhouette does
    ClusteringAgreement.SampleSilhouettes all = new ClusteringAgreement.SampleSilhouettes(blobs.points, 5000, 42);
    assertEquals(ClusteringAgreement.silhouette(blobs.points, blobs.truth), all.of(blobs.truth), 0.0);
    assertThrows(IllegalArgumentException.class, () -> cached.of(new int[] {0, 1}));
  }
}
