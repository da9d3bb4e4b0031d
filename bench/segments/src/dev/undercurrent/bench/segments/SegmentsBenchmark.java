package dev.undercurrent.bench.segments;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.segments.ClusteringAgreement;
import dev.undercurrent.core.segments.ClusteringCandidate;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.KMeans;
import dev.undercurrent.core.segments.KMeansFit;
import dev.undercurrent.core.segments.KMeansOptions;
import dev.undercurrent.core.segments.SegmentCountOptions;
import dev.undercurrent.core.segments.SegmentCountSelector;
import dev.undercurrent.core.segments.SegmentProfiler;
import dev.undercurrent.core.segments.Segmentation;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Times the plain-Java segment discovery on synthetic embeddings: the choice of k over 3..12 by
 * stability and silhouette on a sample, the refinement and assignment of every customer, and the
 * profiles. Usage: {@code SegmentsBenchmark [customers] [dim] [planted segments] [seed]
 * [separation]}, where the planted centres are drawn in a cube of half-side {@code separation}
 * (default 4; blobs have spreads 0.6 to 1.2, so 1 makes them overlap).
 *
 * <p>The embeddings are Gaussian blobs of unequal sizes and spreads (so the answer is known and
 * the recovery can be scored), not real customer embeddings: real ones are less separated, which
 * changes the chosen k but not the cost.
 */
public final class SegmentsBenchmark {
  private SegmentsBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int planted = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
    double separation = args.length > 4 ? Double.parseDouble(args[4]) : 4;
    System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MiB%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    long t0 = System.nanoTime();
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] centres = new double[planted][dim];
    double[] spread = new double[planted];
    double[] weight = new double[planted];
    double total = 0;
    for (int c = 0; c < planted; c++) {
      for (int d = 0; d < dim; d++) {
        centres[c][d] = (rng.nextDouble() * 2 - 1) * separation;
      }
      spread[c] = 0.6 + 0.6 * rng.nextDouble();
      weight[c] = 0.5 + rng.nextDouble();
      total += weight[c];
    }
    float[] v = new float[n * dim];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble() * total;
      int c = 0;
      while (c < planted - 1 && u >= weight[c]) {
        u -= weight[c];
        c++;
      }
      truth[i] = c;
      for (int d = 0; d < dim; d++) {
        v[i * dim + d] = (float) (centres[c][d] + spread[c] * gaussian(rng));
      }
    }
    EmbeddingMatrix points = new EmbeddingMatrix(v, n, dim);
    System.out.printf(Locale.ROOT,
        "generated %,d × %d embeddings with %d planted segments (separation %.1f) in %.1f s%n",
        n, dim, planted, separation, seconds(t0));

    long t1 = System.nanoTime();
    Segmentation s = SegmentCountSelector.select(points, SegmentCountOptions.defaults(seed));
    double selectSeconds = seconds(t1);
    System.out.printf(Locale.ROOT, "%-8s %3s %10s %11s %7s%n", "method", "k", "stability", "silhouette", "chosen");
    for (ClusteringCandidate c : s.comparison()) {
      System.out.printf(Locale.ROOT, "%-8s %3d %10.3f %11.3f %7s%n",
          c.method(), c.k(), c.stability(), c.silhouette(), c.chosen() ? "*" : "");
    }
    System.out.printf(Locale.ROOT,
        "selection (k = 3..12 on a 20,000 sample) + refinement and assignment of %,d points: %.1f s; "
            + "chose k = %d (planted %d), ARI with the planted segments %.4f, %d Lloyd iterations on all points%n",
        n, selectSeconds, s.k(), planted, ClusteringAgreement.adjustedRandIndex(truth, s.segmentOf()),
        s.model().iterations());

    long t2 = System.nanoTime();
    int[] again = s.model().assign(points);
    System.out.printf(Locale.ROOT, "re-assigning %,d points to %d centroids: %.2f s (identical: %s)%n",
        n, s.k(), seconds(t2), java.util.Arrays.equals(again, s.segmentOf()));

    long t4 = System.nanoTime();
    KMeansFit direct = KMeans.fit(points, new KMeansOptions(s.k(), 100, 1, 1e-6, seed));
    System.out.printf(Locale.ROOT,
        "for comparison, one k-means++ fit (k = %d, 1 restart) on all %,d points: %.1f s, %d iterations, ARI with the planted segments %.4f%n",
        s.k(), n, seconds(t4), direct.model().iterations(),
        ClusteringAgreement.adjustedRandIndex(truth, direct.labels()));

    SignalCatalog catalog = SignalCatalog.of(Set.of(SignalGroup.ORDERS), List.of(), List.of());
    double[][] values = new double[n][catalog.size()];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < catalog.size(); j++) {
        values[i][j] = Math.abs(v[i * dim + (j % dim)]) * (1 + j) + rng.nextDouble();
      }
    }
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = Integer.toString(i);
    }
    double[] predicted = new double[n];
    double[] churn = new double[n];
    float[][] embedding = new float[n][];
    for (int i = 0; i < n; i++) {
      predicted[i] = 50 + 10 * v[i * dim];
      churn[i] = 1 / (1 + Math.exp(-v[i * dim + 1]));
      embedding[i] = java.util.Arrays.copyOfRange(v, i * dim, (i + 1) * dim);
    }
    long t3 = System.nanoTime();
    List<SegmentProfile> profiles = SegmentProfiler.profile(
        new CustomerSignals(ids, catalog, values),
        new CustomerScores(predicted, churn, new double[n], embedding), s.segmentOf(), s.k());
    System.out.printf(Locale.ROOT, "profiles of %d segments over %,d customers × %d signals: %.1f s%n",
        profiles.size(), n, catalog.size(), seconds(t3));
    System.out.printf(Locale.ROOT, "total from embeddings to named profiles: %.1f s%n", selectSeconds + seconds(t3));
    for (SegmentProfile p : profiles) {
      System.out.printf(Locale.ROOT, "  %d  %-60s %,9d  (%.2f, %.2f)%n", p.segmentId(), p.name(), p.customers(), p.x(), p.y());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double w = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
}
