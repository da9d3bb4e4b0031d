package dev.undercurrent.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.undercurrent.app.service.RunFixtures;
import dev.undercurrent.app.service.RunService;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path runDir;
  private static ApiServer server;

  @BeforeAll
  static void start() throws IOException {
    server = ApiServer.start(RunService.open(RunFixtures.writeRun(runDir)), 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(server.uri().resolve(path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "content type of " + r.uri());
    return JSON.readTree(r.body());
  }

  @Test
  void bindsAFreePort() {
    assertTrue(server.port() > 0);
    assertEquals("127.0.0.1", server.uri().getHost());
  }

  @Test
  void health() throws Exception {
    HttpResponse<String> r = get("/health");
    assertEquals(200, r.statusCode());
    assertEquals("ok", json(r).get("status").asText());
    assertEquals(RunFixtures.RUN_ID, json(r).get("runId").asText());
  }

  @Test
  void runOverview() throws Exception {
    HttpResponse<String> r = get("/api/run");
    assertEquals(200, r.statusCode());
    JsonNode n = json(r);
    assertEquals(RunFixtures.RUN_ID, n.get("runId").asText());
    assertEquals("2025-12-29", n.get("asOf").asText());
    assertEquals(90, n.get("horizonDays").asInt());
    assertEquals(9, n.get("opportunities").asInt());
    // the headline first: an agent reading the JSON meets the value worth acting on before the total
    List<String> keys = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(keys::add);
    assertTrue(keys.indexOf("valueWorthActingOn") >= 0
        && keys.indexOf("valueWorthActingOn") < keys.indexOf("totalExpectedValue"), keys.toString());
  }

  @Test
  void segments() throws Exception {
    JsonNode all = json(get("/api/segments"));
    assertEquals(5, all.size());
    HttpResponse<String> one = get("/api/segments/3");
    assertEquals(200, one.statusCode());
    assertEquals(3, json(one).get("segmentId").asInt());
    assertEquals("Discount-driven returners", json(one).get("name").asText());
    // where its customers were a horizon ago
    JsonNode moved = json(one).get("movement");
    assertEquals("2025-09-30", moved.get("since").asText(), one.body());
    assertEquals(600, moved.get("customersThen").asLong());
    assertEquals(600, moved.get("stayed").asLong());
    assertEquals(1, moved.get("cameIn").size());
    assertEquals(1, moved.at("/cameIn/0/segmentId").asInt());
    assertEquals("Lapsed bargain hunters", moved.at("/cameIn/0/segmentName").asText());
    assertEquals(90, moved.at("/cameIn/0/customers").asLong());
    assertEquals(0, moved.get("left").size());
    JsonNode rising = json(get("/api/segments/2")).get("movement");
    assertTrue(rising.at("/cameIn/0/segmentId").isNull(), rising.toString());
    assertEquals("new customers", rising.at("/cameIn/0/segmentName").asText());
    assertEquals("Loyal high spenders", rising.at("/left/0/segmentName").asText());
  }

  @Test
  void anUnknownQueryParameterIsA400NamingIt() throws Exception {
    HttpResponse<String> r = get("/api/opportunities?typ=win_back");
    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("error").asText().contains("'typ' is not known to /api/opportunities; it takes: type"), r.body());
    HttpResponse<String> s = get("/api/segments?limit=-1");
    assertEquals(400, s.statusCode());
    assertTrue(json(s).get("error").asText().contains("'limit'"), s.body());
    assertEquals(200, get("/api/opportunities?type=win_back").statusCode());
  }

  @Test
  void aCustomerWithTheirOpportunitiesAndNearestOthers() throws Exception {
    HttpResponse<String> r = get("/api/customers/c011?neighbours=2");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode c = json(r);
    assertEquals("c011", c.get("customerId").asText());
    assertEquals(41.0, c.get("predictedValue").asDouble());
    assertEquals("holdout", c.at("/opportunities/0/group").asText());
    assertEquals("win_back", c.at("/opportunities/0/type").asText());
    assertEquals(2, c.get("neighbours").size());
    assertEquals(RunFixtures.ANN_ID, c.at("/neighbours/0/customerId").asText());
    assertEquals(4, json(get("/api/customers/c002")).get("neighbours").size(), "the default is ten; the run has four others");
    // found by the address a person knows, which the answer does not repeat
    HttpResponse<String> ann = get("/api/customers/" + java.net.URLEncoder.encode(RunFixtures.ANN_EMAIL,
        java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
    assertEquals(200, ann.statusCode(), ann.body());
    assertEquals(RunFixtures.ANN_ID, json(ann).get("customerId").asText());
    assertFalse(ann.body().toLowerCase(java.util.Locale.ROOT).contains("ann.lee"), ann.body());
    HttpResponse<String> missing = get("/api/customers/c999");
    assertEquals(404, missing.statusCode());
    assertTrue(json(missing).get("error").asText().contains("customer c999 not found"), missing.body());
    HttpResponse<String> bad = get("/api/customers/c011?neighbours=lots");
    assertEquals(400, bad.statusCode());
    assertTrue(json(bad).get("error").asText().contains("'lots' is not a whole number"), bad.body());
    assertEquals(400, get("/api/customers/c011?neighbours=500").statusCode());
    HttpResponse<String> unknown = get("/api/customers/c011?limit=3");
    assertEquals(400, unknown.statusCode());
    assertTrue(json(unknown).get("error").asText().contains("it takes: neighbours"), unknown.body());
  }

  @Test
  void theServedPageLooksCustomersUpForAPerson() throws Exception {
    String page = get("/").body();
    assertTrue(page.contains("<form class=\"customer-lookup\" method=\"post\" action=\"/customer\">"), "the form");
    HttpResponse<String> r = get("/customer?id=c011");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(r.body().contains("<h1>Customer <code>c011</code></h1>"), r.body());
    assertTrue(r.body().contains("<tr class=\"holdout\">"), r.body());
    assertTrue(r.body().contains("<a href=\"/customer?id=" + RunFixtures.ANN_ID.replace(":", "%3A") + "\" title=\""), r.body());
    HttpResponse<String> missing = get("/customer?id=bob%40example.com");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("not found") && !missing.body().contains("bob"), missing.body());
    assertEquals(400, get("/customer").statusCode());
    assertEquals(400, get("/customer?id=c011&neighbours=many").statusCode());
    assertEquals(400, get("/customer?id=c011&id=c012").statusCode());
    assertEquals(400, get("/customer?id=c011&limit=3").statusCode());
    // the form posts what was typed and is sent on to the customer's page by the run's id: an
    // address typed there reaches no URL
    HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve("/customer"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("id=" + java.net.URLEncoder.encode(RunFixtures.ANN_EMAIL,
            java.nio.charset.StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(303, posted.statusCode(), posted.body());
    assertEquals("/customer?id=" + RunFixtures.ANN_ID.replace(":", "%3A"), posted.headers().firstValue("Location").orElse(""));
    // a GET with the address is sent on the same way
    HttpResponse<String> byEmail = get("/customer?id=" + java.net.URLEncoder.encode(RunFixtures.ANN_EMAIL,
        java.nio.charset.StandardCharsets.UTF_8) + "&neighbours=2");
    assertEquals(303, byEmail.statusCode());
    assertEquals("/customer?id=" + RunFixtures.ANN_ID.replace(":", "%3A") + "&neighbours=2",
        byEmail.headers().firstValue("Location").orElse(""));
    // the report file itself has no server behind it, so no form
    assertFalse(get("/report").body().contains("customer-lookup\" method"), "no form in the report file");
  }

  @Test
  void noErrorRepeatsAnAddressOrNumberFromThePath() throws Exception {
    String email = "/api/customers/Shopper1@Example.com";
    for (HttpResponse<String> r : List.of(get(email + "?foo=1"), get(email + "/extra"),
        get("/api/customers/" + java.net.URLEncoder.encode("Alice <alice@example.com>", java.nio.charset.StandardCharsets.UTF_8)),
        get("/api/customers/1-415-555-0100"),
        CLIENT.send(HttpRequest.newBuilder(server.uri().resolve(email)).timeout(Duration.ofSeconds(10))
            .DELETE().build(), HttpResponse.BodyHandlers.ofString()))) {
      assertTrue(r.statusCode() >= 400, r.uri() + " " + r.statusCode());
      assertFalse(r.body().toLowerCase(java.util.Locale.ROOT).contains("example.com")
          || r.body().contains("555-0100"), r.uri() + ": " + r.body());
    }
    assertTrue(json(get(email + "?foo=1")).get("error").asText().contains("/api/customers/{id}"));
    assertEquals(400, get("/api/customers/c011?neighbours=%D9%A3").statusCode(), "an Arabic-Indic three is not 3");
    assertEquals(400, get("/api/customers/c011?neighbours=").statusCode());
    assertEquals(400, get("/api/customers/c011?neighbours=99999999999").statusCode());
  }

  @Test
  void anUnknownPathIsAJson404() throws Exception {
    HttpResponse<String> r = get("/nope");
    assertEquals(404, r.statusCode());
    assertTrue(json(r).get("error").asText().contains("GET /nope"), r.body());
  }

  @Test
  void aRequestUnderAnotherHostNameIsRefused() throws Exception {
    // What a page elsewhere gets when it rebinds its own name to 127.0.0.1.
    for (String host : new String[] {"evil.example", "localhost:" + server.port(), "127.attacker.example",
        "127.0.0.1.evil.example", "127.0.0.1:" + server.port(), "127.1.2.3", "[::1]:" + server.port()}) {
      try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        assertTrue(status.contains(host.contains("evil") || host.contains("attacker") ? " 421" : " 200"),
            host + ": " + status);
      }
    }
  }

  @Test
  void onlyLiteralLoopbackAddressesCountAsLoopback() {
    assertTrue(ApiServer.isLoopback("127.0.0.1"));
    assertTrue(ApiServer.isLoopback("127.10.0.254"));
    assertFalse(ApiServer.isLoopback("127.attacker.example"));
    assertFalse(ApiServer.isLoopback("127.0.0.1.nip.io"));
    assertFalse(ApiServer.isLoopback("127.0.0.300"));
    assertEquals("::1", ApiServer.hostName("::1"));
    assertEquals("127.0.0.1", ApiServer.hostName("127.0.0.2:8080"));
    assertEquals("127.0.0.1.evil", ApiServer.hostName("127.0.0.1.evil:8080"));
  }

  /** A raw request, for what java.net.http will not send; the status line and the whole answer. */
  private static String[] raw(String requestLine, String extraHeaders) throws IOException {
    try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\n" + extraHeaders
          + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String all = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return new String[] {all.substring(0, Math.max(0, all.indexOf('\r'))), all};
    }
  }

  @Test
  void aWrongMethodIsA405AndHeadAnswersAsGet() throws Exception {
    HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve("/api/run"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode(), post.body());
    assertTrue(json(post).get("error").asText().contains("read-only"), post.body());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""), "a 405 says what is allowed");
    String[] head = raw("HEAD /api/opportunities/opp-nothing HTTP/1.1", "");
    assertTrue(head[0].contains(" 404"), "HEAD of a missing opportunity: " + head[0]);
    String[] headBad = raw("HEAD /api/opportunities?type=upsell HTTP/1.1", "");
    assertTrue(headBad[0].contains(" 400"), "HEAD with a bad type: " + headBad[0]);
    assertTrue(raw("HEAD /api/run HTTP/1.1", "")[0].contains(" 200"));
    HttpResponse<String> put = CLIENT.send(HttpRequest.newBuilder(server.uri().resolve("/customer"))
        .PUT(HttpRequest.BodyPublishers.ofString("id=c-1")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, put.statusCode(), put.body());
    assertEquals("GET, HEAD, POST", put.headers().firstValue("Allow").orElse(""), "the lookup form's page takes POST");
  }

  @Test
  void errorsJettyAnswersItselfAreJsonToo() throws Exception {
    String[] badPath = raw("GET /api/opportunities/%zz HTTP/1.1", "");
    assertTrue(badPath[0].contains(" 400"), badPath[0]);
    assertTrue(badPath[1].toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), badPath[1]);
    assertTrue(badPath[1].contains("{\"error\":"), badPath[1]);
    String[] longUri = raw("GET /api/segments/" + "9".repeat(9000) + " HTTP/1.1", "");
    assertTrue(longUri[0].contains(" 414"), longUri[0]);
    assertTrue(longUri[1].contains("{\"error\":"), longUri[1]);
  }

  @Test
  void theTypeFilterIsNeverSilentlyDropped() throws Exception {
    HttpResponse<String> two = get("/api/opportunities?type=win_back&type=retain");
    assertEquals(400, two.statusCode(), two.body());
    assertTrue(json(two).get("error").asText().contains("'type' given 2 times"), two.body());
    HttpResponse<String> blank = get("/api/opportunities?type=");
    assertEquals(400, blank.statusCode(), blank.body());
  }

  @Test
  void numbersThatAreNotFiniteAreWrittenAsNull() throws Exception {
    JsonNode n = JSON.readTree(ApiServer.finiteOrNull().writeValueAsString(
        java.util.Map.of("a", Double.NaN, "b", Double.POSITIVE_INFINITY, "c", 1.5)));
    assertTrue(n.get("a").isNull() && n.get("b").isNull(), n.toString());
    assertEquals(1.5, n.get("c").asDouble());
    record Figures(double value) {}
    assertTrue(JSON.readTree(ApiServer.finiteOrNull().writeValueAsString(new Figures(Double.NaN))).get("value").isNull());
  }

  @Test
  void aPortInUseIsAUsersMistakeNotAnInternalFailure() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    int code;
    try {
      code = dev.undercurrent.app.cli.Main.run("serve", "--run", runDir.toString(), "--port",
          Integer.toString(server.port()));
    } finally {
      System.setErr(old);
    }
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("--port: cannot listen on 127.0.0.1:" + server.port()), err.toString());
  }

  @Test
  void unknownSegmentIs404NamingTheId() throws Exception {
    for (String id : new String[] {"77", "abc", "99999999999"}) {
      HttpResponse<String> r = get("/api/segments/" + id);
      assertEquals(404, r.statusCode());
      JsonNode n = json(r);
      assertEquals(id, n.get("id").asText());
      assertTrue(n.get("error").asText().contains(id), n.toString());
      // a whole number no segment has is not found, not "not a whole number"
      assertEquals(!id.equals("abc"), n.get("error").asText().contains("segment ids:"), n.toString());
    }
  }

  @Test
  void opportunities() throws Exception {
    JsonNode all = json(get("/api/opportunities"));
    assertEquals(9, all.size());
    assertEquals(1, all.get(0).get("rank").asInt());
    JsonNode filtered = json(get("/api/opportunities?type=cross_sell"));
    assertEquals(1, filtered.size());
    assertEquals("cross_sell", filtered.get(0).get("type").asText());
    assertEquals(filtered, json(get("/api/opportunities/?type=cross_sell")), "a trailing slash takes the same filter");
    HttpResponse<String> one = get("/api/opportunities/opp-suppress");
    assertEquals(200, one.statusCode());
    assertEquals("suppress", json(one).get("type").asText());
  }

  @Test
  void unknownOpportunityIs404AndBadTypeIs400() throws Exception {
    HttpResponse<String> r = get("/api/opportunities/opp-nothing");
    assertEquals(404, r.statusCode());
    assertEquals("opp-nothing", json(r).get("id").asText());
    HttpResponse<String> bad = get("/api/opportunities?type=upsell");
    assertEquals(400, bad.statusCode());
    assertTrue(json(bad).get("error").asText().contains("upsell"));
  }

  @Test
  void quality() throws Exception {
    JsonNode n = json(get("/api/quality"));
    assertTrue(n.get("data").get("reconciles").asBoolean());
    assertEquals(3, n.get("data").get("sources").size());
    assertEquals(0.79, n.get("model").get("model").get("churn").get("auc").asDouble(), 1e-12);
  }

  @Test
  void pages() throws Exception {
    for (String path : new String[] {"/", "/report"}) {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), path);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
      assertTrue(r.body().contains("id=\"segment-map\""), path);
      assertTrue(r.body().contains("class=\"opportunity\""), path);
    }
    assertTrue(get("/").body().contains("href=\"/api/opportunities\""), "served page links the API");
    assertFalse(get("/report").body().contains("href=\"/api/"), "report file stays self-contained");
  }

  @Test
  void closeFreesThePort(@TempDir Path other) throws Exception {
    ApiServer s = ApiServer.start(RunService.open(RunFixtures.writeRun(other)), 0);
    URI health = s.uri().resolve("/health");
    assertEquals(200, CLIENT.send(HttpRequest.newBuilder(health).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    s.close();
    assertThrows(ConnectException.class, () -> CLIENT.send(HttpRequest.newBuilder(health).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> ApiServer.start(null, 0));
    RunService service = RunService.of(RunFixtures.run());
    assertThrows(IllegalArgumentException.class, () -> ApiServer.start(service, 70000));
  }
}
