package dev.undercurrent.core.opportunities.bench;

import dev.undercurrent.core.evaluation.DiscoveryDump;
import dev.undercurrent.core.evaluation.TruthEvaluation;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import dev.undercurrent.core.opportunities.DiscoveryInput;
import dev.undercurrent.core.opportunities.OpportunityFinder;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.SegmentCountOptions;
import dev.undercurrent.core.segments.SegmentCountSelector;
import dev.undercurrent.core.segments.SegmentProfiler;
import dev.undercurrent.core.segments.Segmentation;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Developer's bench, not a unit test: runs segments, neighbours and the nine detectors on saved
 * discovery dumps ({@link DiscoveryDump}) exactly as {@code DiscoveryPipeline} does, and prints
 * each type's precision, recall and F1 against the lake's planted truth, the mean and the time.
 * The truth is read only to measure.
 *
 * <p>Usage: {@code DetectorTruthBench dump truthDir [dump truthDir ...] [--export file.csv]}; with
 * {@code -Dbench.list=true} it also lists each opportunity's size, value and confidence, and with
 * {@code -Dbench.members=PREFIX} writes every audience's members to {@code PREFIX.<dump>.csv}
 * (customer_id, type, score). {@code -Dbench.level.<dump file name>=FACTOR,SHIFT} replays a dump
 * with its predicted values multiplied by FACTOR and its log-odds of buying shifted by SHIFT (as
 * {@code SeasonalLevel} levels them), to see what a level alone does to the audiences. With
 * {@code --export} the first dump's signals, scores, segment, earlier embedding and neighbours are
 * written as CSV for offline study. Segments are cached next to the dump ({@code .segments})
 * because the bootstrap choice of k is the slow part and does not change with the detectors.
 * From the repository root:
 *
 * <pre>
 * mvn -B -o -q test-compile -pl core
 * mvn -B -o -q dependency:build-classpath -pl core -Dmdep.outputFile=/tmp/cp.txt
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.undercurrent.core.opportunities.bench.DetectorTruthBench \
 *     /tmp/dump20k.bin /tmp/d20/lake/_truth /tmp/dump20k-s11.bin /tmp/d20s11/lake/_truth
 * </pre>
 *
 * <p>Limits: the truth is one generator's planted flags; a score here is a check that the
 * detectors follow the contract's definitions, not a measure of value on real customers.
 */
public final class DetectorTruthBench {
  private DetectorTruthBench() {}

