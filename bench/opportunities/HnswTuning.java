import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/** CPU time and sampled recall@10 of the HNSW search for a few parameter sets. */
public final class HnswTuning {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int dim = 16;
    SplittableRandom rnd = new SplittableRandom(5);
    float[][] centre = new float[12][dim];
    for (float[] c : centre) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) (rnd.nextDouble() * 6 - 3);
      }
    }
    float[][] pts = new float[n][dim];
    for (int i = 0; i < n; i++) {
      int c = rnd.nextInt(12);
      for (int d = 0; d < dim; d++) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        pts[i][d] = centre[c][d]
            + (float) (0.8 * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v));
      }
    }
    int sample = 1000;
    float[][] q = new float[sample][];
    int[] qi = new int[sample];
    for (int s = 0; s < sample; s++) {
      qi[s] = (int) ((long) s * n / sample);
      q[s] = pts[qi[s]];
    }
    Neighbours truth = NearestNeighbours.query(pts, q, new NeighbourOptions(11, 1_000_000, 16, 100, 50, 0, 42L));
    int[][] specs = {{16, 64, 32}, {16, 100, 24}, {24, 64, 24}, {16, 100, 50}};
    for (int[] sp : specs) {
      long cpu0 = processCpu();
      long w0 = System.nanoTime();
      Neighbours got = NearestNeighbours.approximate(pts,
          new NeighbourOptions(10, 0, sp[0], sp[1], sp[2], 0, 42L));
      long w1 = System.nanoTime();
      long cpu1 = processCpu();
      double hit = 0;
      for (int s = 0; s < sample; s++) {
        java.util.Set<Integer> g = new java.util.HashSet<>();
        for (int j : got.indices()[qi[s]]) {
          g.add(j);
        }
        int c = 0;
        int t = 0;
        for (int j : truth.indices()[s]) {
          if (j == qi[s] || t == 10) {
            continue;
          }
          t++;
          c += g.contains(j) ? 1 : 0;
        }
        hit += c / 10.0;
      }
      System.out.printf("M=%d efC=%d ef=%d: wall %.1f s, cpu %.1f s, recall@10 %.3f%n", sp[0], sp[1],
          sp[2], (w1 - w0) / 1e9, (cpu1 - cpu0) / 1e9, hit / sample);
    }
  }

  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
