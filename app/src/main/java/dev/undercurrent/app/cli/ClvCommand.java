package dev.undercurrent.app.cli;

import dev.undercurrent.core.clv.ClvPeriod;
import dev.undercurrent.core.clv.ClvSummary;
import dev.undercurrent.core.clv.ClvTimeUnit;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.spark.clv.ClvJob;
import dev.undercurrent.spark.session.Sessions;
import dev.undercurrent.spark.sources.LakeReader;
import dev.undercurrent.spark.sources.ValidatedLake;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clv}: the probabilistic lifetime-value models on the orders source, as one JSON object. */
@Command(
    name = "clv",
    mixinStandardHelpOptions = true,
    description = "Fits BG/NBD, Pareto/NBD and Gamma-Gamma on the orders source and prints one JSON object.")
public final class ClvCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The YAML config (only its orders source is read).")
  Path config;

  @Option(names = "--calibration-end", required = true, description = "Last day of the calibration period (YYYY-MM-DD).")
  String calibrationEnd;

  @Option(names = "--holdout-end", description = "Last day of the holdout period (YYYY-MM-DD).")
  String holdoutEnd;

  @Option(names = "--time-unit", defaultValue = "week", description = "day or week (default: ${DEFAULT-VALUE}).")
  String timeUnit;

  @Option(names = "--master", description = "Spark master URL (default: embedded local mode).")
  String master;

  @Override
  public Integer call() throws Exception {
    LocalDate cal = RunConfig.parseDate(calibrationEnd, "--calibration-end");
    LocalDate hold = holdoutEnd == null ? null : RunConfig.parseDate(holdoutEnd, "--holdout-end");
    ClvTimeUnit unit;
    try {
      unit = ClvTimeUnit.parse(timeUnit);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--time-unit: '" + timeUnit + "' (expected day or week)");
    }
    if (hold != null && !hold.isAfter(cal)) {
      throw new UserInputException("--holdout-end: " + hold + " must be after --calibration-end " + cal);
    }
    RunConfig cfg = RunConfig.load(config);
    var spark = Sessions.getOrCreate(master);
    ValidatedLake lake = new LakeReader(spark, Instant.now()).allowMissingOrderId().read(cfg);
    // A calibration period that ends before the first order leaves no customer to fit: said in the
    // option's terms here rather than by the fit's internal check.
    var first = lake.get(Source.ORDERS).agg(org.apache.spark.sql.functions.min("ordered_at")).first();
    if (first.isNullAt(0)) {
      throw new UserInputException("orders: no valid order to fit the models to");
    }
    LocalDate firstDay = first.getTimestamp(0).toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
    if (firstDay.isAfter(cal)) {
      throw new UserInputException("--calibration-end: " + cal + " is before the first valid order (" + firstDay
          + "); the calibration period must hold orders");
    }
    ClvSummary s = ClvJob.fit(lake.get(Source.ORDERS), new ClvPeriod(cal, hold, unit));
    System.out.println(s.toJson().toString());
    return 0;
  }
}
