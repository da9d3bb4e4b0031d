package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentCountSelectorTest {

  private static SegmentCountOptions small(int minK, int maxK, int sampleSize, long seed) {
    return new SegmentCountOptions(minK, maxK, 3, sampleSize, 800, 2, 50, seed);
  }

  private static ClusteringCandidate chosenOf(List<ClusteringCandidate> all) {
    List<ClusteringCandidate> chosen = all.stream().filter(ClusteringCandidate::chosen).toList();
    assertEquals(1, chosen.size(), "exactly one chosen: " + all);
    return chosen.get(0);
  }

  @Test
  void aChallengerWithinTheSilhouettesNoiseDoesNotReplaceTheIncumbent() {
    List<ClusteringCandidate> core = List.of(
        new ClusteringCandidate("kmeans", 3, 0.97, 0.196, 0.95, true),
        new ClusteringCandidate("kmeans", 4, 0.70, 0.201, 0.60, false));
    List<ClusteringCandidate> mllib = List.of(
        new ClusteringCandidate("mllib-kmeans", 3, 0.96, 0.2017, Double.NaN, false),
        new ClusteringCandidate("mllib-bisecting-kmeans", 3, 0.95, 0.2008, Double.NaN, false));
    // the plain rule would take MLlib's k-means by 0.006 of silhouette
    assertEquals("mllib-kmeans", chosenOf(SegmentCountSelector.choose(
        java.util.stream.Stream.concat(core.stream(), mllib.stream()).map(c -> c.withChosen(false)).toList())).method());
    List<ClusteringCandidate> judged = SegmentCountSelector.chooseAcrossMethods(core, mllib, SegmentCountSelector.SILHOUETTE_MARGIN);
    assertEquals(4, judged.size());
    ClusteringCandidate pick = chosenOf(judged);
    assertEquals("kmeans", pick.method());
    assertEquals(3, pick.k());
  }

  @Test
  void aChallengerClearlyBetterReplacesTheIncumbentAndAnUnstableOneNever() {
    List<ClusteringCandidate> core = List.of(new ClusteringCandidate("kmeans", 3, 0.97, 0.15, 0.95, true));
    List<ClusteringCandidate> better = List.of(new ClusteringCandidate("mllib-bisecting-kmeans", 5, 0.93, 0.25, Double.NaN, false));
    ClusteringCandidate pick = chosenOf(SegmentCountSelector.chooseAcrossMethods(core, better, 0.02));
    assertEquals("mllib-bisecting-kmeans", pick.method());
    assertEquals(5, pick.k());
    List<ClusteringCandidate> unstable = List.of(new ClusteringCandidate("mllib-kmeans", 6, 0.40, 0.40, Double.NaN, false));
    assertEquals("kmeans", chosenOf(SegmentCountSelector.chooseAcrossMethods(core, unstable, 0.02)).method());
  }

  @Test
  void picksThePlantedNumberOfBlobsAndRecoversThem() {
    Blobs blobs = Blobs.planted(5, 300, 8, 6, 21);
    Segmentation s = SegmentCountSelector.select(blobs.points, small(2, 9, 5_000, 4));
    assertEquals(5, s.k(), () -> "comparison: " + s.comparison());
    assertTrue(ClusteringAgreement.adjustedRandIndex(blobs.truth, s.segmentOf()) >= 0.95);
    assertEquals(8, s.comparison().size());
    assertEquals(1, s.comparison().stream().filter(ClusteringCandidate::chosen).count());
  }

  @Test
  void refinesOnEveryPointWhenFittedOnASample() {
    Blobs blobs = Blobs.planted(4, 3_000, 16, 5, 8);
    Segmentation s = SegmentCountSelector.select(blobs.points, small(3, 7, 2_000, 6));
    assertEquals(4, s.k(), () -> "comparison: " + s.comparison());
    assertEquals(12_000, s.segmentOf().length);
    assertTrue(ClusteringAgreement.adjustedRandIndex(blobs.truth, s.segmentOf()) >= 0.95);
  }

  @Test
  void segmentsAreNumberedBySizeLargestFirst() {
    Blobs blobs = Blobs.planted(3, 400, 4, 8, 5);
    Segmentation s = SegmentCountSelector.select(blobs.points, small(2, 5, 5_000, 1));
    long[] sizes = new long[s.k()];
    for (int l : s.segmentOf()) {
      sizes[l]++;
    }
    for (int c = 1; c < sizes.length; c++) {
      assertTrue(sizes[c - 1] >= sizes[c]);
    }
    assertArrayEquals(s.segmentOf(), s.model().assign(blobs.points));
  }

  @Test
  void sameSeedGivesIdenticalSegments() {
    Blobs blobs = Blobs.planted(4, 500, 8, 2.5, 17);
    Segmentation a = SegmentCountSelector.select(blobs.points, small(2, 6, 1_000, 99));
    Segmentation b = SegmentCountSelector.select(blobs.points, small(2, 6, 1_000, 99));
    assertArrayEquals(a.segmentOf(), b.segmentOf());
    assertEquals(a.comparison(), b.comparison());
  }

  @Test
  void ruleTakesTheBestSilhouetteAmongStableCandidates() {
    List<ClusteringCandidate> c = List.of(
        new ClusteringCandidate("kmeans", 3, 0.95, 0.40, false),
        new ClusteringCandidate("kmeans", 4, 0.85, 0.55, false),
        new ClusteringCandidate("kmeans", 5, 0.60, 0.70, false));
    List<ClusteringCandidate> marked = SegmentCountSelector.choose(c);
    assertEquals(List.of(false, true, false), marked.stream().map(ClusteringCandidate::chosen).toList());
  }

  @Test
  void ruleFallsBackToTheMostStableWhenNoneIsStable() {
    List<ClusteringCandidate> c = List.of(
        new ClusteringCandidate("kmeans", 3, 0.70, 0.30, false),
        new ClusteringCandidate("kmeans", 4, 0.67, 0.35, false),
        new ClusteringCandidate("kmeans", 5, 0.50, 0.90, false),
        new ClusteringCandidate("kmeans", 6, Double.NaN, 0.95, false));
    List<ClusteringCandidate> marked = SegmentCountSelector.choose(c);
    assertEquals(List.of(false, true, false, false), marked.stream().map(ClusteringCandidate::chosen).toList());
  }

  @Test
  void ruleBreaksExactTiesTowardsFewerSegments() {
    List<ClusteringCandidate> c = List.of(
        new ClusteringCandidate("a", 6, 0.9, 0.5, false),
        new ClusteringCandidate("b", 4, 0.9, 0.5, false));
    assertEquals(4, SegmentCountSelector.choose(c)
        .stream().filter(ClusteringCandidate::chosen).findFirst().orElseThrow().k());
  }

  @Test
  void largestStableRuleTakesTheLargestKWhoseClustersAllReplicate() {
    List<ClusteringCandidate> c = List.of(
        new ClusteringCandidate("kmeans", 3, 0.98, 0.30, 0.97, false),
        new ClusteringCandidate("kmeans", 6, 0.90, 0.20, 0.85, false),
        // Stable on average, but one cluster is cut in halves from fit to fit.
        new ClusteringCandidate("kmeans", 7, 0.88, 0.25, 0.50, false),
        new ClusteringCandidate("kmeans", 8, 0.60, 0.10, 0.40, false));
    List<ClusteringCandidate> marked = SegmentCountSelector.choose(c, SegmentCountRule.LARGEST_STABLE);
    assertEquals(List.of(false, true, false, false), marked.stream().map(ClusteringCandidate::chosen).toList());
    assertEquals(3, SegmentCountSelector.choose(c).stream().filter(ClusteringCandidate::chosen)
        .findFirst().orElseThrow().k());
  }

  @Test
  void largestStableRuleFallsBackToTheMostReproducibleWhenNoneIsStable() {
    List<ClusteringCandidate> c = List.of(
        new ClusteringCandidate("kmeans", 3, 0.90, 0.30, 0.70, false),
        new ClusteringCandidate("kmeans", 4, 0.72, 0.20, 0.68, false),
        new ClusteringCandidate("kmeans", 5, 0.95, 0.40, 0.30, false));
    assertEquals(List.of(false, true, false),
        SegmentCountSelector.choose(c, SegmentCountRule.LARGEST_STABLE).stream()
            .map(ClusteringCandidate::chosen).toList());
  }

  @Test
  void largestStableRuleTakesTheHigherSilhouetteAmongMethodsOfThatK() {
    List<ClusteringCandidate> c = List.of(
        new ClusteringCandidate("a", 5, 0.9, 0.3, 0.9, false),
        new ClusteringCandidate("b", 5, 0.9, 0.4, 0.9, false),
        new ClusteringCandidate("c", 4, 0.9, 0.6, 0.9, false));
    assertEquals("b", SegmentCountSelector.choose(c, SegmentCountRule.LARGEST_STABLE).stream().filter(ClusteringCandidate::chosen)
        .findFirst().orElseThrow().method());
  }

  @Test
  void weakestClusterStrengthIsTheShareOfPairsKeptTogetherInTheWorstCluster() {
    // Cluster 0 of a (4 points) is cut 2 + 2 by b: 2 of its 6 pairs stay together. Cluster 1
    // (2 points) stays whole.
    int[] a = {0, 0, 0, 0, 1, 1};
    int[] b = {0, 0, 1, 1, 2, 2};
    assertEquals(1.0 / 3, SegmentCountSelector.weakestClusterStrength(a, b), 1e-12);
    assertEquals(1.0, SegmentCountSelector.weakestClusterStrength(b, a), 1e-12);
  }

  @Test
  void largestStableRuleFindsNineBlobsNestedInThreeGroupsWhereTheDefaultStopsAtThree() {
    // Three well-separated groups, each of three blobs closer together: the silhouette is highest
    // at three segments, but all nine blobs replicate.
    int dim = 6;
    int perBlob = 150;
    SplittableRandom rng = new SplittableRandom(42);
    double[][] groups = {{40, 0, 0, 0, 0, 0}, {0, 40, 0, 0, 0, 0}, {0, 0, 40, 0, 0, 0}};
    double[][] offsets = {{0, 0, 0, 9, 0, 0}, {0, 0, 0, 0, 9, 0}, {0, 0, 0, 0, 0, 9}};
    int n = 9 * perBlob;
    float[] v = new float[n * dim];
    int[] fine = new int[n];
    int[] coarse = new int[n];
    for (int i = 0; i < n; i++) {
      int g = (i / 3) % 3;
      int o = i % 3;
      fine[i] = g * 3 + o;
      coarse[i] = g;
      for (int d = 0; d < dim; d++) {
        v[i * dim + d] = (float) (groups[g][d] + offsets[o][d] + Blobs.gaussian(rng));
      }
    }
    EmbeddingMatrix points = new EmbeddingMatrix(v, n, dim);
    SegmentCountOptions options = small(2, 12, 5_000, 3);
    Segmentation now = SegmentCountSelector.select(points, options.withRule(SegmentCountRule.LARGEST_STABLE));
    assertEquals(9, now.k(), () -> "comparison: " + now.comparison());
    assertTrue(ClusteringAgreement.adjustedRandIndex(fine, now.segmentOf()) >= 0.95);
    Segmentation before = SegmentCountSelector.select(points, options);
    assertEquals(3, before.k(), () -> "comparison: " + before.comparison());
    assertTrue(ClusteringAgreement.adjustedRandIndex(coarse, before.segmentOf()) >= 0.95);
  }

  @Test
  void stabilityComparesOnlySharedPoints() {
    // Resamples 0 and 1 share points 0-3 where they agree exactly; they disagree on point 4,
    // which resample 1 did not draw.
    int[][] labels = {{0, 0, 1, 1, 0}, {1, 1, 0, 0, 1 - 1}};
    boolean[][] drawn = {{true, true, true, true, true}, {true, true, true, true, false}};
    assertEquals(1.0, SegmentCountSelector.stability(labels, drawn), 1e-12);
  }

  /**
   * A long thin run of 900 points along x in [0, 10] and a tight clump of 100 six units above its
   * middle: cutting the run in two (the clump joining one half) has the lower inertia (5,332
   * against 7,510), isolating the clump the better separation (silhouette 0.55 against 0.51). Both are local optima k-means++ starts reach; k-means
   * keeps the first, the segments the second.
   */
  @Test
  void ofTheRestartsTheBestSeparatedIsKeptNotTheLowestInertia() {
    int n = 1_000;
    float[] v = new float[2 * n];
    for (int i = 0; i < 900; i++) {
      v[2 * i] = i / 90f;
      v[2 * i + 1] = ((i % 7) - 3) * 0.05f;
    }
    for (int i = 900; i < n; i++) {
      v[2 * i] = 5f + ((i % 10) - 4.5f) * 0.02f;
      v[2 * i + 1] = 6f + ((i / 10 % 10) - 4.5f) * 0.02f;
    }
    EmbeddingMatrix points = new EmbeddingMatrix(v, n, 2);
    KMeansOptions km = new KMeansOptions(2, 100, 12, 1e-6, 5);
    KMeansFit byInertia = KMeans.fit(points, km);
    KMeansFit bySeparation = SegmentCountSelector.separatedFit(points, km, 11);
    int[] clump = new int[n];
    for (int i = 900; i < n; i++) {
      clump[i] = 1;
    }
    assertEquals(1.0, ClusteringAgreement.adjustedRandIndex(clump, bySeparation.labels()), 1e-12);
    assertTrue(ClusteringAgreement.adjustedRandIndex(clump, byInertia.labels()) < 0.5);
    assertTrue(byInertia.model().inertia() < bySeparation.model().inertia());
    assertTrue(ClusteringAgreement.silhouette(points, bySeparation.labels())
        > ClusteringAgreement.silhouette(points, byInertia.labels()) + 0.03);
  }

  @Test
  void fitBestByNegativeInertiaIsThePlainFit() {
    Blobs blobs = Blobs.planted(4, 500, 3, 1.5, 21);
    KMeansOptions km = new KMeansOptions(5, 100, 6, 1e-6, 8);
    assertArrayEquals(KMeans.fit(blobs.points, km).labels(),
        KMeans.fitBest(blobs.points, km, f -> -f.model().inertia()).labels());
  }
}
