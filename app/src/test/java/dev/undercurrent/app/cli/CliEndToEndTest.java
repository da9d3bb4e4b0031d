package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.undercurrent.app.service.CustomerView;
import dev.undercurrent.app.service.RunService;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.spark.session.Sessions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it, on a small generated lake: exit codes, messages, tables, determinism,
 * activation files and a run killed while writing. One lake and one first run are shared by the
 * tests to keep the suite quick.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {
  @TempDir static Path dir;
  static Path lake;
  static Path out1;
  static SparkSession spark;

  record Result(int code, String out, String err) {}

  static Result cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      var cl = new picocli.CommandLine(new Main());
      cl.setOut(new java.io.PrintWriter(System.out, true));
      cl.setErr(new java.io.PrintWriter(System.err, true));
      int code = Main.run(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @BeforeAll
  static void lakeAndFirstRun() {
    System.setProperty("undercurrent.shuffle.partitions", "4");
    spark = Sessions.getOrCreate("local[2]");
    lake = dir.resolve("lake");
    Result g = cli("generate", "--customers", "1200", "--seed", "5", "--out", lake.toString());
    assertEquals(0, g.code(), g.err());
    out1 = dir.resolve("out1");
    Result d = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--out", out1.toString(),
        "--output-format", "csv");
    assertEquals(0, d.code(), d.err());
    assertTrue(d.out().contains("1,200 customers") || d.out().contains("customers"), d.out());
  }

  private static List<Row> csv(Path run, String table) {
    return spark.read().option("header", "true").option("escape", "\"").option("multiLine", "true").csv(run.resolve(table).toString()).collectAsList();
  }

  @Test
  @Order(1)
  void discoverWritesEveryContractTableWithReconciledCounts() throws Exception {
    for (String t : List.of("customer_scores", "customer_embeddings", "segments", "segment_signals", "segment_flows", "opportunities",
        "opportunity_members", "quarantine", "runs", "customer_signals")) {
      assertTrue(Files.isDirectory(out1.resolve(t)), t);
    }
    assertTrue(Files.isRegularFile(out1.resolve("report.html")));
    RunSummary s = RunSummary.read(out1);
    for (SourceCounts c : s.sources()) {
      assertTrue(c.reconciles(), c.toString());
    }
    List<Row> scores = csv(out1, "customer_scores");
    assertEquals(s.customers(), scores.size());
    // a buyer's spend as the sizing uses it: never below the customer's value, never above the run's highest
    double top = scores.stream().mapToDouble(r -> Double.parseDouble(r.getString(r.fieldIndex("predicted_value"))))
        .max().orElseThrow();
    for (Row r : scores) {
      double pv = Double.parseDouble(r.getString(r.fieldIndex("predicted_value")));
      double active = Double.parseDouble(r.getString(r.fieldIndex("value_if_active")));
      assertTrue(active >= pv && active <= top, r.toString());
    }
    assertTrue(s.segments().size() >= 2);
    Set<String> types = s.opportunities().stream().map(o -> o.type()).collect(Collectors.toSet());
    assertTrue(types.size() >= 6, "most opportunity types are found: " + types);
    java.util.Map<String, String> sideOf = new java.util.HashMap<>();
    for (Row m : csv(out1, "opportunity_members")) {
      String g = m.getString(m.fieldIndex("group"));
      assertTrue(Set.of("treatment", "holdout").contains(g));
      // one side per customer across audiences: a customer held out of one is contacted by none
      String first = sideOf.putIfAbsent(m.getString(m.fieldIndex("customer_id")), g);
      assertTrue(first == null || first.equals(g), "customer " + m.getString(m.fieldIndex("customer_id")));
    }
    // the examples the API and the MCP server show are customers to act on, never the holdout
    assertTrue(s.opportunities().stream().anyMatch(o -> o.holdout() > 0), "some holdout to keep out of the examples");
    for (var o : s.opportunities()) {
      assertEquals(Math.min(5, o.treatment()), o.exampleMembers().size(), o.opportunityId());
      for (String id : o.exampleMembers()) {
        assertEquals("treatment", sideOf.get(id), o.opportunityId() + " example " + id);
      }
    }
    Row run = csv(out1, "runs").get(0);
    JsonNode metrics = RunSummary.json().readTree(run.getString(run.fieldIndex("metrics")));
    assertTrue(metrics.path("model").path("validation").path("value").has("spearman"), metrics.toString());
    assertTrue(metrics.path("truth").has("segment_ari_vs_kinds"), "a synthetic lake's truth is measured");
    String report = Files.readString(out1.resolve("report.html"));
    assertTrue(report.contains("segment-map"));
    // privacy: nothing the run wrote holds a plain email or phone number from the customers source
    try (Stream<Path> files = Files.walk(out1)) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".json")
          || p.toString().endsWith(".idx")).toList()) {
        String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("@example.com"), f + " holds an email");
      }
    }
  }

  @Test
  @Order(1)
  void segmentFlowsReconcileWithTheSegmentsAndTheScoresAndFollowThePlantedSeasons() throws Exception {
    RunSummary s = RunSummary.read(out1);
    SegmentFlows f = s.segmentFlows();
    assertNotNull(f, "a run with earlier cut-offs has flows");
    assertEquals(java.time.LocalDate.parse(s.asOf()).minusDays(s.horizonDays()).toString(), f.since());
    assertEquals(s.customers(), f.compared() + f.newCustomers() + f.notCompared());
    assertEquals(0, f.notCompared(), "every labelled row of 1,200 customers is kept");
    assertTrue(f.agreement() >= 0.95, "today's rows placed as the earlier ones land in their own segment: " + f.agreement());
    Map<String, Long> inRunJson = new java.util.TreeMap<>();
    for (SegmentFlows.Flow x : f.flows()) {
      inRunJson.put((x.fromSegment() == null ? "new" : x.fromSegment().toString()) + ">" + x.toSegment(), x.customers());
    }
    Map<String, Long> inTable = new java.util.TreeMap<>();
    for (Row r : csv(out1, "segment_flows")) {
      String from = r.getString(r.fieldIndex("from_segment_id"));
      inTable.put((from == null ? "new" : from) + ">" + r.getString(r.fieldIndex("to_segment_id")),
          Long.parseLong(r.getString(r.fieldIndex("customers"))));
      assertEquals(f.since(), r.getString(r.fieldIndex("since")));
    }
    assertEquals(inRunJson, inTable, "segment_flows is run.json's flows");
    Map<String, Long> inScores = new java.util.TreeMap<>();
    Map<String, String> priorOf = new java.util.HashMap<>();
    for (Row r : csv(out1, "customer_scores")) {
      String prior = r.getString(r.fieldIndex("prior_segment_id"));
      inScores.merge((prior == null ? "new" : prior) + ">" + r.getString(r.fieldIndex("segment_id")), 1L, Long::sum);
      priorOf.put(r.getString(r.fieldIndex("customer_id")), prior == null ? null : prior + ">" + r.getString(r.fieldIndex("segment_id")));
    }
    assertEquals(inTable, inScores, "customer_scores.prior_segment_id counts as the flows");
    for (var p : s.segments()) {
      assertEquals(p.customers(), f.flows().stream().filter(x -> x.toSegment() == p.segmentId())
          .mapToLong(SegmentFlows.Flow::customers).sum(), "segment " + p.segmentId());
    }
    // Against the planted truth: at this December as_of, holiday buyers are back from their quiet
    // months and change segment far more often than the lapsed (quiet then and now) or the loyal.
    Map<String, long[]> byKind = new java.util.HashMap<>();
    for (String line : Files.readAllLines(lake.resolve("_truth/customers.csv")).subList(1, 1201)) {
      String[] c = line.split(",");
      String pair = priorOf.get(c[0]);
      if (pair != null) {
        long[] k = byKind.computeIfAbsent(c[1], x -> new long[2]);
        k[0]++;
        String[] ft = pair.split(">");
        k[1] += ft[0].equals(ft[1]) ? 0 : 1;
      }
    }
    java.util.function.Function<String, Double> moved = k -> byKind.get(k)[1] / (double) byKind.get(k)[0];
    assertTrue(byKind.get("holiday")[0] >= 30, "holiday buyers compared: " + byKind.get("holiday")[0]);
    assertTrue(moved.apply("holiday") > 2 * Math.max(moved.apply("lapsed"), moved.apply("loyal")),
        "share who changed segment: holiday " + moved.apply("holiday") + ", lapsed " + moved.apply("lapsed")
            + ", loyal " + moved.apply("loyal"));
  }

  @Test
  @Order(1)
  void aCustomerLookedUpIsTheCustomerOfTheTables() throws Exception {
    // the API's and the MCP server's lookup reads the run's customer index: it must say what the
    // governed tables say, and its neighbours must be the exact nearest in customer_embeddings
    RunService service = RunService.open(out1);
    List<Row> scores = csv(out1, "customer_scores");
    List<Row> embeddings = csv(out1, "customer_embeddings");
    String[] ids = new String[embeddings.size()];
    float[][] emb = new float[embeddings.size()][];
    for (int i = 0; i < ids.length; i++) {
      Row r = embeddings.get(i);
      ids[i] = r.getString(r.fieldIndex("customer_id"));
      String[] parts = r.getString(r.fieldIndex("embedding")).replaceAll("[\\[\\]\\s]", "").split(",");
      emb[i] = new float[parts.length];
      for (int d = 0; d < parts.length; d++) {
        emb[i][d] = Float.parseFloat(parts[d]);
      }
    }
    java.util.Map<String, Row> signalsOf = new java.util.HashMap<>();
    for (Row r : csv(out1, "customer_signals")) {
      signalsOf.put(r.getString(r.fieldIndex("customer_id")), r);
    }
    java.util.Map<String, List<String>> membersOf = new java.util.HashMap<>();
    for (Row m : csv(out1, "opportunity_members")) {
      membersOf.computeIfAbsent(m.getString(m.fieldIndex("customer_id")), k -> new java.util.ArrayList<>())
          .add(m.getString(m.fieldIndex("opportunity_id")) + "/" + m.getString(m.fieldIndex("group")));
    }
    for (int pick : new int[] {0, scores.size() / 2, scores.size() - 1}) {
      Row r = scores.get(pick);
      String id = r.getString(r.fieldIndex("customer_id"));
      CustomerView c = service.customer(id, 10);
      assertEquals(Double.parseDouble(r.getString(r.fieldIndex("predicted_value"))), c.predictedValue(), 1e-9, id);
      assertEquals(Double.parseDouble(r.getString(r.fieldIndex("churn_probability"))), c.churnProbability(), 1e-9, id);
      assertEquals(Integer.parseInt(r.getString(r.fieldIndex("segment_id"))), c.segmentId(), id);
      String prior = r.getString(r.fieldIndex("prior_segment_id"));
      if (prior != null) {
        assertEquals(Integer.valueOf(prior), c.movement().segmentId(), id);
        assertEquals(prior.equals(r.getString(r.fieldIndex("segment_id"))) ? "stayed" : "moved", c.movement().change(), id);
      } else {
        assertTrue(c.movement() == null || c.movement().change().equals("new"), id + " " + c.movement());
      }
      // what sets the customer apart is read from the customer's own signals
      assertEquals(5, c.standsOutBy().size(), id);
      for (CustomerView.Trait t : c.standsOutBy()) {
        assertEquals(Double.parseDouble(signalsOf.get(id).getString(signalsOf.get(id).fieldIndex(t.signal()))), t.value(),
            1e-3 * Math.max(1, Math.abs(t.value())), id + " " + t.signal());
      }
      assertTrue(Math.abs(c.standsOutBy().get(0).percentile() - 0.5) >= Math.abs(c.standsOutBy().get(4).percentile() - 0.5));
      assertEquals(new java.util.TreeSet<>(membersOf.getOrDefault(id, List.of())), c.opportunities().stream()
          .map(m -> m.opportunityId() + "/" + m.group()).collect(Collectors.toCollection(java.util.TreeSet::new)), id);
      int row = java.util.Arrays.asList(ids).indexOf(id);
      double[] d = new double[ids.length];
      for (int j = 0; j < ids.length; j++) {
        double s2 = 0;
        for (int k = 0; k < emb[row].length; k++) {
          double x = emb[row][k] - emb[j][k];
          s2 += x * x;
        }
        d[j] = Math.sqrt(s2);
      }
      List<Integer> others = new java.util.ArrayList<>();
      for (int j = 0; j < ids.length; j++) {
        if (j != row) {
          others.add(j);
        }
      }
      others.sort(java.util.Comparator.comparingDouble(j -> d[j]));
      assertEquals(10, c.neighbours().size());
      for (int k = 0; k < 10; k++) {
        // the same distances in order (ids may swap where two are equally near)
        assertEquals(d[others.get(k)], c.neighbours().get(k).distance(), 1e-4, id + " neighbour " + k);
      }
    }
  }

  @Test
  @Order(2)
  void theSameSeedGivesTheSameSegmentsAndAudiences() {
    Path out2 = dir.resolve("out2");
    Result d = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--out", out2.toString(),
        "--output-format", "csv");
    assertEquals(0, d.code(), d.err());
    // inputs first, then what the network made of them, then what was built on that: a failure
    // names the first stage that moved, with both runs' training figures
    for (String t : List.of("customer_signals", "customer_embeddings", "customer_scores", "opportunity_members",
        "segments")) {
      Set<String> a = csv(out1, t).stream().map(Row::toString).collect(Collectors.toSet());
      Set<String> b = csv(out2, t).stream().map(Row::toString).collect(Collectors.toSet());
      if (!a.equals(b)) {
        fail(t + " differs between two runs with the same seed (" + (a.size() - intersection(a, b))
            + " of " + a.size() + " rows); training: " + training(out1) + " vs " + training(out2));
      }
    }
  }

  private static int intersection(Set<String> a, Set<String> b) {
    Set<String> both = new java.util.HashSet<>(a);
    both.retainAll(b);
    return both.size();
  }

  /** A run's training figures (epochs, validation loss), to tell a moved network from moved inputs. */
  private static String training(Path out) {
    try {
      Row run = csv(out, "runs").get(0);
      JsonNode model = RunSummary.json().readTree(run.getString(run.fieldIndex("metrics"))).path("model");
      return model.path("epochs_run") + "/" + model.path("best_epoch") + " epochs, loss "
          + model.path("validation").path("validation").path("loss");
    } catch (Exception e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  @Test
  @Order(3)
  void theConfigCanFixTheNumberOfSegments() throws Exception {
    // beside the lake's own config, so that its relative paths resolve; scored with the first
    // run's model, so the learned space is that run's and only the segment count differs
    Path config = lake.resolve("five-segments.yaml");
    Files.writeString(config, Files.readString(lake.resolve("undercurrent.yaml")) + "\nsegments: {count: 5}\n");
    Path out5 = dir.resolve("out5");
    Result d = cli("discover", "--config", config.toString(), "--out", out5.toString(), "--output-format", "csv",
        "--model", out1.resolve("model.bin").toString());
    assertEquals(0, d.code(), d.err());
    RunSummary first = RunSummary.read(out1);
    assertNotEquals(5, first.segments().size(), "the default run chose its own count; pick another fixed count");
    assertEquals(5, RunSummary.read(out5).segments().size());
    assertEquals(5, csv(out5, "segments").size());
    Row run = csv(out5, "runs").get(0);
    JsonNode segments = RunSummary.json().readTree(run.getString(run.fieldIndex("metrics"))).path("segments");
    assertEquals(5, segments.path("k").asInt(), segments.toString());
    for (JsonNode c : segments.path("comparison")) {
      assertEquals(5, c.path("k").asInt(), "only the fixed count is compared: " + c);
    }
    assertTrue(segments.path("k_range").asText().startsWith("5 (fixed"), segments.toString());
    double stability = Double.NaN;
    for (JsonNode c : segments.path("comparison")) {
      if (c.path("chosen").asBoolean()) {
        stability = c.path("stability").asDouble();
      }
    }
    assertEquals(stability < 0.8, segments.has("caution"),
        "a fixed count is flagged exactly when its partition is not stable: " + segments);
    Files.writeString(config, Files.readString(lake.resolve("undercurrent.yaml")) + "\nsegments: {count: 1}\n");
    Result bad = cli("discover", "--config", config.toString(), "--out", dir.resolve("out5bad").toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("segments: count 1 is out of range"), bad.err());
  }

  @Test
  @Order(3)
  @SuppressWarnings("unchecked")
  void aSavedModelScoresWithoutRetraining() throws Exception {
    Path out3 = dir.resolve("out3");
    Result d = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--out", out3.toString(),
        "--output-format", "csv", "--model", out1.resolve("model.bin").toString());
    assertEquals(0, d.code(), d.err());
    assertTrue(d.err().contains("scoring with the saved model"), d.err());
    assertFalse(d.err().contains("training the representation network"), "nothing is trained: " + d.err());
    Set<String> a = csv(out1, "customer_scores").stream().map(Row::toString).collect(Collectors.toSet());
    Set<String> b = csv(out3, "customer_scores").stream().map(Row::toString).collect(Collectors.toSet());
    assertEquals(a, b, "the saved model gives the scores it gave when it was trained");
    Map<String, Object> model = (Map<String, Object>) RunSummary.read(out3).metrics().get("model");
    assertEquals(out1.resolve("model.bin").toAbsolutePath().toString(), model.get("saved_model"),
        "the held-out figures are said to be the saved model's");
    // a model trained for 90 days is not read as another horizon's
    Path other = lake.resolve("sixty-days.yaml");
    Files.writeString(other, Files.readString(lake.resolve("undercurrent.yaml")).replaceFirst("horizon_days: *90", "horizon_days: 60"));
    Result horizon = cli("discover", "--config", other.toString(), "--out", dir.resolve("out60").toString(),
        "--model", out1.resolve("model.bin").toString());
    assertEquals(2, horizon.code(), horizon.err());
    assertTrue(horizon.err().contains("was trained to predict 90 days ahead, the config's horizon_days is 60"), horizon.err());
    Result missing = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--model",
        dir.resolve("none.bin").toString());
    assertEquals(2, missing.code());
    // an as_of before the end of what the model learned from would score with hindsight; said
    // before the lake is read, as is a damaged file
    Result hindsight = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--out",
        dir.resolve("out-early").toString(), "--as-of", "2025-06-30", "--model", out1.resolve("model.bin").toString());
    assertEquals(2, hindsight.code(), hindsight.err());
    assertTrue(hindsight.err().contains("and this run's as_of is 2025-06-30, earlier"), hindsight.err());
    assertFalse(hindsight.err().contains("validating"), "refused before the read: " + hindsight.err());
    byte[] damaged = Files.readAllBytes(out1.resolve("model.bin"));
    java.nio.ByteBuffer.wrap(damaged).putInt(8, -5);
    Path broken = dir.resolve("broken.bin");
    Files.write(broken, damaged);
    Result corrupt = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--out",
        dir.resolve("out-broken").toString(), "--model", broken.toString());
    assertEquals(2, corrupt.code(), corrupt.err());
    assertTrue(corrupt.err().contains("--model: " + broken + ": model bytes: the file's checksum does not match"),
        corrupt.err());
    assertFalse(corrupt.err().contains("validating"), "refused before the read: " + corrupt.err());
    Result folder = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--model",
        out1.toString());
    assertEquals(2, folder.code(), folder.err());
    assertTrue(folder.err().contains("--model: " + out1 + " is a folder"), folder.err());
    // a whole file whose window names no dates: the as_of check could not work, so it is refused
    Path undated = dir.resolve("undated.bin");
    Files.write(undated, withTrainingWindow(Files.readAllBytes(out1.resolve("model.bin")), "nonsense"));
    Result noDates = cli("discover", "--config", lake.resolve("undercurrent.yaml").toString(), "--out",
        dir.resolve("out-undated").toString(), "--model", undated.toString());
    assertEquals(2, noDates.code(), noDates.err());
    assertTrue(noDates.err().contains("its training window (\"nonsense\") names no cut-off date and horizon"),
        noDates.err());
  }

  @Test
  @Order(3)
  void badInputExitsTwoNamingSourceAndColumnAndWritesNothing() throws Exception {
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("orders.csv"), "order_id,customer_id,amount\no1,c1,3\n");
    Files.writeString(bad.resolve("cfg.yaml"), "sources: {orders: {path: orders.csv, format: csv}}\noutput: {path: out}\n");
    Result r = cli("discover", "--config", bad.resolve("cfg.yaml").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("orders.ordered_at: column not found in " + bad.resolve("orders.csv")), r.err());
    assertTrue(r.err().contains("(columns: order_id, customer_id, amount)"), r.err());
    assertFalse(r.err().contains("Exception"), "a message, not a stack trace: " + r.err());
    assertFalse(Files.exists(bad.resolve("out")), "nothing partial is written");
    Result missing = cli("discover", "--config", bad.resolve("nope.yaml").toString());
    assertEquals(2, missing.code());
    // Too few customers for discovery, or for the segments the config asks for: a message, not a failure
    // of the segment selector after the network was trained.
    StringBuilder few = new StringBuilder("order_id,customer_id,ordered_at,revenue\n");
    for (int i = 0; i < 12; i++) {
      few.append("o").append(i).append(",c").append(i).append(",2025-0").append(1 + i % 9).append("-15T10:00:00,")
          .append(10 + i).append('\n');
    }
    Files.writeString(bad.resolve("few.csv"), few.toString());
    Files.writeString(bad.resolve("few.yaml"), "sources: {orders: {path: few.csv, format: csv}}\n"
        + "output: {path: few-out}\nsegments: {count: 20}\n");
    Result fewer = cli("discover", "--config", bad.resolve("few.yaml").toString());
    assertEquals(2, fewer.code(), fewer.err());
    assertTrue(fewer.err().contains("segments: the config asks for at least 20 segments, but only 12 customers"),
        fewer.err());
    assertFalse(Files.exists(bad.resolve("few-out")), "nothing partial is written");
    Files.writeString(bad.resolve("few.yaml"), "sources: {orders: {path: few.csv, format: csv}}\n"
        + "output: {path: few-out}\nas_of: 2025-04-01\n");
    Result tooFew = cli("discover", "--config", bad.resolve("few.yaml").toString());
    assertEquals(2, tooFew.code(), tooFew.err());
    assertTrue(tooFew.err().contains("orders: only 6 customers have a valid order before as_of 2025-04-01"),
        tooFew.err());
    Result usage = cli("discover");
    assertEquals(2, usage.code());
    assertEquals(0, cli("discover", "--help").code());
  }

  @Test
  @Order(4)
  void audienceExportHashesAndKeepsTheHoldoutOut() throws Exception {
    RunSummary s = RunSummary.read(out1);
    var o = s.opportunities().stream().filter(x -> x.treatment() > 0 && !x.type().equals("suppress")).findFirst().orElseThrow();
    Path file = dir.resolve("google.csv");
    // an opt-out on a row the run quarantined (no sent_at) is honoured all the same
    Path marketingFile = lake.resolve("marketing.csv");
    String marketingBefore = Files.readString(marketingFile);
    String firstTreated = RunTables.table(Sessions.getOrCreate(null), out1, s, "opportunity_members")
        .where("opportunity_id = '" + o.opportunityId() + "' and `group` = 'treatment'").orderBy("customer_id")
        .select("customer_id").first().get(0).toString();
    Files.writeString(marketingFile, marketingBefore + firstTreated + ",,email,,,,,,true\n");
    Result r;
    try {
      r = cli("audience", "export", "--run", out1.toString(), "--opportunity", o.opportunityId(),
          "--format", "google", "--out", file.toString());
    } finally {
      Files.writeString(marketingFile, marketingBefore);
    }
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(file);
    assertEquals("Email,Phone", lines.get(0));
    // customers who unsubscribed from marketing are left out, and the command says how many
    java.util.regex.Matcher leftOut = java.util.regex.Pattern.compile("; (\\d+) who unsubscribed from marketing left out")
        .matcher(r.out());
    long optedOut = leftOut.find() ? Long.parseLong(leftOut.group(1)) : 0;
    Set<String> unsubscribed = new HashSet<>();
    List<String> marketing = new ArrayList<>(Files.readAllLines(lake.resolve("marketing.csv")));
    marketing.add(firstTreated + ",,email,,,,,,true");
    List<String> head = List.of(marketing.get(0).split(","));
    int cid = head.indexOf("customer_id");
    int uns = head.indexOf("unsubscribed");
    for (String line : marketing.subList(1, marketing.size())) {
      String[] f = line.split(",", -1);
      if (f[uns].equalsIgnoreCase("true") || f[uns].equals("1")) {
        unsubscribed.add(f[cid]);
      }
    }
    List<String> treated = RunTables.table(dev.undercurrent.spark.session.Sessions.getOrCreate(null), out1, s,
        "opportunity_members").where("opportunity_id = '" + o.opportunityId() + "' and `group` = 'treatment'")
        .select("customer_id").collectAsList().stream().map(x -> x.get(0).toString()).toList();
    long expectedOut = treated.stream().filter(unsubscribed::contains).count();
    assertEquals(expectedOut, optedOut, r.out());
    assertTrue(optedOut >= 1, "the quarantined opt-out at least: " + r.out());
    assertEquals(o.treatment() - optedOut, lines.size() - 1, "one line per treatment member with an identifier");
    for (String line : lines.subList(1, lines.size())) {
      assertTrue(line.matches("[0-9a-f]{64},[0-9a-f]{64}"), line);
    }
    Result unknown = cli("audience", "export", "--run", out1.toString(), "--opportunity", "nope", "--format", "meta",
        "--out", file.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("'nope' is not in this run"), unknown.err());
    // an export never overwrites the run's own sources, nor leaves a short file behind
    Path customers = lake.resolve("customers.csv");
    String before = Files.readString(customers);
    Result ontoSource = cli("audience", "export", "--run", out1.toString(), "--opportunity", o.opportunityId(),
        "--format", "google", "--out", customers.toString());
    assertEquals(2, ontoSource.code(), ontoSource.err());
    assertTrue(ontoSource.err().contains("is the run's customers source"), ontoSource.err());
    assertEquals(before, Files.readString(customers), "the source is untouched");
    Result folder = cli("audience", "export", "--run", out1.toString(), "--opportunity", o.opportunityId(),
        "--format", "google", "--out", dir.toString());
    assertEquals(2, folder.code(), folder.err());
    Path none = dir.resolve("none.csv");
    Result badCode = cli("audience", "export", "--run", out1.toString(), "--opportunity", o.opportunityId(),
        "--format", "google", "--out", none.toString(), "--default-country-code", "abc");
    assertEquals(2, badCode.code(), badCode.err());
    assertTrue(badCode.err().contains("--default-country-code: 'abc'"), badCode.err());
    assertFalse(Files.exists(none), "nothing written");
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".partial")), "no partial file left");
    }
    // suppress is an exclusion list: a customer who unsubscribed belongs on it, not off it
    var suppress = s.opportunities().stream().filter(x -> x.type().equals("suppress") && x.treatment() > 0).findFirst().orElseThrow();
    String suppressed = RunTables.table(Sessions.getOrCreate(null), out1, s, "opportunity_members")
        .where("opportunity_id = 'suppress' and `group` = 'treatment'").orderBy("customer_id")
        .select("customer_id").first().get(0).toString();
    Path exclusion = dir.resolve("suppress.csv");
    Files.writeString(marketingFile, marketingBefore + suppressed + ",2025-01-05,email,,,,,,true\n");
    Result kept;
    try {
      kept = cli("audience", "export", "--run", out1.toString(), "--opportunity", "suppress", "--format", "csv",
          "--out", exclusion.toString());
    } finally {
      Files.writeString(marketingFile, marketingBefore);
    }
    assertEquals(0, kept.code(), kept.err());
    assertTrue(kept.out().contains("an exclusion list: customers who unsubscribed are kept on it"), kept.out());
    assertEquals(suppress.treatment(), Files.readAllLines(exclusion).size() - 1, kept.out());
    assertTrue(Files.readString(exclusion).contains(suppressed + ","), "the unsubscribed customer is on the list");
    // a platform file needs an email or phone to match on: without any, the export is refused, not written empty
    String customersBefore = Files.readString(customers);
    Files.writeString(customers, customersBefore.lines().map(l -> l.replaceFirst("^([^,]*,[^,]*),[^,]*,[^,]*,", "$1,,,"))
        .collect(Collectors.joining("\n", "", "\n")));
    Path empty = dir.resolve("empty.csv");
    Result nothing;
    try {
      nothing = cli("audience", "export", "--run", out1.toString(), "--opportunity", o.opportunityId(), "--format", "meta",
          "--out", empty.toString());
    } finally {
      Files.writeString(customers, customersBefore);
    }
    assertEquals(2, nothing.code(), nothing.out() + nothing.err());
    assertTrue(nothing.err().matches("(?s).*--format meta: none of the \\d+ customers of " + o.opportunityId()
        + " has an email or phone number to match on: the customers source .* gives none.*"), nothing.err());
    assertFalse(Files.exists(empty), "nothing written");
    // a run's table edited by hand after the run: one line naming the file, not an internal failure
    Path edited = dir.resolve("edited-run");
    copyTree(out1, edited);
    Path part;
    try (Stream<Path> parts = Files.list(edited.resolve("opportunity_members"))) {
      part = parts.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    Files.writeString(part, o.opportunityId() + ",C9999999,1.0,treatment\n", java.nio.file.StandardOpenOption.APPEND);
    Result changed = cli("audience", "export", "--run", edited.toString(), "--opportunity", o.opportunityId(),
        "--format", "csv", "--out", dir.resolve("edited.csv").toString());
    assertEquals(2, changed.code(), changed.err());
    assertTrue(changed.err().contains("cannot read ") && changed.err().contains(part.getFileName().toString())
        && changed.err().contains("no longer matches the .crc checksum"), changed.err());
    assertFalse(changed.err().contains("internal failure"), changed.err());
  }

  @Test
  @Order(5)
  void measureComparesTreatmentWithHoldoutOnTheWithheldHorizon() throws Exception {
    RunSummary s = RunSummary.read(out1);
    var o = s.opportunities().stream().filter(x -> x.holdout() >= 2 && x.treatment() >= 2).findFirst().orElseThrow();
    Result r = cli("measure", "--run", out1.toString(), "--audience", o.opportunityId(), "--orders",
        lake.resolve("_truth/future_orders.csv").toString(), "--from", "2025-12-29", "--to", "2026-03-28");
    assertEquals(0, r.code(), r.err());
    JsonNode j = RunSummary.json().readTree(r.out());
    assertEquals(o.treatment(), j.get("treatmentCustomers").asLong());
    assertEquals(o.holdout(), j.get("holdoutCustomers").asLong());
    assertTrue(j.has("incrementalRevenueInterval"));
    assertTrue(j.get("minimumDetectableConversionDifference").isNumber(), r.out());
    assertTrue(j.get("revenueIntervalReliable").isBoolean(), r.out());
    assertFalse(r.out().contains("Infinity") || r.out().contains("NaN"), "numbers or null only: " + r.out());
    assertEquals(!j.get("revenueIntervalReliable").asBoolean(), r.err().contains("undercurrent: caution:"), r.err());
    // An order listed twice (a re-delivered file, a replayed batch) counts once, as in a run.
    List<String> orders = Files.readAllLines(lake.resolve("_truth/future_orders.csv"));
    List<String> twice = new ArrayList<>(orders);
    twice.addAll(orders.subList(1, orders.size()));
    Path doubled = dir.resolve("future_orders_twice.csv");
    Files.write(doubled, twice);
    Result again = cli("measure", "--run", out1.toString(), "--audience", o.opportunityId(), "--orders",
        doubled.toString(), "--from", "2025-12-29", "--to", "2026-03-28");
    assertEquals(0, again.code(), again.err());
    JsonNode k = RunSummary.json().readTree(again.out());
    assertEquals(j.get("treatmentRevenuePerCustomer").asDouble(), k.get("treatmentRevenuePerCustomer").asDouble(), 1e-9);
    assertEquals(j.get("holdoutRevenuePerCustomer").asDouble(), k.get("holdoutRevenuePerCustomer").asDouble(), 1e-9);
    // what the figures rest on is in the answer: rows read, rejected (the repeats), in the window
    assertEquals(j.at("/orders/rows_read").asLong() * 2, k.at("/orders/rows_read").asLong(), again.out());
    assertEquals(j.at("/orders/rows_read").asLong(), k.at("/orders/rows_rejected").asLong(), again.out());
    assertTrue(again.err().contains("order rows were rejected and not counted (duplicate order_id"), again.err());
    // orders whose every row is rejected (amounts with a currency sign) are an error, not "no lift"
    List<String> dollars = new ArrayList<>(List.of(orders.get(0)));
    for (String line : orders.subList(1, Math.min(50, orders.size()))) {
      String[] f = line.split(",", -1);
      f[3] = "$" + f[3];
      dollars.add(String.join(",", f));
    }
    Path dollarFile = dir.resolve("future_orders_dollars.csv");
    Files.write(dollarFile, dollars);
    Result allBad = cli("measure", "--run", out1.toString(), "--audience", o.opportunityId(), "--orders",
        dollarFile.toString(), "--from", "2025-12-29", "--to", "2026-03-28");
    assertEquals(2, allBad.code(), allBad.out() + allBad.err());
    assertTrue(allBad.err().contains("were rejected (unparseable revenue"), allBad.err());
    // a file whose format its name does not tell is a one-line question, not a Spark trace
    Path txt = dir.resolve("future_orders.txt");
    Files.write(txt, orders);
    Result unknownFormat = cli("measure", "--run", out1.toString(), "--audience", o.opportunityId(), "--orders",
        txt.toString(), "--from", "2025-12-29", "--to", "2026-03-28");
    assertEquals(2, unknownFormat.code(), unknownFormat.err());
    assertTrue(unknownFormat.err().contains("give --orders-format csv, parquet or delta"), unknownFormat.err());
    assertEquals(0, cli("measure", "--run", out1.toString(), "--audience", o.opportunityId(), "--orders",
        txt.toString(), "--orders-format", "CSV", "--from", "2025-12-29", "--to", "2026-03-28").code());
  }

  @Test
  @Order(6)
  void aRunKilledWhileWritingLeavesThePreviousResultsIntact() throws Exception {
    Path before = dir.resolve("snapshot");
    copyTree(out1, before);
    Path marker = dir.resolve("writing.marker");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-Dundercurrent.test.pause-writing=" + marker, "-Dai.djl.offline=true"));
    cmd.addAll(List.of(System.getProperty("surefire.argLine.opens", "").split(" ")).stream().filter(x -> !x.isBlank()).toList());
    for (String opt : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (opt.startsWith("--add-opens") || opt.startsWith("--add-modules") || opt.startsWith("-Djdk.reflect") || opt.startsWith("-Dio.netty")) {
        cmd.add(opt);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.undercurrent.app.cli.Main", "discover",
        "--config", lake.resolve("undercurrent.yaml").toString(), "--out", out1.toString(), "--output-format", "csv"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(Files.exists(marker), "the run reached its write stage: " + Files.readString(dir.resolve("killed.log")));
    p.destroyForcibly().waitFor();
    assertEquals(tree(before), tree(out1), "the previous results are unchanged after the kill");
    assertEquals(0, cli("report", "--run", out1.toString()).code(), "and readable");
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  private static Set<String> tree(Path root) throws Exception {
    Set<String> out = new HashSet<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("report.html")).toList()) {
        out.add(root.relativize(p) + File.pathSeparator + java.util.Arrays.hashCode(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  /** A saved model (format 6) with its provenance's training window replaced, sealed again. */
  private static byte[] withTrainingWindow(byte[] model, String window) throws Exception {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(model, 0, model.length - 32);
    int magic = in.getInt();
    int version = in.getInt();
    byte[] header = new byte[in.getInt()];
    in.get(header);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(header);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("provenance")).put("trainingWindow", window);
    byte[] edited = json.writeValueAsBytes(tree);
    java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(12 + edited.length + in.remaining());
    body.putInt(magic).putInt(version).putInt(edited.length).put(edited).put(in);
    byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body.array());
    byte[] sealed = java.util.Arrays.copyOf(body.array(), body.capacity() + sum.length);
    System.arraycopy(sum, 0, sealed, body.capacity(), sum.length);
    return sealed;
  }
}
