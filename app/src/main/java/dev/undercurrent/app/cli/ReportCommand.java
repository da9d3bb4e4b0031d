package dev.undercurrent.app.cli;

import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.report.HtmlReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code report}: (re)writes a finished run's {@code report.html}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "(Re)writes DIR/report.html from a finished run.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "The run's output folder.")
  Path run;

  @Override
  public Integer call() throws Exception {
    RunSummary s = Runs.open(run);
    Path file = run.resolve(HtmlReport.FILE_NAME);
    HtmlReport.write(s, file);
    System.out.println(file.toAbsolutePath());
    return 0;
  }
}
