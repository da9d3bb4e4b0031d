package dev.undercurrent.app.cli;

import dev.undercurrent.core.record.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code bin/undercurrent}. */
@Command(
    name = "undercurrent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Discovers segments and sizes opportunities from customer data in the lakehouse.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      DiscoverCommand.class,
      ReportCommand.class,
      ServeCommand.class,
      McpCommand.class,
      AudienceCommand.class,
      MeasureCommand.class,
      ClvCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
  }

  /** Set once the JVM is shutting down (a signal such as Ctrl-C or SIGTERM), so that the failures
   * it causes in Spark's threads are said as a stop, not as an internal failure. */
  private static volatile boolean stopping;

  /** Set once the command has returned: a shutdown after it is the normal exit, not a stop. */
  private static volatile boolean finished;

  /** What a run stopped by a signal says, once, from the shutdown hook. */
  static final String STOPPED = "undercurrent: stopped by a signal before the command finished (a run's output"
      + " is swapped in whole or not at all, so no output folder is left half-written)";

  public static void main(String[] args) {
    // a server (serve, mcp) is meant to end by a signal: nothing to say then
    boolean server = args.length > 0 && (args[0].equals("serve") || args[0].equals("mcp"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (finished) {
        return;
      }
      stopping = true;
      // Spark's threads, cut off by the shutdown, log their rejected tasks with traces around the
      // command's one line; after a signal nothing they say is news
      org.apache.logging.log4j.core.config.Configurator.setAllLevels(
          org.apache.logging.log4j.LogManager.ROOT_LOGGER_NAME, org.apache.logging.log4j.Level.OFF);
      if (!server) {
        System.err.println(STOPPED);
        System.err.flush();
      }
    }, "undercurrent-stopping"));
    int code = run(args);
    finished = true;
    System.exit(code);
  }

  /** Runs the CLI and returns its exit code, without exiting (for tests). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    return cl.execute(args);
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    Throwable t = e;
    while (t instanceof RuntimeException && t.getCause() != null && !(t instanceof UserInputException)
        && (t.getCause() instanceof ConfigException || t.getCause() instanceof UserInputException)) {
      t = t.getCause();
    }
    if (t instanceof ConfigException || t instanceof UserInputException || t instanceof IllegalArgumentException) {
      err.println("undercurrent: " + t.getMessage());
      if (!(t instanceof ConfigException || t instanceof UserInputException) && debug()) {
        // an argument refused deep in the code may be a bug rather than the user's input: its trace
        t.printStackTrace(err);
      }
      err.flush();
      return 2;
    }
    if (stopping) {
      // the failure is the shutdown's doing, and the hook has said so
      return 143;
    }
    String unreadable = unreadableFile(t);
    if (unreadable != null) {
      err.println("undercurrent: " + unreadable);
      err.flush();
      return 2;
    }
    err.println("undercurrent: internal failure: " + t);
    if (debug()) {
      t.printStackTrace(err);
    } else {
      err.println("(set UNDERCURRENT_DEBUG=1 for the stack trace)");
    }
    err.flush();
    return 1;
  }

  private static boolean debug() {
    return Boolean.getBoolean("undercurrent.debug") || System.getenv("UNDERCURRENT_DEBUG") != null;
  }

  /** The version from the jar's manifest. */
  /**
   * The one-line reason where a file could not be read part way through (Spark's {@code
   * FAILED_READ_FILE}: a table or source file edited, truncated or removed after it was listed),
   * else null. Spark's own message is a wrapped stack of causes; this names the file and the
   * deepest cause.
   */
  static String unreadableFile(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.apache.spark.SparkThrowable st && st.getCondition() != null
          && st.getCondition().startsWith("FAILED_READ_FILE")) {
        String path = st.getMessageParameters().getOrDefault("path", "a file");
        Throwable root = c;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        String why = root == c ? "" : ": " + String.valueOf(root.getMessage()).lines().findFirst().orElse("").trim();
        boolean checksum = root.getClass().getSimpleName().equals("ChecksumException");
        return "cannot read " + path + why + (checksum
            ? " (the file no longer matches the .crc checksum written beside it: was it edited after it was written?)"
            : " (was it changed or removed after it was written?)");
      }
    }
    return null;
  }

  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"undercurrent " + (v == null ? "dev" : v)};
    }
  }
}
