package dev.undercurrent.core.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A plain entry point for benchmarks and scripts that should not start the whole CLI:
 * {@code GenerateMain --customers N --seed S --out DIR [--threads T] [--as-of DATE]
 * [--horizon-days D] [--horizon-seed H]}. Prints one line per file and a total. Exit code 2 on bad arguments.
 */
public final class GenerateMain {
  private GenerateMain() {}

  public static void main(String[] args) throws IOException {
    GeneratorOptions options;
    Path out;
    try {
      long customers = -1;
      long seed = 42;
      String dir = null;
      LocalDate asOf = GeneratorOptions.DEFAULT_AS_OF;
      int horizon = GeneratorOptions.DEFAULT_HORIZON_DAYS;
      int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
      Long horizonSeed = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + ": missing value");
        }
        String v = args[++i];
        switch (a) {
          case "--customers" -> customers = Long.parseLong(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--out" -> dir = v;
          case "--threads" -> threads = Integer.parseInt(v);
          case "--as-of" -> asOf = LocalDate.parse(v);
          case "--horizon-days" -> horizon = Integer.parseInt(v);
          case "--horizon-seed" -> horizonSeed = Long.parseLong(v);
          default -> throw new IllegalArgumentException(a + ": unknown option (expected --customers, --seed, "
              + "--out, --threads, --as-of, --horizon-days, --horizon-seed)");
        }
      }
      if (dir == null || customers < 0) {
        throw new IllegalArgumentException("--customers and --out are required");
      }
      out = Path.of(dir);
      options =
          new GeneratorOptions(
              customers, seed, asOf, horizon, GeneratorOptions.DEFAULT_HISTORY_DAYS, threads, horizonSeed);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      System.err.println("generate: " + e.getMessage());
      System.exit(2);
      return;
    }
    GenerationSummary s = new LakeGenerator(options).generate(out);
    for (Map.Entry<String, Long> e : s.rows().entrySet()) {
      System.out.printf("%-32s %,14d rows%n", e.getKey(), e.getValue());
    }
    System.out.printf(
        "customers %,d  lake rows %,d  (%.1f per customer)  %.1f s  %d threads%n",
        s.customers(),
        s.lakeRows(),
        s.lakeRows() / (double) s.customers(),
        s.seconds(),
        options.threads());
  }
}
