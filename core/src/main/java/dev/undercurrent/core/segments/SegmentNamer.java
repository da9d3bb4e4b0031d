package dev.undercurrent.core.segments;

import static dev.undercurrent.core.signals.SignalCatalog.APP_SESSION_SHARE;
import static dev.undercurrent.core.signals.SignalCatalog.CLICK_RATE_90D;
import static dev.undercurrent.core.signals.SignalCatalog.DISCOUNT_ORDER_SHARE;
import static dev.undercurrent.core.signals.SignalCatalog.DISCOUNT_RATE;
import static dev.undercurrent.core.signals.SignalCatalog.ENGAGEMENT_90D;
import static dev.undercurrent.core.signals.SignalCatalog.ENGAGEMENT_TREND;
import static dev.undercurrent.core.signals.SignalCatalog.FREQUENCY;
import static dev.undercurrent.core.signals.SignalCatalog.GAP_RATIO;
import static dev.undercurrent.core.signals.SignalCatalog.MODEL_CLV;
import static dev.undercurrent.core.signals.SignalCatalog.MONETARY_TOTAL;
import static dev.undercurrent.core.signals.SignalCatalog.OFFER_RESPONSE_RATE;
import static dev.undercurrent.core.signals.SignalCatalog.ORDERS_PER_MONTH;
import static dev.undercurrent.core.signals.SignalCatalog.ORDER_VALUE_PROGRESSION;
import static dev.undercurrent.core.signals.SignalCatalog.PRODUCT_VIEWS_90D;
import static dev.undercurrent.core.signals.SignalCatalog.Q4_REVENUE_SHARE;
import static dev.undercurrent.core.signals.SignalCatalog.RECENCY_DAYS;
import static dev.undercurrent.core.signals.SignalCatalog.RETURN_RATE;
import static dev.undercurrent.core.signals.SignalCatalog.REVENUE_365D;
import static dev.undercurrent.core.signals.SignalCatalog.REVENUE_TREND;
import static dev.undercurrent.core.signals.SignalCatalog.SESSIONS_90D;
import static dev.undercurrent.core.signals.SignalCatalog.TENURE_DAYS;

