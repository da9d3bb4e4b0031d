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
      String fmt = ordersFormat != null ? ordersFormat
          : p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz") ? "csv"
          : Files.isDirectory(p.resolve("_delta_log")) ? "delta" : "parquet";
      sc = new SourceConfig(Source.ORDERS, p.toString(), null, fmt,
          runOrders == null ? Map.of() : runOrders.columns(), runOrders == null ? Map.of() : runOrders.options());
    }
    var spark = Sessions.getOrCreate(null);
    Dataset<Row> ord = new LakeReader(spark, Instant.now()).allowMissingOrderId().readOne(sc)
        .where(col("ordered_at").geq(lit(Timestamp.from(f.atStartOfDay(ZoneOffset.UTC).toInstant())))
            .and(col("ordered_at").lt(lit(Timestamp.from(t.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())))))
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
    System.out.println(json.toString());
    for (String caution : lift.cautions()) {
      System.err.println("undercurrent: caution: " + caution);
    }
    return 0;
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
