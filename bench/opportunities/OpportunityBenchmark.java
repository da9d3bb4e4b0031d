import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import dev.undercurrent.core.opportunities.DiscoveryInput;
import dev.undercurrent.core.opportunities.OpportunityFinder;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Neighbours + opportunity detectors on a synthetic run: N customers (default 1,000,000), a
 * 16-dimensional embedding drawn from 12 Gaussian clusters, and the full signal catalog (orders,
 * items, events, marketing, 5 categories: 54 signals). Prints the time of each phase.
 * Run with bench/opportunities/run.sh [customers].
 */
public final class OpportunityBenchmark {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int dim = 16;
    int clusters = 12;
    SplittableRandom rnd = new SplittableRandom(20251126L);
    SignalCatalog catalog = SignalCatalog.of(EnumSet.of(SignalGroup.ORDERS,
        SignalGroup.ORDER_ITEMS, SignalGroup.EVENTS, SignalGroup.MARKETING),
        List.of("apparel", "kitchen", "garden", "toys", "beauty"), List.of());
    long t0 = System.nanoTime();
    float[][] centre = new float[clusters][dim];
    for (float[] c : centre) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) (rnd.nextDouble() * 6 - 3);
      }
    }
    String[] ids = new String[n];
    double[][] values = new double[n][catalog.size()];
    float[][] emb = new float[n][dim];
    int[] segment = new int[n];
    double[] pv = new double[n];
    double[] churn = new double[n];
    double[] resp = new double[n];
    IntStream.range(0, n).parallel().forEach(i -> {
      SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
      int c = r.nextInt(clusters);
      segment[i] = c;
      ids[i] = "c" + i;
      for (int d = 0; d < dim; d++) {
        emb[i][d] = centre[c][d] + (float) gaussian(r) * 0.8f;
      }
      double level = Math.exp(gaussian(r) + c * 0.1);
      for (int j = 0; j < catalog.size(); j++) {
        String name = catalog.get(j).name();
        double v;
        if (name.startsWith(SignalCatalog.CATEGORY_SHARE_PREFIX)) {
          v = r.nextDouble() < 0.2 + 0.05 * ((c + j) % 7) ? r.nextDouble() : 0;
        } else if (name.endsWith("_trend")) {
          v = gaussian(r) * 0.3;
        } else if (name.endsWith("_rate") || name.endsWith("_share")) {
          v = r.nextDouble() * 0.5;
        } else if (name.equals(SignalCatalog.UNSUBSCRIBED)) {
          v = r.nextDouble() < 0.03 ? 1 : 0;
        } else if (name.equals(SignalCatalog.GAP_RATIO)
            || name.equals(SignalCatalog.LAST_GAP_RATIO)) {
          v = Math.exp(gaussian(r) * 0.8);
        } else {
          v = level * (1 + r.nextDouble()) * 10;
        }
        values[i][j] = v;
      }
      pv[i] = level * 80;
      churn[i] = 1 / (1 + Math.exp(-gaussian(r)));
      resp[i] = 0.02 + 0.05 * r.nextDouble();
    });
    CustomerSignals signals = new CustomerSignals(ids, catalog, values);
    CustomerScores scores = new CustomerScores(pv, churn, resp, emb);
    long t1 = System.nanoTime();
    long c1 = cpu();
    System.out.printf("generated %,d customers x %d signals, %d-d embedding in %.1f s%n", n,
        catalog.size(), dim, (t1 - t0) / 1e9);

    Neighbours nb = NearestNeighbours.find(emb, NeighbourOptions.defaults(10));
    long t2 = System.nanoTime();
    long c2 = cpu();
    System.out.printf("neighbours (k=10, %s over %,d reference points) in %.1f s wall, %.1f s CPU%n",
        nb.exact() ? "exact" : "HNSW", nb.referenceSize(), (t2 - t1) / 1e9, (c2 - c1) / 1e9);

    if (!nb.exact()) {
      // Recall@10 of 1,000 strided customers against an exhaustive search over the same sample.
      int refSize = nb.referenceSize();
      float[][] ref = new float[refSize][];
      int[] refRow = new int[refSize];
      for (int r = 0; r < refSize; r++) {
        refRow[r] = (int) ((long) r * n / refSize);
        ref[r] = emb[refRow[r]];
      }
      int sample = 1000;
      float[][] q = new float[sample][];
      int[] qRow = new int[sample];
      for (int s = 0; s < sample; s++) {
        qRow[s] = (int) ((long) s * n / sample) + 1;
        q[s] = emb[qRow[s]];
      }
      Neighbours truth = NearestNeighbours.query(ref, q,
          new NeighbourOptions(11, Integer.MAX_VALUE, 16, 100, 50, 0, 42L));
      double hit = 0;
      for (int s = 0; s < sample; s++) {
        java.util.Set<Integer> got = new java.util.HashSet<>();
        for (int j : nb.indices()[qRow[s]]) {
          got.add(j);
        }
        int counted = 0;
        int found = 0;
        for (int r : truth.indices()[s]) {
          int row = refRow[r];
          if (row == qRow[s] || counted == 10) {
            continue;
          }
          counted++;
          found += got.contains(row) ? 1 : 0;
        }
        hit += found / 10.0;
      }
      System.out.printf("recall@10 against exhaustive search over the reference sample: %.3f"
          + " (1,000 customers)%n", hit / sample);
    }
    long t2b = System.nanoTime();
    long c2b = cpu();

    DiscoveryInput input = new DiscoveryInput(signals, scores, segment, List.of(), nb, null, 90,
        "EUR", Map.of());
    List<Opportunity> ops = OpportunityFinder.find(input);
    long t3 = System.nanoTime();
    long c3 = cpu();
    System.out.printf("detectors + sizing in %.1f s wall, %.1f s CPU: %d opportunities%n",
        (t3 - t2b) / 1e9, (c3 - c2b) / 1e9, ops.size());
    for (Opportunity o : ops) {
      System.out.printf("  %2d %-22s %,9d customers  %,14.0f EUR  confidence %.2f%n", o.rank(),
          o.opportunityId(), o.customers(), o.expectedValue(), o.confidence());
    }
    System.out.printf("neighbours + detectors: %.1f s wall, %.1f s CPU on %d cores"
        + " (load average at the end %.1f)%n", (t3 - t2b + t2 - t1) / 1e9,
        (c3 - c2b + c2 - c1) / 1e9,
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** CPU time of the whole process: on a shared machine wall time says more about the others. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
