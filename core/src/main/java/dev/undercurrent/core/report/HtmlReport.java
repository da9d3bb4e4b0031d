package dev.undercurrent.core.report;

import static dev.undercurrent.core.report.RunFigures.orEmpty;

import dev.undercurrent.core.model.CustomerMatch;
import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.model.SourceCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a finished run as one self-contained HTML page: a header, the top-line value, a segment
 * map, segment cards, the ranked opportunities, model quality and data quality.
 *
 * <p>Self-contained means the file opens from a mail attachment or object storage with no
 * network: CSS and charts (SVG) are inline, there are no fonts, scripts or images to fetch, and
 * links point only within the page (or, when served, to relative API paths). Every string that
 * comes from the run is HTML-escaped, since segment names and evidence are generated from user
 * data.
 *
 * <p>Limits: the page shows what {@code run.json} holds, nothing more (no customer lists); the
 * free-form {@code metrics} are rendered where their keys are known and listed generically
 * otherwise; any section whose data is absent is left out rather than failing. The HTML is
 * written by hand rather than with a template engine because the page is one fixed layout and
 * the core module carries no web dependencies.
 */
public final class HtmlReport {

  /** The report's file name inside a run directory. */
  public static final String FILE_NAME = "report.html";

  private static final int MAP_WIDTH = 880;
  private static final int MAP_HEIGHT = 470;
  private static final int MAP_PAD = 80;
  private static final double MAX_RADIUS = 58;
  private static final double MIN_RADIUS = 5;
  private static final int SIGNALS_PER_CARD = 5;

  private static final Map<String, String> TYPE_LABELS = Map.of(
      "win_back", "Win back",
      "retain", "Retain",
      "nurture_rising", "Nurture rising",
      "protect_margin", "Protect margin",
      "reduce_frequency", "Reduce frequency",
      "grow_wallet", "Grow wallet",
      "cross_sell", "Cross-sell",
      "lookalike_seed", "Lookalike seed",
      "suppress", "Suppress");

  private HtmlReport() {}

  /** The report page of a run. */
  public static String render(RunSummary run) {
    return render(run, Map.of());
  }

  /**
   * The report page with extra navigation links in its footer (used when the page is served next
   * to the JSON API).
   *
   * @param links label to relative href, in display order; hrefs are escaped but not checked
   */
  public static String render(RunSummary run, Map<String, String> links) {
    return render(run, links, null);
  }

  /**
   * The served page: extra links in its footer, and in its header a form that looks a customer up
   * (a POST to {@code lookupAction} with the parameter {@code id}), when {@code lookupAction} is set.
   */
  public static String render(RunSummary run, Map<String, String> links, String lookupAction) {
    if (run == null) {
      throw new IllegalArgumentException("run: null; expected a RunSummary to render");
    }
    return new Page(run, links == null ? Map.of() : links, lookupAction).render();
  }

