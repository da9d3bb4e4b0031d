package dev.undercurrent.app.cli;

import dev.undercurrent.app.mcp.McpStdioServer;
import dev.undercurrent.app.service.RunService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcp}: an MCP server on stdio over a finished run, for AI agents. */
@Command(name = "mcp", mixinStandardHelpOptions = true, description = "Serves a finished run to AI agents over MCP on stdio.")
public final class McpCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "The run's output folder.")
  Path run;

  @Override
  public Integer call() throws Exception {
    Runs.open(run);
    McpStdioServer.runOnStdio(RunService.open(run));
    return 0;
  }
}
