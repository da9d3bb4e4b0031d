package dev.undercurrent.app.cli;

import dev.undercurrent.app.http.ApiServer;
import dev.undercurrent.app.service.RunService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the HTTP API and web page over a finished run, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves the HTTP API and web page over a finished run.")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "The run's output folder.")
  Path run;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws Exception {
    Runs.open(run);
    RunService service = RunService.open(run);
    ApiServer server;
    try {
      server = ApiServer.start(service, host, port);
    } catch (io.javalin.util.JavalinBindException e) {
      throw new UserInputException(bindMessage(host, port, e));
    }
    System.out.println("serving " + run.toAbsolutePath() + " on " + server.uri() + " (Ctrl-C to stop)");
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }

  /**
   * Why the server could not listen, from the operating system's reason: a port in use is the
   * port's fault, an address this machine does not have is the host's.
   */
  static String bindMessage(String host, int port, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("permission denied") || lower.contains("access denied")) {
      return "--port: cannot listen on " + host + ":" + port + " (" + reason
          + "); ports below 1024 need privileges: use a higher --port, or --port 0 for a free one";
    }
    if (lower.contains("in use")) {
      return "--port: cannot listen on " + host + ":" + port + " (" + reason
          + "); is another server using it? --port 0 picks a free one";
    }
    return "--host: cannot listen on " + host + ":" + port + " (" + reason
        + "); is " + host + " an address of this machine? 127.0.0.1 (the default) or 0.0.0.0 (every address)";
  }
}
