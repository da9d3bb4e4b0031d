package dev.undercurrent.app.cli;

import dev.undercurrent.core.generate.GenerationSummary;
import dev.undercurrent.core.generate.GeneratorOptions;
import dev.undercurrent.core.generate.LakeGenerator;
import dev.undercurrent.spark.session.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: a synthetic retailer lake with planted, known structure. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Writes a synthetic lake (five sources) with its planted truth in DIR/_truth/.")
public final class GenerateCommand implements Callable<Integer> {
  static final List<String> SOURCES = List.of("orders", "customers", "order_items", "events", "marketing");

  @Option(names = "--customers", required = true, description = "How many customers.")
  long customers;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "The folder to write.")
  Path out;

  @Option(names = "--format", defaultValue = "csv", description = "csv, parquet or delta (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--as-of", description = "The cut-off date: the lake holds what happened before it, the truth"
      + " the horizon after it (default: 2025-12-29). Another season tests what does not depend on the holidays.")
  LocalDate asOf;

  @Option(names = "--horizon-days", defaultValue = "90", description = "The withheld horizon, 1..366 days"
      + " (default: ${DEFAULT-VALUE}).")
  int horizonDays;

  @Option(names = "--kind-mix", description = "Another mix of the planted kinds, e.g. one_time=0.3,loyal=0.04: the"
      + " kinds named get these weights, the rest keep theirs, then all are scaled to sum to 1 (the kinds and their"
      + " shares are written to _truth/meta.json). Tests that discovery does not depend on one business's mix.")
  String kindMix;

  @Override
  public Integer call() throws Exception {
    if (customers < 1) {
      throw new UserInputException("--customers: " + customers + " (expected at least 1)");
    }
    if (horizonDays < 1 || horizonDays > 366) {
      throw new UserInputException("--horizon-days: " + horizonDays + " (expected 1..366)");
    }
    GeneratorOptions options = GeneratorOptions.of(customers, seed).withHorizonDays(horizonDays);
    if (asOf != null) {
      options = options.withAsOf(asOf);
    }
    if (kindMix != null) {
      try {
        options = options.withKindMix(kindMix);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--kind-mix: " + e.getMessage());
      }
    }
    GenerationSummary s = generate(options, out, format);
    System.out.printf(Locale.ROOT, "%s: %,d customers, %,d rows in %.1f s (%s); config %s%n", s.dir(), s.customers(),
        s.lakeRows(), s.seconds(), format, s.dir().resolve("undercurrent.yaml"));
    return 0;
  }

  static GenerationSummary generate(long customers, long seed, Path out, String format) throws IOException {
    if (customers < 1) {
      throw new UserInputException("--customers: " + customers + " (expected at least 1)");
    }
    return generate(GeneratorOptions.of(customers, seed), out, format);
  }

  static GenerationSummary generate(GeneratorOptions options, Path out, String format) throws IOException {
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!List.of("csv", "parquet", "delta").contains(fmt)) {
      throw new UserInputException("--format: '" + format + "' (expected csv, parquet or delta)");
    }
    GenerationSummary s = new LakeGenerator(options).generate(out);
    if (!fmt.equals("csv")) {
      var spark = Sessions.getOrCreate(null);
      for (String src : SOURCES) {
        Path csv = out.resolve(src + ".csv");
        var d = spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
        d.write().mode("overwrite").format(fmt).save(out.resolve(src).toString());
        Files.delete(csv);
      }
      Path cfg = out.resolve("undercurrent.yaml");
      String text = Files.readString(cfg);
      for (String src : SOURCES) {
        text = text.replace(src + ".csv, format: csv", src + ", format: " + fmt)
            .replace("path: " + src + ".csv", "path: " + src);
      }
      text = text.replace("format: csv", "format: " + fmt);
      Files.writeString(cfg, text);
    }
    return s;
  }
}
