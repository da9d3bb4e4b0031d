package dev.undercurrent.app.http;

import static dev.undercurrent.core.report.HtmlReport.escape;

import dev.undercurrent.app.service.CustomerView;
import dev.undercurrent.core.report.HtmlReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The served page of one customer (what {@code /api/customers/{id}} answers, for a person): the
 * scores, each opportunity with what its group means, and the nearest customers, each a link to
 * their own page. Every value is escaped; no script.
 */
final class CustomerPage {

  private CustomerPage() {}

  static String render(CustomerView c) {
    StringBuilder h = start("Customer " + c.customerId());
    h.append("<h1>Customer <code>").append(escape(c.customerId())).append("</code></h1>\n")
        .append("<p class=\"muted\">Run ").append(escape(c.runId())).append(", as of ").append(escape(c.asOf()))
        .append("; predictions cover the next ").append(c.horizonDays()).append(" days.</p>\n<dl>\n");
    fact(h, "Segment", c.segmentName() == null ? "segment " + c.segmentId()
        : escape(c.segmentName()) + " <span class=\"muted\">(" + c.segmentId() + ")</span>");
    CustomerView.Movement moved = c.movement();
    if (moved != null) {
      String then = moved.segmentName() == null && moved.segmentId() != null ? "segment " + moved.segmentId()
          : escape(moved.segmentName());
      fact(h, "Since " + moved.since(), switch (moved.change()) {
        case "new" -> "new: first order on or after " + escape(moved.since());
        case "stayed" -> "in the same segment";
        default -> "moved here from " + then;
      });
    }
    fact(h, "Predicted value", money(c.predictedValue(), c.currency()));
    fact(h, "Churn probability", percent(c.churnProbability()));
    fact(h, "Value percentile", percent(c.valuePercentile()));
    h.append("</dl>\n");
    if (!c.standsOutBy().isEmpty()) {
      h.append("<h2>Where this customer stands out</h2>\n<table class=\"traits\"><thead><tr><th>Signal</th>")
          .append("<th>This customer</th><th>Median customer</th><th>Percentile</th></tr></thead><tbody>\n");
      for (CustomerView.Trait t : c.standsOutBy()) {
        h.append("<tr><td>").append(escape(t.label())).append("</td><td>").append(number(t.value()))
            .append("</td><td>").append(number(t.populationMedian())).append("</td><td>")
            .append(percent(t.percentile())).append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }
    h.append("<h2>Opportunities</h2>\n");
    if (c.opportunities().isEmpty()) {
      h.append("<p>In none of the run's audiences.</p>\n");
    } else {
      h.append("<table class=\"opportunities\"><thead><tr><th>Opportunity</th><th>Type</th><th>Group</th>")
          .append("<th>What it means</th></tr></thead><tbody>\n");
      for (CustomerView.Membership m : c.opportunities()) {
        h.append("<tr class=\"").append(escape(m.group())).append("\"><td>")
            .append(escape(m.title() == null ? m.opportunityId() : m.title())).append("</td><td>")
            .append(escape(m.type())).append("</td><td>").append(escape(m.group())).append("</td><td>")
            .append(escape(m.contact())).append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }
    h.append("<h2>Nearest customers in the learned space</h2>\n");
    if (c.neighbours().isEmpty()) {
      h.append("<p>None asked for, or the run has no other customer.</p>\n");
    } else {
      h.append("<table class=\"neighbours\"><thead><tr><th>Customer</th><th>Distance</th><th>Segment</th>")
          .append("<th>Predicted value</th><th>Churn</th></tr></thead><tbody>\n");
      for (CustomerView.Neighbour n : c.neighbours()) {
        h.append("<tr><td><a href=\"/customer?id=").append(escape(URLEncoder.encode(n.customerId(), StandardCharsets.UTF_8)))
            .append("\" title=\"").append(escape(n.customerId())).append("\">").append(escape(shortId(n.customerId())))
            .append("</a></td><td>")
            .append(String.format(Locale.ROOT, "%.3f", n.distance())).append("</td><td>")
            .append(escape(n.segmentName() == null ? Integer.toString(n.segmentId()) : n.segmentName()))
            .append("</td><td>").append(money(n.predictedValue(), c.currency())).append("</td><td>")
            .append(percent(n.churnProbability())).append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
    }
    return end(h);
  }

  /** The page for a lookup that found nothing or could not be made, with the form to try again. */
  static String problem(String message) {
    StringBuilder h = start("Customer not found");
    h.append("<h1>Customer lookup</h1>\n<p class=\"problem\">").append(escape(message)).append("</p>\n")
        .append(HtmlReport.lookupForm("/customer"));
    return end(h);
  }

  private static StringBuilder start(String title) {
    return new StringBuilder(8 * 1024)
        .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n<title>").append(escape(title)).append(" · Undercurrent</title>\n")
        .append("<style>body{font:15px/1.5 system-ui,sans-serif;color:#1d2433;max-width:60em;margin:24px auto;")
        .append("padding:0 16px}code{font-size:.9em;word-break:break-all}.muted{color:#5b6478}dl{display:grid;grid-template-columns:")
        .append("max-content 1fr;gap:4px 16px}dt{color:#5b6478}dd{margin:0}table{border-collapse:collapse;width:100%}")
        .append("th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e7ef}tr.holdout td{background:#fff7e0}")
        .append("a{color:#2743d6}.problem{color:#a0281e}</style>\n</head>\n<body>\n")
        .append("<p><a href=\"/\">← the run's page</a></p>\n");
  }

  private static String end(StringBuilder h) {
    return h.append("</body>\n</html>\n").toString();
  }

  /** A hashed id shortened for a table cell (the whole id is the link's title and target). */
  private static String shortId(String id) {
    return id.startsWith("sha256:") && id.length() > 19 ? id.substring(0, 19) + "…" : id;
  }

  private static void fact(StringBuilder h, String label, String html) {
    h.append("<dt>").append(escape(label)).append("</dt><dd>").append(html).append("</dd>\n");
  }

  private static String money(double v, String currency) {
    return escape(String.format(Locale.ROOT, "%,.2f %s", v, currency == null ? "" : currency).strip());
  }

  private static String number(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String percent(double p) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * p);
  }
}
