package dev.undercurrent.spark.pipeline;

import static org.apache.spark.sql.functions.*;

import dev.undercurrent.core.model.CustomerSignals;
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
import org.apache.spark.sql.Column;
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
  private final SparkSession spark;
  private final Progress progress;
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private long stageStart;

  public DiscoveryPipeline(SparkSession spark, Progress progress) {
    this.spark = spark;
    this.progress = progress;
  }

  public RunSummary run(RunConfig config) throws ConfigException, IOException {
    Instant started = Instant.now();
    String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
        + "-" + config.configHash().substring(0, 8);
    begin("read", "validating " + config.sources().size() + " sources");
    ValidatedLake lake = new LakeReader(spark, started).read(config);
    for (SourceCounts c : lake.counts()) {
      progress.stage("read", c.source() + ": " + c.read() + " rows, " + c.used() + " used, " + c.afterAsOf()
          + " after as_of, " + c.quarantined() + " quarantined");
    }
    end("read");

    begin("signals", "as of " + lake.asOf());
    SignalJob.Result signals = SignalJob.run(lake, config.horizonDays(), 6);
    Dataset<Row> rows = signals.rows().persist(StorageLevel.MEMORY_AND_DISK());
    CustomerSignals current = collectCurrent(rows, signals.catalog());
    progress.stage("signals", current.size() + " customers, " + signals.catalog().size() + " signals, "
        + (signals.cutoffs().length - 1) + " labelled snapshots");
    end("signals");

    begin("write", config.outputPath() + " (" + config.outputFormat() + ")");
    Map<String, Object> metrics = new LinkedHashMap<>();
    RunSummary summary;
    try (RunOutput out = new RunOutput(Path.of(config.outputPath()), runId, config.outputFormat())) {
      out.table("quarantine", lake.quarantine().select("source", "reason", "reason_code", "row"));
      out.table("customer_signals", signalTable(current));
      summary = new RunSummary(RunSummary.FORMAT_VERSION, runId, started.toString(), lake.asOf().toString(),
          config.horizonDays(), config.currency(), config.configHash(), config.seed(), config.outputFormat(),
          current.size(), totalRevenue(current), lake.counts(), List.of(), List.of(), metrics, stageSeconds);
      out.table("runs", runsTable(summary, config));
      summary.write(out.staging());
      out.commit();
    }
    end("write");
    rows.unpersist();
    return summary;
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

  private Dataset<Row> signalTable(CustomerSignals s) {
    StructType schema = new StructType().add("customer_id", DataTypes.StringType, false);
    for (String n : s.catalog().names()) {
      schema = schema.add(n, DataTypes.DoubleType, true);
    }
    List<Row> out = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      Object[] r = new Object[s.catalog().size() + 1];
      r[0] = s.customerIds()[i];
      for (int j = 0; j < s.catalog().size(); j++) {
        double x = s.values()[i][j];
        r[j + 1] = Double.isNaN(x) ? null : x;
      }
      out.add(RowFactory.create(r));
    }
    return spark.createDataFrame(out, schema);
  }

  private Dataset<Row> runsTable(RunSummary s, RunConfig config) throws IOException {
    var json = RunSummary.json();
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

  static String codeVersion() {
    String v = DiscoveryPipeline.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @SuppressWarnings("unused")
  private static Column[] none() {
    return new Column[0];
  }
}
