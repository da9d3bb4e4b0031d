package dev.undercurrent.app.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.undercurrent.app.service.NotFoundException;
import dev.undercurrent.app.service.RunService;
import dev.undercurrent.core.model.OpportunityType;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * An MCP server over stdio that answers an agent's questions about one finished run.
 *
 * <p>Tools, each returning one JSON text content (field names as in {@code run.json}):
 * {@code run_summary}, {@code list_segments}, {@code get_segment} (id), {@code
 * list_opportunities} (optional type), {@code get_opportunity} (id), {@code data_quality} and
 * {@code model_quality}. An unknown id or type is answered with {@code isError: true} and a
 * message naming the value and what exists, not with a protocol error, so the agent can correct
 * itself.
 *
 * <p>{@link #run} serves until the input reaches end of stream (the client closed it), then shuts
 * the server down and returns; it does not park the calling thread forever. Stdout belongs to the
 * protocol, so log output must go to stderr (see {@link #runOnStdio}).
 *
 * <p>Each line is checked before the SDK's stdio transport sees it ({@link LineGuard}): the
 * transport stops reading at the first line it cannot parse, after which the server answered
 * nothing and never exited. Blank lines are skipped; a line that is not JSON is answered with
 * JSON-RPC's parse error (-32700), one that is not a single JSON-RPC 2.0 message (a batch, no
 * method) with invalid request (-32600), and the server goes on. When the input ends, the guard
 * waits (at most {@value #DRAIN_MILLIS} ms) until every request it passed on has been answered
 * before the transport sees the end, so an agent that writes its last request and closes its end
 * still gets the answer.
 */
public final class McpStdioServer {

  /** The server name agents see. */
  public static final String NAME = "undercurrent";

  /** The version `undercurrent -V` prints: the jar's, or "dev" for classes not run from one. */
  private static final String VERSION = java.util.Objects.requireNonNullElse(
      McpStdioServer.class.getPackage().getImplementationVersion(), "dev");

  private McpStdioServer() {}

  /**
   * Serves MCP on the process's stdin and stdout until stdin closes. Before serving it points
   * {@code System.out} at stderr, so a stray print cannot corrupt the protocol stream.
   */
  public static void runOnStdio(RunService service) throws InterruptedException {
    PrintStream protocolOut = System.out;
    System.setOut(System.err);
    try {
      run(service, System.in, protocolOut);
    } finally {
      protocolOut.flush();
    }
  }

  /**
   * Serves MCP over the given streams (newline-delimited JSON-RPC) until {@code in} reaches end of
   * stream, then closes the server and returns.
   *
   * @throws InterruptedException if the calling thread is interrupted while serving
   */
  public static void run(RunService service, InputStream in, OutputStream out)
      throws InterruptedException {
    if (service == null || in == null || out == null) {
      throw new IllegalArgumentException("service, in and out: expected non-null, found service="
          + service + ", in=" + in + ", out=" + out);
    }
    CountDownLatch inputClosed = new CountDownLatch(1);
    LineGuard guard;
    try {
      guard = new LineGuard(in, out);
    } catch (IOException e) {
      throw new IllegalStateException("mcp: could not set up the input pipe: " + e.getMessage(), e);
    }
    InputStream watched = new EndSignallingInputStream(guard.toTransport(), inputClosed);
    ObjectMapper transportJson = new ObjectMapper()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    StdioServerTransportProvider transport =
        new StdioServerTransportProvider(new JacksonMcpJsonMapper(transportJson), watched, guard.fromTransport());
    guard.start();
    McpSyncServer server = McpServer.sync(transport)
        .serverInfo(NAME, VERSION)
        .instructions("Read-only access to one finished Undercurrent run: discovered customer"
            + " segments, ranked marketing opportunities with expected value, and data and model"
            + " quality, and any one customer (get_customer: scores, what sets them apart, their"
            + " opportunities and group, the customers like them). Start with run_summary, then"
            + " list_opportunities.")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(tools(service))
        .build();
    try {
      inputClosed.await();
    } finally {
      server.closeGracefully();
    }
  }

  /** The tool specifications, one per question the service answers. */
  static List<SyncToolSpecification> tools(RunService service) {
    ObjectWriter json = dev.undercurrent.app.http.ApiServer.finiteOrNull().writer().without(SerializationFeature.INDENT_OUTPUT);
    String types = Arrays.stream(OpportunityType.values()).map(OpportunityType::key)
        .reduce((a, b) -> a + ", " + b).orElse("");
    // The run is fixed for the server's life: say its units where the numbers are, so an agent
    // that skips run_summary does not read pounds as dollars or a quarter as a year.
    String units = " Money is in " + service.run().currency() + " and predictions cover the next "
        + service.run().horizonDays() + " days after " + service.run().asOf() + ".";
    String confidence = " confidence (0 to 1) = n/(n+50) × s/(1+s), n the audience size and s how far"
        + " apart its evidence signals set it from everyone (mean absolute standardized difference):"
        + " a rating of the evidence, not a probability.";
    return List.of(
        tool(json, "run_summary",
            "The run's overview: run id, as-of date, horizon in days, customers, currency, revenue,"
                + " number of segments and opportunities, the number and summed expected value of the"
                + " opportunities worth acting on (expected value above zero: the headline), and the"
                + " total expected value of all of them (an upper bound: audiences overlap).",
            noArguments(), args -> service.summary()),
        tool(json, "list_segments",
            "All discovered customer segments with name, description, size, share of customers and"
                + " revenue, average predicted value and churn probability, distinguishing signals"
                + " and contrasts with neighbouring segments. x and y place segments on a map where"
                + " near means alike." + units,
            noArguments(), args -> service.segments()),
        tool(json, "get_segment", "One segment by its numeric id (see list_segments), with where its customers"
                + " came from and went to since one horizon ago (movement: customers then, stayed, came in from"
                + " each other segment or new, left for each other segment).",
            schema(Map.of("id", Map.of("type", "integer", "minimum", 0, "description", "the segment id")),
                List.of("id")),
            args -> service.segmentView(segmentId(args))),
        tool(json, "list_opportunities",
            "The ranked marketing opportunities: type, title, audience size with treatment and"
                + " holdout, expected value in currency over the horizon, confidence, evidence,"
                + " recommended action and KPI. Optionally filtered by type (" + types + ")." + units
                + confidence,
            schema(Map.of("type", Map.of("type", "string", "description",
                "an opportunity type to keep, one of: " + types)), List.of()),
            args -> service.opportunities(stringArg(args, "type"))),
        tool(json, "get_opportunity",
            "One opportunity by its id (see list_opportunities), with how its value was computed."
                + units + confidence,
            schema(Map.of("id", Map.of("type", "string", "description", "the opportunity id")),
                List.of("id")),
            args -> service.opportunity(requiredString(args, "id", "an opportunity id (see list_opportunities)"))),
        tool(json, "get_customer",
            "One customer: segment (and, as movement, the segment they were in one horizon earlier:"
                + " stayed, moved or new), predicted value and churn probability, value percentile, the"
                + " signals on which the customer stands out most from the run's customers (value beside"
                + " the median customer's, and percentile), every"
                + " opportunity they are in with their group (a holdout member must be left out of that"
                + " opportunity's action, or its lift cannot be measured), and the nearest customers in"
                + " the learned space (alike in behaviour and outlook). The id is as in the run's"
                + " customer_scores; a customer keyed by an email address or phone number is found by"
                + " either." + units,
            schema(Map.of("id", Map.of("type", "string", "description", "the customer id, email address or phone number"),
                "neighbours", Map.of("type", "integer", "minimum", 0, "maximum", RunService.MAX_NEIGHBOURS,
                    "description", "how many nearest customers to give (default " + RunService.DEFAULT_NEIGHBOURS + ")")),
                List.of("id")),
            args -> service.customer(requiredString(args, "id", "a customer id, email address or phone number"),
                neighbours(args))),
        tool(json, "data_quality",
            "How the input rows were accounted for per source: rows read, used, after the as-of"
                + " date and quarantined, with quarantined rows by reason.",
            noArguments(), args -> service.dataQuality()),
        tool(json, "model_quality",
            "The run's quality metrics: predicted-value accuracy beside baselines, churn AUC and"
                + " calibration, segmentation method and, on synthetic data, agreement with truth.",
            noArguments(), args -> service.modelQuality()));
  }

  private static SyncToolSpecification tool(ObjectWriter json, String name, String description,
      Map<String, Object> inputSchema, Function<Map<String, Object>, Object> answer) {
    McpSchema.Tool tool = McpSchema.Tool.builder(name, inputSchema)
        .description(description)
        .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> {
          Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
          try {
            return CallToolResult.builder()
                .addTextContent(json.writeValueAsString(answer.apply(args)))
                .isError(false)
                .build();
          } catch (NotFoundException | IllegalArgumentException | java.io.UncheckedIOException e) {
            return CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
          } catch (JsonProcessingException e) {
            return CallToolResult.builder()
                .addTextContent(name + ": could not write the answer as JSON: " + e.getOriginalMessage())
                .isError(true)
                .build();
          }
        })
        .build();
  }

  private static Map<String, Object> noArguments() {
    return schema(Map.of(), List.of());
  }

  private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "object");
    s.put("properties", properties);
    // an argument the tool does not take is refused, as the HTTP API refuses an unknown query
    // parameter: {"limit": 3} would otherwise be ignored and the whole list answered
    s.put("additionalProperties", false);
    if (!required.isEmpty()) {
      s.put("required", required);
    }
    return s;
  }

  private static long segmentId(Map<String, Object> args) {
    Object v = args.get("id");
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= Long.MIN_VALUE && n.doubleValue() <= Long.MAX_VALUE) {
      // (in range first: intValue() of 4294967296 is 0, which would answer with segment 0; a
      // whole number beyond any segment's id is answered as not found, naming the ids)
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("id: " + (v == null ? "missing" : "'" + v + "'")
        + "; expected a whole-number segment id (see list_segments)");
  }

  private static String stringArg(Map<String, Object> args, String key) {
    Object v = args.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static String requiredString(Map<String, Object> args, String key, String expected) {
    String v = stringArg(args, key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(key + ": missing; expected " + expected);
    }
    return v;
  }

  private static int neighbours(Map<String, Object> args) {
    Object v = args.get("neighbours");
    if (v == null) {
      return RunService.DEFAULT_NEIGHBOURS;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
      return n.intValue();
    }
    throw new IllegalArgumentException("neighbours: '" + v + "'; expected a whole number from 0 to "
        + RunService.MAX_NEIGHBOURS);
  }

  /** How long, at most, answers to requests already read are awaited once the input has ended. */
  static final long DRAIN_MILLIS = 10_000;

  /**
   * Reads the client's lines on a thread of its own, answers the ones the SDK's transport would
   * choke on, and passes the rest to the transport through a pipe. Counts the requests passed on
   * and the lines the transport writes, to hold the end of input back until the answers are out.
   * Written here because the SDK offers no hook for a line it cannot parse.
   */
  static final class LineGuard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InputStream client;
    private final OutputStream out;
    private final java.io.PipedOutputStream toSdk;
    private final java.io.PipedInputStream sdkIn;
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private final OutputStream counting;

    LineGuard(InputStream client, OutputStream out) throws IOException {
      this.client = client;
      this.out = out;
      this.sdkIn = new java.io.PipedInputStream(1 << 20);
      this.toSdk = new java.io.PipedOutputStream(sdkIn);
      this.counting = new java.io.FilterOutputStream(out) {
        @Override
        public void write(int b) throws IOException {
          synchronized (LineGuard.this.out) {
            out.write(b);
          }
          if (b == '\n') {
            written.incrementAndGet();
          }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (LineGuard.this.out) {
            out.write(b, off, len);
          }
          for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
              written.incrementAndGet();
            }
          }
        }
      };
    }

    InputStream toTransport() {
      return sdkIn;
    }

    OutputStream fromTransport() {
      return counting;
    }

    void start() {
      Thread t = new Thread(this::pump, "mcp-line-guard");
      t.setDaemon(true);
      t.start();
    }

    private void pump() {
      try (var reader = new java.io.BufferedReader(
          new java.io.InputStreamReader(client, java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          String problem = check(line);
          if (problem == null) {
            toSdk.write((line.strip() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            toSdk.flush();
          } else if (!problem.isEmpty()) {
            synchronized (out) {
              out.write(problem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              out.flush();
            }
          }
        }
      } catch (IOException e) {
        // the client's end failed: treated as its end of input below
      }
      long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
      while (written.get() < requests.get() && System.currentTimeMillis() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try {
        toSdk.close();
      } catch (IOException e) {
        // nothing more to pass on either way
      }
    }

    /**
     * Null to pass the line on; "" to drop it silently (blank); else the error answer to write,
     * with its newline.
     */
    String check(String line) {
      if (line.isBlank()) {
        return "";
      }
      com.fasterxml.jackson.databind.JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        return error(null, -32700, "Parse error: the line is not JSON (" + e.getOriginalMessage() + ")");
      }
      if (n == null || !n.isObject()) {
        return error(null, -32600, "Invalid request: expected one JSON-RPC 2.0 object per line"
            + (n != null && n.isArray() ? " (batches are not supported; send each message on its own line)" : ""));
      }
      com.fasterxml.jackson.databind.JsonNode id = n.get("id");
      boolean validId = id == null || id.isTextual() || id.isIntegralNumber() || id.isNull();
      boolean isRequestOrNote = n.hasNonNull("method") && n.get("method").isTextual();
      boolean isAnswer = n.has("result") || n.has("error");
      if (!"2.0".equals(n.path("jsonrpc").asText()) || !validId || !(isRequestOrNote || isAnswer)) {
        return error(validId ? id : null, -32600, "Invalid request: expected \"jsonrpc\": \"2.0\" and a \"method\""
            + " (or a \"result\" or \"error\" answering the server)");
      }
      if (isRequestOrNote && id != null && !id.isNull() && "tools/call".equals(n.get("method").asText())) {
        // (a notification gets no answer, even a malformed one: JSON-RPC 2.0)
        // the SDK answers these with an internal error carrying Java's exception text
        com.fasterxml.jackson.databind.JsonNode params = n.get("params");
        com.fasterxml.jackson.databind.JsonNode arguments = params == null ? null : params.get("arguments");
        if (params == null || !params.isObject() || !params.path("name").isTextual()) {
          return error(validId ? id : null, -32602, "Invalid params: tools/call takes {\"name\": <tool>,"
              + " \"arguments\": {…}} (see tools/list)");
        }
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
          return error(validId ? id : null, -32602, "Invalid params: \"arguments\" of tools/call must be an"
              + " object of the tool's named arguments, not " + arguments.getNodeType().toString().toLowerCase(
                  java.util.Locale.ROOT));
        }
      }
      if (isRequestOrNote && id != null && !id.isNull()) {
        requests.incrementAndGet();
      }
      return null;
    }

    private static String error(com.fasterxml.jackson.databind.JsonNode id, int code, String message) {
      var e = JSON.createObjectNode().put("jsonrpc", "2.0");
      if (id == null) {
        e.putNull("id");
      } else {
        e.set("id", id);
      }
      e.putObject("error").put("code", code).put("message", message);
      return e.toString() + "\n";
    }
  }

  /** Counts the latch down when the wrapped stream ends or fails, so {@link #run} can return. */
  private static final class EndSignallingInputStream extends FilterInputStream {
    private final CountDownLatch ended;

    EndSignallingInputStream(InputStream in, CountDownLatch ended) {
      super(in);
      this.ended = ended;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = super.read();
        if (b < 0) {
          ended.countDown();
        }
        return b;
      } catch (IOException e) {
        ended.countDown();
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n < 0) {
          ended.countDown();
        }
        return n;
      } catch (IOException e) {
        ended.countDown();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      ended.countDown();
      super.close();
    }
  }
}
