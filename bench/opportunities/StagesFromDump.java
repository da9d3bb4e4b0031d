import dev.undercurrent.core.evaluation.DiscoveryDump;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import dev.undercurrent.core.opportunities.DiscoveryInput;
import dev.undercurrent.core.opportunities.EarlierSnapshot;
import dev.undercurrent.core.opportunities.OpportunityFinder;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.SegmentCountOptions;
import dev.undercurrent.core.segments.SegmentCountSelector;
import dev.undercurrent.core.segments.SegmentProfiler;
import dev.undercurrent.core.segments.SegmentSpace;
import dev.undercurrent.core.segments.Segmentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times the plain-Java part of the segments and opportunities stages, step by step, on a real
 * run's discovery dump (written by discover with -Dundercurrent.dump=FILE), optionally tiled to
 * more customers: each copy of a customer gets its own id and a small seeded jitter on the
 * embedding (so the neighbour graph sees distinct points); signals and scores are copied.
 * Usage: bench/opportunities/stages.sh DUMP [customers]
 */
public final class StagesFromDump {
  public static void main(String[] args) throws Exception {
    DiscoveryDump d = DiscoveryDump.read(Path.of(args[0]));
    int n = args.length > 1 ? Integer.parseInt(args[1]) : d.customerIds().length;
    d = tile(d, n);
    CustomerSignals all = d.customerSignals();
    CustomerSignals described = all.customerOnly();
    CustomerScores scores = d.scores();
    System.out.printf(Locale.ROOT, "%d customers, %d signals (%d described), embedding %d%n", n,
        all.catalog().size(), described.catalog().size(), scores.embedding()[0].length);
    long t0 = System.nanoTime();
    EmbeddingMatrix points = SegmentSpace.of(described.values(), scores.embedding(), d.seed());
    long t1 = System.nanoTime();
    Segmentation seg = SegmentCountSelector.select(points, SegmentCountOptions.defaults(d.seed()));
    long t2 = System.nanoTime();
    float[][] rows = points.toRows();
    long t3 = System.nanoTime();
    List<SegmentProfile> profiles = SegmentProfiler.profile(described, scores, seg.segmentOf(), seg.k());
    long t4 = System.nanoTime();
    Neighbours nb = NearestNeighbours.find(scores.embedding(), NeighbourOptions.defaults(10).withSeed(d.seed()));
    long t5 = System.nanoTime();
    DiscoveryInput input = new DiscoveryInput(described, scores, seg.segmentOf(), profiles, nb,
        d.earlier(), d.horizonDays(), d.currency(), Map.of());
    List<Opportunity> found = OpportunityFinder.find(input);
    long t6 = System.nanoTime();
    line("segment space", t0, t1);
    line("choose k + assign (k=" + seg.k() + ")", t1, t2);
    line("points to rows (for MLlib)", t2, t3);
    line("profiles", t3, t4);
    line("neighbours", t4, t5);
    line("detectors + sizing (" + found.size() + ")", t5, t6);
    line("total", t0, t6);
    for (var c : seg.comparison()) {
      System.out.printf(Locale.ROOT, "  %s k=%d stability %.17g silhouette %.17g%s%n", c.method(), c.k(), c.stability(),
          c.silhouette(), c.chosen() ? " chosen" : "");
    }
    System.out.println(rows.length == n ? "" : "rows?");
  }

  private static void line(String what, long a, long b) {
    System.out.printf(Locale.ROOT, "  %-34s %7.1f s%n", what, (b - a) / 1e9);
  }

  private static DiscoveryDump tile(DiscoveryDump d, int n) {
    int m = d.customerIds().length;
    if (n == m) {
      return d;
    }
    SplittableRandom rnd = new SplittableRandom(7);
    String[] ids = new String[n];
    double[][] sig = new double[n][];
    double[] pv = new double[n];
    double[] churn = new double[n];
    double[] resp = d.responseProbability() == null ? null : new double[n];
    double[] ifActive = d.valueIfActive() == null ? null : new double[n];
    float[][] emb = new float[n][];
    float[][] earlier = d.earlierEmbedding() == null ? null : new float[n][];
    boolean[] present = d.earlierPresent() == null ? null : new boolean[n];
    for (int i = 0; i < n; i++) {
      int s = i % m;
      ids[i] = d.customerIds()[s] + "-" + (i / m);
      sig[i] = d.signals()[s];
      pv[i] = d.predictedValue()[s];
      churn[i] = d.churnProbability()[s];
      if (resp != null) {
        resp[i] = d.responseProbability()[s];
      }
      if (ifActive != null) {
        ifActive[i] = d.valueIfActive()[s];
      }
      emb[i] = jitter(d.embedding()[s], i < m ? 0 : 0.02, rnd);
      if (earlier != null) {
        earlier[i] = d.earlierEmbedding()[s];
        present[i] = d.earlierPresent()[s];
      }
    }
    return new DiscoveryDump(ids, d.catalog(), sig, pv, churn, resp, emb, earlier, present, d.horizonDays(),
        d.currency(), d.seed(), ifActive);
  }

  private static float[] jitter(float[] v, double sd, SplittableRandom rnd) {
    float[] out = v.clone();
    for (int j = 0; j < out.length; j++) {
      out[j] += (float) (sd * gaussian(rnd));
    }
    return out;
  }

  private static double gaussian(SplittableRandom rnd) {
    double u = Math.max(rnd.nextDouble(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
