package dev.undercurrent.app.cli;

import dev.undercurrent.core.generate.GenerationSummary;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.spark.pipeline.Progress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: a synthetic lake, a full discovery on it, and where to look. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generates a synthetic lake, runs discovery on the embedded engine and prints the top opportunities.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--customers", defaultValue = "20000", description = "Customers in the lake (default: ${DEFAULT-VALUE}).")
  long customers;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dir", defaultValue = "demo", description = "Where the lake and results go (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Progress progress = Progress.stderr();
    Path lake = dir.resolve("lake").toAbsolutePath().normalize();
    progress.stage("demo", "generating a lake of " + String.format(Locale.ROOT, "%,d", customers) + " customers in " + lake);
    GenerationSummary g = GenerateCommand.generate(customers, seed, lake, "csv");
    progress.stage("demo", String.format(Locale.ROOT, "%,d rows written in %.1f s", g.lakeRows(), g.seconds()));
    RunConfig cfg = RunConfig.load(lake.resolve("undercurrent.yaml"))
        .withOverrides(null, dir.resolve("out").toAbsolutePath().normalize().toString(), null);
    RunSummary s = DiscoverCommand.discover(cfg, null, progress);
    System.out.println();
    DiscoverCommand.printSummary(s, System.out);
    System.out.println();
    System.out.println("tables: " + cfg.outputPath() + " (" + cfg.outputFormat() + ")");
    System.out.println("report: " + Path.of(cfg.outputPath()).resolve("report.html"));
    System.out.println("next:   bin/undercurrent serve --run " + cfg.outputPath());
    return 0;
  }
}
