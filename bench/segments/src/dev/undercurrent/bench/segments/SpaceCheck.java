package dev.undercurrent.bench.segments;

import dev.undercurrent.core.segments.ClusteringAgreement;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.SegmentCountOptions;
import dev.undercurrent.core.segments.SegmentCountRule;
import dev.undercurrent.core.segments.SegmentCountSelector;
import dev.undercurrent.core.segments.SegmentSpace;
import dev.undercurrent.core.segments.Segmentation;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Segments two discover outputs (CSV) again with the core selector, in the embedding and in the
 * segment space, and prints each one's k, its ARI against planted kinds (where LAKE/_truth has
 * them) and the two runs' agreement on the customers they share. Usage:
 * SpaceCheck OUT_A OUT_B LAKE [share] [signalDim]; SEED=N in the environment seeds both spaces' selection
 * (KMIN, KMAX, RESAMPLES and RULE set the selector's options; DUMP=PREFIX writes the points instead)
 */
public final class SpaceCheck {
  /** The run's seed (SEED in the environment; 42, the generated lakes' seed, by default). */
  static final long SEED = Long.parseLong(System.getenv().getOrDefault("SEED", "42"));

  record Run(String[] ids, double[][] signals, float[][] embedding) {}

  public static void main(String[] args) throws IOException {
    Run a = read(Path.of(args[0]));
    Run b = read(Path.of(args[1]));
    Map<String, String> kinds = kinds(Path.of(args[2], "_truth", "customers.csv"));
    double share = args.length > 3 ? Double.parseDouble(args[3]) : SegmentSpace.EMBEDDING_SHARE;
    int dim = args.length > 4 ? Integer.parseInt(args[4]) : SegmentSpace.SIGNAL_DIM;
    for (String space : System.getenv().getOrDefault("SPACES", "embedding,segment-space").split(",")) {
      int[][] labels = new int[2][];
      int r = 0;
      for (Run run : List.of(a, b)) {
        long t0 = System.nanoTime();
        EmbeddingMatrix m = space.equals("embedding") ? EmbeddingMatrix.of(run.embedding())
            : SegmentSpace.of(run.signals(), run.embedding(), SEED, share, dim);
        long t1 = System.nanoTime();
        if (System.getenv("DUMP") != null) {
          try (var w = Files.newBufferedWriter(Path.of(System.getenv("DUMP") + "-" + space + "-" + r + ".csv"))) {
            float[][] rows = m.toRows();
            for (int i = 0; i < rows.length; i++) {
              StringBuilder line = new StringBuilder(run.ids()[i]);
              for (float v : rows[i]) {
                line.append(',').append(v);
              }
              w.write(line.append('\n').toString());
            }
          }
          r++;
          continue;
        }
        Segmentation s = SegmentCountSelector.select(m, options());
        labels[r] = s.segmentOf();
        StringBuilder table = new StringBuilder();
        for (var c : s.comparison()) {
          table.append(String.format(" k%d %.2f/%.3f%s", c.k(), c.stability(), c.silhouette(), c.chosen() ? "*" : ""));
        }
        System.out.println("  " + table);
        String truth = kinds.isEmpty() ? "" : String.format(" truth ARI %.3f", truthAri(run.ids(), s.segmentOf(), kinds));
        System.out.printf("%s run %d: k=%d%s (space %.1f s, select %.1f s)%n", space, r, s.k(), truth,
            (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        r++;
      }
      if (System.getenv("DUMP") != null) {
        continue;
      }
      Map<String, Integer> pos = new HashMap<>();
      for (int i = 0; i < b.ids().length; i++) {
        pos.put(b.ids()[i], i);
      }
      List<Integer> x = new ArrayList<>();
      List<Integer> y = new ArrayList<>();
      for (int i = 0; i < a.ids().length; i++) {
        Integer j = pos.get(a.ids()[i]);
        if (j != null) {
          x.add(labels[0][i]);
          y.add(labels[1][j]);
        }
      }
      System.out.printf("%s: rerun agreement ARI %.3f on %d shared%n", space,
          ClusteringAgreement.adjustedRandIndex(x.stream().mapToInt(Integer::intValue).toArray(),
              y.stream().mapToInt(Integer::intValue).toArray()), x.size());
    }
  }

  /** The selector's defaults, with KMIN, KMAX, RESAMPLES and RULE from the environment where set. */
  static SegmentCountOptions options() {
    SegmentCountOptions d = SegmentCountOptions.defaults(SEED);
    Map<String, String> env = System.getenv();
    return d.withRange(Integer.parseInt(env.getOrDefault("KMIN", String.valueOf(d.minK()))),
            Integer.parseInt(env.getOrDefault("KMAX", String.valueOf(d.maxK()))))
        .withResamples(Integer.parseInt(env.getOrDefault("RESAMPLES", String.valueOf(d.resamples()))))
        .withRule(SegmentCountRule.valueOf(env.getOrDefault("RULE", d.rule().name())));
  }

  static double truthAri(String[] ids, int[] labels, Map<String, String> kinds) {
    Map<String, Integer> code = new HashMap<>();
    int[] t = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      t[i] = code.computeIfAbsent(kinds.get(ids[i]), k -> code.size());
    }
    return ClusteringAgreement.adjustedRandIndex(t, labels);
  }

  static Map<String, String> kinds(Path truth) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.exists(truth)) {
      return out;
    }
    List<String> lines = Files.readAllLines(truth);
    List<String> head = List.of(lines.get(0).split(","));
    int k = head.indexOf("kind");
    if (k < 0) {
      return out;
    }
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      out.put(f[0], f[k]);
    }
    return out;
  }

  static Run read(Path out) throws IOException {
    Map<String, double[]> signals = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (Path f : parts(out.resolve("customer_signals"))) {
      try (BufferedReader r = Files.newBufferedReader(f)) {
        String[] head = r.readLine().split(",");
        List<Integer> keep = new ArrayList<>();
        for (int j = 1; j < head.length; j++) {
          if (!head[j].startsWith("horizon_season")) {
            keep.add(j);
          }
        }
        for (String l; (l = r.readLine()) != null; ) {
          String[] v = l.split(",", -1);
          double[] row = new double[keep.size()];
          for (int j = 0; j < row.length; j++) {
            String s = v[keep.get(j)];
            row[j] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
          }
          signals.put(v[0], row);
          order.add(v[0]);
        }
      }
    }
    Map<String, float[]> emb = new HashMap<>();
    for (Path f : parts(out.resolve("customer_embeddings"))) {
      try (BufferedReader r = Files.newBufferedReader(f)) {
        r.readLine();
        for (String l; (l = r.readLine()) != null; ) {
          int c = l.indexOf(',');
          String[] v = l.substring(c + 1).replace("\"", "").replace("[", "").replace("]", "").split(",");
          float[] e = new float[v.length];
          for (int j = 0; j < v.length; j++) {
            e[j] = Float.parseFloat(v[j]);
          }
          emb.put(l.substring(0, c), e);
        }
      }
    }
    order.sort(null);
    String[] ids = order.toArray(String[]::new);
    double[][] s = new double[ids.length][];
    float[][] e = new float[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      s[i] = signals.get(ids[i]);
      e[i] = emb.get(ids[i]);
    }
    return new Run(ids, s, e);
  }

  static List<Path> parts(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
  }
}
