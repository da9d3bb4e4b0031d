package dev.undercurrent.app.cli;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.core.record.SourceConfig;
import dev.undercurrent.core.stats.LiftStatistics;
import dev.undercurrent.spark.session.Sessions;
import dev.undercurrent.spark.sources.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code measure}: lift of an audience's treatment group over its holdout, from the orders placed
 * in a window after activation: conversion (any order) and net revenue per customer, with
 * confidence intervals, and the incremental revenue of the treatment group.
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
    description = "Lift of treatment over holdout for one audience, from orders in a date window.")
public final class MeasureCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "The run's output folder.")
  Path run;

  @Option(names = "--audience", required = true, description = "The opportunity id whose audience is measured.")
  String audience;

  @Option(names = "--orders", required = true,
      description = "Orders to measure on: a path (csv, parquet or delta folder; the run's column mapping applies) or 'run' for the run's own orders source.")
  String orders;

  @Option(names = "--orders-format", description = "csv, parquet or delta (default: from the path).")
  String ordersFormat;

  @Option(names = "--from", required = true, description = "First day of the window (YYYY-MM-DD).")
  String from;

  @Option(names = "--to", required = true, description = "Last day of the window, inclusive (YYYY-MM-DD).")
  String to;

  @Option(names = "--confidence", defaultValue = "0.95", description = "Confidence level (default: ${DEFAULT-VALUE}).")
  double confidence;

  @Override
  public Integer call() throws Exception {
    LocalDate f = RunConfig.parseDate(from, "--from");
    LocalDate t = RunConfig.parseDate(to, "--to");
    if (t.isBefore(f)) {
      throw new UserInputException("--to: " + t + " is before --from " + f);
    }
    RunSummary s = Runs.open(run);
    OpportunitySummary o = s.opportunities().stream().filter(x -> x.opportunityId().equals(audience)).findFirst()
        .orElseThrow(() -> new UserInputException("--audience: '" + audience + "' is not in this run (found: "
            + String.join(", ", s.opportunities().stream().map(OpportunitySummary::opportunityId).toList()) + ")"));
    SourceConfig runOrders = RunTables.source(run, Source.ORDERS).orElse(null);
    SourceConfig sc;
    if (orders.equals("run")) {
      if (runOrders == null) {
        throw new UserInputException("--orders run: this run did not record its sources (no sources.json)");
      }
      sc = runOrders;
    } else {
      Path p = Path.of(orders).toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new UserInputException("--orders: file not found: " + p);
      }
      String fmt = ordersFormat != null ? ordersFormat.toLowerCase(java.util.Locale.ROOT) : formatOf(p);
      if (!List.of("csv", "parquet", "delta").contains(fmt)) {
        throw new UserInputException("--orders-format: '" + ordersFormat + "' (expected csv, parquet or delta)");
      }
      sc = new SourceConfig(Source.ORDERS, p.toString(), null, fmt,
          runOrders == null ? Map.of() : runOrders.columns(), runOrders == null ? Map.of() : runOrders.options());
    }
    var spark = Sessions.getOrCreate(null);
    LakeReader.OneSource read = new LakeReader(spark, Instant.now()).allowMissingOrderId().readOneCounted(sc);
    if (read.read() > 0 && read.rejected() == read.read()) {
      throw new UserInputException("--orders: all " + read.read() + " rows of " + sc.location()
          + " were rejected (" + reasons(read.rejectedByReason()) + "); the run's column mapping and options apply"
          + " (amounts as plain numbers, times ISO 8601 unless timestamp_format says otherwise)");
    }
    Dataset<Row> inWindow = read.valid()
        .where(col("ordered_at").geq(lit(Timestamp.from(f.atStartOfDay(ZoneOffset.UTC).toInstant())))
            .and(col("ordered_at").lt(lit(Timestamp.from(t.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())))))
        .cache();
    long ordersInWindow = inWindow.count();
    Dataset<Row> ord = inWindow
        .groupBy(col("customer_id").cast("string").as("cid"))
        .agg(sum(col("revenue").minus(coalesce(col("returned_amount"), lit(0.0)))).as("net"));
    Dataset<Row> members = RunTables.table(spark, run, s, "opportunity_members")
        .where(col("opportunity_id").equalTo(o.opportunityId()))
        .select(col("customer_id").cast("string").as("customer_id"), col("group"));
    List<Row> joined = members.join(ord, members.col("customer_id").equalTo(ord.col("cid")), "left")
        .select(col("group"), col("cid").isNotNull().as("converted"), coalesce(col("net"), lit(0.0)).as("net"))
        .collectAsList();
    int nt = (int) joined.stream().filter(r -> r.getString(0).equals("treatment")).count();
    int nh = joined.size() - nt;
    if (nt < 2 || nh < 2) {
      throw new UserInputException("--audience " + audience + ": " + nt + " treatment and " + nh
          + " holdout members; at least 2 of each are needed to measure lift");
    }
    boolean[] tc = new boolean[nt];
    double[] tr = new double[nt];
    boolean[] hc = new boolean[nh];
    double[] hr = new double[nh];
    int i = 0;
    int j = 0;
    for (Row r : joined) {
      if (r.getString(0).equals("treatment")) {
        tc[i] = r.getBoolean(1);
        tr[i++] = r.getDouble(2);
      } else {
        hc[j] = r.getBoolean(1);
        hr[j++] = r.getDouble(2);
      }
    }
    LiftStatistics.Lift lift = LiftStatistics.measure(tc, tr, hc, hr, confidence);
    ObjectNode json = RunSummary.json().valueToTree(lift);
    nullNonFinite(json);
    json.put("audience", o.opportunityId());
    json.put("from", f.toString());
    json.put("to", t.toString());
    json.put("currency", s.currency());
    // what the figures rest on: a source whose rows were mostly rejected, or a window without
    // orders, would otherwise read as a confident "no lift"
    ObjectNode counts = json.putObject("orders");
    counts.put("rows_read", read.read());
    counts.put("rows_rejected", read.rejected());
    counts.set("rejected_by_reason", RunSummary.json().valueToTree(read.rejectedByReason()));
    counts.put("orders_in_window", ordersInWindow);
    System.out.println(json.toString());
    List<String> cautions = new java.util.ArrayList<>(lift.cautions());
    if (read.rejected() > 0) {
      cautions.add(read.rejected() + " of " + read.read() + " order rows were rejected and not counted ("
          + reasons(read.rejectedByReason()) + ")");
    }
    if (ordersInWindow == 0) {
      cautions.add("no valid order falls between " + f + " and " + t + ": both groups read as not converting");
    }
    for (String caution : cautions) {
      System.err.println("undercurrent: caution: " + caution);
    }
    return 0;
  }

  /** The commonest reasons first, at most three: "unparseable revenue: 12, negative revenue: 3". */
  private static String reasons(Map<String, Long> byReason) {
    return byReason.entrySet().stream().limit(3).map(e -> e.getKey() + ": " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * The format of an orders path given without --orders-format: a Delta table's folder, CSV by
   * its extension (any case) or a folder of CSV files, else Parquet.
   */
  static String formatOf(Path p) throws java.io.IOException {
    String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
      return "csv";
    }
    if (Files.isDirectory(p.resolve("_delta_log"))) {
      return "delta";
    }
    if (Files.isDirectory(p)) {
      try (var files = Files.list(p)) {
        List<String> names = files.map(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT))
            .filter(n -> !n.startsWith(".") && !n.startsWith("_")).toList();
        boolean csv = names.stream().anyMatch(n -> n.endsWith(".csv") || n.endsWith(".csv.gz"));
        boolean parquet = names.stream().anyMatch(n -> n.endsWith(".parquet"));
        if (csv && !parquet) {
          return "csv";
        }
      }
      return "parquet";
    }
    if (name.endsWith(".parquet")) {
      return "parquet";
    }
    throw new UserInputException("--orders: cannot tell the format of " + p
        + " from its name; give --orders-format csv, parquet or delta");
  }

  /**
   * JSON has no infinity or NaN (Jackson would write them as strings where a reader expects a
   * number): a value that is not a finite number, such as the degrees of freedom of two groups
   * without revenue variation, is written as null.
   */
  static void nullNonFinite(com.fasterxml.jackson.databind.JsonNode node) {
    if (node instanceof ObjectNode o) {
      var names = new java.util.ArrayList<String>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        var v = o.get(name);
        if ((v.isDouble() && !Double.isFinite(v.doubleValue()))
            || (v.isTextual() && java.util.Set.of("NaN", "Infinity", "-Infinity").contains(v.textValue()))) {
          o.putNull(name);
        } else {
          nullNonFinite(v);
        }
      }
    }
  }
}
