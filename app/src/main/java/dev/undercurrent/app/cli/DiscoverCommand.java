package dev.undercurrent.app.cli;

import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.ConfigException;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.spark.pipeline.DiscoveryPipeline;
import dev.undercurrent.spark.pipeline.Progress;
import dev.undercurrent.spark.session.Sessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code discover}: the whole pipeline for one config. */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    description = "Reads, validates, learns, discovers segments and opportunities, writes tables and the report.")
public final class DiscoverCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The YAML config mapping your tables.")
  Path config;

  @Option(names = "--as-of", description = "The cut-off date (YYYY-MM-DD); overrides the config.")
  String asOf;

  @Option(names = "--out", description = "Output folder; overrides output.path.")
  String out;

  @Option(names = "--output-format", description = "delta, parquet or csv; overrides output.format.")
  String outputFormat;

  @Option(names = "--master", description = "Spark master URL (default: embedded local mode).")
  String master;

  @Option(names = "--model", description = "Score with a saved model (a run's model.bin) instead of training.")
  Path model;

  @Override
  public Integer call() throws Exception {
    if (model != null && java.nio.file.Files.isDirectory(model)) {
      throw new UserInputException("--model: " + model + " is a folder; give the model file a run wrote"
          + " (model.bin in its output folder)");
    }
    if (model != null && !java.nio.file.Files.isRegularFile(model)) {
      throw new UserInputException("--model: file not found: " + model);
    }
    var cfg = loadConfig(config, asOf, out, outputFormat);
    var spark = Sessions.getOrCreate(master);
    RunSummary s = new DiscoveryPipeline(spark, Progress.stderr()).withSavedModel(model).run(cfg);
    printSummary(s, System.out);
    return 0;
  }

  static RunConfig loadConfig(Path config, String asOf, String out, String outputFormat) throws ConfigException {
    LocalDate d = asOf == null ? null : RunConfig.parseDate(asOf, "--as-of");
    return RunConfig.load(config).withOverrides(d, out, outputFormat);
  }

  static RunSummary discover(RunConfig cfg, String master, Progress progress) throws Exception {
    var spark = Sessions.getOrCreate(master);
    return new DiscoveryPipeline(spark, progress).run(cfg);
  }

  static void printSummary(RunSummary s, PrintStream out) {
    out.printf(Locale.ROOT, "run %s as of %s: %s, %s, %s%n", s.runId(), s.asOf(),
        counted(s.customers(), "customers"), counted(s.segments().size(), "segments"),
        counted(s.opportunities().size(), "opportunities"));
    int shown = 0;
    for (OpportunitySummary o : s.opportunities()) {
      if (shown++ == 10) {
        break;
      }
      out.println(opportunityLine(o.rank(), o.type(), o.expectedValue(), s.currency(), o.customers(), o.title()));
    }
    // said again under the table: the progress lines that first said them scroll away in a long run
    for (var source : s.sources()) {
      for (String caution : source.cautions()) {
        out.println("caution: " + caution);
      }
    }
    for (String stage : List.of("as_of", "segments")) {
      dev.undercurrent.core.report.RunFigures.at(s.metrics(), stage, "caution")
          .ifPresent(c -> out.println("caution: " + c));
    }
  }

  /** One row of the summary's table. */
  static String opportunityLine(int rank, String type, double expectedValue, String currency, long customers,
      String title) {
    // a value that rounds to zero prints as 0, not "-0"
    double value = Math.abs(expectedValue) < 0.5 ? 0 : expectedValue;
    return String.format(Locale.ROOT, "%3d. %-17s %,14.0f %s  %,8d %-9s  %s", rank, type, value, currency,
        customers, customers == 1 ? "customer" : "customers", title);
  }

  /** "1 segment", "3 segments", "20,000 customers". */
  static String counted(long n, String plural) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? plural.substring(0, plural.length() - 1)
        .replaceFirst("ie$", "y") : plural);
  }
}
