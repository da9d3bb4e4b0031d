package dev.undercurrent.spark.pipeline;

import static org.apache.spark.sql.functions.*;

import dev.undercurrent.core.activation.HoldoutAssigner;
import dev.undercurrent.core.record.SourceConfig;
import dev.undercurrent.core.evaluation.DiscoveryDump;
import dev.undercurrent.core.evaluation.TruthEvaluation;
import dev.undercurrent.core.learning.LinearBaseline;
import dev.undercurrent.core.learning.ModelQuality;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.Standardizer;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.lookup.CustomerIndex;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import dev.undercurrent.core.opportunities.DiscoveryInput;
import dev.undercurrent.core.opportunities.OpportunityFinder;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.core.report.HtmlReport;
import dev.undercurrent.core.segments.ClusteringAgreement;
import dev.undercurrent.core.segments.ClusteringCandidate;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.SegmentCountOptions;
import dev.undercurrent.core.segments.SegmentCountSelector;
import dev.undercurrent.core.segments.SegmentProfiler;
import dev.undercurrent.core.segments.SegmentSpace;
import dev.undercurrent.core.segments.Segmentation;
import dev.undercurrent.spark.output.Tables;
import dev.undercurrent.spark.scoring.SparkScorer;
import dev.undercurrent.spark.segments.MllibMethod;
import dev.undercurrent.spark.segments.MllibSegmentation;
import dev.undercurrent.spark.segments.MllibSegmentationOptions;
import dev.undercurrent.spark.segments.MllibSegmentationResult;
import dev.undercurrent.core.signals.SignalCatalog;
import java.nio.file.Files;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.ConfigException;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.spark.output.RunOutput;
import dev.undercurrent.spark.signals.SignalJob;
import dev.undercurrent.spark.sources.LakeReader;
import dev.undercurrent.spark.sources.ValidatedLake;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs discovery for one config: the stages of the contract's {@code discover} command in order,
 * timing each and writing every table through a staging folder.
 */
public final class DiscoveryPipeline {
  /** The fewest customers per segment, on average, that an open range of segment counts allows. */
  static final int MIN_CUSTOMERS_PER_SEGMENT = 25;

  /**
   * The most segments a run considers: the config's, or fewer where an open range would give under
   * {@link #MIN_CUSTOMERS_PER_SEGMENT} customers a segment, never below the range's floor; a count
   * the config fixes is kept.
   */
  static int segmentCeiling(int customers, int minSegments, int maxSegments) {
    if (minSegments == maxSegments) {
      return maxSegments;
    }
    return Math.max(minSegments, Math.min(maxSegments, customers / MIN_CUSTOMERS_PER_SEGMENT));
  }

  private final SparkSession spark;
  private final Progress progress;
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private long stageStart;

  private Path savedModel;

