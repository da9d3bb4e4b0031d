package dev.undercurrent.core.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.CustomerMatch;
import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SourceCounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

  private static int occurrences(String haystack, String needle) {
    return haystack.split(Pattern.quote(needle), -1).length - 1;
  }

  @Test
  void showsEverySegmentAndOpportunity() {
    RunSummary run = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    String html = HtmlReport.render(run);

    assertTrue(html.contains("id=\"segment-map\""));
    assertEquals(run.segments().size(), occurrences(html, "class=\"segment-bubble\""));
    assertEquals(run.segments().size(), occurrences(html, "class=\"segment-card\""));
    for (SegmentProfile s : run.segments()) {
      assertTrue(html.contains("id=\"segment-" + s.segmentId() + "\""), "card of " + s.segmentId());
      assertTrue(html.contains(s.name()), s.name());
    }
    assertEquals(9, occurrences(html, "class=\"opportunity\""));
    for (OpportunitySummary o : run.opportunities()) {
      assertTrue(html.contains("id=\"opportunity-" + o.opportunityId() + "\""), o.opportunityId());
      assertTrue(html.contains(o.title()), o.title());
      assertTrue(html.contains("badge type-" + o.type()), o.type());
    }
    // 10000 * (1 + 1/2 + ... + 1/9) = 28289.68..., shown rounded in euros.
    assertTrue(html.contains("€28,290"), "total expected value");
    assertTrue(html.contains("€1,234,567"), "revenue");
    assertTrue(html.contains("<details class=\"formula\">"));
    assertTrue(html.contains("id=\"model-quality\"") && html.contains("0.610")
        && html.contains("0.780"), "model quality metrics shown");
    assertTrue(html.contains("negative revenue"), "quarantine reasons shown");
    assertTrue(html.contains("id=\"calibration-chart\""), "reliability diagram");
    assertEquals(2, occurrences(html, "class=\"cal-point\""), "one point per well-formed bin");
  }

  @Test
  void aSmallHeldOutSnapshotSaysHowRoughItsFiguresAre() {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("validation", Map.of("value", Map.of("spearman", 0.5)));
    model.put("validation_rows", 300);
    model.put("validation_window", "cut-off 2011-06-11; horizon 90 days");
    String html = HtmlReport.render(ReportFixture.run("A", Map.of("model", model)));
    String note = html.substring(html.indexOf("id=\"held-out-size\""));
    note = note.substring(0, note.indexOf("</p>"));
    // Fisher's z with variance 1.06 / 297: tanh(atanh(0.5) ± 1.96 × 0.0597)
    assertTrue(note.contains("Measured on 300 customers of the held-out snapshot (cut-off 2011-06-11;"), note);
    assertTrue(note.contains("At this size the value Spearman of 0.500 could lie anywhere in 0.407 – 0.583"
        + " (95% interval)."), note);
    assertFalse(html.contains("trained again"), "no refit recorded, none said");
    model.put("validation", Map.of("value", Map.of("spearman", 0.5), "refit", Map.of("rows", 900)));
    assertTrue(HtmlReport.render(ReportFixture.run("A", Map.of("model", model)))
        .contains("The model that scores today was then trained again, as long, with that snapshot included"));
    model.put("validation_rows", 20_000);
    String many = HtmlReport.render(ReportFixture.run("A", Map.of("model", model)));
    String manyNote = many.substring(many.indexOf("id=\"held-out-size\""));
    manyNote = manyNote.substring(0, manyNote.indexOf("</p>"));
    assertTrue(manyNote.contains("Measured on 20,000 customers") && !manyNote.contains("interval"), manyNote);
  }

  @Test
  void readsTheHeldOutFiguresWhereARunWritesThem() {
    // The layout DiscoveryPipeline writes: one map per predictor under model.validation.
    Map<String, Object> validation = new LinkedHashMap<>();
    validation.put("value", Map.of("spearman", 0.593, "top_decile_capture", 0.328, "mae", 93.9, "total_ratio", 1.31));
    validation.put("network", Map.of("value", Map.of("spearman", 0.571, "top_decile_capture", 0.331),
        "churn", Map.of("ece", 0.083, "brier", 0.161)));
    validation.put("baseline_linear", Map.of("value", Map.of("spearman", 0.552, "mae", 97.3, "total_ratio", 0.83)));
    validation.put("baseline_last_horizon", Map.of("value", Map.of("spearman", 0.447)));
    // reliability bins as a run nests them: churn.calibration.bin_NN.{predicted, observed, count}
    validation.put("churn", Map.of("auc", 0.836, "brier", 0.153, "ece", 0.019, "calibration", new java.util.TreeMap<>(Map.of(
        "bin_01", Map.of("predicted", 0.06, "observed", 0.05, "count", 400.0),
        "bin_05", Map.of("predicted", 0.44, "observed", 0.47, "count", 300.0),
        "bin_10", Map.of("predicted", 0.95, "observed", 0.93, "count", 700.0)))));
    validation.put("value_blend", Map.of("linear_weight", 0.25));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("validation", validation);
    model.put("training_rows", 93499);
    String html = HtmlReport.render(ReportFixture.run("A", Map.of("model", model)));
    int table = html.indexOf("id=\"value-quality\"");
    assertTrue(table > 0, "value table shown");
    String head = html.substring(table, html.indexOf("</thead>", table));
    for (String column : List.of("Model: network blended with the ridge", "Network alone",
        "Baseline: linear regression", "Baseline: last horizon&#39;s revenue")) {
      assertTrue(head.contains(column) || head.contains(column.replace("&#39;", "'")), column + " in " + head);
    }
    String body = html.substring(table, html.indexOf("</table>", table));
    for (String figure : List.of("0.593", "0.571", "0.552", "0.447")) {
      assertTrue(body.contains(figure), figure);
    }
    // the sum: the best is the ratio nearest 1 (0.83 is 17% short, 1.31 is 31% over), not the largest
    String ratio = body.substring(body.indexOf("Predicted total ÷ actual total"));
    ratio = ratio.substring(0, ratio.indexOf("</tr>"));
    assertTrue(ratio.contains("<td class=\"best\"><span class=\"cell-value\">0.830"), ratio);
    assertTrue(html.contains("id=\"churn-quality\"") && html.contains("0.836"), "churn tiles shown");
    String churn = html.substring(html.indexOf("id=\"churn-quality\""));
    churn = churn.substring(0, churn.indexOf("</div>\n"));
    assertTrue(churn.contains("1.9%") && churn.contains("scaling fitted on the other half); the network's own probabilities, before they were calibrated: 8.3%"),
        churn);
    assertEquals(3, occurrences(churn, "class=\"cal-point\""), "one point per bin of the run's map");
    // no ranking recorded: the note says only how the ridge is blended in
    String note = html.substring(html.indexOf("id=\"value-ordering\""));
    assertTrue(note.startsWith("id=\"value-ordering\">Blended with the linear model on log value at"
        + " weight 0.250."), note.substring(0, 120));
  }

  @Test
  void saysWhichValueOrderingTheHeldOutSnapshotChose() {
    Map<String, Object> validation = new LinkedHashMap<>();
    validation.put("value", Map.of("spearman", 0.532, "top_decile_capture", 0.599));
    validation.put("value_ranking", Map.of("by_expected_rank", 1.0,
        "expected_rank", Map.of("spearman", 0.532, "top_decile_capture", 0.599, "score", 1.131),
        "expected_value", Map.of("spearman", 0.528, "top_decile_capture", 0.601, "score", 1.129)));
    validation.put("value_blend", Map.of("linear_weight", 0.0));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("validation", validation);
    String html = HtmlReport.render(ReportFixture.run("A", Map.of("model", model)));
    int at = html.indexOf("id=\"value-ordering\"");
    assertTrue(at > html.indexOf("id=\"value-quality\""), "ordering note inside the value block");
    String note = html.substring(at, html.indexOf("</p>", at));
    assertTrue(note.contains("ordered by expected rank")
        && note.contains("Spearman 0.532 and top-decile capture 0.599, against Spearman 0.528 and"
            + " top-decile capture 0.601 by expected value")
        && note.contains("Spearman plus capture 1.131 against 1.129")
        && !note.contains("Blended"), note);
  }

  /** The run with these segment flows. */
  private static RunSummary withFlows(RunSummary base, SegmentFlows flows) {
    return new RunSummary(base.formatVersion(), base.runId(), base.startedAt(), base.asOf(),
        base.horizonDays(), base.currency(), base.configHash(), base.seed(), base.outputFormat(),
        base.customers(), base.totalRevenue(), base.sources(), base.segments(), base.opportunities(),
        base.metrics(), base.stageSeconds(), flows);
  }

  /** The run with these opportunities instead of its own. */
  private static RunSummary withOpportunities(RunSummary base, List<OpportunitySummary> opportunities) {
    return new RunSummary(base.formatVersion(), base.runId(), base.startedAt(), base.asOf(),
        base.horizonDays(), base.currency(), base.configHash(), base.seed(), base.outputFormat(),
        base.customers(), base.totalRevenue(), base.sources(), base.segments(), opportunities,
        base.metrics(), base.stageSeconds());
  }

  @Test
  void theSegmentMapsLinksReachScreenReadersAndBadgeTextIsReadable() {
    RunSummary run = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    String html = HtmlReport.render(run);
    Matcher map = Pattern.compile("<svg id=\"segment-map\"[^>]*>").matcher(html);
    assertTrue(map.find());
    assertFalse(map.group().contains("role=\"img\""), "an image role hides the bubbles' links: " + map.group());
    for (SegmentProfile s : run.segments()) {
      assertTrue(html.contains("class=\"segment-node\" aria-label=\"" + s.name() + ", "), s.name());
    }
    // white text on every opportunity badge reaches WCAG AA for small text (4.5:1)
    Matcher badge = Pattern.compile("\\.type-([a-z_]+)\\{background:#([0-9a-f]{6})\\}").matcher(html);
    int found = 0;
    while (badge.find()) {
      found++;
      double ratio = 1.05 / (luminance(badge.group(2)) + 0.05);
      assertTrue(ratio >= 4.5, badge.group(1) + " #" + badge.group(2) + " contrast " + ratio);
    }
    assertEquals(9, found, "one colour per opportunity type");
  }

  /** WCAG 2 relative luminance of an sRGB colour written as six hex digits. */
  private static double luminance(String hex) {
    double l = 0;
    double[] weight = {0.2126, 0.7152, 0.0722};
    for (int i = 0; i < 3; i++) {
      double c = Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16) / 255.0;
      l += weight[i] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }
    return l;
  }

  @Test
  void aRunScoredWithASavedModelSaysWhoseFiguresTheyAre() {
    Map<String, Object> metrics = ReportFixture.fullMetrics();
    assertFalse(HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], metrics)).contains("saved-model"));
    @SuppressWarnings("unchecked")
    Map<String, Object> model = new LinkedHashMap<>((Map<String, Object>) metrics.get("model"));
    model.put("saved_model", "/runs/week1/model.bin");
    model.put("training_window", "cut-offs 2025-06-30; horizon 90 days");
    Map<String, Object> withSaved = new LinkedHashMap<>(metrics);
    withSaved.put("model", model);
    String html = HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], withSaved));
    assertTrue(html.contains("This run trained nothing: it scored with the saved model /runs/week1/model.bin,"
        + " so the held-out figures below are that model's, measured when it was trained (on cut-offs"
        + " 2025-06-30; horizon 90 days)"), html);
  }

  @Test
  void countsThatArriveAsDecimalNumbersAreShownAsCounts() {
    Map<String, Object> metrics = new LinkedHashMap<>(ReportFixture.fullMetrics());
    // run.json read back gives every number as a double: an audience of 12 comes back as 12.0
    metrics.put("truth", Map.of("win_back", Map.of("audience", 12.0, "planted", 1234.0, "precision", 0.81,
        "lift", 12.5)));
    String html = HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], metrics));
    assertTrue(html.contains("<td>12</td>") && html.contains("<td>1,234</td>"), html);
    assertFalse(html.contains("12.0<") || html.contains("1,234.0"), html);
    assertTrue(html.contains("<td>12.5</td>") && html.contains("<td>0.810</td>"), "non-integral values keep theirs");
  }

  @Test
  void anAsOfFarPastTheDataIsSaidAboveTheFigures() {
    Map<String, Object> metrics = ReportFixture.fullMetrics();
    assertFalse(HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], metrics)).contains("as-of-caution"));
    Map<String, Object> late = new LinkedHashMap<>(metrics);
    late.put("as_of", Map.of("caution", "as_of 2013-01-01 is 389 days after the latest order (2011-12-09) & more"));
    String html = HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], late));
    int said = html.indexOf("<p class=\"warn as-of-caution\">as_of 2013-01-01 is 389 days after the latest order"
        + " (2011-12-09) &amp; more: read the figures below with that in mind.</p>");
    assertTrue(said > 0, html);
    assertTrue(said < html.indexOf("<div class=\"quality-grid\">"), "before the figures it qualifies");
    assertEquals(said, html.lastIndexOf("389 days after") - "<p class=\"warn as-of-caution\">as_of 2013-01-01 is ".length(),
        "said once, not again among the other metrics");
  }

  @Test
  void theSegmentMapKeepsTheProportionsOfTheDistances() {
    RunSummary run = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    String html = HtmlReport.render(run);
    Map<Integer, double[]> drawn = new HashMap<>();
    Matcher m = Pattern.compile("data-segment-id=\"(\\d+)\" cx=\"([-0-9.]+)\" cy=\"([-0-9.]+)\"").matcher(html);
    while (m.find()) {
      drawn.put(Integer.parseInt(m.group(1)), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
    }
    assertEquals(run.segments().size(), drawn.size());
    double ratio = Double.NaN;
    for (SegmentProfile a : run.segments()) {
      for (SegmentProfile b : run.segments()) {
        double d = Math.hypot(a.x() - b.x(), a.y() - b.y());
        if (a.segmentId() >= b.segmentId() || d < 1e-9) {
          continue;
        }
        double[] p = drawn.get(a.segmentId());
        double[] q = drawn.get(b.segmentId());
        double pixels = Math.hypot(p[0] - q[0], p[1] - q[1]) / d;
        if (Double.isNaN(ratio)) {
          ratio = pixels;
        }
        // one scale for both axes: every pair is drawn at the same pixels per unit (0.1 px rounding)
        assertEquals(ratio, pixels, 0.01 * ratio, "segments " + a.segmentId() + " and " + b.segmentId());
      }
    }
  }

  @Test
  void aSourceWhoseIdsMeetNoBuyerIsNamedUnderTheDataQualityTable() {
    RunSummary base = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    assertFalse(HtmlReport.render(base).contains("class=\"id-cautions\""), "no caution without a mismatch");
    List<SourceCounts> sources = new java.util.ArrayList<>(base.sources());
    SourceCounts events = sources.remove(sources.size() - 1);
    sources.add(events.withCustomerMatch(
        new CustomerMatch(5000, 900, 0, 800, List.of("00030"), 780, "'00030' for orders' '30'")));
    RunSummary run = new RunSummary(base.formatVersion(), base.runId(), base.startedAt(), base.asOf(),
        base.horizonDays(), base.currency(), base.configHash(), base.seed(), base.outputFormat(),
        base.customers(), base.totalRevenue(), sources, base.segments(), base.opportunities(),
        base.metrics(), base.stageSeconds());
    String html = HtmlReport.render(run);
    assertTrue(html.contains("(5,000 for people with no order, left out of signals)"), "the used rows that reach nothing");
    int at = html.indexOf("class=\"id-cautions\"");
    assertTrue(at > html.indexOf("id=\"data-quality\""), "the caution sits in the data quality section");
    assertTrue(html.substring(at).startsWith("class=\"id-cautions\"><li class=\"warn\">events: 900 customer_id values"
        + " (5,000 rows) match no customer with orders, but 780 of them would if written alike"), html.substring(at, at + 200));
    // refunds booked as negative orders are named in the same list, the orders' caution first
    sources.set(0, new SourceCounts("orders", "lake/orders.csv", "csv", null, 1000, 950, 30, 20,
        Map.of("negative revenue", 20L)));
    html = HtmlReport.render(new RunSummary(base.formatVersion(), base.runId(), base.startedAt(), base.asOf(),
        base.horizonDays(), base.currency(), base.configHash(), base.seed(), base.outputFormat(),
        base.customers(), base.totalRevenue(), sources, base.segments(), base.opportunities(),
        base.metrics(), base.stageSeconds()));
    at = html.indexOf("class=\"id-cautions\"");
    assertTrue(html.substring(at).startsWith("class=\"id-cautions\"><li class=\"warn\">orders: 20 of 1,000 rows have a"
        + " negative revenue and were quarantined"), html.substring(at, at + 200));
    assertTrue(html.indexOf("events: 900 customer_id values", at) > at, "both cautions shown");
  }

  @Test
  void theHeadlineCountsOnlyOpportunitiesWorthActingOn() {
    RunSummary base = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    String all = HtmlReport.render(base);
    assertFalse(all.contains("id=\"not-worth-acting-on\""), "every opportunity is worth acting on");
    assertTrue(all.contains("expected from 9 opportunities over"), "headline without exclusions");

    List<OpportunitySummary> opportunities = new java.util.ArrayList<>(base.opportunities());
    // the last two cost more than they return: -500 and -250
    for (int i = 7; i < 9; i++) {
      OpportunitySummary o = opportunities.get(i);
      opportunities.set(i, new OpportunitySummary(o.opportunityId(), o.type(), o.title(), o.segmentId(),
          o.customers(), o.treatment(), o.holdout(), -250.0 * (i - 6), o.valueFormula(), o.confidence(),
          o.evidence(), o.action(), o.kpi(), o.rank(), o.exampleMembers()));
    }
    RunSummary run = withOpportunities(base, opportunities);
    String html = HtmlReport.render(run);
    // 10000 * (1 + 1/2 + ... + 1/7) = 25928.57..., without the two negative ones
    assertTrue(html.contains("€25,929"), "headline of the seven worth acting on");
    assertTrue(html.contains("expected from the 7 opportunities worth acting on over"), "headline label");
    assertTrue(html.contains("2 opportunities are listed with a value of zero or less"), "says what was left out");
    assertEquals(25_928.571, RunFigures.valueWorthActingOn(run), 1e-3);
    assertEquals(7, RunFigures.countWorthActingOn(run));
    assertEquals(25_928.571 - 750, RunFigures.totalExpectedValue(run), 1e-3);
  }

  @Test
  void aValueThatRoundsToZeroHasNoMinusSign() {
    RunSummary base = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    List<OpportunitySummary> opportunities = new java.util.ArrayList<>(base.opportunities());
    OpportunitySummary o = opportunities.get(8);
    // a 30-customer run sized grow_wallet at -0.003
    opportunities.set(8, new OpportunitySummary(o.opportunityId(), o.type(), o.title(), o.segmentId(),
        o.customers(), o.treatment(), o.holdout(), -0.003, o.valueFormula(), o.confidence(),
        o.evidence(), o.action(), o.kpi(), o.rank(), o.exampleMembers()));
    RunSummary run = withOpportunities(base, opportunities);
    String html = HtmlReport.render(run);
    assertTrue(html.contains("€0.00"), "the value shown");
    assertTrue(html.contains("sized as if the whole audience were acted on; the random holdout"),
        "what the holdout costs is said");
    assertFalse(html.contains("−€0.00"), "no minus sign on a value that prints as zero");
    assertTrue(html.contains("Not worth acting on at these assumptions"), "the card of a value of zero or less says so");
    assertTrue(html.contains("evidence strength ("), "the score is not called a confidence");
  }

  @Test
  void segmentMapLabelsDoNotCoverEachOther() {
    // The ten segments of a 20k generated run with segments: {count: 10} (names, sizes and map
    // positions as that run wrote them): seven sit within a fifth of the map's width.
    String[] names = {"Low-spend lapsed occasional buyers, high typical days between orders", "Browsers",
      "Mainstream customers", "Low-spend newcomers",
      "Low-spend lapsed occasional buyers, low probability still active (BG/NBD)", "High-value loyal regulars",
      "High-value loyal browsers", "Browsers, heavy discount use, responsive to email", "High-value browsers",
      "Rising newcomers, holiday-season spend"};
    long[] sizes = {3045, 2393, 2352, 2318, 2212, 2008, 1955, 1476, 1370, 871};
    double[][] xy = {{0.8, 0.346}, {0.2, 0.462}, {0.145, 0.454}, {0.275, 0.503}, {1.0, 0.548}, {0.301, 0.448},
      {0.0, 0.278}, {0.049, 0.722}, {0.096, 0.458}, {0.215, 0.385}};
    RunSummary base = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics());
    List<SegmentProfile> segments = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      segments.add(new SegmentProfile(i, names[i], "d", sizes[i], sizes[i] / 20000.0, 0.1, 50 + i, 0.3,
          xy[i][0], xy[i][1], List.of(), List.of(), List.of()));
    }
    RunSummary run = new RunSummary(base.formatVersion(), base.runId(), base.startedAt(), base.asOf(),
        base.horizonDays(), base.currency(), base.configHash(), base.seed(), base.outputFormat(),
        base.customers(), base.totalRevenue(), base.sources(), segments, base.opportunities(),
        base.metrics(), base.stageSeconds());
    String html = HtmlReport.render(run);
    var m = java.util.regex.Pattern.compile("<text class=\"segment-label\" x=\"([0-9.]+)\" y=\"([0-9.]+)\">([^<]*)</text>\n"
        + "<text class=\"segment-sublabel\" x=\"[0-9.]+\" y=\"[0-9.]+\">([^<]*)</text>").matcher(html);
    List<double[]> boxes = new java.util.ArrayList<>();
    while (m.find()) {
      // the report's own over-estimate of text width: 7.5 px a character of the name, 6 of the line below
      double half = Math.max(m.group(3).length() * 7.5, m.group(4).length() * 6.0) / 2 + 6;
      double x = Double.parseDouble(m.group(1));
      double y = Double.parseDouble(m.group(2));
      boxes.add(new double[] {x - half, y - 13, x + half, y + 18});
    }
    assertEquals(10, boxes.size());
    for (int i = 0; i < boxes.size(); i++) {
      double[] a = boxes.get(i);
      assertTrue(a[0] >= -0.5 && a[2] <= 880.5 && a[1] >= 0 && a[3] <= 470, "inside the map (to the printed 0.1 px): " + java.util.Arrays.toString(a));
      for (int j = 0; j < i; j++) {
        double[] b = boxes.get(j);
        boolean apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
        assertTrue(apart, "labels " + i + " and " + j + " overlap: " + java.util.Arrays.toString(a) + " "
            + java.util.Arrays.toString(b));
      }
    }
  }

  @Test
  void eachOpportunitySaysWhatLiftItsHoldoutCanShow() {
    OpportunitySummary base = ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics()).opportunities().get(0);
    // 900 treated, 100 held out, base rate 1/2: (1.959964 + 0.841621) * sqrt(0.25 * (1/900 + 1/100)) = 0.1477
    OpportunitySummary o = new OpportunitySummary(base.opportunityId(), base.type(), base.title(), base.segmentId(),
        1000, 900, 100, base.expectedValue(), base.valueFormula(), base.confidence(), base.evidence(),
        base.action(), base.kpi(), base.rank(), base.exampleMembers());
    String text = HtmlReport.measurable(o);
    assertTrue(text.startsWith("With 900 treated and 100 held out, a difference in conversion of 14.8 percentage"
        + " points or more shows"), text);
    assertTrue(text.contains("raise holdout_share"), "a 15-point floor is too coarse to read most lifts: " + text);
    OpportunitySummary big = new OpportunitySummary(base.opportunityId(), base.type(), base.title(), base.segmentId(),
        20000, 18000, 2000, base.expectedValue(), base.valueFormula(), base.confidence(), base.evidence(),
        base.action(), base.kpi(), base.rank(), base.exampleMembers());
    assertTrue(HtmlReport.measurable(big).contains("of 3.3 percentage points or more"), HtmlReport.measurable(big));
    assertTrue(HtmlReport.measurable(big).contains("undercurrent measure --run <this run> --audience "
        + base.opportunityId()), "the command and the audience id to measure it with: " + HtmlReport.measurable(big));
    // 10 treated and 3 held out: 92 points at a 50% base rate, more than any difference can be
    OpportunitySummary tiny = new OpportunitySummary(base.opportunityId(), base.type(), base.title(), base.segmentId(),
        13, 10, 3, base.expectedValue(), base.valueFormula(), base.confidence(), base.evidence(),
        base.action(), base.kpi(), base.rank(), base.exampleMembers());
    assertTrue(HtmlReport.measurable(tiny).contains("no difference in conversion can be told from chance"),
        HtmlReport.measurable(tiny));
    OpportunitySummary none = new OpportunitySummary(base.opportunityId(), base.type(), base.title(), base.segmentId(),
        1000, 1000, 0, base.expectedValue(), base.valueFormula(), base.confidence(), base.evidence(),
        base.action(), base.kpi(), base.rank(), base.exampleMembers());
    assertTrue(HtmlReport.measurable(none).startsWith("Nobody in this audience of 1,000 fell in the holdout"),
        HtmlReport.measurable(none));
    assertTrue(HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], ReportFixture.fullMetrics()))
        .contains("<dt>Measuring it</dt>"), "shown with every opportunity");
  }

  @Test
  void theWithheldHorizonGetsAVerdictAgainstTheBaselines() {
    Map<String, Object> t = new java.util.LinkedHashMap<>();
    t.put("future_value", Map.of("value.spearman", 0.704, "value.top_decile_capture", 0.302, "value.total_ratio", 1.45));
    t.put("future_value_baseline_linear", Map.of("value.spearman", 0.700, "value.top_decile_capture", 0.298));
    t.put("future_value_baseline_last_horizon", Map.of("value.spearman", 0.710, "value.top_decile_capture", 0.280));
    assertEquals("On the withheld horizon the model ranked better than the linear baseline (Spearman 0.704 vs 0.700,"
        + " top-decile capture 0.302 vs 0.298) and ranked about as well as last horizon's revenue (Spearman 0.704"
        + " vs 0.710, top-decile capture 0.302 vs 0.280); its predicted total was 145% of what customers spent.",
        HtmlReport.truthVerdict(t));
    assertEquals("", HtmlReport.truthVerdict(Map.of("segment_ari_vs_kinds", 0.1)));
    assertEquals("On the withheld horizon the model's predicted total was 80% of what customers spent.",
        HtmlReport.truthVerdict(Map.of("future_value", Map.of("value.total_ratio", 0.8))));
  }

  @Test
  void theLevelOfThePredictedValuesIsSaidWithTheTotalsAndItsBacktest() {
    Map<String, Object> level = new java.util.LinkedHashMap<>();
    level.put("network_value", 1_295_258.0);
    level.put("network_buyers", 8_382.4);
    level.put("backtest", Map.of("cutoff", "2025-12-31", "value_ratio", 1.287, "buyers_ratio", 1.141));
    level.put("forecast_value", 2_791_710.0);
    level.put("forecast_buyers", 11_244.7);
    level.put("same_season", "2025-04-05");
    level.put("latest", "2025-12-31");
    level.put("latest_last_year", "2025-01-05");
    level.put("method", "seasonal");
    level.put("value_factor", 2.155);
    level.put("value_weight", 0.897);
    level.put("buyers_weight", 0.834);
    assertEquals("Predicted values and churn probabilities are moved towards the coming season's level: the same"
        + " horizon a year earlier (cut-off 2025-04-05), grown as the latest horizon (2025-12-31) grew against the one"
        + " a year before it (2025-01-05). That forecast has the customers spend 2,791,710 in all (the network alone:"
        + " 1,295,258) and 11,245 of them buy (the network: 8,382). Made for the held-out horizon from the horizons"
        + " before it, the same forecast came to 1.29 times what its customers spent and 1.14 times its buyers; so it"
        + " weighs 0.90 in the values (×2.16 the network's) and 0.83 in the buyers, by how far it departs from the"
        + " network against how far it erred. Every customer keeps her rank; the held-out figures below are the"
        + " network's own.",
        HtmlReport.valueLevel(Map.of("value_level", level)));
    assertEquals("Predicted values and churn probabilities are at the network's own level: no labelled snapshot of the"
        + " same season a year earlier (history too short).", HtmlReport.valueLevel(Map.of("value_level",
            Map.of("method", "network", "reason", "no labelled snapshot of the same season a year earlier (history too short)"))));
    assertEquals("", HtmlReport.valueLevel(Map.of()));
    Map<String, Object> metrics = new java.util.LinkedHashMap<>(ReportFixture.fullMetrics());
    @SuppressWarnings("unchecked")
    Map<String, Object> model = new java.util.LinkedHashMap<>((Map<String, Object>) metrics.get("model"));
    model.put("value_level", level);
    metrics.put("model", model);
    String html = HtmlReport.render(ReportFixture.run(ReportFixture.NAMES[0], metrics));
    assertTrue(html.contains("<p class=\"note\" id=\"value-level\">Predicted values and churn probabilities are moved"
        + " towards the coming season&#39;s level"), "the sentence is on the page");
  }

  @Test
  void opportunitiesAppearInRankOrder() {
    String html = HtmlReport.render(ReportFixture.run("A", Map.of()));
    int last = -1;
    for (int rank = 1; rank <= 9; rank++) {
      RunSummary run = ReportFixture.run("A", Map.of());
      String id = run.opportunities().get(rank - 1).opportunityId();
      int at = html.indexOf("<article class=\"opportunity\" id=\"opportunity-" + id + "\"");
      assertTrue(at > last, "rank " + rank + " after rank " + (rank - 1));
      last = at;
    }
  }

  @Test
  void escapesStringsFromTheData() {
    String evil = "<script>alert('x')</script> & \"friends\"";
    String html = HtmlReport.render(ReportFixture.run(evil, Map.of()));
    assertFalse(html.contains("<script>"), "raw script tag must not reach the page");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;friends&quot;"));
  }

  @Test
  void isSelfContained() {
    String html = HtmlReport.render(ReportFixture.run("A", ReportFixture.fullMetrics()));
    Matcher m = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]+)").matcher(html);
    int refs = 0;
    while (m.find()) {
      refs++;
      String target = m.group(2);
      assertTrue(target.startsWith("#") || target.equals("data:,"),
          "in-page reference only, found " + m.group());
    }
    assertTrue(refs > 0, "the page links within itself");
    assertFalse(html.toLowerCase().contains("http://") || html.toLowerCase().contains("https://"));
    assertFalse(html.contains("@import") || html.contains("url("), "no CSS fetches");
  }

  @Test
  void handlesEmptyAndPartialMetrics() {
    Map<String, Object> partial = new HashMap<>();
    partial.put("model", Map.of("churn", Map.of("auc", "not a number")));
    partial.put("segments", new HashMap<>(Map.of("k", 5)));
    partial.put("odd", null);
    for (Map<String, Object> metrics : List.of(Map.<String, Object>of(), partial)) {
      String html = assertDoesNotThrow(() -> HtmlReport.render(ReportFixture.run("A", metrics)));
      assertTrue(html.contains("id=\"model-quality\""));
      assertFalse(html.contains("Predicted value</h3>"), "no value table without value metrics");
    }
    RunSummary bare = new RunSummary(1, "r", null, null, 90, null, null, 0, null, 0, 0,
        null, null, null, null, null);
    String html = assertDoesNotThrow(() -> HtmlReport.render(bare));
    assertTrue(html.contains("This run holds no segments"));
    assertTrue(html.contains("This run found no opportunities"));
  }

  @Test
  void rejectsNull() {
    assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(null));
  }

  @Test
  void bubbleAreaIsProportionalToCustomers(){
    String html = HtmlReport.render(ReportFixture.run("A", Map.of()));
    Matcher m = Pattern.compile("data-segment-id=\"(\\d)\" cx=\"[^\"]+\" cy=\"[^\"]+\" r=\"([^\"]+)\"")
        .matcher(html);
    Map<Integer, Double> r = new HashMap<>();
    while (m.find()) {
      r.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
    }
    assertEquals(5, r.size());
    // segment 4 has 4600 customers, segment 1 has 2600: area ratio 4600/2600.
    double areaRatio = (r.get(4) * r.get(4)) / (r.get(1) * r.get(1));
    assertEquals(4600.0 / 2600.0, areaRatio, 0.01);
  }

  @Test
  void writesUtf8File(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/report.html");
    HtmlReport.write(ReportFixture.run("Ünïcode €", Map.of()), f);
    String back = Files.readString(f, StandardCharsets.UTF_8);
    assertTrue(back.startsWith("<!DOCTYPE html>"));
    assertTrue(back.contains("Ünïcode €"));
  }

  @Test
  void metricLookupsTolerateMissingKeys() {
    Map<String, Object> m = ReportFixture.fullMetrics();
    assertEquals(0.78, RunFigures.number(m, "model", "churn", "auc").orElseThrow());
    assertTrue(RunFigures.number(m, "model", "churn", "nope").isEmpty());
    assertTrue(RunFigures.number(m, "model", "value", "baseline_linear", "top_decile_capture").isEmpty());
    assertTrue(RunFigures.number(null, "x").isEmpty());
    assertTrue(RunFigures.map(m, "segments", "k").isEmpty(), "a number is not a map");
  }

  @Test
  void flowsShowWhereEachSegmentsCustomersCameFromAndWentTo() {
    RunSummary base = ReportFixture.run("Loyal high spenders", ReportFixture.fullMetrics());
    assertFalse(HtmlReport.render(base).contains("segment-flows"), "no flows, no section");
    // 0 Loyal high spenders, 1 Lapsed bargain hunters, 2 Rising app shoppers
    List<SegmentFlows.Flow> flows = List.of(
        new SegmentFlows.Flow(null, 2, 40, 900), new SegmentFlows.Flow(0, 0, 800, 50_000),
        new SegmentFlows.Flow(0, 1, 150, 2_000), new SegmentFlows.Flow(2, 0, 60, 7_000),
        new SegmentFlows.Flow(1, 1, 2_400, 9_000), new SegmentFlows.Flow(2, 2, 700, 8_000));
    RunSummary run = withFlows(base, new SegmentFlows("2025-09-30", 4_110, 40, 0, 0.9997, flows));
    String html = HtmlReport.render(run);
    assertTrue(html.contains("<h2>How customers moved since 2025-09-30</h2>"), html);
    assertTrue(html.contains("99.9% of today's customers are placed back in their own segment"),
        "a share short of all never reads as 100%: " + html);
    assertTrue(html.contains("4,110 customers compared, 40 new since."), html);
    assertTrue(html.contains("<b>Since 2025-09-30:</b> all 2,400 here then stayed; came in: 150 from Loyal high spenders."),
        html);
    assertTrue(html.contains("<b>Since 2025-09-30:</b> 800 of the 950 here then stayed (84%); came in: 60 from "
        + "Rising app shoppers; left: 150 to Lapsed bargain hunters."), html);
    assertTrue(html.contains("<b>Since 2025-09-30:</b> 700 of the 760 here then stayed (92%); came in: 40 new; "
        + "left: 60 to Loyal high spenders."), html);
    // the matrix: Loyal's row then Lapsed's column, with its share of the row
    Matcher row = Pattern.compile("<tr><th>Loyal high spenders</th>(.*?)</tr>").matcher(html);
    assertTrue(row.find(), html);
    assertTrue(row.group(1).startsWith("<td class=\"stayed\">800 <small>84%</small></td><td>150 <small>16%</small></td>"
        + "<td>0</td>"), row.group(1));
    assertTrue(row.group(1).endsWith("<td>950</td>"), row.group(1));
    assertTrue(html.contains("<tr><th>new customers</th><td>0</td><td>0</td><td>40 <small>100%</small></td>"), html);
    // counted on a sample: said on the cards and in the note
    RunSummary sampled = withFlows(base, new SegmentFlows("2025-09-30", 4_110, 40, 12_450, 1, flows));
    String part = HtmlReport.render(sampled);
    assertTrue(part.contains("<b>Since 2025-09-30 (in a 25% sample of customers):</b> 800 of the 950"), part);
    assertTrue(part.contains("12,450 not compared: the run kept the earlier signals of a sample of its customers"
        + " (training_sample_cap), and the new customers are counted at the same rate, so the counts are those of a"
        + " 25% sample."), part);
  }

  @Test
  void aSegmentOfOneIsOneCustomer() {
    RunSummary base = ReportFixture.run("Loyal high spenders", ReportFixture.fullMetrics());
    List<SegmentProfile> segments = new java.util.ArrayList<>(base.segments());
    segments.add(new SegmentProfile(5, "A lone whale", "One customer.", 1, 0.0001, 0.2, 9_000, 0.1, 0.5, -0.5,
        List.of(), List.of(), List.of()));
    RunSummary run = new RunSummary(base.formatVersion(), base.runId(), base.startedAt(), base.asOf(),
        base.horizonDays(), base.currency(), base.configHash(), base.seed(), base.outputFormat(),
        base.customers(), base.totalRevenue(), base.sources(), segments, base.opportunities(),
        base.metrics(), base.stageSeconds());
    String html = HtmlReport.render(run);
    assertTrue(html.contains("aria-label=\"A lone whale, 1 customer\""), html);
    assertTrue(html.contains("<title>A lone whale — 1 customer, churn"), html);
    assertFalse(html.contains("1 customers"), html);
  }
}