  /** Writes the report to {@code file} (UTF-8), replacing it atomically where it exists. */
  public static void write(RunSummary run, Path file) throws IOException {
    String html = render(run);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, html, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The form that looks a customer up: posted, so that an email or phone number typed into it is
   * in no URL or history (the served page's header, and the customer page's "not found").
   */
  public static String lookupForm(String action) {
    return "<form class=\"customer-lookup\" method=\"post\" action=\"" + escape(action) + "\">\n"
        + "<label for=\"customer-id\">Look up a customer</label>\n"
        + "<input id=\"customer-id\" name=\"id\" required autocomplete=\"off\" placeholder=\"customer id, email or phone\">\n"
        + "<button type=\"submit\">Look up</button>\n</form>\n";
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** One rendering; holds the run and the derived lookups. */
  /** The report's "Measuring it" line of one opportunity (see {@code Page.measurable}). */
  static String measurable(OpportunitySummary o) {
    return Page.measurable(o);
  }

  /** The one-sentence verdict on the withheld horizon (see {@code Page.truthVerdict}). */
  static String truthVerdict(Map<String, Object> truth) {
    return Page.truthVerdict(truth);
  }

  /** The sentence on the level of the predicted values, from a run's {@code model} metrics (see the page). */
  static String valueLevel(Map<String, Object> model) {
    return Page.valueLevel(model);
  }

  private static final class Page {
    private final RunSummary run;
    private final Map<String, String> links;
    private final String lookupAction;
    private final StringBuilder h = new StringBuilder(64 * 1024);
    private final List<SegmentProfile> segments;
    private final List<OpportunitySummary> opportunities;
    private final Map<Integer, SegmentProfile> segmentsById = new HashMap<>();
    private final Map<String, Object> metrics;
    private final String currencySymbol;
    private final double churnMin;
    private final double churnMax;

    Page(RunSummary run, Map<String, String> links, String lookupAction) {
      this.run = run;
      this.links = links;
      this.lookupAction = lookupAction;
      this.segments = new ArrayList<>();
      for (SegmentProfile s : orEmpty(run.segments())) {
        if (s != null) {
          segments.add(s);
          segmentsById.put(s.segmentId(), s);
        }
      }
      segments.sort(Comparator.comparingInt(SegmentProfile::segmentId));
      this.opportunities = new ArrayList<>();
      for (OpportunitySummary o : orEmpty(run.opportunities())) {
        if (o != null) {
          opportunities.add(o);
        }
      }
      opportunities.sort(Comparator.comparingInt(OpportunitySummary::rank)
          .thenComparing(Comparator.comparingDouble(OpportunitySummary::expectedValue).reversed()));
      this.metrics = orEmpty(run.metrics());
      this.currencySymbol = symbolOf(run.currency());
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (SegmentProfile s : segments) {
        if (Double.isFinite(s.avgChurnProbability())) {
          lo = Math.min(lo, s.avgChurnProbability());
          hi = Math.max(hi, s.avgChurnProbability());
        }
      }
      this.churnMin = Double.isFinite(lo) ? lo : 0;
      this.churnMax = Double.isFinite(hi) ? hi : 1;
    }

    String render() {
      h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          // An empty inline icon, so a browser does not ask the network for /favicon.ico.
          .append("<link rel=\"icon\" href=\"data:,\">\n")
          .append("<title>Undercurrent report · ").append(escape(run.runId())).append("</title>\n")
          .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
      header();
      h.append("<main>\n");
      topLine();
      segmentMap();
      segmentCards();
      segmentFlows();
      opportunitiesSection();
      modelQuality();
      dataQuality();
      h.append("</main>\n");
      footer();
      h.append("</body>\n</html>\n");
      return h.toString();
    }

    // ---------------------------------------------------------------- header and top line

    private void header() {
      h.append("<header id=\"run-header\" class=\"run-header\">\n")
          .append("<div class=\"brand\">Undercurrent</div>\n")
          .append("<h1>Customer discovery report</h1>\n<dl class=\"facts\">\n");
      fact("run-id", "Run", escape(run.runId()));
      fact("as-of", "As of", escape(run.asOf()));
      fact("horizon", "Horizon", run.horizonDays() + " days");
      fact("customers", "Customers", count(run.customers()));
      fact("revenue", "Revenue analysed", money(run.totalRevenue()));
      fact("currency", "Currency", escape(run.currency()));
      h.append("</dl>\n");
      if (lookupAction != null) {
        h.append(lookupForm(lookupAction));
      }
      h.append("</header>\n");
    }

    private void fact(String id, String label, String valueHtml) {
      h.append("<div class=\"fact\" id=\"fact-").append(id).append("\"><dt>").append(label)
          .append("</dt><dd>").append(valueHtml.isEmpty() ? "–" : valueHtml).append("</dd></div>\n");
    }

    private void topLine() {
      double total = RunFigures.valueWorthActingOn(run);
      int worth = RunFigures.countWorthActingOn(run);
      int notWorth = opportunities.size() - worth;
      h.append("<section id=\"top-line\" class=\"top-line\">\n<div class=\"headline\">\n")
          .append("<div class=\"kpi kpi-main\"><span class=\"kpi-value\" id=\"total-expected-value\">")
          .append(money(total)).append("</span><span class=\"kpi-label\">expected from ")
          .append(notWorth > 0 ? "the " : "")
          .append(worth).append(worth == 1 ? " opportunity" : " opportunities")
          .append(notWorth > 0 ? " worth acting on" : "")
          .append(" over the next ").append(run.horizonDays()).append(" days</span></div>\n")
          .append("<div class=\"kpi\"><span class=\"kpi-value\">").append(segments.size())
          .append("</span><span class=\"kpi-label\">segments discovered</span></div>\n");
      long reached = 0;
      for (OpportunitySummary o : opportunities) {
        reached += o.customers();
      }
      h.append("<div class=\"kpi\"><span class=\"kpi-value\">").append(count(reached))
          .append("</span><span class=\"kpi-label\">audience places across opportunities</span></div>\n")
          .append("</div>\n");
      if (!opportunities.isEmpty()) {
        double max = 0;
        for (OpportunitySummary o : opportunities) {
          max = Math.max(max, Math.abs(finite(o.expectedValue())));
        }
        h.append("<div class=\"value-bars\" id=\"value-by-opportunity\">\n");
        for (OpportunitySummary o : opportunities) {
          double w = max > 0 ? 100 * Math.abs(finite(o.expectedValue())) / max : 0;
          h.append("<a class=\"value-bar-row\" href=\"#").append(oppAnchor(o)).append("\">")
              .append("<span class=\"value-bar-label\">").append(badge(o.type()))
              .append(escape(o.title())).append("</span><span class=\"value-bar-track\">")
              .append("<span class=\"value-bar type-").append(cssToken(o.type()))
              .append("\" style=\"width:").append(pct(w)).append("%\"></span></span>")
              .append("<span class=\"value-bar-amount\">").append(money(o.expectedValue()))
              .append("</span></a>\n");
        }
        h.append("</div>\n<p class=\"note\">Audiences can overlap, so the total is an upper bound"
            + " on what acting on these opportunities would add. Each value is sized as if the whole"
            + " audience were acted on; the random holdout kept out to measure it forgoes its share.");
        if (notWorth > 0) {
          h.append(" <span id=\"not-worth-acting-on\">").append(notWorth)
              .append(notWorth == 1 ? " opportunity is" : " opportunities are")
              .append(" listed with a value of zero or less: at the assumed costs and response rates")
              .append(notWorth == 1 ? " it would" : " they would")
              .append(" cost at least what")
              .append(notWorth == 1 ? " it returns" : " they return")
              .append(", so the total leaves")
              .append(notWorth == 1 ? " it" : " them")
              .append(" out.</span>");
        }
        h.append("</p>\n");
      }
      h.append("</section>\n");
    }

    // ---------------------------------------------------------------- segment map

    private void segmentMap() {
      h.append("<section id=\"segment-map-section\" class=\"panel\">\n<h2>Segment map</h2>\n");
      if (segments.isEmpty()) {
        h.append("<p class=\"empty\">This run holds no segments.</p>\n</section>\n");
        return;
      }
      h.append("<p class=\"lede\">Each bubble is a segment, placed by how its customers behave:"
          + " near bubbles are alike. Area shows customers; colour shows average churn"
          + " probability. Click a bubble for its card.</p>\n");
      double minX = Double.POSITIVE_INFINITY;
      double maxX = Double.NEGATIVE_INFINITY;
      double minY = Double.POSITIVE_INFINITY;
      double maxY = Double.NEGATIVE_INFINITY;
      long maxCustomers = 1;
      for (SegmentProfile s : segments) {
        if (Double.isFinite(s.x())) {
          minX = Math.min(minX, s.x());
          maxX = Math.max(maxX, s.x());
        }
        if (Double.isFinite(s.y())) {
          minY = Math.min(minY, s.y());
          maxY = Math.max(maxY, s.y());
        }
        maxCustomers = Math.max(maxCustomers, s.customers());
      }
      // one scale for both axes, so that the drawing keeps the proportions of the distances the
      // map's coordinates keep (each axis stretched to the canvas drew segments on a line as a
      // triangle, the short axis exaggerated four times on The Complete Journey)
      double perUnit = Math.min(
          maxX > minX ? (MAP_WIDTH - 2.0 * MAP_PAD) / (maxX - minX) : Double.POSITIVE_INFINITY,
          maxY > minY ? (MAP_HEIGHT - 2.0 * MAP_PAD) / (maxY - minY) : Double.POSITIVE_INFINITY);
      double midX = (minX + maxX) / 2;
      double midY = (minY + maxY) / 2;
      Map<Integer, double[]> pos = new HashMap<>();
      for (SegmentProfile s : segments) {
        boolean placed = Double.isFinite(perUnit);
        double cx = MAP_WIDTH / 2.0 + (placed && Double.isFinite(s.x()) ? (s.x() - midX) * perUnit : 0);
        double cy = MAP_HEIGHT / 2.0 - (placed && Double.isFinite(s.y()) ? (s.y() - midY) * perUnit : 0);
        double r = Math.max(MIN_RADIUS,
            MAX_RADIUS * Math.sqrt(Math.max(0, s.customers()) / (double) maxCustomers));
        pos.put(s.segmentId(), new double[] {cx, cy, r});
      }
      h.append("<svg id=\"segment-map\" class=\"segment-map\"")
          .append(" viewBox=\"0 0 ").append(MAP_WIDTH).append(' ').append(MAP_HEIGHT)
          // a group, not an image: an image's children are hidden from screen readers, and each
          // bubble is a link to its segment's card
          .append("\" role=\"group\" aria-label=\"Segment map: one link per segment\">\n")
          .append("<rect class=\"map-bg\" x=\"0\" y=\"0\" width=\"").append(MAP_WIDTH)
          .append("\" height=\"").append(MAP_HEIGHT).append("\" rx=\"14\"/>\n<g class=\"links\">\n");
      Set<String> drawn = new HashSet<>();
      for (SegmentProfile s : segments) {
        for (Integer n : s.neighbours()) {
          if (n == null || !pos.containsKey(n) || n == s.segmentId()) {
            continue;
          }
          String key = Math.min(n, s.segmentId()) + "-" + Math.max(n, s.segmentId());
          if (drawn.add(key)) {
            double[] a = pos.get(s.segmentId());
            double[] b = pos.get(n);
            h.append("<line class=\"neighbour-link\" x1=\"").append(num1(a[0])).append("\" y1=\"")
                .append(num1(a[1])).append("\" x2=\"").append(num1(b[0])).append("\" y2=\"")
                .append(num1(b[1])).append("\"/>\n");
          }
        }
      }
      h.append("</g>\n<g class=\"bubbles\">\n");
      List<SegmentProfile> bySize = new ArrayList<>(segments);
      bySize.sort(Comparator.comparingLong(SegmentProfile::customers).reversed());
      for (SegmentProfile s : bySize) {
        double[] p = pos.get(s.segmentId());
        h.append("<a href=\"#segment-").append(s.segmentId()).append("\" class=\"segment-node\" aria-label=\"")
            .append(escape(s.name())).append(", ").append(customers(s.customers())).append("\">")
            .append("<circle class=\"segment-bubble\" data-segment-id=\"").append(s.segmentId())
            .append("\" cx=\"").append(num1(p[0])).append("\" cy=\"").append(num1(p[1]))
            .append("\" r=\"").append(num1(p[2])).append("\" fill=\"").append(churnColour(s))
            .append("\"><title>").append(escape(s.name())).append(" — ")
            .append(customers(s.customers())).append(", churn ")
            .append(percent(s.avgChurnProbability())).append("</title></circle></a>\n");
      }
      h.append("</g>\n<g class=\"labels\">\n");
      List<double[]> placed = new ArrayList<>();
      for (SegmentProfile s : bySize) {
        double[] p = pos.get(s.segmentId());
        String sub = percent(s.shareOfCustomers()) + " of customers · " + money(s.avgPredictedValue())
            + " avg";
        // Text is not measured in SVG without script; 7.5 px a character at 13 px bold is a safe
        // over-estimate that keeps labels near the edge inside the canvas.
        double half = Math.max(nameLength(s.name()) * 7.5, sub.length() * 6.0) / 2 + 6;
        double[] at = placeLabel(p, half, placed);
        double lx = at[0];
        double ly = at[1];
        if (at[2] > 0) {
          // moved away from its bubble to stay readable: a thin line says whose label it is
          double ey = ly < p[1] ? p[1] - p[2] : p[1] + p[2];
          h.append("<line class=\"label-leader\" x1=\"").append(num1(p[0])).append("\" y1=\"").append(num1(ey))
              .append("\" x2=\"").append(num1(lx)).append("\" y2=\"").append(num1(ly < p[1] ? ly + 18 : ly - 13))
              .append("\"/>\n");
        }
        h.append("<text class=\"segment-label\" x=\"").append(num1(lx)).append("\" y=\"")
            .append(num1(ly)).append("\">").append(escape(s.name())).append("</text>\n")
            .append("<text class=\"segment-sublabel\" x=\"").append(num1(lx)).append("\" y=\"")
            .append(num1(ly + 14)).append("\">").append(sub).append("</text>\n");
      }
      h.append("</g>\n</svg>\n<div class=\"legend\"><span>churn ").append(percent(churnMin))
          .append("</span><span class=\"legend-ramp\"></span><span>").append(percent(churnMax))
          .append("</span><span class=\"legend-note\">Lines join nearest neighbours in the"
              + " learned space.</span></div>\n</section>\n");
    }

    /** A label's box: from 13 px above its first line's baseline to 18 px below (the second line). */
    static double[] labelBox(double lx, double ly, double half) {
      return new double[] {lx - half, ly - 13, lx + half, ly + 18};
    }

    /**
     * Where a bubble's two-line label goes: the first of the places below and above the bubble,
     * then further down and up, whose box stays inside the map and clear of the labels placed
     * before it (larger segments first); where none is clear, the one overlapping least. Returns
     * {x, y of the first baseline, 1 when moved away from the bubble else 0}; adds the box to
     * {@code placed}. Greedy and deterministic: the same segments give the same map.
     */
    static double[] placeLabel(double[] bubble, double half, List<double[]> placed) {
      double cx = bubble[0];
      double cy = bubble[1];
      double r = bubble[2];
      double lx = Math.max(half, Math.min(MAP_WIDTH - half, cx));
      double[] best = null;
      double bestOverlap = Double.POSITIVE_INFINITY;
      for (int step = 0; step < 12 && bestOverlap > 0; step++) {
        for (double ly : new double[] {cy + r + 16 + step * 32, cy - r - 20 - step * 32}) {
          double[] box = labelBox(lx, ly, half);
          if (box[1] < 2 || box[3] > MAP_HEIGHT - 2) {
            continue;
          }
          double overlap = 0;
          for (double[] q : placed) {
            double w = Math.min(box[2], q[2]) - Math.max(box[0], q[0]);
            double hgt = Math.min(box[3], q[3]) - Math.max(box[1], q[1]);
            overlap += w > 0 && hgt > 0 ? w * hgt : 0;
          }
          if (overlap < bestOverlap) {
            bestOverlap = overlap;
            best = new double[] {lx, ly, step > 0 ? 1 : 0};
          }
          if (overlap == 0) {
            break;
          }
        }
      }
      if (best == null) {
        best = new double[] {lx, Math.min(MAP_HEIGHT - 20, cy + r + 16), 0};
      }
      placed.add(labelBox(best[0], best[1], half));
      return best;
    }

    private static int nameLength(String name) {
      return name == null ? 0 : name.codePointCount(0, name.length());
    }

    private String churnColour(SegmentProfile s) {
      double c = s.avgChurnProbability();
      double t = !Double.isFinite(c) || !(churnMax > churnMin) ? 0.5 : (c - churnMin) / (churnMax - churnMin);
      return ramp(t);
    }

    /** A teal → sand → coral ramp, low to high risk. */
    private static String ramp(double t) {
      int[][] stops = {{42, 157, 143}, {233, 196, 106}, {231, 111, 81}};
      t = Math.max(0, Math.min(1, t));
      int i = t < 0.5 ? 0 : 1;
      double u = t < 0.5 ? t / 0.5 : (t - 0.5) / 0.5;
      int r = (int) Math.round(stops[i][0] + u * (stops[i + 1][0] - stops[i][0]));
      int g = (int) Math.round(stops[i][1] + u * (stops[i + 1][1] - stops[i][1]));
      int b = (int) Math.round(stops[i][2] + u * (stops[i + 1][2] - stops[i][2]));
      return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    // ---------------------------------------------------------------- segment cards

    private void segmentCards() {
      if (segments.isEmpty()) {
        return;
      }
      double effectScale = 1;
      for (SegmentProfile s : segments) {
        for (SegmentSignal sig : s.signals()) {
          if (sig != null && Double.isFinite(sig.effectSize())) {
            effectScale = Math.max(effectScale, Math.abs(sig.effectSize()));
          }
        }
      }
      effectScale = Math.min(effectScale, 3);
      h.append("<section id=\"segments\" class=\"panel\">\n<h2>Segments</h2>\n<div class=\"cards\">\n");
      for (SegmentProfile s : segments) {
        h.append("<article class=\"segment-card\" id=\"segment-").append(s.segmentId())
            .append("\" data-segment-id=\"").append(s.segmentId()).append("\">\n<header>")
            .append("<span class=\"swatch\" style=\"background:").append(churnColour(s))
            .append("\"></span><h3>").append(escape(s.name())).append("</h3><span class=\"seg-id\">#")
            .append(s.segmentId()).append("</span></header>\n");
        if (s.description() != null && !s.description().isBlank()) {
          h.append("<p class=\"description\">").append(escape(s.description())).append("</p>\n");
        }
        h.append("<div class=\"stats\">")
            .append(stat(count(s.customers()), "customers"))
            .append(stat(money(s.avgPredictedValue()), "avg predicted value"))
            .append(stat(percent(s.avgChurnProbability()), "avg churn probability"))
            .append("</div>\n<div class=\"shares\">")
            .append(shareBar("customers", s.shareOfCustomers()))
            .append(shareBar("revenue", s.shareOfRevenue()))
            .append("</div>\n");
        List<SegmentSignal> signals = new ArrayList<>();
        for (SegmentSignal sig : s.signals()) {
          if (sig != null) {
            signals.add(sig);
          }
        }
        signals.sort(Comparator.comparingInt(SegmentSignal::rank));
        if (!signals.isEmpty()) {
          h.append("<h4>What sets them apart <small>(vs everyone, in standard deviations)</small>"
              + "</h4>\n<ul class=\"signals\">\n");
          for (SegmentSignal sig : signals.subList(0, Math.min(SIGNALS_PER_CARD, signals.size()))) {
            signalRow(sig, effectScale);
          }
          h.append("</ul>\n");
        }
        String moved = movedLine(s.segmentId());
        if (!moved.isEmpty()) {
          h.append("<p class=\"moved\">").append(moved).append("</p>\n");
        }
        if (!s.contrasts().isEmpty()) {
          h.append("<h4>Compared with neighbours</h4>\n<ul class=\"contrasts\">\n");
          for (int i = 0; i < s.contrasts().size(); i++) {
            h.append("<li>");
            Integer n = i < s.neighbours().size() ? s.neighbours().get(i) : null;
            SegmentProfile other = n == null ? null : segmentsById.get(n);
            String text = s.contrasts().get(i);
            if (other != null) {
              h.append("<a class=\"neighbour\" href=\"#segment-").append(other.segmentId())
                  .append("\">vs ").append(escape(other.name())).append("</a> ");
              // The profiler's sentences already open with "vs <name>: "; the link says it.
              String lead = "vs " + other.name() + ": ";
              if (text.startsWith(lead)) {
                text = text.substring(lead.length());
              }
            }
            h.append(escape(text)).append("</li>\n");
          }
          h.append("</ul>\n");
        }
        h.append("</article>\n");
      }
      h.append("</div>\n</section>\n");
    }

    /** Where the segment's customers were a horizon ago, in one line (empty without flows). */
    private String movedLine(int segment) {
      SegmentFlows flows = run.segmentFlows();
      if (flows == null) {
        return "";
      }
      long before = flows.before(segment);
      long stayed = flows.stayed(segment);
      StringBuilder b = new StringBuilder("<b>Since ").append(escape(flows.since()));
      if (flows.sampleShare() < 1) {
        b.append(" (in a ").append(percentShort(flows.sampleShare())).append(" sample of customers)");
      }
      b.append(":</b> ");
      b.append(before == 0 ? "none of the customers compared were here then"
          : stayed == before ? (before == 1 ? "the one customer here then stayed" : "all " + count(before) + " here then stayed")
          : count(stayed) + " of the " + count(before) + " here then stayed (" + percentShort(stayed / (double) before) + ")");
      List<String> in = new ArrayList<>();
      for (SegmentFlows.Flow f : flows.into(segment)) {
        if (in.size() < 3) {
          in.add(count(f.customers()) + (f.fromSegment() == null ? " new" : " from " + segmentName(f.fromSegment())));
        }
      }
      List<String> out = new ArrayList<>();
      for (SegmentFlows.Flow f : flows.outOf(segment)) {
        if (out.size() < 3) {
          out.add(count(f.customers()) + " to " + segmentName(f.toSegment()));
        }
      }
      if (!in.isEmpty()) {
        b.append("; came in: ").append(String.join(", ", in));
      }
      if (!out.isEmpty()) {
        b.append("; left: ").append(String.join(", ", out));
      }
      return b.append('.').toString();
    }

    private String segmentName(int id) {
      SegmentProfile p = segmentsById.get(id);
      return p == null ? "segment #" + id : escape(p.name());
    }

    /**
     * The matrix of flows: rows where customers were a horizon ago (and the new), columns where
     * they are now; each row's counts with their share of the row.
     */
    private void segmentFlows() {
      SegmentFlows flows = run.segmentFlows();
      if (flows == null || segments.isEmpty() || flows.flows().isEmpty()) {
        return;
      }
      h.append("<section id=\"segment-flows\" class=\"panel\">\n<h2>How customers moved since ")
          .append(escape(flows.since())).append("</h2>\n<p class=\"note\">Today's customers as they were one horizon ago, "
              + "placed in today's segments by the same signals and metric (")
          .append(percentShort(flows.agreement())).append(" of today's customers are placed back in their own segment "
              + "that way); rows: where they were, columns: where they are now. ")
          .append(customers(flows.compared())).append(" compared, ").append(count(flows.newCustomers()))
          .append(" new since");
      if (flows.notCompared() > 0) {
        h.append(", ").append(count(flows.notCompared())).append(" not compared: the run kept the earlier signals of a "
            + "sample of its customers (training_sample_cap), and the new customers are counted at the same rate, so "
            + "the counts are those of a ").append(percentShort(flows.sampleShare())).append(" sample");
      }
      h.append(".</p>\n<table class=\"metrics flows\"><thead><tr><th>then \\ now</th>");
      for (SegmentProfile s : segments) {
        h.append("<th>").append(escape(s.name())).append("</th>");
      }
      h.append("<th>total</th></tr></thead>\n<tbody>\n");
      List<Integer> rows = new ArrayList<>();
      for (SegmentProfile s : segments) {
        rows.add(s.segmentId());
      }
      rows.add(null);
      for (Integer from : rows) {
        long total = 0;
        Map<Integer, Long> cells = new HashMap<>();
        for (SegmentFlows.Flow f : flows.flows()) {
          if (Objects.equals(f.fromSegment(), from)) {
            cells.merge(f.toSegment(), f.customers(), Long::sum);
            total += f.customers();
          }
        }
        if (from == null && total == 0) {
          continue;
        }
        h.append("<tr><th>").append(from == null ? "new customers" : segmentName(from)).append("</th>");
        for (SegmentProfile s : segments) {
          long c = cells.getOrDefault(s.segmentId(), 0L);
          h.append("<td").append(from != null && from == s.segmentId() ? " class=\"stayed\"" : "").append(">")
              .append(count(c));
          if (total > 0 && c > 0) {
            h.append(" <small>").append(percentShort(c / (double) total)).append("</small>");
          }
          h.append("</td>");
        }
        h.append("<td>").append(count(total)).append("</td></tr>\n");
      }
      h.append("</tbody></table>\n</section>\n");
    }

    private static String stat(String valueHtml, String label) {
      return "<div class=\"stat\"><b>" + valueHtml + "</b><span>" + label + "</span></div>";
    }

    private static String shareBar(String what, double share) {
      double w = Double.isFinite(share) ? Math.max(0, Math.min(1, share)) * 100 : 0;
      return "<div class=\"share share-" + what + "\"><span class=\"share-label\">" + percent(share)
          + " of " + what + "</span><span class=\"share-track\"><span class=\"share-fill\" style=\"width:"
          + pct(w) + "%\"></span></span></div>";
    }

    private void signalRow(SegmentSignal sig, double effectScale) {
      double e = finite(sig.effectSize());
      double w = Math.min(50, 50 * Math.abs(e) / effectScale);
      String label = sig.label() != null && !sig.label().isBlank() ? sig.label() : sig.signal();
      h.append("<li class=\"signal\"><span class=\"signal-label\" title=\"")
          .append(escape(sig.signal())).append("\">").append(escape(label)).append("</span>")
          .append("<span class=\"diverging\"><span class=\"axis\"></span><span class=\"effect-bar ")
          .append(e >= 0 ? "pos" : "neg").append("\" style=\"")
          .append(e >= 0 ? "left:50%" : "right:50%").append(";width:").append(pct(w))
          .append("%\"></span></span><span class=\"effect\">").append(e >= 0 ? "+" : "−")
          .append(String.format(Locale.ROOT, "%.2f", Math.abs(e))).append(" sd</span>")
          .append("<span class=\"signal-values\">").append(number(sig.segmentValue()))
          .append(" vs ").append(number(sig.populationValue())).append(" overall</span></li>\n");
    }

    // ---------------------------------------------------------------- opportunities

    private void opportunitiesSection() {
      h.append("<section id=\"opportunities\" class=\"panel\">\n<h2>Opportunities, ranked</h2>\n");
      if (opportunities.isEmpty()) {
        h.append("<p class=\"empty\">This run found no opportunities.</p>\n</section>\n");
        return;
      }
      for (OpportunitySummary o : opportunities) {
        h.append("<article class=\"opportunity\" id=\"").append(oppAnchor(o))
            .append("\" data-opportunity-id=\"").append(escape(o.opportunityId()))
            .append("\" data-type=\"").append(escape(o.type())).append("\">\n")
            .append("<div class=\"opp-rank\">").append(o.rank()).append("</div>\n<div class=\"opp-body\">\n")
            .append("<header>").append(badge(o.type())).append("<h3>").append(escape(o.title()))
            .append("</h3>");
        if (o.segmentId() != null) {
          SegmentProfile seg = segmentsById.get(o.segmentId());
          h.append("<a class=\"opp-segment\" href=\"#segment-").append(o.segmentId()).append("\">")
              .append(seg == null ? "segment #" + o.segmentId() : escape(seg.name())).append("</a>");
        }
        h.append("</header>\n<div class=\"opp-figures\">")
            .append(figure("opp-value", money(o.expectedValue()),
                "expected over " + run.horizonDays() + " days"))
            .append(figure("opp-customers", count(o.customers()), "customers"))
            .append(figure("opp-groups", count(o.treatment()) + " / " + count(o.holdout()),
                "treatment / holdout"))
            .append(confidence(o.confidence()))
            .append("</div>\n<dl class=\"opp-text\">");
        if (!(o.expectedValue() > 0)) {
          h.append("<p class=\"not-worth\">Not worth acting on at these assumptions: its expected value is"
              + " zero or less, so it is left out of the total above.</p>");
        }
        text("Why these customers", o.evidence());
        text("Recommended action", o.action());
        text("KPI to move", o.kpi());
        text("Measuring it", measurable(o));
        h.append("</dl>\n");
        if (o.valueFormula() != null && !o.valueFormula().isBlank()) {
          h.append("<details class=\"formula\"><summary>How the value was computed</summary><code>")
              .append(escape(o.valueFormula())).append("</code></details>\n");
        }
        h.append("</div>\n</article>\n");
      }
      h.append("</section>\n");
    }

    /**
     * One sentence on the withheld horizon: whether the predicted values ranked better than each
     * baseline (Spearman and top-decile capture), and how far their total was from what customers
     * spent. Empty where the run has no such figures.
     */
    static String truthVerdict(Map<String, Object> t) {
      Optional<Map<String, Object>> model = RunFigures.map(t, "future_value");
      if (model.isEmpty()) {
        return "";
      }
      double rho = truthFigure(model.get(), "value.spearman");
      double cap = truthFigure(model.get(), "value.top_decile_capture");
      double ratio = truthFigure(model.get(), "value.total_ratio");
      List<String> parts = new ArrayList<>();
      for (String[] b : new String[][] {{"future_value_baseline_linear", "the linear baseline"},
          {"future_value_baseline_last_horizon", "last horizon's revenue"}}) {
        Optional<Map<String, Object>> base = RunFigures.map(t, b[0]);
        if (base.isEmpty()) {
          continue;
        }
        double br = truthFigure(base.get(), "value.spearman");
        double bc = truthFigure(base.get(), "value.top_decile_capture");
        if (Double.isFinite(rho) && Double.isFinite(br) && Double.isFinite(cap) && Double.isFinite(bc)) {
          boolean better = rho > br && cap > bc;
          boolean worse = rho < br && cap < bc;
          parts.add((better ? "ranked better than " : worse ? "ranked worse than " : "ranked about as well as ")
              + b[1] + String.format(Locale.ROOT, " (Spearman %.3f vs %.3f, top-decile capture %.3f vs %.3f)",
                  rho, br, cap, bc));
        }
      }
      String total = Double.isFinite(ratio) && ratio > 0
          ? String.format(Locale.ROOT, "; its predicted total was %.0f%% of what customers spent", 100 * ratio)
          : "";
      if (parts.isEmpty()) {
        return total.isEmpty() ? "" : String.format(Locale.ROOT,
            "On the withheld horizon the model's predicted total was %.0f%% of what customers spent.", 100 * ratio);
      }
      return "On the withheld horizon the model " + String.join(" and ", parts) + total + ".";
    }

    private static double truthFigure(Map<String, Object> m, String key) {
      Object v = m.get(key);
      return v instanceof Number x ? x.doubleValue() : Double.NaN;
    }

    private static String figure(String cls, String valueHtml, String label) {
      return "<div class=\"fig " + cls + "\"><b>" + valueHtml + "</b><span>" + label + "</span></div>";
    }

    private static String confidence(double c) {
      double v = Double.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0;
      String level = v >= 0.7 ? "high" : v >= 0.4 ? "medium" : "low";
      // not a probability: the audience's size and how far it stands apart, each on 0..1
      return "<div class=\"fig opp-confidence conf-" + level + "\" title=\"Evidence strength, 0 to 1: the"
          + " audience's size, n / (n + 50), times how far its members stand apart from the rest, s / (1 + s)."
          + " Not a probability.\"><b>" + String.format(Locale.ROOT, "%.2f", v)
          + "</b><span>evidence strength (" + level + ")</span><span class=\"conf-track\"><span"
          + " class=\"conf-fill\" style=\"width:" + pct(v * 100) + "%\"></span></span></div>";
    }

    /**
     * What the holdout can show: the smallest lift in conversion it tells from chance at the
     * conservative base rate ½ (any other rate needs less), so a marketer sees before the campaign
     * whether holdout_share leaves enough customers out.
     */
    static String measurable(OpportunitySummary o) {
      if (o.holdout() < 1) {
        return "Nobody in this audience of " + count(o.treatment()) + " fell in the holdout (each customer is"
            + " held out with the chance holdout_share), so the lift of this action cannot be measured.";
      }
      if (o.treatment() < 1) {
        return "Every member is held out: nobody would receive this action.";
      }
      double d = dev.undercurrent.core.stats.LiftStatistics.detectableConversionDifference(
          o.treatment(), o.holdout(), 0.5, 0.95);
      String groups = "With " + count(o.treatment()) + " treated and " + count(o.holdout()) + " held out, ";
      if (d >= 0.5) {
        // at a 50% base rate no difference can exceed 50 points
        return groups + "no difference in conversion can be told from chance: raise holdout_share.";
      }
      return groups + "a difference in conversion of " + String.format(Locale.ROOT, "%.1f", 100 * d)
          + " percentage points or more shows at 95% confidence with 80% power (at a 50% base rate; less at"
          + " lower rates). " + (d > 0.1
              ? "Smaller lifts will look like chance: raise holdout_share for an audience of this size."
              : "After the horizon, compare the groups: undercurrent measure --run <this run> --audience "
                  + o.opportunityId() + " --orders <orders since> --from <start> --to <end>.");
    }

    private void text(String label, String value) {
      if (value != null && !value.isBlank()) {
        h.append("<dt>").append(label).append("</dt><dd>").append(escape(value)).append("</dd>");
      }
    }

    private static String badge(String type) {
      String label = type == null ? "other" : TYPE_LABELS.getOrDefault(type, type);
      return "<span class=\"badge type-" + cssToken(type) + "\">" + escape(label) + "</span>";
    }

    private static String oppAnchor(OpportunitySummary o) {
      return "opportunity-" + cssToken(o.opportunityId());
    }

    // ---------------------------------------------------------------- model quality

    private void modelQuality() {
      Optional<Map<String, Object>> model = RunFigures.map(metrics, "model");
      Optional<Map<String, Object>> seg = RunFigures.map(metrics, "segments");
      Optional<Map<String, Object>> truth = RunFigures.map(metrics, "truth");
      Map<String, Object> other = new TreeMap<>();
      for (Map.Entry<String, Object> e : metrics.entrySet()) {
        if (!Set.of("model", "segments", "truth", "as_of").contains(e.getKey()) && e.getValue() != null) {
          other.put(e.getKey(), e.getValue());
        }
      }
      if (model.isEmpty() && seg.isEmpty() && truth.isEmpty() && other.isEmpty()) {
        h.append("<section id=\"model-quality\" class=\"panel\">\n<h2>Model quality</h2>\n")
            .append("<p class=\"empty\">This run recorded no quality metrics.</p>\n</section>\n");
        return;
      }
      h.append("<section id=\"model-quality\" class=\"panel\">\n<h2>Model quality</h2>\n")
          .append("<p class=\"lede\">How well the run's predictions held up on the latest labelled"
              + " snapshot while it was kept out of training (the customers as they were at an earlier"
              + " cut-off, judged on what they did in the horizon after it), beside simple baselines it"
              + " has to beat.")
          .append(model.flatMap(m -> RunFigures.at(m, "validation", "refit", "rows")).isPresent()
              ? " The model that scores today was then trained again, as long, with that snapshot"
                  + " included: the figures are the honest estimate of the first fit, which never saw it."
              : "")
          .append(" Spearman: how well the order of predicted values matches the order of what"
              + " customers spent (1 perfect, 0 no better than chance). Top-decile capture: the share of"
              + " all revenue that came from the tenth of customers ranked highest (0.10 by chance)."
              + " AUC: how often a customer who stopped buying was ranked riskier than one who did not"
              + " (0.5 chance, 1 perfect).</p>\n");
      model.map(m -> m.get("saved_model")).ifPresent(path -> h.append("<p class=\"warn saved-model\">This run"
          + " trained nothing: it scored with the saved model ").append(escape(String.valueOf(path)))
          .append(", so the held-out figures below are that model's, measured when it was trained (on ")
          .append(escape(String.valueOf(model.get().get("training_window")))).append(").</p>\n"));
      RunFigures.at(metrics, "as_of", "caution").ifPresent(c -> h.append("<p class=\"warn as-of-caution\">")
          .append(escape(String.valueOf(c))).append(": read the figures below with that in mind.</p>\n"));
      model.ifPresent(this::heldOutSize);
      model.map(Page::valueLevel).filter(t -> !t.isEmpty()).ifPresent(t -> h.append("<p class=\"note\" id=\"value-level\">")
          .append(escape(t)).append("</p>\n"));
      h.append("<div class=\"quality-grid\">\n");
      Optional<Map<String, Object>> quality = model.map(Page::heldOutQuality);
      Optional<String> ordering = quality.map(m -> m.get(VALUE_ORDERING))
          .filter(String.class::isInstance).map(String.class::cast);
      quality.flatMap(m -> RunFigures.map(m, "value")).ifPresent(v -> valueTable(v, ordering));
      quality.flatMap(m -> RunFigures.map(m, "churn")).ifPresent(this::churnTiles);
      seg.ifPresent(this::segmentQuality);
      h.append("</div>\n");
      truth.ifPresent(t -> {
        h.append("<div class=\"quality-block\" id=\"truth-quality\"><h3>Against the truth"
            + "</h3><p class=\"lede\">" + (t.containsKey("audiences") || t.containsKey("segment_ari_vs_kinds")
                ? "On a synthetic lake the planted structure is known: how many of each opportunity's"
                    + " members were planted for it (precision) and how many planted customers it found"
                    + " (recall); the segments' adjusted Rand index against the planted kinds (1 the same"
                    + " partition, 0 chance). Where the horizon after the cut-off was withheld, the"
                    + " predictions are judged against what customers then spent."
                : "The horizon after the cut-off was withheld from the run: the predictions are judged"
                    + " against what customers then spent and whether they bought, beside the same"
                    + " baselines.")
            + "</p>");
        String verdict = truthVerdict(t);
        if (!verdict.isEmpty()) {
          h.append("<p class=\"verdict\">").append(escape(verdict)).append("</p>");
        }
        generic(t, 0);
        h.append("</div>\n");
      });
      model.ifPresent(m -> {
        Map<String, Object> rest = new TreeMap<>(m);
        rest.remove("value");
        rest.remove("churn");
        rest.remove("validation"); // shown above as the held-out table and tiles
        rest.values().removeIf(v -> v == null);
        other.putAll(rest);
      });
      if (!other.isEmpty()) {
        h.append("<details class=\"quality-block other-metrics\"><summary>Other metrics</summary>");
        generic(other, 0);
        h.append("</details>\n");
      }
      h.append("</section>\n");
    }

    /**
     * The model's held-out quality as the tables read it: {@code value} (with each baseline's value
     * figures, and the network's own where the predicted value blends in the ridge, as columns)
     * and {@code churn}. A run writes them under {@code model.validation}, one map per predictor
     * ({@code validation.value}, {@code validation.baseline_linear.value}, …); a summary that
     * already has {@code model.value} is taken as it is.
     */
    static Map<String, Object> heldOutQuality(Map<String, Object> model) {
      Optional<Map<String, Object>> validation = RunFigures.map(model, "validation");
      if (validation.isEmpty() || RunFigures.map(model, "value").isPresent()) {
        return model;
      }
      Map<String, Object> v = validation.get();
      Map<String, Object> out = new LinkedHashMap<>();
      RunFigures.map(v, "value").ifPresent(value -> {
        Map<String, Object> table = new LinkedHashMap<>(value);
        for (Map.Entry<String, Object> e : v.entrySet()) {
          boolean column = e.getKey().startsWith("baseline") || e.getKey().equals("network");
          if (column) {
            RunFigures.map(v, e.getKey(), "value").ifPresent(x -> table.put(e.getKey(), x));
          }
        }
        out.put("value", table);
      });
      RunFigures.map(v, "churn").ifPresent(c -> {
        Map<String, Object> churn = new LinkedHashMap<>(c);
        RunFigures.number(v, "network", "churn", "ece").ifPresent(e -> churn.put(NETWORK_ECE, e));
        out.put("churn", churn);
      });
      valueOrdering(v).ifPresent(t -> out.put(VALUE_ORDERING, t));
      return out;
    }

    /** Where {@link #heldOutQuality} keeps the network's churn calibration error before calibration. */
    static final String NETWORK_ECE = "network_ece";

    /** Where {@link #heldOutQuality} keeps the sentence on how the predicted value was formed. */
    static final String VALUE_ORDERING = "value_ordering";

    /**
     * How the predicted value orders customers, as the held-out snapshot chose it: by expected
     * value or by expected rank (with both candidates' figures), and the ridge's blend weight.
     * Empty where the run recorded neither choice.
     */
    static Optional<String> valueOrdering(Map<String, Object> validation) {
      Optional<Map<String, Object>> r = RunFigures.map(validation, "value_ranking");
      OptionalDouble w = RunFigures.map(validation, "value_blend")
          .map(b -> RunFigures.number(b, "linear_weight")).orElse(OptionalDouble.empty());
      StringBuilder t = new StringBuilder();
      r.ifPresent(ranking -> {
        OptionalDouble chosen = RunFigures.number(ranking, "by_expected_rank");
        if (chosen.isEmpty()) {
          return;
        }
        boolean byRank = chosen.getAsDouble() > 0;
        String mine = byRank ? "expected_rank" : "expected_value";
        String other = byRank ? "expected_value" : "expected_rank";
        t.append("Customers are ordered by ").append(byRank ? "expected rank" : "expected value")
            .append(" (chance to buy and amount combined")
            .append(byRank ? " as a rank, mapped back to currency)" : " as chance × amount)");
        Optional<String> a = figures(ranking, mine);
        Optional<String> b = figures(ranking, other);
        if (a.isPresent() && b.isPresent()) {
          t.append(": on the held-out snapshot the network alone reached ").append(a.get())
              .append(", against ").append(b.get()).append(" by ")
              .append(byRank ? "expected value" : "expected rank");
        }
        OptionalDouble sa = RunFigures.map(ranking, mine)
            .map(x -> RunFigures.number(x, "score")).orElse(OptionalDouble.empty());
        OptionalDouble sb = RunFigures.map(ranking, other)
            .map(x -> RunFigures.number(x, "score")).orElse(OptionalDouble.empty());
        if (sa.isPresent() && sb.isPresent()) {
          t.append(a.isPresent() && b.isPresent() ? "; " : ": ")
              .append("with the blend each would get, Spearman plus capture ")
              .append(metric(sa.getAsDouble())).append(" against ").append(metric(sb.getAsDouble()))
              .append(" (what the choice compared)");
        }
        t.append('.');
      });
      if (w.isPresent() && w.getAsDouble() > 0) {
        t.append(t.length() > 0 ? " " : "").append("Blended with the linear model on log value at")
            .append(" weight ").append(metric(w.getAsDouble())).append('.');
      }
      return t.length() == 0 ? Optional.empty() : Optional.of(t.toString());
    }

    private static Optional<String> figures(Map<String, Object> ranking, String candidate) {
      Optional<Map<String, Object>> c = RunFigures.map(ranking, candidate);
      OptionalDouble sp = c.map(x -> RunFigures.number(x, "spearman")).orElse(OptionalDouble.empty());
      OptionalDouble cap = c.map(x -> RunFigures.number(x, "top_decile_capture"))
          .orElse(OptionalDouble.empty());
      if (sp.isEmpty() || cap.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("Spearman " + metric(sp.getAsDouble()) + " and top-decile capture "
          + metric(cap.getAsDouble()));
    }

    private static final Map<String, String> VALUE_LABELS = linked(
        "spearman", "Rank correlation (Spearman)",
        "top_decile_capture", "Top-decile revenue capture",
        "mae", "Mean absolute error",
        "total_ratio", "Predicted total ÷ actual total (1 is right)");

    private void valueTable(Map<String, Object> value, Optional<String> ordering) {
      Map<String, Map<String, Object>> columns = new LinkedHashMap<>();
      columns.put(value.get("network") instanceof Map<?, ?> ? "Model: network blended with the ridge" : "Model",
          value);
      for (Map.Entry<String, Object> e : value.entrySet()) {
        boolean column = e.getKey().startsWith("baseline") || e.getKey().equals("network");
        if (column && e.getValue() instanceof Map<?, ?>) {
          columns.put(baselineLabel(e.getKey()), RunFigures.map(value, e.getKey()).orElseThrow());
        }
      }
      Set<String> rows = new LinkedHashSet<>();
      for (String k : VALUE_LABELS.keySet()) {
        for (Map<String, Object> col : columns.values()) {
          if (RunFigures.number(col, k).isPresent()) {
            rows.add(k);
          }
        }
      }
      for (Map<String, Object> col : columns.values()) {
        for (Map.Entry<String, Object> e : col.entrySet()) {
          if (e.getValue() instanceof Number) {
            rows.add(e.getKey());
          }
        }
      }
      if (rows.isEmpty()) {
        return;
      }
      h.append("<div class=\"quality-block\" id=\"value-quality\"><h3>Predicted value</h3>")
          .append("<table class=\"metrics value-metrics\"><thead><tr><th>metric</th>");
      for (String c : columns.keySet()) {
        h.append("<th>").append(escape(c)).append("</th>");
      }
      h.append("</tr></thead><tbody>\n");
      for (String row : rows) {
        boolean lowerBetter = row.equals("mae") || row.endsWith("error") || row.equals("rmse");
        boolean nearOne = row.equals("total_ratio");
        double max = 0;
        double best = lowerBetter || nearOne ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (Map<String, Object> col : columns.values()) {
          OptionalDouble v = RunFigures.number(col, row);
          if (v.isPresent()) {
            double d = nearOne ? Math.abs(Math.log(v.getAsDouble())) : v.getAsDouble();
            max = Math.max(max, Math.abs(v.getAsDouble()));
            best = lowerBetter || nearOne ? Math.min(best, d) : Math.max(best, d);
          }
        }
        h.append("<tr><th scope=\"row\">").append(escape(VALUE_LABELS.getOrDefault(row, row)))
            .append(lowerBetter ? " <small>(lower is better)</small>" : "").append("</th>");
        for (Map<String, Object> col : columns.values()) {
          OptionalDouble v = RunFigures.number(col, row);
          if (v.isEmpty()) {
            h.append("<td class=\"na\">–</td>");
            continue;
          }
          double d = v.getAsDouble();
          double w = max > 0 ? 100 * Math.abs(d) / max : 0;
          double judged = nearOne ? Math.abs(Math.log(d)) : d;
          h.append("<td").append(judged == best && columns.size() > 1 ? " class=\"best\"" : "").append(">")
              .append("<span class=\"cell-value\">").append(metric(d)).append("</span>")
              .append("<span class=\"mini-track\"><span class=\"mini-fill\" style=\"width:")
              .append(pct(w)).append("%\"></span></span></td>");
        }
        h.append("</tr>\n");
      }
      h.append("</tbody></table>");
      ordering.ifPresent(t -> h.append("<p class=\"note\" id=\"value-ordering\">")
          .append(escape(t)).append("</p>"));
      h.append("</div>\n");
    }

    /** Held-out snapshots under this many customers get the interval of their Spearman said. */
    static final int FEW_HELD_OUT = 2_000;

    /**
     * How many customers the held-out figures come from, and where they are few, how far the value
     * Spearman could be from the truth: a 95% interval by Fisher's z with the variance Fieller,
     * Hartley &amp; Pearson (1957) give for Spearman's coefficient, {@code 1.06 / (n − 3)}. A small
     * business's 300 held-out customers put a Spearman of 0.5 anywhere in 0.41 – 0.58.
     */
    private void heldOutSize(Map<String, Object> model) {
      OptionalDouble rows = RunFigures.number(model, "validation_rows");
      if (rows.isEmpty() || rows.getAsDouble() < 1) {
        return;
      }
      long n = Math.round(rows.getAsDouble());
      h.append("<p class=\"note\" id=\"held-out-size\">Measured on ")
          .append(customers(n))
          .append(" of the held-out snapshot");
      RunFigures.at(model, "validation_window").ifPresent(w -> h.append(" (").append(escape(String.valueOf(w))).append(')'));
      h.append('.');
      OptionalDouble rho = RunFigures.number(model, "validation", "value", "spearman");
      if (n < FEW_HELD_OUT && n > 3 && rho.isPresent() && Math.abs(rho.getAsDouble()) < 1) {
        double z = 0.5 * Math.log((1 + rho.getAsDouble()) / (1 - rho.getAsDouble()));
        double half = 1.96 * Math.sqrt(1.06 / (n - 3));
        h.append(" At this size the value Spearman of ").append(metric(rho.getAsDouble()))
            .append(" could lie anywhere in ").append(metric(Math.tanh(z - half))).append(" – ")
            .append(metric(Math.tanh(z + half))).append(" (95% interval).");
      }
      h.append("</p>\n");
    }

    /**
     * At what level the predicted values and churn probabilities were set ({@code model.value_level}
     * of a run): the season's, with the snapshots it rests on, the totals beside the network's and
     * the same forecast's backtest on the held-out horizon; or the network's own, and why. Empty
     * where the run recorded neither.
     */
    static String valueLevel(Map<String, Object> model) {
      Optional<Map<String, Object>> l = RunFigures.map(model, "value_level");
      if (l.isEmpty()) {
        return "";
      }
      Map<String, Object> m = l.get();
      if (!"seasonal".equals(m.get("method"))) {
        return m.get("reason") == null ? "" : "Predicted values and churn probabilities are at the network's own level: "
            + m.get("reason") + ".";
      }
      StringBuilder t = new StringBuilder("Predicted values and churn probabilities are moved towards the coming"
          + " season's level: the same horizon a year earlier (cut-off " + m.get("same_season") + "), grown as the"
          + " latest horizon (" + m.get("latest") + ") grew against the one a year before it ("
          + m.get("latest_last_year") + ").");
      OptionalDouble fv = RunFigures.number(m, "forecast_value");
      OptionalDouble nv = RunFigures.number(m, "network_value");
      OptionalDouble fb = RunFigures.number(m, "forecast_buyers");
      OptionalDouble nb = RunFigures.number(m, "network_buyers");
      if (fv.isPresent() && nv.isPresent() && fb.isPresent() && nb.isPresent()) {
        t.append(" That forecast has the customers spend ").append(metric(fv.getAsDouble()))
            .append(" in all (the network alone: ").append(metric(nv.getAsDouble())).append(") and ")
            .append(metric(fb.getAsDouble())).append(" of them buy (the network: ").append(metric(nb.getAsDouble()))
            .append(").");
      }
      OptionalDouble bv = RunFigures.number(m, "backtest", "value_ratio");
      OptionalDouble bb = RunFigures.number(m, "backtest", "buyers_ratio");
      if (bv.isPresent() && bb.isPresent()) {
        t.append(" Made for the held-out horizon from the horizons before it, the same forecast came to ")
            .append(String.format(Locale.ROOT, "%.2f", bv.getAsDouble())).append(" times what its customers spent and ")
            .append(String.format(Locale.ROOT, "%.2f", bb.getAsDouble())).append(" times its buyers");
      }
      OptionalDouble wv = RunFigures.number(m, "value_weight");
      OptionalDouble wb = RunFigures.number(m, "buyers_weight");
      OptionalDouble factor = RunFigures.number(m, "value_factor");
      if (wv.isPresent() && wb.isPresent() && factor.isPresent()) {
        t.append(bv.isPresent() ? "; so it" : " It").append(" weighs ").append(String.format(Locale.ROOT, "%.2f", wv.getAsDouble()))
            .append(" in the values (").append(String.format(Locale.ROOT, "×%.2f", factor.getAsDouble()))
            .append(" the network's) and ").append(String.format(Locale.ROOT, "%.2f", wb.getAsDouble()))
            .append(" in the buyers, by how far it departs from the network against how far it erred.");
      } else if (bv.isPresent()) {
        t.append('.');
      }
      t.append(" Every customer keeps her rank; the held-out figures below are the network's own.");
      return t.toString();
    }

    private static String baselineLabel(String key) {
      return switch (key) {
        case "baseline_last_horizon" -> "Baseline: last horizon's revenue";
        case "baseline_model_clv" -> "Baseline: BG/NBD × Gamma-Gamma";
        case "baseline_linear" -> "Baseline: linear regression";
        case "network" -> "Network alone";
        default -> "Baseline: " + key.replaceFirst("^baseline_?", "").replace('_', ' ');
      };
    }

    /**
     * The churn tiles; {@code network_ece} is the network's own calibration error where the run
     * calibrated its probabilities (then {@code ece} is the calibrated one's).
     */
    private void churnTiles(Map<String, Object> churn) {
      OptionalDouble networkEce = RunFigures.number(churn, NETWORK_ECE);
      OptionalDouble auc = RunFigures.number(churn, "auc");
      OptionalDouble brier = RunFigures.number(churn, "brier");
      OptionalDouble ece = RunFigures.number(churn, "ece");
      if (auc.isEmpty() && brier.isEmpty() && ece.isEmpty()) {
        return;
      }
      h.append("<div class=\"quality-block\" id=\"churn-quality\"><h3>Churn risk</h3><div class=\"tiles\">");
      if (auc.isPresent()) {
        double a = auc.getAsDouble();
        h.append("<div class=\"tile\"><b>").append(metric(a)).append("</b><span>AUC · 0.5 is a"
            + " coin toss, 1 is perfect ranking</span><span class=\"gauge\"><span class=\"gauge-fill\""
            + " style=\"width:").append(pct(Math.max(0, Math.min(1, (a - 0.5) / 0.5)) * 100))
            .append("%\"></span></span></div>");
      }
      if (brier.isPresent()) {
        h.append("<div class=\"tile\"><b>").append(metric(brier.getAsDouble()))
            .append("</b><span>Brier score · mean squared error of the probabilities, lower is"
                + " better</span></div>");
      }
      if (ece.isPresent()) {
        h.append("<div class=\"tile\"><b>").append(percent(ece.getAsDouble()))
            .append("</b><span>Calibration error (ECE) · average gap between predicted and"
                + " observed churn");
        networkEce.ifPresent(n -> h.append(" (each half of the held-out customers judged with the"
            + " scaling fitted on the other half); the network's own probabilities, before they were"
            + " calibrated: ").append(percent(n)));
        h.append("</span></div>");
      }
      h.append("</div>");
      RunFigures.at(churn, "calibration").ifPresent(this::calibrationChart);
      h.append("</div>\n");
    }

    /**
     * A reliability diagram from {@code churn.calibration}: bins as a list, or as a map by bin
     * name (as a run writes them: {@code bin_01}, …), each a map with the mean {@code predicted}
     * probability and the {@code observed} churn rate (optionally {@code count}). Anything else is
     * ignored.
     */
    private void calibrationChart(Object bins) {
      Collection<?> list;
      if (bins instanceof List<?> l) {
        list = l;
      } else if (bins instanceof Map<?, ?> m) {
        list = m.values();
      } else {
        return;
      }
      List<double[]> points = new ArrayList<>();
      for (Object b : list) {
        if (b instanceof Map<?, ?> m && m.get("predicted") instanceof Number p
            && m.get("observed") instanceof Number o
            && Double.isFinite(p.doubleValue()) && Double.isFinite(o.doubleValue())) {
          points.add(new double[] {clamp01(p.doubleValue()), clamp01(o.doubleValue())});
        }
      }
      if (points.isEmpty()) {
        return;
      }
      points.sort(Comparator.comparingDouble(pt -> pt[0]));
      int size = 220;
      int pad = 28;
      double span = size - 2.0 * pad;
      h.append("<svg id=\"calibration-chart\" class=\"calibration-chart\" viewBox=\"0 0 ")
          .append(size).append(' ').append(size).append("\" role=\"img\" aria-label=\"Calibration of"
              + " churn probabilities\">")
          .append("<rect x=\"").append(pad).append("\" y=\"").append(pad).append("\" width=\"")
          .append(num1(span)).append("\" height=\"").append(num1(span)).append("\" class=\"cal-frame\"/>")
          .append("<line class=\"cal-ideal\" x1=\"").append(pad).append("\" y1=\"").append(size - pad)
          .append("\" x2=\"").append(size - pad).append("\" y2=\"").append(pad).append("\"/>")
          .append("<polyline class=\"cal-line\" points=\"");
      for (double[] pt : points) {
        h.append(num1(pad + pt[0] * span)).append(',').append(num1(size - pad - pt[1] * span)).append(' ');
      }
      h.append("\"/>");
      for (double[] pt : points) {
        h.append("<circle class=\"cal-point\" r=\"3.5\" cx=\"").append(num1(pad + pt[0] * span))
            .append("\" cy=\"").append(num1(size - pad - pt[1] * span)).append("\"/>");
      }
      h.append("<text class=\"cal-axis\" x=\"").append(size / 2).append("\" y=\"").append(size - 8)
          .append("\">predicted churn</text><text class=\"cal-axis\" transform=\"translate(12 ")
          .append(size / 2).append(") rotate(-90)\">observed churn</text></svg>")
          .append("<p class=\"note\">On the diagonal, predicted churn matches what happened.</p>");
    }

    private static double clamp01(double v) {
      return Math.max(0, Math.min(1, v));
    }

    private void segmentQuality(Map<String, Object> seg) {
      h.append("<div class=\"quality-block\" id=\"segment-quality\"><h3>Segmentation</h3><dl class=\"kv\">");
      RunFigures.at(seg, "method").ifPresent(m -> kv("method", escape(String.valueOf(m))));
      RunFigures.at(seg, "k").ifPresent(k -> kv("segments (k)", escape(String.valueOf(k))));
      RunFigures.number(seg, "ari_vs_truth").ifPresent(a -> kv("agreement with planted truth (ARI)", metric(a)));
      for (Map.Entry<String, Object> e : new TreeMap<>(seg).entrySet()) {
        if (!Set.of("method", "k", "ari_vs_truth", "comparison").contains(e.getKey())
            && e.getValue() != null && !(e.getValue() instanceof Map<?, ?>)
            && !(e.getValue() instanceof List<?>)) {
          kv(e.getKey(), scalar(e.getValue()));
        }
      }
      h.append("</dl>");
      RunFigures.at(seg, "comparison").ifPresent(c -> {
        h.append("<h4>Methods compared</h4>");
        generic(c, 1);
      });
      h.append("</div>\n");
    }

    private void kv(String k, String valueHtml) {
      h.append("<dt>").append(escape(k)).append("</dt><dd>").append(valueHtml).append("</dd>");
    }

    /** Renders any JSON-like value: maps of maps as tables, lists of maps as tables. */
    private void generic(Object v, int depth) {
      if (depth > 5) {
        h.append(escape(String.valueOf(v)));
      } else if (v instanceof Map<?, ?> m && !m.isEmpty() && allMaps(m.values())) {
        List<Object> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          names.add(String.valueOf(e.getKey()));
          rows.add(e.getValue());
        }
        table(names, rows, depth);
      } else if (v instanceof Map<?, ?> m) {
        h.append("<dl class=\"kv\">");
        for (Map.Entry<?, ?> e : m.entrySet()) {
          h.append("<dt>").append(escape(String.valueOf(e.getKey()))).append("</dt><dd>");
          generic(e.getValue(), depth + 1);
          h.append("</dd>");
        }
        h.append("</dl>");
      } else if (v instanceof List<?> l && !l.isEmpty() && allMaps(l)) {
        table(null, new ArrayList<>(l), depth);
      } else if (v instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          h.append(i == 0 ? "" : ", ");
          generic(l.get(i), depth + 1);
        }
      } else {
        h.append(scalar(v));
      }
    }

    private void table(List<String> rowNames, List<Object> rows, int depth) {
      Set<String> textCols = new TreeSet<>();
      Set<String> otherCols = new TreeSet<>();
      for (Object r : rows) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) r).entrySet()) {
          String k = String.valueOf(e.getKey());
          if (e.getValue() instanceof String) {
            textCols.add(k);
          } else if (e.getValue() != null) {
            otherCols.add(k);
          }
        }
      }
      otherCols.removeAll(textCols);
      Set<String> cols = new LinkedHashSet<>(textCols);
      cols.addAll(otherCols);
      h.append("<table class=\"metrics\"><thead><tr>");
      if (rowNames != null) {
        h.append("<th></th>");
      }
      for (String c : cols) {
        h.append("<th>").append(escape(c.replace('_', ' '))).append("</th>");
      }
      h.append("</tr></thead><tbody>");
      for (int i = 0; i < rows.size(); i++) {
        Map<?, ?> r = (Map<?, ?>) rows.get(i);
        h.append("<tr>");
        if (rowNames != null) {
          String name = rowNames.get(i);
          h.append("<th scope=\"row\">")
              .append(TYPE_LABELS.containsKey(name) ? badge(name) : escape(name)).append("</th>");
        }
        for (String c : cols) {
          h.append("<td>");
          Object cell = r.get(c);
          if (cell == null) {
            h.append("–");
          } else {
            generic(cell, depth + 1);
          }
          h.append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</tbody></table>");
    }

    private static boolean allMaps(Iterable<?> values) {
      for (Object o : values) {
        if (!(o instanceof Map<?, ?>)) {
          return false;
        }
      }
      return true;
    }

    private static String scalar(Object v) {
      if (v == null) {
        return "–";
      }
      if (v instanceof Integer || v instanceof Long) {
        return count(((Number) v).longValue());
      }
      if (v instanceof Number n) {
        return metric(n.doubleValue());
      }
      return escape(String.valueOf(v));
    }

    // ---------------------------------------------------------------- data quality

    private void dataQuality() {
      List<SourceCounts> sources = new ArrayList<>();
      for (SourceCounts c : orEmpty(run.sources())) {
        if (c != null) {
          sources.add(c);
        }
      }
      h.append("<section id=\"data-quality\" class=\"panel\">\n<h2>Data quality</h2>\n");
      if (sources.isEmpty()) {
        h.append("<p class=\"empty\">This run recorded no source counts.</p>\n</section>\n");
        return;
      }
      h.append("<p class=\"lede\">Every input row is accounted for: read = used + after the as-of"
          + " date (kept for a later run) + quarantined (rejected, with its reason).</p>\n")
          .append("<table class=\"metrics sources\"><thead><tr><th>source</th><th>format</th>")
          .append("<th>rows read</th><th>used</th><th>after as-of</th><th>quarantined</th>")
          .append("<th>reconciles</th><th>quarantined by reason</th></tr></thead><tbody>\n");
      long read = 0;
      long used = 0;
      long after = 0;
      long quarantined = 0;
      for (SourceCounts c : sources) {
        read += c.read();
        used += c.used();
        after += c.afterAsOf();
        quarantined += c.quarantined();
        h.append("<tr class=\"source-row\" data-source=\"").append(escape(c.source())).append("\">")
            .append("<th scope=\"row\"><span class=\"source-name\">").append(escape(c.source()))
            .append("</span>");
        if (c.location() != null) {
          h.append("<small class=\"location\">").append(escape(c.location()));
          if (c.version() != null) {
            h.append(" · v").append(c.version());
          }
          h.append("</small>");
        }
        h.append("</th><td>").append(escape(c.format())).append("</td><td>").append(count(c.read()))
            .append("</td><td>").append(count(c.used()));
        CustomerMatch match = c.customerMatch();
        if (match != null && match.rowsForOthers() > 0) {
          h.append(" <small class=\"for-others\">(").append(count(match.rowsForOthers()))
              .append(" for people with no order, left out of signals)</small>");
        }
        h.append("</td><td>")
            .append(count(c.afterAsOf())).append("</td><td")
            .append(c.quarantined() > 0 ? " class=\"warn\"" : "").append(">")
            .append(count(c.quarantined())).append(c.read() > 0
                ? " <small>(" + percent(c.quarantined() / (double) c.read()) + ")</small>" : "")
            .append("</td><td>").append(c.reconciles() ? "<span class=\"ok\">✓ yes</span>"
                : "<span class=\"bad\">✗ no</span>").append("</td><td>");
        Map<String, Long> reasons = new TreeMap<>(c.quarantinedByReason());
        if (reasons.isEmpty()) {
          h.append("–");
        } else {
          h.append("<ul class=\"reasons\">");
          reasons.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .forEach(e -> h.append("<li><span class=\"reason\">").append(escape(e.getKey()))
                  .append("</span> <b>").append(count(e.getValue() == null ? 0 : e.getValue()))
                  .append("</b></li>"));
          h.append("</ul>");
        }
        h.append("</td></tr>\n");
      }
      h.append("</tbody><tfoot><tr><th scope=\"row\">all sources</th><td></td><td>").append(count(read))
          .append("</td><td>").append(count(used)).append("</td><td>").append(count(after))
          .append("</td><td>").append(count(quarantined)).append("</td><td>")
          .append(read == used + after + quarantined ? "<span class=\"ok\">✓ yes</span>"
              : "<span class=\"bad\">✗ no</span>")
          .append("</td><td></td></tr></tfoot></table>\n");
      List<String> cautions = sources.stream().flatMap(c -> c.cautions().stream()).toList();
      if (!cautions.isEmpty()) {
        h.append("<ul class=\"id-cautions\">");
        for (String caution : cautions) {
          h.append("<li class=\"warn\">").append(escape(caution)).append("</li>");
        }
        h.append("</ul>\n");
      }
      h.append("</section>\n");
    }

    // ---------------------------------------------------------------- footer

    private void footer() {
      h.append("<footer id=\"run-footer\">\n<p>Generated by Undercurrent from <code>run.json</code>");
      if (run.startedAt() != null) {
        h.append(" · run started ").append(escape(run.startedAt()));
      }
      if (run.configHash() != null) {
        h.append(" · config ").append(escape(abbreviate(run.configHash(), 12)));
      }
      h.append(" · seed ").append(run.seed());
      if (run.outputFormat() != null) {
        h.append(" · tables in ").append(escape(run.outputFormat()));
      }
      h.append("</p>\n");
      Map<String, Double> stages = orEmpty(run.stageSeconds());
      if (!stages.isEmpty()) {
        h.append("<p class=\"stages\">Stage times: ");
        boolean first = true;
        for (Map.Entry<String, Double> e : stages.entrySet()) {
          h.append(first ? "" : " · ").append(escape(e.getKey())).append(' ')
              .append(e.getValue() == null ? "–" : String.format(Locale.ROOT, "%.1f s", e.getValue()));
          first = false;
        }
        h.append("</p>\n");
      }
      if (!links.isEmpty()) {
        h.append("<nav class=\"api-links\">");
        for (Map.Entry<String, String> e : links.entrySet()) {
          h.append("<a href=\"").append(escape(e.getValue())).append("\">").append(escape(e.getKey()))
              .append("</a>");
        }
        h.append("</nav>\n");
      }
      h.append("</footer>\n");
    }

    // ---------------------------------------------------------------- formatting

    private String money(double v) {
      if (!Double.isFinite(v)) {
        return "–";
      }
      String digits = Math.abs(v) >= 100
          ? String.format(Locale.ROOT, "%,.0f", Math.abs(v))
          : String.format(Locale.ROOT, "%,.2f", Math.abs(v));
      String sign = v < 0 && !digits.matches("[0.,]+") ? "−" : ""; // no "−$0.00"
      if (currencySymbol.isEmpty()) {
        return sign + digits;
      }
      if (currencySymbol.length() == 1) {
        return sign + escape(currencySymbol) + digits;
      }
      return sign + digits + " " + escape(currencySymbol);
    }

    private static String symbolOf(String code) {
      if (code == null || code.isBlank()) {
        return "";
      }
      try {
        return Currency.getInstance(code.trim().toUpperCase(Locale.ROOT)).getSymbol(Locale.US);
      } catch (IllegalArgumentException e) {
        return code.trim();
      }
    }
  }

