package dev.undercurrent.app.mcp;

import dev.undercurrent.app.service.RunService;
import java.nio.file.Path;

/** What {@code undercurrent mcp --run DIR} does, minus picocli: used to test real stdio. */
final class StdioMain {

  private StdioMain() {}

  public static void main(String[] args) throws Exception {
    McpStdioServer.runOnStdio(RunService.open(Path.of(args[0])));
  }
}
