package dev.undercurrent.app.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.undercurrent.app.service.RunFixtures;
import dev.undercurrent.app.service.RunService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speaks JSON-RPC to the server over pipes, as an MCP client does over a process's stdio. */
class McpStdioServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path runDir;
  private OutputStream toServer;
  private final BlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
  private Thread server;
  private final AtomicReference<Throwable> serverFailure = new AtomicReference<>();
  private int nextId = 1;

  @BeforeEach
  void start() throws IOException {
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    toServer = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    RunService service = RunService.open(RunFixtures.writeRun(runDir));
    server = new Thread(() -> {
      try {
        McpStdioServer.run(service, serverIn, serverOut);
      } catch (Throwable t) {
        serverFailure.set(t);
      }
    }, "mcp-server-under-test");
    server.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          fromServer.add(line);
        }
      } catch (IOException e) {
        // the pipe breaks when the server's writer thread ends; the test has its answers by then
      }
    }, "mcp-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void stop() throws Exception {
    toServer.close();
    server.join(10_000);
  }

  private void send(ObjectNode message) throws IOException {
    toServer.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  private JsonNode request(String method, ObjectNode params) throws Exception {
    int id = nextId++;
    ObjectNode m = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    if (params != null) {
      m.set("params", params);
    }
    send(m);
    while (true) {
      String line = fromServer.poll(15, TimeUnit.SECONDS);
      assertNotNull(line, "no answer to " + method + " within 15 s");
      JsonNode n = JSON.readTree(line);
      if (n.has("id") && n.get("id").asInt() == id) {
        return n;
      }
    }
  }

  private void initialize() throws Exception {
    ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2024-11-05");
    params.set("capabilities", JSON.createObjectNode());
    params.set("clientInfo", JSON.createObjectNode().put("name", "test-client").put("version", "1"));
    JsonNode init = request("initialize", params);
    assertEquals(McpStdioServer.NAME, init.at("/result/serverInfo/name").asText(), init.toString());
    assertTrue(init.at("/result/capabilities").has("tools"), init.toString());
    send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
  }

  private JsonNode call(String tool, ObjectNode arguments) throws Exception {
    ObjectNode params = JSON.createObjectNode().put("name", tool);
    params.set("arguments", arguments == null ? JSON.createObjectNode() : arguments);
    JsonNode r = request("tools/call", params);
    assertFalse(r.has("error"), r.toString());
    return r.get("result");
  }

  private static JsonNode text(JsonNode result) throws IOException {
    assertEquals("text", result.at("/content/0/type").asText(), result.toString());
    return JSON.readTree(result.at("/content/0/text").asText());
  }

  @Test
  void getCustomerTellsAnAgentWhomNotToContact() throws Exception {
    initialize();
    JsonNode c011 = text(call("get_customer", JSON.createObjectNode().put("id", "c011").put("neighbours", 1)));
    assertEquals("holdout", c011.at("/opportunities/0/group").asText(), c011.toString());
    assertTrue(c011.at("/opportunities/0/contact").asText().startsWith("held out"), c011.toString());
    assertEquals(1, c011.get("neighbours").size());
    JsonNode ann = text(call("get_customer", JSON.createObjectNode().put("id", RunFixtures.ANN_EMAIL)));
    assertEquals(RunFixtures.ANN_ID, ann.get("customerId").asText());
    assertEquals(4, ann.get("neighbours").size());
    JsonNode missing = call("get_customer", JSON.createObjectNode().put("id", "c999"));
    assertTrue(missing.get("isError").asBoolean(), missing.toString());
    assertTrue(missing.at("/content/0/text").asText().contains("customer c999 not found"), missing.toString());
    JsonNode bad = call("get_customer", JSON.createObjectNode().put("id", "c011").put("neighbours", 1.5));
    assertTrue(bad.get("isError").asBoolean(), bad.toString());
  }

  @Test
  void listsTheTools() throws Exception {
    initialize();
    JsonNode list = request("tools/list", JSON.createObjectNode());
    Set<String> names = new HashSet<>();
    for (JsonNode t : list.at("/result/tools")) {
      names.add(t.get("name").asText());
      assertTrue(t.get("description").asText().length() > 20, t.toString());
      assertEquals("object", t.at("/inputSchema/type").asText(), t.toString());
    }
    assertTrue(names.containsAll(List.of("run_summary", "list_segments", "get_segment",
        "list_opportunities", "get_opportunity", "get_customer", "data_quality")), names.toString());
    for (JsonNode t : list.at("/result/tools")) {
      if (t.get("name").asText().contains("opportunit")) {
        String d = t.get("description").asText();
        assertTrue(d.contains("Money is in " + RunFixtures.run().currency()) && d.contains("not a probability"), d);
      }
    }
  }

  @Test
  void answersWithJsonText() throws Exception {
    initialize();
    assertEquals(RunFixtures.RUN_ID, text(call("run_summary", null)).get("runId").asText());
    assertEquals(5, text(call("list_segments", null)).size());

    JsonNode segment = text(call("get_segment", JSON.createObjectNode().put("id", 2)));
    assertEquals("Rising app shoppers", segment.get("name").asText());
    assertEquals(870, segment.at("/movement/customersThen").asLong(), segment.toString());
    assertEquals(120, segment.at("/movement/cameIn/0/customers").asLong(), segment.toString());
    assertEquals(70, segment.at("/movement/left/0/customers").asLong(), segment.toString());

    assertEquals(9, text(call("list_opportunities", null)).size());
    JsonNode winBack = text(call("list_opportunities", JSON.createObjectNode().put("type", "win_back")));
    assertEquals(1, winBack.size());
    assertEquals("opp-win_back", winBack.get(0).get("opportunityId").asText());

    JsonNode opp = text(call("get_opportunity", JSON.createObjectNode().put("id", "opp-retain")));
    assertEquals("retain", opp.get("type").asText());
    assertTrue(opp.get("valueFormula").asText().contains("uplift"));

    JsonNode quality = text(call("data_quality", null));
    assertTrue(quality.get("reconciles").asBoolean());
    assertEquals(120, quality.at("/sources/0/quarantined").asLong());
  }

  @Test
  void unknownIdsAreToolErrorsNamingTheId() throws Exception {
    initialize();
    JsonNode missing = call("get_segment", JSON.createObjectNode().put("id", 99));
    assertTrue(missing.get("isError").asBoolean(), missing.toString());
    assertTrue(missing.at("/content/0/text").asText().contains("99"), missing.toString());

    JsonNode badType = call("list_opportunities", JSON.createObjectNode().put("type", "upsell"));
    assertTrue(badType.get("isError").asBoolean(), badType.toString());
    assertTrue(badType.at("/content/0/text").asText().contains("upsell"), badType.toString());
  }

  @Test
  void aLineThatIsNoMessageIsAnsweredAndTheServerGoesOn() throws Exception {
    initialize();
    toServer.write("\n{bad\n[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}]\n{\"id\":80,\"method\":\"ping\"}\n"
        .getBytes(StandardCharsets.UTF_8));
    toServer.flush();
    JsonNode parse = JSON.readTree(fromServer.poll(15, TimeUnit.SECONDS));
    assertEquals(-32700, parse.at("/error/code").asInt(), parse.toString());
    assertTrue(parse.get("id").isNull(), parse.toString());
    JsonNode batch = JSON.readTree(fromServer.poll(15, TimeUnit.SECONDS));
    assertEquals(-32600, batch.at("/error/code").asInt(), batch.toString());
    JsonNode noVersion = JSON.readTree(fromServer.poll(15, TimeUnit.SECONDS));
    assertEquals(-32600, noVersion.at("/error/code").asInt(), noVersion.toString());
    assertEquals(80, noVersion.get("id").asInt(), noVersion.toString());
    // still listening
    assertTrue(request("ping", null).has("result"));
    assertEquals(RunFixtures.RUN_ID, text(call("run_summary", null)).get("runId").asText());
    toServer.close();
    server.join(10_000);
    assertFalse(server.isAlive(), "run() returns once the input closes, after a bad line too");
  }

  @Test
  void requestsWrittenJustBeforeTheInputClosesAreAnswered() throws Exception {
    initialize();
    for (int i = 0; i < 3; i++) {
      ObjectNode params = JSON.createObjectNode().put("name", "run_summary");
      params.set("arguments", JSON.createObjectNode());
      send(JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 100 + i).put("method", "tools/call")
          .set("params", params));
    }
    toServer.close();
    Set<Integer> answered = new HashSet<>();
    for (String line; answered.size() < 3 && (line = fromServer.poll(15, TimeUnit.SECONDS)) != null; ) {
      answered.add(JSON.readTree(line).path("id").asInt());
    }
    assertEquals(Set.of(100, 101, 102), answered);
    server.join(10_000);
    assertFalse(server.isAlive());
  }

  @Test
  void aSegmentIdBeyondTheIntegersIsAnErrorNotSegmentZero() throws Exception {
    initialize();
    JsonNode r = call("get_segment", JSON.createObjectNode().put("id", 4294967296L));
    assertTrue(r.get("isError").asBoolean(), r.toString());
    assertTrue(r.at("/content/0/text").asText().contains("4294967296"), r.toString());
    assertTrue(r.at("/content/0/text").asText().contains("segment ids:"), "not found, naming the ids: " + r);
  }

  @Test
  void anArgumentAToolDoesNotTakeIsAnErrorNotIgnored() throws Exception {
    initialize();
    JsonNode list = request("tools/list", JSON.createObjectNode());
    for (JsonNode t : list.at("/result/tools")) {
      assertFalse(t.at("/inputSchema/additionalProperties").asBoolean(true), t.toString());
    }
    JsonNode r = call("list_opportunities", JSON.createObjectNode().put("type", "win_back").put("limit", 3));
    assertTrue(r.get("isError").asBoolean(), "{limit: 3} answered as if not asked: " + r);
    assertTrue(call("run_summary", JSON.createObjectNode().put("unexpected", 1)).get("isError").asBoolean());
  }

  @Test
  void aMalformedToolCallIsInvalidParamsWithoutJavaInternals() throws Exception {
    initialize();
    JsonNode noParams = request("tools/call", null);
    assertEquals(-32602, noParams.at("/error/code").asInt(), noParams.toString());
    assertFalse(noParams.toString().contains("java") || noParams.toString().contains("null\\\""), noParams.toString());
    ObjectNode stringArgs = JSON.createObjectNode().put("name", "get_opportunity").put("arguments", "win_back");
    JsonNode bad = request("tools/call", stringArgs);
    assertEquals(-32602, bad.at("/error/code").asInt(), bad.toString());
    assertTrue(bad.at("/error/message").asText().contains("must be an object"), bad.toString());
    // a notification gets no answer, even a malformed one (JSON-RPC 2.0): the next line out is
    // the answer to the ping after it
    send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "tools/call"));
    send(JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 4242).put("method", "ping"));
    JsonNode next = JSON.readTree(fromServer.poll(15, TimeUnit.SECONDS));
    assertEquals(4242, next.path("id").asInt(), next.toString());
    // still serving
    assertEquals(RunFixtures.RUN_ID, text(call("run_summary", null)).get("runId").asText());
  }

  @Test
  void returnsWhenInputCloses() throws Exception {
    initialize();
    toServer.close();
    server.join(10_000);
    assertFalse(server.isAlive(), "run() must return once stdin closes");
    assertEquals(null, serverFailure.get());
  }
}
