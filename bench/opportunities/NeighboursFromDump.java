import dev.undercurrent.core.evaluation.DiscoveryDump;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Times the neighbour search on a real run's embedding (a discovery dump, written by discover with
 * -Dundercurrent.dump=FILE) and measures its recall: for 1,000 strided customers, the share of the
 * exact 10 nearest references (exhaustive search over the same reference sample) that it found.
 * Usage: bench/opportunities/java.sh NeighboursFromDump.java DUMP [customers] [m=16] [efc=64]
 * [ef=40] [refs=50000]. With customers above the dump's size the embedding is tiled as
 * StagesFromDump tiles it (each copy jittered, Gaussian, sd 0.02 per coordinate, the same draws),
 * so tiled figures from the two harnesses are about the same points; otherwise the run's own
 * points are used. The
 * printed checksum (the sum of the 1,000 customers' neighbour rows) tells whether two builds found
 * the same neighbours.
 */
public final class NeighboursFromDump {
  public static void main(String[] args) throws Exception {
    DiscoveryDump dump = DiscoveryDump.read(Path.of(args[0]));
    float[][] base = dump.scores().embedding();
    int n = args.length > 1 && !args[1].contains("=") ? Integer.parseInt(args[1]) : base.length;
    NeighbourOptions d = NeighbourOptions.defaults(10).withSeed(dump.seed());
    int m = option(args, "m", d.m());
    int efc = option(args, "efc", d.efConstruction());
    int ef = option(args, "ef", d.ef());
    int refs = option(args, "refs", d.referenceLimit());
    NeighbourOptions options = new NeighbourOptions(10, d.exactLimit(), m, efc, ef, refs, dump.seed());
    float[][] points = tile(base, n);
    long t0 = System.nanoTime();
    Neighbours found = NearestNeighbours.find(points, options);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int refSize = refs == 0 || n <= refs ? n : refs;
    int[] refRow = new int[refSize];
    for (int r = 0; r < refSize; r++) {
      refRow[r] = (int) ((long) r * n / refSize);
    }
    int queries = 1000;
    double recall = 0;
    long checksum = 0;
    for (int q = 0; q < queries; q++) {
      int i = (int) ((long) q * n / queries) + 7;
      int[] exact = exactNearest(points, refRow, i, 10);
      Set<Integer> got = new HashSet<>();
      for (int j : found.indices()[i]) {
        got.add(j);
        checksum += j;
      }
      int hit = 0;
      for (int j : exact) {
        hit += got.contains(j) ? 1 : 0;
      }
      recall += hit / (double) exact.length;
    }
    System.out.printf(Locale.ROOT,
        "%d customers, %d references, M %d, efConstruction %d, ef %d: %.1f s, recall@10 %.4f (checksum %d)%n",
        n, refSize, m, efc, ef, seconds, recall / queries, checksum);
  }

  private static int option(String[] args, String key, int fallback) {
    for (String a : args) {
      if (a.startsWith(key + "=")) {
        return Integer.parseInt(a.substring(key.length() + 1));
      }
    }
    return fallback;
  }

  /** The same points as StagesFromDump's tiling (same draws, in the same order). */
  private static float[][] tile(float[][] base, int n) {
    if (n == base.length) {
      return base;
    }
    SplittableRandom rnd = new SplittableRandom(7);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      double sd = i < base.length ? 0 : 0.02;
      float[] v = base[i % base.length].clone();
      for (int j = 0; j < v.length; j++) {
        double u = Math.max(rnd.nextDouble(), 1e-300);
        v[j] += (float) (sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble()));
      }
      out[i] = v;
    }
    return out;
  }

  /** The k references nearest to point i (itself excluded), by exhaustive search. */
  private static int[] exactNearest(float[][] points, int[] refRow, int i, int k) {
    float[] best = new float[k];
    int[] rows = new int[k];
    Arrays.fill(best, Float.MAX_VALUE);
    float[] p = points[i];
    for (int j : refRow) {
      if (j == i) {
        continue;
      }
      float s = 0;
      for (int c = 0; c < p.length; c++) {
        float t = p[c] - points[j][c];
        s += t * t;
      }
      if (s < best[k - 1]) {
        int pos = k - 1;
        while (pos > 0 && best[pos - 1] > s) {
          best[pos] = best[pos - 1];
          rows[pos] = rows[pos - 1];
          pos--;
        }
        best[pos] = s;
        rows[pos] = j;
      }
    }
    return rows;
  }
}