  // ---------------------------------------------------------------- shared helpers

  private static Map<String, String> linked(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "1 customer", "1,200 customers". */
  private static String customers(long n) {
    return count(n) + (n == 1 ? " customer" : " customers");
  }

  /**
   * As {@link #percent}, but a share short of all (or above none) never reads as 100% (or 0%):
   * 99.97% of customers is "99.9%", as a few customers did otherwise.
   */
  private static String percentShort(double share) {
    String p = percent(share);
    if (share < 1 && p.equals("100%")) {
      return String.format(Locale.ROOT, "%.1f%%", Math.floor(share * 1000) / 10);
    }
    if (share > 0 && (p.equals("0.0%") || p.equals("0%"))) {
      return "<0.1%";
    }
    return p;
  }

  private static String percent(double share) {
    if (!Double.isFinite(share)) {
      return "–";
    }
    double p = share * 100;
    return String.format(Locale.ROOT, Math.abs(p) < 10 && p != 0 ? "%.1f%%" : "%.0f%%", p);
  }

  private static String metric(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    // A count that reached here as a double (a JSON number such as 12.0) is shown as the count it is.
    if (Math.abs(v) >= 100 || (Math.abs(v) >= 10 && v == Math.rint(v))) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String number(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String num1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String pct(double w) {
    return String.format(Locale.ROOT, "%.1f", Math.max(0, Math.min(100, w)));
  }

  /** Lower-case letters, digits, '-' and '_' only: safe in an id, a class and a fragment. */
  private static String cssToken(String s) {
    if (s == null || s.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '-');
    }
    return b.toString();
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n) + "…";
  }

  private static final String CSS = """
      :root{--ink:#1d2433;--muted:#5b6478;--line:#e3e7ef;--bg:#f5f7fb;--card:#fff;--accent:#3d5afe;
      --pos:#2a9d8f;--neg:#e76f51;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
      *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);line-height:1.45}
      main{max-width:1180px;margin:0 auto;padding:0 24px 40px}
      h1,h2,h3,h4{margin:0;line-height:1.2}h2{font-size:1.35rem;margin-bottom:.6rem}
      h3{font-size:1.05rem}h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:1rem 0 .4rem}
      a{color:inherit}code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}
      .run-header{background:linear-gradient(120deg,#1b2a4a,#27456e 60%,#2a9d8f);color:#fff;padding:28px 24px 22px}
      .run-header>*{max-width:1132px;margin-left:auto;margin-right:auto}
      .brand{font-size:.8rem;letter-spacing:.2em;text-transform:uppercase;opacity:.75}
      .run-header h1{font-size:1.8rem;margin:.2rem auto .9rem}
      .facts{display:flex;flex-wrap:wrap;gap:10px 28px;margin:0 auto}.facts dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.08em;opacity:.7}
      .facts dd{margin:0;font-weight:600;font-size:1.05rem}
      .top-line{background:var(--card);border-radius:16px;margin:-0px 0 22px;padding:22px 24px;box-shadow:0 6px 24px rgba(20,30,60,.08);position:relative;top:-0px;margin-top:22px}
      .headline{display:flex;flex-wrap:wrap;gap:18px 40px;align-items:flex-end;margin-bottom:14px}
      .kpi{display:flex;flex-direction:column}.kpi-value{font-size:1.7rem;font-weight:700}
      .kpi-main .kpi-value{font-size:2.6rem;color:#1b7f73}.kpi-label{color:var(--muted);font-size:.9rem}
      .value-bars{display:grid;gap:6px}.value-bar-row{display:grid;grid-template-columns:minmax(200px,38%) 1fr 110px;gap:12px;align-items:center;text-decoration:none;padding:3px 6px;border-radius:8px}
      .value-bar-row:hover{background:#f0f3fa}.value-bar-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:.9rem}
      .value-bar-label .badge{margin-right:8px}.value-bar-track{height:14px;background:#eef1f7;border-radius:7px;overflow:hidden}
      .value-bar{display:block;height:100%;border-radius:7px;background:var(--accent)}.value-bar-amount{text-align:right;font-weight:600;font-variant-numeric:tabular-nums}
      .note,.lede{color:var(--muted);font-size:.88rem;margin:.4rem 0 .8rem}.empty{color:var(--muted);font-style:italic}
      .panel{background:var(--card);border-radius:16px;padding:22px 24px;margin-bottom:22px;box-shadow:0 2px 10px rgba(20,30,60,.05)}
      .segment-map{width:100%;height:auto;display:block}.map-bg{fill:#fbfcfe;stroke:var(--line)}
      .neighbour-link{stroke:#9aa5bd;stroke-width:1.5;stroke-dasharray:4 5}
      .segment-bubble{stroke:#fff;stroke-width:2.5}.segment-node:hover .segment-bubble{stroke:#1d2433}
      .label-leader{stroke:#8a93a6;stroke-width:1;stroke-dasharray:2 2}.segment-label{font-size:13px;font-weight:700;text-anchor:middle;fill:#1d2433;paint-order:stroke;stroke:#fbfcfe;stroke-width:4px}
      .segment-sublabel{font-size:11px;text-anchor:middle;fill:#5b6478;paint-order:stroke;stroke:#fbfcfe;stroke-width:3px}
      .legend{display:flex;align-items:center;gap:8px;font-size:.8rem;color:var(--muted);margin-top:8px;flex-wrap:wrap}
      .legend-ramp{width:140px;height:10px;border-radius:5px;background:linear-gradient(90deg,#2a9d8f,#e9c46a,#e76f51)}.legend-note{margin-left:16px}
      .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}
      .segment-card{border:1px solid var(--line);border-radius:14px;padding:16px 18px;background:#fff}
      .segment-card:target{outline:3px solid var(--accent)}
      .segment-card>header{display:flex;align-items:center;gap:10px}.swatch{width:14px;height:14px;border-radius:50%;flex:none}
      .seg-id{margin-left:auto;color:var(--muted);font-size:.8rem}.description{color:#39415a;font-size:.92rem;margin:.5rem 0}
      .stats{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:10px;margin:.4rem 0}.stat b,.fig b{display:block;font-size:1.1rem;font-variant-numeric:tabular-nums}
      .stat span,.fig span{color:var(--muted);font-size:.78rem}
      .shares{display:grid;gap:4px;margin-top:6px}.share{display:grid;grid-template-columns:150px 1fr;align-items:center;gap:8px;font-size:.8rem;color:var(--muted)}
      .share-track{height:8px;background:#eef1f7;border-radius:4px;overflow:hidden}.share-fill{display:block;height:100%;background:#7986cb}
      .share-revenue .share-fill{background:#2a9d8f}
      .signals,.contrasts,.reasons{list-style:none;margin:0;padding:0}
      h4 small{text-transform:none;letter-spacing:0;font-weight:400}
      .signal{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(70px,1fr) 64px;grid-template-rows:auto auto;column-gap:8px;align-items:center;font-size:.85rem;margin-bottom:5px}
      .signal-values{grid-column:1/4;color:var(--muted);font-size:.74rem;margin-top:-2px}
      .diverging{position:relative;height:12px;background:#f1f3f8;border-radius:6px}
      .diverging .axis{position:absolute;left:50%;top:-2px;bottom:-2px;width:1px;background:#9aa5bd}
      .effect-bar{position:absolute;top:1px;bottom:1px;border-radius:5px}.effect-bar.pos{background:#5c6bc0}.effect-bar.neg{background:#f4a261}
      .effect{text-align:right;font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap;font-size:.8rem}
      .contrasts li{font-size:.85rem;margin-bottom:4px;padding-left:10px;border-left:3px solid var(--line)}
      .neighbour{font-weight:600;text-decoration:none;color:var(--accent)}
      .opportunity{display:flex;gap:16px;border:1px solid var(--line);border-radius:14px;padding:16px 18px;margin-bottom:12px;background:#fff}
      .opportunity:target{outline:3px solid var(--accent)}
      .opp-rank{flex:none;width:38px;height:38px;border-radius:50%;background:#1b2a4a;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700}
      .opp-body{flex:1;min-width:0}.opp-body>header{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
      .opp-segment{margin-left:auto;font-size:.8rem;color:var(--muted);text-decoration:none;border:1px solid var(--line);border-radius:10px;padding:2px 8px}
      .opp-figures{display:flex;gap:28px;flex-wrap:wrap;margin:.7rem 0}.opp-value b{color:#1b7f73;font-size:1.35rem}
      .conf-track{display:block;width:110px;height:6px;border-radius:3px;background:#eef1f7;margin-top:3px;overflow:hidden}
      .conf-fill{display:block;height:100%;background:#7986cb}.conf-high .conf-fill{background:#2a9d8f}.conf-low .conf-fill{background:#e76f51}
      .not-worth{margin:.4em 0;padding:.35em .6em;border-left:3px solid #b23a48;background:#fbeff1;color:#7a1f2b;font-size:.92em}
      .verdict{font-weight:600;margin:.4em 0 .8em}
      .opp-text{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0;font-size:.9rem}
      .opp-text dt{color:var(--muted);font-weight:600}.opp-text dd{margin:0}
      .formula{margin-top:10px;font-size:.85rem}.formula summary{cursor:pointer;color:var(--accent)}
      .formula code{display:block;background:#f5f7fb;border-radius:8px;padding:8px 10px;margin-top:6px;white-space:pre-wrap}
      .badge{display:inline-block;font-size:.72rem;font-weight:700;letter-spacing:.03em;text-transform:uppercase;padding:3px 8px;border-radius:999px;color:#fff;background:#6b7280;white-space:nowrap}
      /* white badge text on each colour reaches 4.5:1 (WCAG AA for small text) */
      .type-win_back{background:#6a4fe0}.type-retain{background:#c0502f}.type-nurture_rising{background:#2e7d4f}
      .type-protect_margin{background:#a3541a}.type-reduce_frequency{background:#5b7083}.type-grow_wallet{background:#1b7f73}
      .type-cross_sell{background:#3d5afe}.type-lookalike_seed{background:#c2185b}.type-suppress{background:#455a64}
      .quality-grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 16px}
      #value-quality{grid-column:1/-1}
      .quality-block{border:1px solid var(--line);border-radius:14px;padding:14px 16px;margin-bottom:12px}
      .quality-block h3{margin-bottom:.5rem}
      table.metrics{border-collapse:collapse;width:100%;font-size:.86rem;font-variant-numeric:tabular-nums}
      .metrics th,.metrics td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      .metrics thead th{font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
      .metrics td.best .cell-value{font-weight:700;color:#1b7f73}.metrics .na{color:var(--muted)}
      .flows td.stayed{font-weight:700;color:#1b7f73}.flows small{color:var(--muted)}.moved{font-size:.88rem;color:#39415a;margin:.5rem 0}
      .value-metrics{table-layout:fixed}.value-metrics th:first-child{width:34%}
      .mini-track{display:block;width:120px;max-width:100%;height:5px;background:#eef1f7;border-radius:3px;margin-top:3px;overflow:hidden}.mini-fill{display:block;height:100%;background:#9fa8da}
      .best .mini-fill{background:#2a9d8f}
      .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
      .tile{background:#f7f8fc;border-radius:10px;padding:10px 12px}.tile b{display:block;font-size:1.5rem}.tile span{color:var(--muted);font-size:.78rem}
      .gauge{display:block;height:6px;border-radius:3px;background:#e3e7ef;margin-top:6px;overflow:hidden}.gauge-fill{display:block;height:100%;background:#2a9d8f}
      .calibration-chart{width:220px;max-width:100%;display:block;margin-top:10px}.cal-frame{fill:#fbfcfe;stroke:#e3e7ef}
      .cal-ideal{stroke:#9aa5bd;stroke-dasharray:4 4}.cal-line{fill:none;stroke:#e76f51;stroke-width:2}.cal-point{fill:#e76f51}
      .cal-axis{font-size:10px;fill:#5b6478;text-anchor:middle}
      .kv{display:grid;grid-template-columns:minmax(90px,45%) minmax(0,1fr);gap:4px 14px;margin:0;font-size:.88rem;overflow-wrap:anywhere}.kv dt{color:var(--muted)}.kv dd{margin:0}
      .sources small{display:block;color:var(--muted);font-weight:400}.source-name{font-weight:700}
      .warn{color:#a3541a;font-weight:600}.ok{color:#1b7f73;font-weight:600}.bad{color:#c62828;font-weight:700}
      .reasons li{font-size:.8rem}.reason{color:var(--muted)}.other-metrics summary{cursor:pointer;font-weight:600}
      footer{max-width:1180px;margin:0 auto;padding:0 24px 40px;color:var(--muted);font-size:.8rem}
      .api-links{display:flex;gap:14px;flex-wrap:wrap}.api-links a{color:var(--accent)}
      .customer-lookup{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-top:12px}
      .customer-lookup input{padding:6px 10px;border:1px solid var(--line);border-radius:8px;min-width:18em;font:inherit}
      .customer-lookup button{padding:6px 14px;border:0;border-radius:8px;background:var(--accent);color:#fff;font:inherit;cursor:pointer}
      @media (max-width:700px){.quality-grid{grid-template-columns:1fr}.value-bar-row{grid-template-columns:1fr 90px}.value-bar-track{display:none}.opp-text{grid-template-columns:1fr}}
      """;
}
