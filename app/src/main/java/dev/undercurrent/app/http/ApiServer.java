package dev.undercurrent.app.http;

import dev.undercurrent.app.service.CustomerView;
import dev.undercurrent.app.service.NotFoundException;
import dev.undercurrent.app.service.RunService;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.ContactIds;
import dev.undercurrent.core.report.HtmlReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one finished run over HTTP: the report page and a read-only JSON API.
 *
 * <pre>
 * GET /                      the report, with links to the API
 * GET /report                the report exactly as {@code report.html} holds it
 * GET /health                {"status":"ok","runId":...}
 * GET /api/run               the run's overview
 * GET /api/segments          all segments;  /api/segments/{id}  one (404 if unknown)
 * GET /api/opportunities     all, best first (?type=win_back filters);  /api/opportunities/{id}
 * GET /api/customers/{id}    one customer: scores, traits, opportunities, nearest customers
 *                            (?neighbours=N, 0..100, default 10); by id, or the email or phone
 * GET /api/quality           {"data": row accounting, "model": quality metrics}
 * GET /customer?id=...       the same customer as a page; POST /customer (the page's form) finds
 *                            the customer and redirects there by the run's id, so an email or
 *                            phone typed into the form never reaches a URL or the history
 * </pre>
 *
 * <p>JSON is written with the project's mapper ({@link RunSummary#json()}), so field names are the
 * same as in {@code run.json}. Errors are JSON too: {@code {"error": message, "id": id}} with 404
 * for unknown ids and 400 for bad arguments.
 *
 * <p>Limits: read-only, no authentication, one run per server. It binds to the loopback interface
 * unless a host is given, since a run describes customers and is not meant for an open network.
 */
public final class ApiServer implements AutoCloseable {

  /** The loopback interface, the default bind address. */
  public static final String LOOPBACK = "127.0.0.1";

  private final Javalin app;
  private final String host;

  private ApiServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /** Starts serving on the loopback interface; port 0 picks a free port (see {@link #port()}). */
  public static ApiServer start(RunService service, int port) {
    return start(service, LOOPBACK, port);
  }

  /**
   * Starts serving on {@code host} (e.g. {@code 0.0.0.0} for every interface) and {@code port}.
   *
   * @throws IllegalArgumentException for a null service or a port outside 0..65535
   */
  public static ApiServer start(RunService service, String host, int port) {
    if (service == null) {
      throw new IllegalArgumentException("service: null; expected a RunService over a finished run");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + "; expected 0 (any free port) to 65535");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: empty; expected an interface address such as "
          + LOOPBACK);
    }
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(finiteOrNull(), false));
      // POST to a GET endpoint is a wrong method (405, with Allow), not a missing page
      config.http.prefer405over404 = true;
      // errors Jetty answers before any handler runs (an undecodable path, a too long URI or
      // header) are JSON like every other error here
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    });
    if (isLoopback(host)) {
      // A page on another site can make the browser send requests to 127.0.0.1 under its own
      // name (DNS rebinding); a loopback server answers only to the names of the loopback.
      app.before(ctx -> {
        String name = hostName(ctx.host());
        if (name != null && !LOOPBACK_NAMES.contains(name)) {
          ctx.status(421).json(error("this server answers to localhost only, not to host '" + name + "'", null));
          ctx.skipRemainingHandlers();
        }
      });
    }
    routes(app, service);
    app.start(host, port);
    return new ApiServer(app, host);
  }

  private static void routes(Javalin app, RunService service) {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("Report file", "/report");
    links.put("API: run", "/api/run");
    links.put("API: segments", "/api/segments");
    links.put("API: opportunities", "/api/opportunities");
    links.put("API: quality", "/api/quality");
    links.put("Health", "/health");
    String page = HtmlReport.render(service.run(), links, "/customer");

    // A misspelt parameter (?typ=win_back, ?limit=10) would otherwise be ignored and the whole
    // list answered as if it had been asked for: name what this path takes instead.
    app.before("/api/*", ctx -> {
      // (Javalin routes /api/opportunities/ as /api/opportunities, so the parameters are the same)
      String path = ctx.path().replaceFirst("/+$", "");
      java.util.Set<String> allowed = path.equals("/api/opportunities") ? java.util.Set.of("type")
          : path.startsWith("/api/customers/") ? java.util.Set.of("neighbours") : java.util.Set.of();
      onlyParameters(ctx, path.startsWith("/api/customers/") ? "/api/customers/{id}" : ContactIds.redacted(ctx.path()),
          allowed);
    });
    get(app, "/", ctx -> ctx.html(page));
    get(app, "/report", ctx -> ctx.html(service.reportHtml()));
    get(app, "/report.html", ctx -> ctx.html(service.reportHtml()));
    get(app, "/health", ctx -> ctx.json(Map.of("status", "ok", "runId", nullToEmpty(service.run().runId()))));
    get(app, "/api/run", ctx -> ctx.json(service.summary()));
    get(app, "/api/segments", ctx -> ctx.json(service.segments()));
    get(app, "/api/segments/{id}", ctx -> ctx.json(service.segmentView(segmentId(ctx))));
    get(app, "/api/opportunities", ctx -> ctx.json(service.opportunities(typeFilter(ctx))));
    get(app, "/api/opportunities/{id}", ctx -> ctx.json(service.opportunity(ctx.pathParam("id"))));
    get(app, "/api/customers/{id}", ctx -> ctx.json(service.customer(ctx.pathParam("id"), neighbours(ctx))));
    // the same for a person; problems as a page with the form again
    get(app, "/customer", ctx -> customerPage(ctx, service, () -> {
      onlyParameters(ctx, "/customer", java.util.Set.of("id", "neighbours"));
      String id = oneValue(ctx.queryParams("id"), "id");
      CustomerView c = service.customer(id, neighbours(ctx));
      if (!c.customerId().equals(id.strip())) {
        // found by an email or phone (or with spaces around it): the page's address is the run's id
        ctx.redirect("/customer?id=" + encode(c.customerId()) + neighboursSuffix(ctx), HttpStatus.SEE_OTHER);
        return;
      }
      ctx.html(CustomerPage.render(c));
    }));
    // the page's form posts, so that what is typed (an email, a phone number) is in no URL
    app.post("/customer", ctx -> customerPage(ctx, service, () -> {
      String id = oneValue(ctx.formParams("id"), "id");
      CustomerView c = service.customer(id, 0);
      ctx.redirect("/customer?id=" + encode(c.customerId()), HttpStatus.SEE_OTHER);
    }));
    get(app, "/api/quality", ctx -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("data", service.dataQuality());
      body.put("model", service.modelQuality());
      ctx.json(body);
    });

    app.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(error(e.getMessage(), e.id())));
    // Javalin's own answer to an unknown path (or a malformed one) is plain text; errors here are JSON.
    app.error(404, ctx -> {
      // (a customer page not found is already a page saying so)
      if (!String.valueOf(ctx.res().getContentType()).startsWith("application/json") && !ctx.path().equals("/customer")) {
        ctx.json(error("no such page or endpoint: " + ctx.method() + " " + ContactIds.redacted(ctx.path())
            + " (the endpoints: /api/run, /api/segments, /api/opportunities, /api/customers/{id}, /api/quality,"
            + " /health)", null));
      }
    });
    // the lookup form posts to /customer, which takes POST beside GET and HEAD
    app.error(405, ctx -> {
      boolean form = ctx.path().equals("/customer");
      ctx.header("Allow", form ? "GET, HEAD, POST" : "GET, HEAD").json(error("method " + ctx.method()
          + " is not allowed on " + ContactIds.redacted(ctx.path()) + "; this API is read-only: GET (or HEAD)"
          + (form ? ", and POST from the lookup form" : ""), null));
    });
    // a customer index that cannot be read (damaged, or from a newer Undercurrent): its message names the file
    app.exception(java.io.UncheckedIOException.class, (e, ctx) -> ctx.status(500).json(error(e.getMessage(), null)));
    app.exception(IllegalArgumentException.class,
        (e, ctx) -> ctx.status(400).json(error(e.getMessage(), null)));
  }

  /**
   * A GET route, and HEAD on the same path answered by the same handler (Jetty sends no body for
   * HEAD): otherwise Javalin answers HEAD with an empty 200 without running it, even where GET
   * would be a 404 or 400.
   */
  private static void get(Javalin app, String path, io.javalin.http.Handler handler) {
    app.get(path, handler);
    app.head(path, handler);
  }

  /** {@code ?neighbours=N} of a customer lookup, {@link RunService#DEFAULT_NEIGHBOURS} when not given. */
  static int neighbours(Context ctx) {
    List<String> given = ctx.queryParams("neighbours");
    if (given.isEmpty()) {
      return RunService.DEFAULT_NEIGHBOURS;
    }
    String v = oneValue(given, "neighbours").strip();
    // ASCII digits only (Integer.parseInt reads other scripts' digits too), and few enough of them
    if (!v.matches("[0-9]{1,3}")) {
      String shown = v.length() <= 20 ? v : v.substring(0, v.offsetByCodePoints(0, Math.min(17, v.codePointCount(0, v.length())))) + "...";
      throw new IllegalArgumentException("neighbours: '" + shown + "' is not a whole number from 0 to "
          + RunService.MAX_NEIGHBOURS);
    }
    return Integer.parseInt(v);
  }

  /** The one value of a parameter; none, a blank one (as an undecodable {@code %zz} arrives) or two are refused. */
  private static String oneValue(List<String> given, String name) {
    if (given.size() > 1) {
      throw new IllegalArgumentException(name + ": given " + given.size() + " times; give it once");
    }
    if (given.isEmpty() || given.get(0).isBlank()) {
      throw new IllegalArgumentException(name + ": missing or empty; give "
          + (name.equals("id") ? "a customer id, email address or phone number" : "a value"));
    }
    return given.get(0);
  }

  /** Refuses a query parameter the path does not take, naming the ones it does ({@code shownPath} as said). */
  private static void onlyParameters(Context ctx, String shownPath, java.util.Set<String> allowed) {
    for (String key : ctx.queryParamMap().keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException("query parameter '" + key + "' is not known to " + shownPath
            + (allowed.isEmpty() ? ", which takes none" : "; it takes: " + String.join(", ", new java.util.TreeSet<>(allowed))));
      }
    }
  }

  private static String neighboursSuffix(Context ctx) {
    String n = ctx.queryParam("neighbours");
    return n == null ? "" : "&neighbours=" + encode(n);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Runs a customer page's handler; what it refuses becomes a page with the reason and the form again. */
  private static void customerPage(Context ctx, RunService service, ThrowingRunnable page) throws Exception {
    try {
      page.run();
    } catch (NotFoundException e) {
      ctx.status(404).html(CustomerPage.problem(e.getMessage()));
    } catch (IllegalArgumentException e) {
      ctx.status(400).html(CustomerPage.problem(ContactIds.redacted(e.getMessage())));
    } catch (java.io.UncheckedIOException e) {
      ctx.status(500).html(CustomerPage.problem(e.getMessage()));
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * The one {@code type} asked for, or null for all; two types, or one that is blank (as an
   * undecodable {@code %zz} arrives), are refused rather than answered as if not asked.
   */
  static String typeFilter(Context ctx) {
    java.util.List<String> types = ctx.queryParams("type");
    if (types.isEmpty()) {
      return null;
    }
    if (types.size() > 1) {
      throw new IllegalArgumentException("query parameter 'type' given " + types.size()
          + " times; give one type per request");
    }
    if (types.get(0).isBlank()) {
      throw new IllegalArgumentException("query parameter 'type' is empty or not decodable: '"
          + ctx.queryString() + "'");
    }
    return types.get(0);
  }

  private static long segmentId(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new NotFoundException("segment", raw,
          "segment '" + raw + "' not found: segment ids are whole numbers");
    }
  }

  private static final java.util.Set<String> LOOPBACK_NAMES = java.util.Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** A literal IPv4 loopback address; "127.attacker.example" is a name, not one of these. */
  private static final java.util.regex.Pattern IPV4_LOOPBACK =
      java.util.regex.Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  static boolean isLoopback(String host) {
    return LOOPBACK_NAMES.contains(host) || IPV4_LOOPBACK.matcher(host).matches();
  }

  /** The name in a Host header, without its port; null when there is none. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    if (h.indexOf(':') != h.lastIndexOf(':')) {
      return h; // an IPv6 address without brackets, e.g. "::1"
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    return IPV4_LOOPBACK.matcher(name).matches() ? "127.0.0.1" : name;
  }

  /**
   * The project's mapper, except that a number that is not finite is written as null: JSON has
   * no NaN, and a string "NaN" where a client expects a number breaks it. (run.json keeps
   * Jackson's strings, which it reads back as the same values.)
   */
  public static com.fasterxml.jackson.databind.ObjectMapper finiteOrNull() {
    var module = new com.fasterxml.jackson.databind.module.SimpleModule("finite-or-null");
    com.fasterxml.jackson.databind.JsonSerializer<Double> finite = new com.fasterxml.jackson.databind.JsonSerializer<>() {
      @Override
      public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator g,
          com.fasterxml.jackson.databind.SerializerProvider p) throws java.io.IOException {
        if (v == null || !Double.isFinite(v)) {
          g.writeNull();
        } else {
          g.writeNumber(v);
        }
      }
    };
    module.addSerializer(Double.class, finite);
    module.addSerializer(double.class, finite);
    return RunSummary.json().copy().registerModule(module);
  }

  /** {"error": message} as text, for answers written outside Javalin. */
  static String errorJson(String message) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(error(message, null));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of two strings always writes", e);
    }
  }

  private static Map<String, Object> error(String message, String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (id != null) {
      body.put("id", id);
    }
    return body;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The bound port (the free port chosen when started with port 0). */
  public int port() {
    return app.port();
  }

  /** The base address, e.g. {@code http://127.0.0.1:7070/}. */
  public URI uri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if ("0.0.0.0".equals(host) || "::".equals(host)) {
      h = "localhost";
    }
    return URI.create("http://" + h + ":" + port() + "/");
  }

  /** Stops the server and frees the port. */
  @Override
  public void close() {
    app.stop();
  }
}