import dev.undercurrent.core.model.SegmentSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names segments in a marketer's words from what sets them apart, e.g. "High-value loyal
 * regulars", "Lapsed app browsers, heavy discount use", "Rising newcomers", and writes a paragraph
 * with the numbers behind the name.
 *
 * <p>The name is read off effect sizes (standardized differences from the population, see
 * {@link SegmentTraits}) with one threshold, {@value #NOTABLE} standard deviations (a "medium"
 * effect in Cohen's 1988 convention):
 *
 * <ul>
 *   <li>value: high {@code monetary_total}, {@code revenue_365d} or {@code model_clv}, or a
 *       predicted value at least 1.5× the average → "high-value"; at most half the typical
 *       segment's with below-average spend → "low-spend" (typical: the customer-weighted median of
 *       the segments' predicted values, so that one very valuable segment, which lifts the mean,
 *       does not make every other segment low-spend: on UCI Online Retail three of four segments,
 *       78% of customers, were, one of them with median revenue above the population's);
 *   <li>lifecycle: long silence relative to the customer's own rhythm ({@code gap_ratio}) or long
 *       {@code recency_days}, with a churn probability of at least ½ → "lapsed"; else churn probability 15 points above average →
 *       "at-risk"; short tenure with a rising revenue, order-value or engagement trend and two
 *       orders or more on average → "rising" (a first order alone shows revenue "rising" from an
 *       empty earlier window); high frequency → "loyal"; else recent orders (short {@code recency_days}) with a
 *       churn probability 10 points below average → "active";
 *   <li>channel: high {@code app_session_share} → "app";
 *   <li>noun: short tenure (a medium effect and at most half the average tenure, so that in a
 *       short history the customers of 214 days out of 275 are not newcomers) → "newcomers", or
 *       "first-time buyers" where the segment averages under 1.5 orders; high engagement → "browsers"; high Q4 share → "holiday
 *       shoppers"; loyal → "regulars"; low frequency → "occasional buyers"; else "customers";
 *   <li>after a comma, at most two of: "heavy discount use", "frequent returns", "holiday-season
 *       spend", "heavy browsing", "responsive to email".
 * </ul>
 *
 * <p>Names are unique within a run: segments that would share a name get their most distinctive
 * signal appended ("…, high share of orders via web"), and, failing that, their id.
 *
 * <p>Limits: English only; a segment that differs from the population only in signals the rules do
 * not read is named by its value and lifecycle alone (possibly "Mainstream customers") and told
 * apart by the appended signal.
 */
public final class SegmentNamer {
  /** The effect size, in population standard deviations, from which a trait enters the name. */
  public static final double NOTABLE = 0.5;

  private SegmentNamer() {}

  /** Names every segment; the result is in the order of the input and its names are unique. */
  public static List<SegmentName> name(List<SegmentTraits> segments) {
    double typical = typicalPredictedValue(segments);
    List<String> names = new ArrayList<>();
    for (SegmentTraits t : segments) {
      names.add(baseName(t, typical));
    }
    Map<String, List<Integer>> byName = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byName.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(i);
    }
    for (List<Integer> same : byName.values()) {
      if (same.size() < 2) {
        continue;
      }
      Set<String> used = new HashSet<>();
      for (int i : same) {
        for (SegmentSignal s : segments.get(i).signals()) {
          // a name carries the label without its explanation in brackets
          String q = (s.effectSize() > 0 ? "high " : "low ") + s.label().replaceFirst("\\s*\\(.*\\)$", "");
          if (used.add(q)) {
            names.set(i, names.get(i) + ", " + q);
            break;
          }
        }
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      seen.merge(names.get(i), 1, Integer::sum);
    }
    List<SegmentName> out = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      SegmentTraits t = segments.get(i);
      String n = names.get(i);
      if (seen.get(n) > 1) {
        n = n + " (segment " + t.segmentId() + ")";
      }
      out.add(new SegmentName(t.segmentId(), n, describe(t)));
    }
    return out;
  }

  /**
   * The customer-weighted median of the segments' average predicted values: the value of the
   * segment the middle customer is in (where the customers split evenly, the upper half's
   * lowest: of two equal segments the lower is compared with the higher). NaN where there are no
   * customers.
   */
  static double typicalPredictedValue(List<SegmentTraits> segments) {
    List<SegmentTraits> byValue = new ArrayList<>(segments);
    byValue.sort(java.util.Comparator.comparingDouble(SegmentTraits::avgPredictedValue));
    long total = 0;
    for (SegmentTraits t : byValue) {
      total += t.customers();
    }
    long seen = 0;
    for (SegmentTraits t : byValue) {
      seen += t.customers();
      if (2 * seen > total) {
        return t.avgPredictedValue();
      }
    }
    return Double.NaN;
  }

  /** The name of a segment judged against the population's average alone. */
  static String baseName(SegmentTraits t) {
    return baseName(t, t.populationPredictedValue());
  }

  /**
   * The name from the rules in the class comment, before disambiguation; {@code typical} is the
   * typical segment's predicted value (NaN: the population's average).
   */
  static String baseName(SegmentTraits t, double typical) {
    double reference = Double.isNaN(typical)
        ? t.populationPredictedValue() : Math.min(typical, t.populationPredictedValue());
    boolean highValue = t.maxEffect(MONETARY_TOTAL, REVENUE_365D, MODEL_CLV) >= NOTABLE
        || (t.populationPredictedValue() > 0
            && t.avgPredictedValue() >= 1.5 * t.populationPredictedValue());
    boolean lowSpend = !highValue
        && reference > 0
        && t.avgPredictedValue() <= 0.5 * reference
        && t.effect(MONETARY_TOTAL) < 0;
    // lapsed also needs the model to expect them more likely than not to stay away, as for the
    // lapsed of the detectors: The Complete Journey's long-gap segment had a 74% chance to order
    boolean lapsed = t.maxEffect(GAP_RATIO, RECENCY_DAYS) >= NOTABLE && t.avgChurnProbability() >= 0.5;
    boolean atRisk = !lapsed
        && t.avgChurnProbability() >= t.populationChurnProbability() + 0.15;
    boolean newcomer = t.effect(TENURE_DAYS) <= -NOTABLE
        && !(t.value(TENURE_DAYS) > 0.5 * t.populationValue(TENURE_DAYS));
    double orders = t.value(FREQUENCY);
    boolean firstTime = newcomer && orders < 1.5;
    boolean rising = newcomer && !(orders < 2)
        && t.maxEffect(REVENUE_TREND, ORDER_VALUE_PROGRESSION, ENGAGEMENT_TREND) >= NOTABLE;
    boolean loyal = !lapsed && !atRisk
        && t.maxEffect(FREQUENCY, ORDERS_PER_MONTH) >= NOTABLE;
    // the opposite of lapsed: a segment that stands out by having ordered lately and being likely
    // to order again, which "mainstream" would undersell (the demo's 55% holding 81% of revenue)
    boolean active = !lapsed && !atRisk
        && t.effect(RECENCY_DAYS) <= -NOTABLE
        && t.avgChurnProbability() <= t.populationChurnProbability() - 0.10;
    boolean occasional = t.effect(FREQUENCY) <= -NOTABLE || t.effect(ORDERS_PER_MONTH) <= -NOTABLE;
    boolean app = t.effect(APP_SESSION_SHARE) >= NOTABLE;
    boolean browsers = t.maxEffect(ENGAGEMENT_90D, SESSIONS_90D, PRODUCT_VIEWS_90D) >= NOTABLE;
    boolean holiday = t.effect(Q4_REVENUE_SHARE) >= NOTABLE;
    boolean discount = t.maxEffect(DISCOUNT_RATE, DISCOUNT_ORDER_SHARE) >= NOTABLE;
    boolean returns = t.effect(RETURN_RATE) >= NOTABLE;
    boolean email = t.maxEffect(CLICK_RATE_90D, OFFER_RESPONSE_RATE) >= NOTABLE;

    List<String> words = new ArrayList<>();
    if (highValue) {
      words.add("high-value");
    } else if (lowSpend) {
      words.add("low-spend");
    }
    if (lapsed) {
      words.add("lapsed");
    } else if (atRisk) {
      words.add("at-risk");
    } else if (rising) {
      words.add("rising");
    } else if (loyal && !newcomer) {
      words.add("loyal");
    } else if (active && !loyal) {
      words.add("active");
    }
    if (app) {
      words.add("app");
    }
    String noun;
    if (firstTime) {
      noun = "first-time buyers";
    } else if (newcomer) {
      noun = "newcomers";
    } else if (browsers) {
      noun = "browsers";
    } else if (holiday) {
      noun = "holiday shoppers";
    } else if (loyal) {
      noun = "regulars";
    } else if (occasional) {
      noun = "occasional buyers";
    } else {
      noun = "customers";
    }
    if (words.isEmpty() && noun.equals("customers")) {
      words.add("mainstream");
    }
    words.add(noun);
    List<String> modifiers = new ArrayList<>();
    if (discount) {
      modifiers.add("heavy discount use");
    }
    if (returns) {
      modifiers.add("frequent returns");
    }
    if (holiday && !noun.equals("holiday shoppers")) {
      modifiers.add("holiday-season spend");
    }
    if (browsers && !noun.equals("browsers")) {
      modifiers.add("heavy browsing");
    }
    if (email) {
      modifiers.add("responsive to email");
    }
    String name = Phrases.capitalize(String.join(" ", words));
    if (!modifiers.isEmpty()) {
      name += ", " + String.join(", ", modifiers.subList(0, Math.min(2, modifiers.size())));
    }
    return name;
  }

  /**
   * One paragraph: size and shares, value and churn against the average, and up to three signals
   * that differ by at least a small effect ({@link SegmentProfiler#MINOR}).
   */
  static String describe(SegmentTraits t) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(java.util.Locale.ROOT, "%,d", t.customers()))
        .append(t.customers() == 1 ? " customer (" : " customers (")
        .append(Phrases.percent(t.shareOfCustomers()))
        .append(" of all customers, ")
        .append(Phrases.percent(t.shareOfRevenue()))
        .append(" of revenue to date). Expected to spend ")
        .append(Phrases.number(t.avgPredictedValue()))
        .append(" each over the horizon against ")
        .append(Phrases.number(t.populationPredictedValue()))
        .append(" on average, with a ")
        .append(Phrases.percent(t.avgChurnProbability()))
        .append(" chance of not ordering in it (")
        .append(Phrases.percent(t.populationChurnProbability()))
        .append(" overall).");
    List<String> top = new ArrayList<>();
    List<SegmentSignal> shown = new ArrayList<>();
    for (SegmentSignal s : t.signals()) {
      if (top.size() == 3 || Math.abs(s.effectSize()) < SegmentProfiler.MINOR) {
        break;
      }
      // two signals that are one fact here (revenue in the last year and to date, where the
      // history is under a year) are said once
      if (shown.stream().anyMatch(o -> same(o.segmentValue(), s.segmentValue())
          && same(o.populationValue(), s.populationValue()) && same(o.effectSize(), s.effectSize()))) {
        continue;
      }
      shown.add(s);
      top.add(s.label() + " " + Phrases.number(s.segmentValue()) + " vs "
          + Phrases.number(s.populationValue()));
    }
    if (!top.isEmpty()) {
      b.append(" Most distinctive: ").append(String.join("; ", top)).append('.');
    }
    return b.toString();
  }

  private static boolean same(double a, double b) {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
