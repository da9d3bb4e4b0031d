package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KMeansTest {

  @Test
  void twoPairsOnALine() {
    EmbeddingMatrix points = new EmbeddingMatrix(new float[] {0, 1, 10, 11}, 4, 1);
    KMeansFit fit = KMeans.fit(points, KMeansOptions.of(2, 1));
    float[] c = fit.model().centroids();
    Arrays.sort(c);
    assertArrayEquals(new float[] {0.5f, 10.5f}, c, 1e-6f);
    assertEquals(1.0, fit.model().inertia(), 1e-9);
    assertEquals(fit.labels()[0], fit.labels()[1]);
    assertNotEquals(fit.labels()[1], fit.labels()[2]);
  }

  @Test
  void pruningByBoundsGivesTheFullScansLabelsCentroidsAndIterations() {
    // Overlapping blobs (spread 0.5: one continuum) take many iterations, so the bounds are used
    // and loosened many times; separated ones converge in a few.
    for (double spread : new double[] {0.5, 2, 6}) {
      Blobs blobs = Blobs.planted(7, 1_500, 8, spread, 11);
      for (int k : new int[] {2, 5, 12}) {
        KMeansOptions options = new KMeansOptions(k, 300, 1, 1e-9, 5);
        float[] init = KMeans.kMeansPlusPlus(blobs.points, k, new java.util.SplittableRandom(k));
        KMeansFit full = KMeans.lloydFullScan(blobs.points, init, options);
        KMeansFit pruned = KMeans.refine(blobs.points, init, options);
        String at = "spread " + spread + ", k " + k;
        assertArrayEquals(full.labels(), pruned.labels(), at);
        assertArrayEquals(full.model().centroids(), pruned.model().centroids(), at);
        assertEquals(full.model().inertia(), pruned.model().inertia(), 0.0, at);
        assertEquals(full.model().iterations(), pruned.model().iterations(), at);
        if (spread == 0.5) {
          assertTrue(full.model().iterations() >= 10, at + ": expected a slow convergence, got "
              + full.model().iterations() + " iterations");
        }
      }
    }
  }

  @Test
  void recoversPlantedBlobs() {
    Blobs blobs = Blobs.planted(6, 2_000, 16, 6, 7);
    KMeansFit fit = KMeans.fit(blobs.points, KMeansOptions.of(6, 5));
    assertTrue(ClusteringAgreement.adjustedRandIndex(blobs.truth, fit.labels()) >= 0.95);
    assertArrayEquals(fit.labels(), fit.model().assign(blobs.points));
  }

  @Test
  void sameSeedGivesIdenticalLabelsAndCentroids() {
    Blobs blobs = Blobs.planted(5, 4_000, 8, 3, 9);
    KMeansFit a = KMeans.fit(blobs.points, KMeansOptions.of(7, 123));
    KMeansFit b = KMeans.fit(blobs.points, KMeansOptions.of(7, 123));
    assertArrayEquals(a.labels(), b.labels());
    assertArrayEquals(a.model().centroids(), b.model().centroids());
    assertEquals(a.model(), b.model());
  }

  @Test
  void refineFromGoodCentroidsKeepsThem() {
    Blobs blobs = Blobs.planted(3, 1_000, 4, 10, 2);
    KMeansFit fit = KMeans.fit(blobs.points, KMeansOptions.of(3, 1));
    KMeansFit refined = KMeans.refine(blobs.points, fit.model().centroids(), KMeansOptions.of(3, 1));
    assertEquals(1.0, ClusteringAgreement.adjustedRandIndex(fit.labels(), refined.labels()), 1e-12);
  }

  @Test
  void handlesFewerDistinctPointsThanK() {
    EmbeddingMatrix points = new EmbeddingMatrix(new float[] {1, 1, 1, 1, 2, 2}, 6, 1);
    KMeansFit fit = KMeans.fit(points, KMeansOptions.of(3, 4));
    assertEquals(0.0, fit.model().inertia(), 1e-12);
  }

  @Test
  void rejectsMoreClustersThanPoints() {
    EmbeddingMatrix points = new EmbeddingMatrix(new float[] {1, 2}, 2, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KMeans.fit(points, KMeansOptions.of(3, 1)));
    assertTrue(e.getMessage().contains("2 points") && e.getMessage().contains("k=3"), e.getMessage());
  }
}