  public DiscoveryPipeline(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  /** Scores with a model saved by an earlier run ({@code model.bin}) instead of training one. */
  public DiscoveryPipeline withSavedModel(Path model) {
    this.savedModel = model;
    return this;
  }

  /**
   * Why a run has too few customers: where most orders were quarantined, the commonest reasons (a
   * run stopped for want of valid orders writes no quarantine table to read); where most valid
   * orders fall on or after {@code as_of}, that.
   */
  static String quarantineHint(ValidatedLake lake) {
    for (SourceCounts c : lake.counts()) {
      if (c.source().equals("orders") && c.quarantined() > 0 && c.quarantined() * 2 >= c.read()) {
        StringBuilder b = new StringBuilder("; ").append(String.format(java.util.Locale.ROOT, "%,d", c.quarantined()))
            .append(" of ").append(String.format(java.util.Locale.ROOT, "%,d", c.read())).append(" orders rows were rejected (");
        int shown = 0;
        // commonest first, whatever order the counts were built in
        List<Map.Entry<String, Long>> reasons = c.quarantinedByReason().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .toList();
        for (Map.Entry<String, Long> e : reasons) {
          if (shown++ == 3) {
            break;
          }
          b.append(shown > 1 ? ", " : "").append(e.getKey()).append(": ")
              .append(String.format(java.util.Locale.ROOT, "%,d", e.getValue()));
        }
        return b.append("); amounts must be plain numbers with a decimal point, and times ISO 8601 unless the")
            .append(" source sets options: {timestamp_format: …}").toString();
      }
      if (c.source().equals("orders") && c.afterAsOf() > 0 && c.afterAsOf() >= c.used()) {
        // an as_of typed too early (or --as-of given the wrong year) leaves the orders after it
        return String.format(java.util.Locale.ROOT, "; %,d of the %,d valid orders fall on or after as_of %s: is it"
            + " meant to be later (left out, it is the day after the last order)?", c.afterAsOf(),
            c.afterAsOf() + c.used(), lake.asOf());
      }
    }
    return "";
  }

  /**
   * What the run says where its segments do not come back on bootstrap resamples (mean ARI below
   * {@link SegmentCountSelector#STABLE}), or "": a count the config fixed, or the only one this few
   * customers allow, is kept regardless, and in an open range a count can be chosen unstable
   * (k = 4 at 0.62 in 3..6 on a 150-customer lake said nothing). Said where
   * the user reads the run, not only in the comparison table.
   */
  static String segmentCaution(int k, boolean fixedCount, int minK, int maxK, double stability) {
    boolean open = !fixedCount && minK < maxK;
    if (stability >= SegmentCountSelector.STABLE || (open && Double.isNaN(stability))) {
      return ""; // (a count chosen in an open range without a measured stability was not judged)
    }
    String which = fixedCount ? "the config fixed"
        : !open ? "this few customers allow"
        : "chosen in " + minK + ".." + maxK;
    return String.format(java.util.Locale.ROOT,
        "the %d segments %s are not stable: bootstrap resamples agree at ARI %.2f, below %.2f;"
            + " expect them to change when the data do", k, which, stability, SegmentCountSelector.STABLE);
  }

  public RunSummary run(RunConfig config) throws ConfigException, IOException {
    Instant started = Instant.now();
    String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
        + "-" + config.configHash().substring(0, 8);
    RunOutput.recover(Path.of(config.outputPath()));
    RunOutput.checkTarget(Path.of(config.outputPath()), config.sources().values().stream()
        .filter(sc -> sc.path() != null && (!SourceConfig.isUri(sc.path()) || sc.path().startsWith("file:")))
        .map(sc -> sc.path().replaceFirst("^file:(//)?", "")).toList());
    if (savedModel != null) {
      // a damaged file or another horizon said before the read, and an as_of the model has seen
      // past too where the config or --as-of sets it (a data-derived as_of is checked once known)
      try (RepresentationModel early = Learning.loadSaved(savedModel, config.horizonDays())) {
        if (config.asOf().isPresent()) {
          Learning.checkAsOf(early, savedModel, config.asOf().get());
        }
      }
    }
    begin("read", "validating " + config.sources().size() + " sources");
    ValidatedLake lake = new LakeReader(spark, started).read(config);
    for (SourceCounts c : lake.counts()) {
      progress.stage("read", c.source() + ": " + c.read() + " rows, " + c.used() + " used, " + c.afterAsOf()
          + " after as_of, " + c.quarantined() + " quarantined"
          + (c.customerMatch() != null && c.customerMatch().rowsForOthers() > 0
              ? " (" + c.customerMatch().rowsForOthers() + " of the used for no customer with orders)" : ""));
    }
    for (SourceCounts c : lake.counts()) {
      for (String caution : c.cautions()) {
        progress.stage("read", "caution: " + caution);
      }
    }
    end("read");

    begin("signals", "as of " + lake.asOf());
    SignalJob.Result signals = SignalJob.run(lake, config.horizonDays(), 6);
    Dataset<Row> rows = signals.rows().persist(StorageLevel.MEMORY_AND_DISK());
    Snapshots snaps = Snapshots.collect(rows, signals.catalog(), config.horizonDays(), config.trainingSampleCap(), config.seed());
    CustomerSignals current = snaps.current;
    if (current.size() < 10) {
      throw new ConfigException("orders: only " + current.size() + " customers have a valid order before as_of "
          + lake.asOf() + "; discovery needs at least 10" + quarantineHint(lake));
    }
    if (current.size() < config.minSegments()) {
      // Said here, before the network is trained, rather than by the segment selector afterwards.
      throw new ConfigException("segments: the config asks for at least " + config.minSegments()
          + " segments, but only " + current.size() + " customers have a valid order before as_of " + lake.asOf()
          + "; give segments a count of at most " + current.size());
    }
    String shortHistory = SignalJob.tooShort(lake.asOf(), config.horizonDays(), signals.firstOrder(), 6);
    if (savedModel == null && shortHistory != null) {
      // said here in the config's terms, where the training set would refuse it as "only snapshot
      // 0"; after the refusals for too few customers, which say more where both apply, and with
      // the hint where as_of precedes most orders
      throw new ConfigException(shortHistory + quarantineHint(lake));
    }
    progress.stage("signals", current.size() + " customers, " + snaps.catalog.size() + " signals, "
        + snaps.labelled.size() + " labelled rows over " + (signals.cutoffs().length - 1) + " earlier cut-offs");
    String asOfCaution = dev.undercurrent.core.signals.AsOfCheck.caution(current, lake.asOf(), config.horizonDays());
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (!asOfCaution.isEmpty()) {
      progress.stage("signals", "caution: " + asOfCaution);
      metrics.put("as_of", Map.of("caution", asOfCaution));
    }
    end("signals");
    metrics.put("clv", snaps.clvByCut.get(0).describe());

    begin("learn", savedModel == null ? "training the representation network"
        : "scoring with the saved model " + savedModel + " (no training)");
    Learned learned = Learning.learn(snaps, signals.cutoffs(), lake.has(Source.MARKETING), config, progress, savedModel,
        model -> scoreInSpark(rows, snaps, model));
    metrics.put("model", learned.metrics());
    end("learn");
    // Every later stage works from the driver's copies (signals, scores, embeddings): give the
    // cached signal rows of all cut-offs (1M customers x 7 cut-offs at 1M) back to the heap now
    // rather than after writing, so segments and the detectors do not run beside them.
    rows.unpersist();
    String dump = System.getProperty("undercurrent.dump");
    if (dump != null) {
      DiscoveryDump.of(current, learned.scores(), learned.earlier(), config.horizonDays(), config.currency(), config.seed())
          .write(Path.of(dump));
    }

    begin("segments", "choosing segments in the learned space");
    CustomerSignals described = current.customerOnly();
    // The signals in the metric the learned space sets (SegmentSpace says why: a retrained network
    // keeps the broad shape of its space, not the finer geometry); the system property
    // undercurrent.segments.space=embedding clusters the embedding's coordinates, for comparison.
    boolean embeddingOnly = "embedding".equals(System.getProperty("undercurrent.segments.space"));
    SegmentSpace.Fitted space = embeddingOnly ? null
        : SegmentSpace.fit(described.values(), learned.scores().embedding(), config.seed());
    EmbeddingMatrix points = embeddingOnly ? EmbeddingMatrix.of(learned.scores().embedding()) : space.points();
    // A range the config leaves open holds at most one segment per MIN_CUSTOMERS_PER_SEGMENT
    // customers: a 30-customer lake was cut into 10 segments of 3, which no one can act on.
    boolean fixedCount = config.minSegments() == config.maxSegments();
    int maxSegments = segmentCeiling(current.customerIds().length, config.minSegments(), config.maxSegments());
    SegmentCountOptions counts = SegmentCountOptions.defaults(config.seed())
        .withRange(config.minSegments(), maxSegments);
    Segmentation seg = compareWithMllib(SegmentCountSelector.select(points, counts),
        current.customerIds(), points.toRows(), counts);
    List<SegmentProfile> profiles = SegmentProfiler.profile(described, learned.scores(), seg.segmentOf(), seg.k());
    Map<String, Object> segmentMetrics = segmentMetrics(seg);
    segmentMetrics.put("space", embeddingOnly
        ? "embedding"
        : "rank-Gaussian signals weighted by the share of each the embedding keeps (R^2), "
            + Math.min(SegmentSpace.SIGNAL_DIM, described.catalog().size()) + " principal components");
    segmentMetrics.put("space_dim", points.dim());
    segmentMetrics.put("k_range", fixedCount
        ? config.minSegments() + " (fixed by the config's segments)"
        : config.minSegments() + ".." + maxSegments + (maxSegments < config.maxSegments()
            ? " (at most one segment per " + MIN_CUSTOMERS_PER_SEGMENT + " customers)" : ""));
    double chosenStability = seg.comparison().stream().filter(ClusteringCandidate::chosen)
        .mapToDouble(ClusteringCandidate::stability).findFirst().orElse(Double.NaN);
    String caution = segmentCaution(seg.k(), fixedCount, config.minSegments(), maxSegments, chosenStability);
    if (!caution.isEmpty()) {
      segmentMetrics.put("caution", caution);
    }
    // where today's customers were a horizon ago, in today's segments
    Flows.Result moves = Flows.of(snaps, signals.cutoffs(), config.horizonDays(), described,
        space == null ? null : space.placement(), seg, learned.scores().predictedValue(), config.seed());
    SegmentFlows flows = moves == null ? null : moves.flows();
    if (flows != null) {
      segmentMetrics.put("flows", flowMetrics(flows));
    }
    metrics.put("segments", segmentMetrics);
    progress.stage("segments", seg.k() + " segments (" + seg.method() + ")" + (caution.isEmpty() ? "" : "; " + caution));
    if (flows != null) {
      progress.stage("segments", "since " + flows.since() + ": " + flows.moved() + " of " + flows.compared()
          + " customers compared changed segment; " + flows.newCustomers() + " new");
    }
    end("segments");

    begin("opportunities", "neighbours and the nine detectors");
    Neighbours neighbours = NearestNeighbours.find(learned.scores().embedding(), NeighbourOptions.defaults(10).withSeed(config.seed()));
    DiscoveryInput input = new DiscoveryInput(described, learned.scores(), seg.segmentOf(), profiles, neighbours,
        learned.earlier(), config.horizonDays(), config.currency(), config.assumptions());
    List<Opportunity> opportunities = OpportunityFinder.find(input);
    HoldoutAssigner holdout = new HoldoutAssigner(config.holdoutShare(), config.holdoutSalt());
    progress.stage("opportunities", opportunities.size() + " opportunities");
    end("opportunities");

    // The ridge baseline of the validation, refitted on every labelled snapshot as the network is,
    // scores today's customers only where a planted truth will judge it.
    java.util.function.Supplier<double[]> linearBaseline = () -> {
      TrainingSet all = snaps.trainingSet(signals.cutoffs(), lake.has(Source.MARKETING), config.horizonDays());
      return LinearBaseline.fit(all.signals(), all.value(), Standardizer.fit(all.signals()), LinearBaseline.DEFAULT_LAMBDA)
          .predict(current.values());
    };
    truthMetrics(config, lake.asOf(), current, seg, opportunities, learned, linearBaseline, metrics);

    begin("write", config.outputPath() + " (" + config.outputFormat() + ")");
    RunSummary summary;
    Tables tables = new Tables(spark);
    try (RunOutput out = new RunOutput(Path.of(config.outputPath()), runId, config.outputFormat())) {
      out.table("quarantine", lake.quarantine().select("source", "reason", "reason_code", "row"));
      out.table("customer_signals", signalTable(current));
      pauseForKillTest();
      double[] valuePercentile = Tables.percentiles(learned.scores().predictedValue());
      out.table("customer_scores", tables.customerScores(current.customerIds(), learned.scores(), seg.segmentOf(),
          valuePercentile, moves == null ? null : moves.prior()));
      out.table("customer_embeddings", tables.customerEmbeddings(current.customerIds(), learned.scores().embedding()));
      out.table("segments", tables.segments(profiles));
      out.table("segment_signals", tables.segmentSignals(profiles));
      out.table("segment_flows", tables.segmentFlows(flows, profiles));
      out.table("opportunities", tables.opportunities(opportunities));
      out.table("opportunity_members", tables.opportunityMembers(opportunities, (o, c) -> holdout.isHoldout(c, o)));
      Files.write(out.staging().resolve("model.bin"), learned.model().toBytes());
      // the same customers, scores, embeddings and memberships for lookups one at a time (serve, mcp)
      CustomerIndex.write(out.staging().resolve(CustomerIndex.FILE_NAME), current.customerIds(), seg.segmentOf(),
          moves == null ? null : moves.prior(), learned.scores().predictedValue(), learned.scores().churnProbability(),
          valuePercentile, learned.scores().embedding(), opportunities, (o, c) -> holdout.isHoldout(c, o), described);
      RunSummary.json().writeValue(out.staging().resolve("sources.json").toFile(), config.sources().values());
      end("write");
      summary = new RunSummary(RunSummary.FORMAT_VERSION, runId, started.toString(), lake.asOf().toString(),
          config.horizonDays(), config.currency(), config.configHash(), config.seed(), config.outputFormat(),
          current.size(), totalRevenue(current), lake.counts(), profiles, summaries(opportunities, holdout), metrics,
          stageSeconds, flows);
      out.table("runs", runsTable(summary, config));
      summary.write(out.staging());
      HtmlReport.write(summary, out.staging().resolve(HtmlReport.FILE_NAME));
      out.commit();
    } finally {
      learned.model().close();
      rows.unpersist();
    }
    return summary;
  }

  /**
   * Lets the end-to-end test kill a run in the middle of writing: with
   * {@code -Dundercurrent.test.pause-writing=FILE} the run creates FILE after its first tables and
   * waits, so the test can kill it at a known point and check that the previous results survive.
   */
  private static void pauseForKillTest() {
    String marker = System.getProperty("undercurrent.test.pause-writing");
    if (marker == null) {
      return;
    }
    try {
      Files.writeString(Path.of(marker), "writing");
      Thread.sleep(120_000);
    } catch (IOException | InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every current customer scored in Spark partitions, aligned with the driver's customer order. */
  private CustomerScores scoreInSpark(Dataset<Row> rows, Snapshots snaps, RepresentationModel model) {
    Dataset<Row> current = rows.where(col("cut_index").equalTo(0));
    List<Row> scored = SparkScorer.score(spark, current, snaps.clvByCut.get(0), model.toBytes()).collectAsList();
    Map<String, Integer> pos = new java.util.HashMap<>();
    String[] ids = snaps.current.customerIds();
    for (int i = 0; i < ids.length; i++) {
      pos.put(ids[i], i);
    }
    int n = ids.length;
    double[] value = new double[n];
    double[] churn = new double[n];
    double[] response = new double[n];
    double[] ifActive = new double[n];
    float[][] emb = new float[n][];
    for (Row r : scored) {
      int i = pos.get(r.getString(0));
      List<Float> e = r.getList(1);
      emb[i] = new float[e.size()];
      for (int j = 0; j < emb[i].length; j++) {
        emb[i][j] = e.get(j);
      }
      value[i] = r.getDouble(2);
      churn[i] = r.getDouble(3);
      response[i] = r.getDouble(4);
      ifActive[i] = r.getDouble(5);
    }
    return new CustomerScores(value, churn, response, emb, ifActive);
  }

  private void begin(String stage, String detail) {
    stageStart = System.nanoTime();
    progress.stage(stage, detail);
  }

  private void end(String stage) {
    stageSeconds.put(stage, (System.nanoTime() - stageStart) / 1e9);
  }

  private static CustomerSignals collectCurrent(Dataset<Row> rows, SignalCatalog catalog) {
    List<Row> cur = rows.where(col("cut_index").equalTo(0)).select("customer_id", "signals").orderBy("customer_id").collectAsList();
    String[] ids = new String[cur.size()];
    double[][] v = new double[cur.size()][];
    for (int i = 0; i < ids.length; i++) {
      Row r = cur.get(i);
      ids[i] = r.getString(0);
      List<Double> s = r.getList(1);
      double[] a = new double[s.size()];
      for (int j = 0; j < a.length; j++) {
        Double x = s.get(j);
        a[j] = x == null ? Double.NaN : x;
      }
      v[i] = a;
    }
    return new CustomerSignals(ids, catalog, v);
  }

  private static double totalRevenue(CustomerSignals s) {
    if (!s.has(SignalCatalog.MONETARY_TOTAL)) {
      return 0;
    }
    double t = 0;
    for (double x : s.column(SignalCatalog.MONETARY_TOTAL)) {
      t += x;
    }
    return t;
  }

  private static Tables.Rows signalTable(CustomerSignals s) {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType, false);
    for (String n : s.catalog().names()) {
      schema = schema.add(n, DataTypes.DoubleType, true);
    }
    return new Tables.Rows(schema, s.size(), i -> {
      Object[] r = new Object[s.catalog().size() + 1];
      r[0] = s.customerIds()[i];
      for (int j = 0; j < s.catalog().size(); j++) {
        double x = s.values()[i][j];
        r[j + 1] = Double.isNaN(x) ? null : x;
      }
      return RowFactory.create(r);
    });
  }

  private Dataset<Row> runsTable(RunSummary s, RunConfig config) throws IOException {
    var json = RunSummary.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> versions = new LinkedHashMap<>();
    Map<String, Object> counts = new LinkedHashMap<>();
    for (SourceCounts c : s.sources()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("location", c.location());
      v.put("format", c.format());
      v.put("version", c.version());
      versions.put(c.source(), v);
      counts.put(c.source(), c);
    }
    StructType schema = new StructType()
        .add("run_id", DataTypes.StringType)
        .add("started_at", DataTypes.StringType)
        .add("as_of", DataTypes.StringType)
        .add("horizon_days", DataTypes.IntegerType)
        .add("config_hash", DataTypes.StringType)
        .add("seed", DataTypes.LongType)
        .add("input_versions", DataTypes.StringType)
        .add("row_counts", DataTypes.StringType)
        .add("stage_seconds", DataTypes.StringType)
        .add("metrics", DataTypes.StringType)
        .add("code_version", DataTypes.StringType)
        .add("java_version", DataTypes.StringType)
        .add("os", DataTypes.StringType);
    Row r = RowFactory.create(s.runId(), s.startedAt(), s.asOf(), s.horizonDays(), s.configHash(), s.seed(),
        json.writeValueAsString(versions), json.writeValueAsString(counts),
        json.writeValueAsString(s.stageSeconds()), json.writeValueAsString(s.metrics()),
        codeVersion(), System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return spark.createDataFrame(List.of(r), schema);
  }

  /**
   * Puts Spark MLlib's k-means and bisecting k-means over the same range of k beside the core's
   * k-means, scored by the same bootstrap stability and silhouette, and keeps whichever the one
   * rule picks, where an MLlib candidate must beat the core's choice by a clear silhouette margin
   * ({@link SegmentCountSelector#chooseAcrossMethods}). Limit: MLlib's candidates are fitted on a
   * 3,000-customer sample with two resamples, to keep the comparison to seconds, so their figures
   * are the noisier.
   */
  private Segmentation compareWithMllib(Segmentation core, String[] ids, float[][] points, SegmentCountOptions counts) {
    if (Boolean.getBoolean("undercurrent.segments.core-only") || ids.length < 50) {
      return core;
    }
    long seed = counts.seed();
    MllibSegmentationOptions options = new MllibSegmentationOptions(counts.minK(), counts.maxK(), 2, 3_000, 1_500, 15, 1,
        seed, List.of(MllibMethod.KMEANS, MllibMethod.BISECTING_KMEANS));
    // MLlib compares on a sample: draw it here, so that Spark is handed a few thousand rows rather
    // than a million (a local relation of every customer cost a scan per job at 1M), and hand it
    // every row only if its choice wins.
    int[] sample = ClusteringAgreement.sampleWithoutReplacement(
        ids.length, Math.min(ids.length, options.sampleSize()), seed);
    String[] sampleIds = new String[sample.length];
    float[][] samplePoints = new float[sample.length][];
    for (int i = 0; i < sample.length; i++) {
      sampleIds[i] = ids[sample[i]];
      samplePoints[i] = points[sample[i]];
    }
    MllibSegmentation.Comparison compared = MllibSegmentation.compare(
        new Tables(spark).customerEmbeddingsDataset(sampleIds, samplePoints), "embedding", options);
    List<ClusteringCandidate> judged = SegmentCountSelector.chooseAcrossMethods(
        core.comparison(), compared.comparison(), SegmentCountSelector.SILHOUETTE_MARGIN);
    ClusteringCandidate winner = judged.stream().filter(ClusteringCandidate::chosen).findFirst().orElseThrow();
    if (!winner.method().equals(compared.method().label()) || winner.k() != compared.k()) {
      // MLlib's choice lost: it is not fitted to every customer at all
      return new Segmentation(core.method(), core.k(), core.segmentOf(), core.model(), markChosen(judged, core));
    }
    MllibSegmentationResult ml = MllibSegmentation.fitChosen(
        compared.fittedTo(new Tables(spark).customerEmbeddingsDataset(ids, points), "embedding"), options);
    Map<String, Integer> pos = new java.util.HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      pos.put(ids[i], i);
    }
    int[] segmentOf = new int[ids.length];
    for (Row r : ml.assignments().select("customer_id", MllibSegmentation.SEGMENT_COL).collectAsList()) {
      segmentOf[pos.get(r.getString(0))] = r.getInt(1);
    }
    return new Segmentation(ml.method(), ml.k(), segmentOf, core.model(), judged);
  }

  private static List<ClusteringCandidate> markChosen(List<ClusteringCandidate> all, Segmentation core) {
    List<ClusteringCandidate> out = new ArrayList<>();
    for (ClusteringCandidate c : all) {
      out.add(c.withChosen(c.method().equals(core.method()) && c.k() == core.k()));
    }
    return out;
  }

  /** The flows' figures for {@code runs.metrics}: who was compared, who moved, how faithful the placement is. */
  static Map<String, Object> flowMetrics(SegmentFlows flows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("since", flows.since());
    m.put("compared", flows.compared());
    m.put("moved", flows.moved());
    m.put("new", flows.newCustomers());
    m.put("not_compared", flows.notCompared());
    m.put("agreement", flows.agreement());
    return m;
  }

  private static Map<String, Object> segmentMetrics(Segmentation seg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", seg.method());
    m.put("k", seg.k());
    List<Map<String, Object>> cmp = new ArrayList<>();
    for (ClusteringCandidate c : seg.comparison()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("method", c.method());
      x.put("k", c.k());
      x.put("stability", c.stability());
      x.put("silhouette", c.silhouette());
      if (!Double.isNaN(c.weakestCluster())) {
        x.put("weakest_cluster", c.weakestCluster());
      }
      x.put("chosen", c.chosen());
      cmp.add(x);
    }
    m.put("comparison", cmp);
    return m;
  }

  /**
   * The predictions' top-decile capture less a baseline's on the withheld horizon, with the 95%
   * interval of a paired bootstrap ({@link ModelQuality#topDecileCaptureDifference}, 200
   * replicates seeded from the run's seed): {@code difference, ci_low, ci_high}, each left out
   * where it is undefined.
   */
  private static Map<String, Double> captureLift(double[] actual, double[] predicted, double[] baseline, long seed) {
    double[] clean = baseline.clone();
    for (int i = 0; i < clean.length; i++) {
      clean[i] = Double.isFinite(clean[i]) ? clean[i] : 0;
    }
    double[] d = ModelQuality.topDecileCaptureDifference(actual, predicted, clean, 200, seed);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("difference", d[0]);
    m.put("ci_low", d[1]);
    m.put("ci_high", d[2]);
    m.values().removeIf(v -> !Double.isFinite(v)); // undefined (no positive total): left out
    return m;
  }

  /**
   * Where the lake carries a truth beside its orders ({@code _truth/customers.csv}: a synthetic
   * lake's planted kinds and audiences, or a real data set's withheld revenue), measures the run
   * against it.
   */
  private void truthMetrics(RunConfig config, java.time.LocalDate asOf, CustomerSignals current, Segmentation seg,
      List<Opportunity> opportunities, Learned learned, java.util.function.Supplier<double[]> linearBaseline,
      Map<String, Object> metrics) throws IOException {
    String orders = config.sources().get(Source.ORDERS).path();
    if (orders == null) {
      return;
    }
    Path dir = Path.of(orders).getParent().resolve("_truth");
    var truth = TruthEvaluation.read(dir);
    if (truth.isEmpty()) {
      return;
    }
    Map<String, Object> t = new LinkedHashMap<>();
    List<String> said = new ArrayList<>();
    String nobody = truth.get().unmatched(current.customerIds());
    if (nobody != null) {
      t.put("not_compared", nobody);
      metrics.put("truth", t);
      progress.stage("truth", "not compared: " + nobody);
      return;
    }
    if (truth.get().hasKinds()) {
      double ari = truth.get().segmentAri(current.customerIds(), seg.segmentOf());
      t.put("segment_ari_vs_kinds", ari);
      said.add(String.format(java.util.Locale.ROOT, "segment ARI %.3f vs planted kinds", ari));
    }
    // The planted audiences and the withheld revenue belong to the cut-off the lake was generated
    // at; a run at another as_of or horizon would be scored against the wrong window.
    String otherWindow = truthWindowMismatch(dir.resolve("meta.json"), asOf, config.horizonDays());
    if (otherWindow != null) {
      t.put("not_compared", otherWindow);
      said.add("audiences and withheld horizon not compared: " + otherWindow);
      metrics.put("truth", t);
      progress.stage("truth", String.join(", ", said));
      return;
    }
    if (truth.get().hasAudiences()) {
      var scores = truth.get().audienceScores(opportunities, new java.util.HashSet<>(List.of(current.customerIds())));
      t.put("audiences", scores);
      double f1 = scores.values().stream().mapToDouble(x -> x.get("f1")).average().orElse(Double.NaN);
      t.put("mean_f1", f1);
      said.add(String.format(java.util.Locale.ROOT, "mean audience F1 %.3f", f1));
    }
    Map<String, Double> future = truth.get().futureRevenue();
    if (!future.isEmpty()) {
      double[] actual = new double[current.size()];
      for (int i = 0; i < actual.length; i++) {
        actual[i] = future.getOrDefault(current.customerIds()[i], 0.0);
      }
      double[] predicted = learned.scores().predictedValue();
      Map<String, Double> value = ModelQuality.valueMetrics("", actual, predicted);
      t.put("future_value", value);
      if (current.has(SignalCatalog.REVENUE_90D)) {
        double[] last = current.column(SignalCatalog.REVENUE_90D);
        t.put("future_value_baseline_last_horizon", ModelQuality.valueMetrics("", actual, last));
        t.put("future_value_capture_vs_last_horizon", captureLift(actual, predicted, last, config.seed()));
      }
      double[] linear = linearBaseline.get();
      t.put("future_value_baseline_linear", ModelQuality.valueMetrics("", actual, linear));
      t.put("future_value_capture_vs_linear", captureLift(actual, predicted, linear, config.seed()));
      boolean[] churned = truth.get().churned(current.customerIds());
      Map<String, Double> churn = ModelQuality.probabilityMetrics("churn", learned.scores().churnProbability(), churned);
      t.put("future_churn", churn);
      said.add(String.format(java.util.Locale.ROOT, "withheld horizon value Spearman %.3f, churn AUC %.3f",
          value.get("value.spearman"), churn.get("churn.auc")));
    }
    metrics.put("truth", t);
    progress.stage("truth", String.join(", ", said));
  }

  /**
   * Why a truth written for another cut-off or horizon ({@code _truth/meta.json}'s {@code as_of}
   * and {@code horizon_days}) cannot judge this run's audiences and predictions; null where it can
   * or where the truth does not say (real data sets' truths carry no meta.json).
   */
  static String truthWindowMismatch(Path meta, java.time.LocalDate asOf, int horizonDays) throws IOException {
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta.toFile());
    String truthAsOf = n.path("as_of").asText("");
    int truthHorizon = n.path("horizon_days").asInt(-1);
    if (!truthAsOf.isEmpty() && !truthAsOf.equals(asOf.toString())) {
      return "the truth is for as_of " + truthAsOf + ", this run is as of " + asOf;
    }
    if (truthHorizon > 0 && truthHorizon != horizonDays) {
      return "the truth is for a " + truthHorizon + "-day horizon, this run's is " + horizonDays;
    }
    return null;
  }

  private static List<OpportunitySummary> summaries(List<Opportunity> opportunities, HoldoutAssigner holdout) {
    List<OpportunitySummary> out = new ArrayList<>();
    for (Opportunity o : opportunities) {
      long held = 0;
      // the examples are the first members of the treatment group: one shown to an agent or a
      // person may be acted on, and a holdout member acted on spoils the measured lift
      List<String> examples = new ArrayList<>();
      for (String id : o.memberIds()) {
        if (holdout.isHoldout(id, o.opportunityId())) {
          held++;
        } else if (examples.size() < 5) {
          examples.add(id);
        }
      }
      out.add(new OpportunitySummary(o.opportunityId(), o.type().key(), o.title(), o.segmentId(), o.customers(),
          o.customers() - held, held, o.expectedValue(), o.valueFormula(), o.confidence(), o.evidence(), o.action(),
          o.kpi(), o.rank(), examples));
    }
    return out;
  }

  static String codeVersion() {
    String v = DiscoveryPipeline.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

}
