package dev.undercurrent.core.segments.bench;

import dev.undercurrent.core.evaluation.DiscoveryDump;
import dev.undercurrent.core.evaluation.TruthEvaluation;
import dev.undercurrent.core.segments.ClusteringAgreement;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.SegmentCountOptions;
import dev.undercurrent.core.segments.SegmentCountRule;
import dev.undercurrent.core.segments.SegmentCountSelector;
import dev.undercurrent.core.segments.Segmentation;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Measures segment-count variants against a discovery dump and its planted truth: chosen k, ARI
 * against the planted kinds, ARI of a rerun on a seeded 95% subsample (on the shared customers),
 * ARI of a rerun with the same seed, and wall time. Not a unit test: it reads files written by a
 * pipeline run.
 *
 * <p>Usage: {@code SegmentTruthBench DUMP TRUTH_DIR [SEED] [million | million-only | restarts]}:
 * {@code million} also (and {@code million-only} only) times the default options on a million
 * points made by jittering the dump's embedding; {@code restarts} runs only the largest-stable
 * rule with 8 resamples and 6 restarts.
 */
public final class SegmentTruthBench {
  private SegmentTruthBench() {}

  public static void main(String[] args) throws Exception {
    DiscoveryDump dump = DiscoveryDump.read(Path.of(args[0]));
    TruthEvaluation truth = TruthEvaluation.read(Path.of(args[1])).orElseThrow();
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
    String[] ids = dump.customerSignals().customerIds();
    EmbeddingMatrix raw = EmbeddingMatrix.of(dump.scores().embedding());
    SegmentCountOptions before = SegmentCountOptions.defaults(seed);
    SegmentCountOptions after = before.withRange(3, 15).withRule(SegmentCountRule.LARGEST_STABLE);
    if (args.length > 3 && args[3].equals("restarts")) {
      run("largest stable, 8 rs, 6 restarts", raw, after.withResamples(8).withRestarts(6), ids, truth);
      return;
    }
    if (args.length > 3 && args[3].equals("million-only")) {
      timeMillion(raw, before);
      return;
    }
    System.out.printf("%-34s %3s %6s %8s %8s %7s  comparison (k:stability/weakest/silhouette)%n",
        "variant", "k", "ARI", "sub95", "sameSeed", "secs");
    System.out.printf("ceiling: nearest planted-kind centroid in the embedding, ARI %.3f%n",
        kindCentroidCeiling(raw, ids, Path.of(args[1], "customers.csv"), truth));
    run("default: 3-12, best silhouette", raw, before, ids, truth);
    run("largest stable, 3-15, 4 resamples", raw, after, ids, truth);
    run("largest stable, 3-15, 8 resamples", raw, after.withResamples(8), ids, truth);
    if (args.length > 3) {
      timeMillion(raw, before);
    }
  }

  private static void timeMillion(EmbeddingMatrix raw, SegmentCountOptions options) {
    EmbeddingMatrix million = jitter(raw, 1_000_000, options.seed());
    long t0 = System.nanoTime();
    Segmentation s = SegmentCountSelector.select(million, options);
    System.out.printf("1M points, defaults: k=%d in %.1f s on %d cores%n", s.k(), (System.nanoTime() - t0) / 1e9,
        Runtime.getRuntime().availableProcessors());
  }

  private static void run(String name, EmbeddingMatrix points, SegmentCountOptions options, String[] ids,
      TruthEvaluation truth) {
    long t0 = System.nanoTime();
    Segmentation full = SegmentCountSelector.select(points, options);
    double secs = (System.nanoTime() - t0) / 1e9;
    Segmentation again = SegmentCountSelector.select(points, options);
    double same = ClusteringAgreement.adjustedRandIndex(full.segmentOf(), again.segmentOf());
    int[] rows = subsample(points.rows(), 0.95, options.seed() ^ 0x5EEDL);
    Segmentation sub = SegmentCountSelector.select(points.select(rows), options);
    int[] shared = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      shared[i] = full.segmentOf()[rows[i]];
    }
    double sub95 = ClusteringAgreement.adjustedRandIndex(shared, sub.segmentOf());
    String cmp = full.comparison().stream()
        .map(c -> String.format("%d:%.2f/%.2f/%.3f%s", c.k(), c.stability(), c.weakestCluster(),
            c.silhouette(), c.chosen() ? "*" : ""))
        .collect(Collectors.joining(" "));
    System.out.printf("%-34s %3d %6.3f %8.3f %8.3f %7.1f  %s (sub k=%d)%n", name, full.k(),
        truth.segmentAri(ids, full.segmentOf()), sub95, same, secs, cmp, sub.k());
  }

  /**
   * The ARI of assigning every customer to the nearest centroid of the planted kinds (computed from
   * the truth): how far a partition by convex cells of this embedding can reach at all. A
   * measurement only; the method never sees the truth.
   */
  static double kindCentroidCeiling(EmbeddingMatrix points, String[] ids, Path customersCsv,
      TruthEvaluation truth) throws java.io.IOException {
    java.util.Map<String, String> kindOf = new java.util.HashMap<>();
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(customersCsv)) {
      lines.skip(1).forEach(l -> {
        String[] f = l.split(",", 3);
        kindOf.put(f[0], f[1]);
      });
    }
    java.util.Map<String, Integer> index = new java.util.TreeMap<>();
    int[] kind = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      kind[i] = index.computeIfAbsent(kindOf.getOrDefault(ids[i], "?"), x -> index.size());
    }
    int k = index.size();
    int dim = points.dim();
    double[] sums = new double[k * dim];
    long[] counts = new long[k];
    for (int i = 0; i < ids.length; i++) {
      counts[kind[i]]++;
      for (int d = 0; d < dim; d++) {
        sums[kind[i] * dim + d] += points.values()[i * dim + d];
      }
    }
    float[] centroids = new float[k * dim];
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < dim; d++) {
        centroids[c * dim + d] = (float) (sums[c * dim + d] / counts[c]);
      }
    }
    int[] nearest = new dev.undercurrent.core.segments.KMeansModel(k, dim, centroids, 0, 0).assign(points);
    return truth.segmentAri(ids, nearest);
  }

  /** A seeded {@code share} of {@code [0, n)}, in ascending order. */
  static int[] subsample(int n, double share, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return java.util.stream.IntStream.range(0, n).filter(i -> rng.nextDouble() < share).toArray();
  }

  /** {@code n} points: rows of {@code base} drawn with replacement, each coordinate jittered by 5% of a unit. */
  static EmbeddingMatrix jitter(EmbeddingMatrix base, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int dim = base.dim();
    float[] v = new float[n * dim];
    for (int i = 0; i < n; i++) {
      int r = rng.nextInt(base.rows());
      for (int d = 0; d < dim; d++) {
        v[i * dim + d] = base.values()[r * dim + d] + (float) (0.05 * (rng.nextDouble() * 2 - 1));
      }
    }
    return new EmbeddingMatrix(v, n, dim);
  }

}