  public static void main(String[] args) throws IOException {
    Path export = null;
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int a = 0; a < args.length; a++) {
      if (args[a].equals("--export")) {
        export = Path.of(args[++a]);
      } else {
        rest.add(args[a]);
      }
    }
    if (rest.isEmpty() || rest.size() % 2 != 0) {
      throw new IllegalArgumentException("arguments: " + rest
          + " found, expected pairs of dump file and truth folder");
    }
    for (int p = 0; p < rest.size(); p += 2) {
      run(Path.of(rest.get(p)), Path.of(rest.get(p + 1)), p == 0 ? export : null);
    }
  }

  private static void run(Path dumpFile, Path truthDir, Path export) throws IOException {
    DiscoveryDump dump = DiscoveryDump.read(dumpFile);
    CustomerSignals signals = dump.customerSignals();
    float[][] emb = dump.scores().embedding();
    long t0 = System.nanoTime();
    int[] segmentOf;
    int k;
    Path cache = Path.of(dumpFile + ".segments");
    if (Files.isRegularFile(cache)) {
      try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
        k = in.readInt();
        segmentOf = new int[in.readInt()];
        for (int i = 0; i < segmentOf.length; i++) {
          segmentOf[i] = in.readInt();
        }
      }
    } else {
      Segmentation seg = SegmentCountSelector.select(EmbeddingMatrix.of(emb),
          SegmentCountOptions.defaults(dump.seed()));
      segmentOf = seg.segmentOf();
      k = seg.k();
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(cache))) {
        out.writeInt(k);
        out.writeInt(segmentOf.length);
        for (int s : segmentOf) {
          out.writeInt(s);
        }
      }
    }
    List<SegmentProfile> profiles = SegmentProfiler.profile(signals, dump.scores(), segmentOf, k);
    long t1 = System.nanoTime();
    Neighbours nb = NearestNeighbours.find(emb, NeighbourOptions.defaults(10).withSeed(dump.seed()));
    long t2 = System.nanoTime();
    dev.undercurrent.core.model.CustomerScores sc = dump.scores();
    String lv = System.getProperty("bench.level." + dumpFile.getFileName());
    if (lv != null) {
      double m = Double.parseDouble(lv.split(",")[0]);
      double dl = Double.parseDouble(lv.split(",")[1]);
      int nn = sc.size();
      double[] pv2 = new double[nn];
      double[] ch2 = new double[nn];
      double[] va2 = sc.valueIfActive() == null ? null : new double[nn];
      for (int i = 0; i < nn; i++) {
        double p = Math.max(1e-6, Math.min(1 - 1e-6, 1 - sc.churnProbability()[i]));
        double p2 = 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + dl)));
        pv2[i] = sc.predictedValue()[i] * m;
        ch2[i] = 1 - p2;
        if (va2 != null) {
          va2[i] = sc.valueIfActive()[i] * m * p / p2;
        }
      }
      sc = new dev.undercurrent.core.model.CustomerScores(pv2, ch2, sc.responseProbability(), sc.embedding(), va2);
    }
    DiscoveryInput input = new DiscoveryInput(signals, sc, segmentOf, profiles, nb,
        dump.earlier(), dump.horizonDays(), dump.currency(), Map.of());
    List<Opportunity> found = OpportunityFinder.find(input);
    long t3 = System.nanoTime();
    TruthEvaluation truth = TruthEvaluation.read(truthDir).orElseThrow(
        () -> new IllegalArgumentException("truth folder: " + truthDir
            + " has no customers.csv, expected the lake's _truth folder"));
    Map<String, Map<String, Double>> scores =
        truth.audienceScores(found, Set.of(signals.customerIds()));
    System.out.printf(Locale.ROOT, "%s (%d customers, %d segments)%n", dumpFile,
        signals.size(), k);
    System.out.printf(Locale.ROOT, "%-18s %9s %9s %9s %9s %9s%n", "type", "precision", "recall",
        "f1", "audience", "planted");
    double sum = 0;
    int c = 0;
    for (Map.Entry<String, Map<String, Double>> e : scores.entrySet()) {
      Map<String, Double> m = e.getValue();
      System.out.printf(Locale.ROOT, "%-18s %9.3f %9.3f %9.3f %9.0f %9.0f%n", e.getKey(),
          m.get("precision"), m.get("recall"), m.get("f1"), m.get("audience"), m.get("planted"));
      sum += m.get("f1");
      c++;
    }
    System.out.printf(Locale.ROOT, "mean F1 %.3f over %d types; segments %.1f s, neighbours %.1f s,"
        + " detectors %.1f s%n%n", sum / c, c, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    if (Boolean.getBoolean("bench.list")) {
      for (Opportunity o : found) {
        System.out.printf(Locale.ROOT, "  %-28s %6d customers  EV %,14.0f  confidence %.2f%n",
            o.opportunityId(), o.customers(), o.expectedValue(), o.confidence());
      }
    }
    if (export != null) {
      export(export, dump, segmentOf, nb);
    }
    String members = System.getProperty("bench.members");
    if (members != null) {
      Path file = Path.of(members + "." + dumpFile.getFileName() + ".csv");
      try (BufferedWriter w = Files.newBufferedWriter(file)) {
        w.write("customer_id,type,score");
        w.newLine();
        for (Opportunity o : found) {
          for (int m = 0; m < o.memberIds().size(); m++) {
            w.write(o.memberIds().get(m) + "," + o.type().key() + "," + o.memberScores()[m]);
            w.newLine();
          }
        }
      }
      System.out.println("members written to " + file);
    }
  }

  private static void export(Path file, DiscoveryDump dump, int[] segmentOf, Neighbours nb)
      throws IOException {
    CustomerSignals s = dump.customerSignals();
    int dim = dump.embedding()[0].length;
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      StringBuilder h = new StringBuilder("customer_id,segment,pv,churn,resp");
      for (int j = 0; j < s.catalog().size(); j++) {
        h.append(',').append(s.catalog().get(j).name());
      }
      for (int d = 0; d < dim; d++) {
        h.append(",e").append(d);
      }
      for (int d = 0; d < dim; d++) {
        h.append(",p").append(d);
      }
      h.append(",present");
      for (int q = 0; q < nb.k(); q++) {
        h.append(",nb").append(q);
      }
      w.write(h.toString());
      w.newLine();
      for (int i = 0; i < s.size(); i++) {
        StringBuilder r = new StringBuilder(s.customerIds()[i]);
        r.append(',').append(segmentOf[i]).append(',').append(dump.predictedValue()[i])
            .append(',').append(dump.churnProbability()[i]).append(',')
            .append(dump.responseProbability()[i]);
        for (double v : s.values()[i]) {
          r.append(',').append(v);
        }
        for (float v : dump.embedding()[i]) {
          r.append(',').append(v);
        }
        float[] e = dump.earlierEmbedding() == null ? null : dump.earlierEmbedding()[i];
        for (int d = 0; d < dim; d++) {
          r.append(',').append(e == null ? Float.NaN : e[d]);
        }
        r.append(',').append(dump.earlierPresent() != null && dump.earlierPresent()[i] ? 1 : 0);
        for (int j : nb.indices()[i]) {
          r.append(',').append(j);
        }
        w.write(r.toString());
        w.newLine();
      }
    }
    System.out.println("exported " + file + " " + Arrays.toString(new int[] {s.size(), dim}));
  }
}
