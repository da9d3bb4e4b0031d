package dev.undercurrent.core.signals;

import static dev.undercurrent.core.signals.SignalCatalog.*;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computes a customer's signals as of a cut-off, from rows strictly before it.
 *
 * <p>Every loop below starts with the same guard, {@code t >= cut -> skip}: that one comparison is
 * what keeps the future out, and {@code SignalCalculatorTest} proves it by appending rows after the
 * cut-off and checking that nothing changes. Ratios of counts use add-one smoothing so that a
 * customer with one send is not "100% open rate"; trends are differences of {@code log1p}, which
 * are defined at zero and symmetric in rise and fall.
 */
public final class SignalCalculator {
  private static final long DAY = 86_400L;
  private static final double MAX_DAYS = SignalCatalog.NEVER_DAYS;

  /**
   * How long after a send its outcome (opened, clicked, converted, unsubscribed) is taken as
   * known. The marketing table flags the outcome on the send without a date; a conversion can
   * follow days later, inside the horizon a cut-off's label covers. At every cut-off, as_of
   * included, the outcomes of the last week's sends are left out of the rates (and of the last
   * open), so a label cannot leak into its inputs through them.
   */
  public static final long OUTCOMES_KNOWN_AFTER_DAYS = 7;

  private final SignalCatalog catalog;
  private final int horizonDays;
  private final Map<String, Integer> index = new HashMap<>();

  public SignalCalculator(SignalCatalog catalog, int horizonDays) {
    this.catalog = catalog;
    this.horizonDays = horizonDays;
    for (int i = 0; i < catalog.size(); i++) {
      index.put(catalog.get(i).name(), i);
    }
  }

  public SignalCatalog catalog() {
    return catalog;
  }

  /** Epoch seconds of the start (00:00 UTC) of a date: the first instant that is "at or after". */
  public static long cutoff(LocalDate asOf) {
    return asOf.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  /** The signals of one customer as of {@code cut} (epoch seconds), in catalog order. */
  public double[] compute(CustomerHistory h, long cut) {
    double[] out = new double[catalog.size()];
    Arrays.fill(out, Double.NaN);
    // The same for every customer at one cut-off, different across the training snapshots: it
    // lets the network learn that the horizon after a holiday differs from the one before it.
    double angle = 2 * Math.PI * LocalDate.ofEpochDay(Math.floorDiv(cut, DAY)).getDayOfYear() / 365.25;
    put(out, HORIZON_SEASON_SIN, Math.sin(angle));
    put(out, HORIZON_SEASON_COS, Math.cos(angle));
    orders(h, cut, out);
    events(h, cut, out);
    marketing(h, cut, out);
    for (int i = 0; i < out.length; i++) {
      if (Double.isNaN(out[i]) && catalog.get(i).group() != SignalGroup.CLV
          && !catalog.get(i).name().equals(MARGIN_RATE)) {
        out[i] = 0;
      }
    }
    return out;
  }

  private void put(double[] out, String name, double v) {
    Integer i = index.get(name);
    if (i != null) {
      out[i] = v;
    }
  }

  private void orders(CustomerHistory h, long cut, double[] out) {
    int n = 0;
    double net = 0, gross = 0, disc = 0, ret = 0, cost = 0, costRev = 0;
    int discounted = 0, campaign = 0, items = 0;
    int o90 = 0, oPrev = 0;
    double r90 = 0, rPrev = 0, r365 = 0, rSeason = 0, q4 = 0;
    double[] byMonth = new double[12];
    long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
    Map<String, Double> catSpend = new HashMap<>();
    Map<String, Integer> channelOrders = new HashMap<>();
    Set<Long> days = new HashSet<>();
    long seasonStart = cut - 365 * DAY;
    long seasonEnd = seasonStart + horizonDays * DAY;
    int countOrders = 0;
    for (OrderLine o : h.orders()) {
      if (o.orderedAt() >= cut) {
        continue;
      }
      countOrders++;
    }
    double[] values = new double[countOrders];
    for (OrderLine o : h.orders()) {
      long t = o.orderedAt();
      if (t >= cut) {
        continue;
      }
      double v = o.netRevenueKnownAt(cut);
      values[n] = o.revenue();
      n++;
      net += v;
      gross += o.revenue();
      disc += o.discount();
      ret += o.returnedKnownAt(cut);
      if (!Double.isNaN(o.cost())) {
        cost += o.cost();
        costRev += o.revenue();
      }
      if (o.discount() > 0) {
        discounted++;
      }
      if (o.campaignId() != null && !o.campaignId().isBlank()) {
        campaign++;
      }
      items += o.categories().size();
      first = Math.min(first, t);
      last = Math.max(last, t);
      days.add(Math.floorDiv(t, DAY));
      long age = cut - t;
      if (age < 90 * DAY) {
        o90++;
        r90 += v;
      } else if (age < 180 * DAY) {
        oPrev++;
        rPrev += v;
      }
      if (age < 365 * DAY) {
        r365 += v;
      }
      if (t >= seasonStart && t < seasonEnd) {
        rSeason += v;
      }
      LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, DAY));
      byMonth[d.getMonthValue() - 1] += Math.max(v, 0);
      if (d.getMonthValue() >= 11) {
        q4 += Math.max(v, 0);
      }
      if (!o.categories().isEmpty()) {
        double share = o.revenue() / o.categories().size();
        for (String c : o.categories()) {
          catSpend.merge(key(c), share, Double::sum);
        }
      }
      if (o.channel() != null && !o.channel().isBlank()) {
        channelOrders.merge(key(o.channel()), 1, Integer::sum);
      }
    }
    long signupDay = h.signupEpochDay();
    if (n == 0) {
      double since = signupDay == Long.MIN_VALUE ? MAX_DAYS : Math.min(MAX_DAYS, Math.max(0, cut / DAY - signupDay));
      put(out, RECENCY_DAYS, since);
      put(out, TENURE_DAYS, since);
      put(out, GAP_RATIO, since / horizonDays);
      return;
    }
    double recency = (cut - last) / (double) DAY;
    double tenure = (cut - first) / (double) DAY;
    put(out, RECENCY_DAYS, Math.min(recency, MAX_DAYS));
    put(out, FREQUENCY, n);
    put(out, MONETARY_TOTAL, net);
    put(out, AVG_ORDER_VALUE, gross / n);
    put(out, TENURE_DAYS, Math.min(tenure, MAX_DAYS));
    put(out, ORDERS_90D, o90);
    put(out, REVENUE_90D, r90);
    put(out, ORDERS_PREV_90D, oPrev);
    put(out, REVENUE_PREV_90D, rPrev);
    put(out, REVENUE_365D, r365);
    put(out, REVENUE_SAME_SEASON_LAST_YEAR, rSeason);
    put(out, REVENUE_TREND, Math.log1p(Math.max(r90, 0)) - Math.log1p(Math.max(rPrev, 0)));
    if (n >= 2) {
      int k = Math.max(1, n / 3);
      double recent = 0, earlier = 0;
      for (int i = 0; i < n; i++) {
        if (i >= n - k) {
          recent += values[i];
        } else {
          earlier += values[i];
        }
      }
      put(out, ORDER_VALUE_PROGRESSION, Math.log1p(Math.max(recent / k, 0)) - Math.log1p(Math.max(earlier / (n - k), 0)));
    }
    put(out, ORDERS_PER_MONTH, n / Math.max(1.0, tenure / 30.44));
    long[] sortedDays = days.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sortedDays.length >= 2) {
      double[] gaps = new double[sortedDays.length - 1];
      for (int i = 1; i < sortedDays.length; i++) {
        gaps[i - 1] = sortedDays[i] - sortedDays[i - 1];
      }
      double[] sorted = gaps.clone();
      Arrays.sort(sorted);
      double median = sorted.length % 2 == 1
          ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      double mean = Arrays.stream(gaps).average().orElse(0);
      double var = Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).sum() / gaps.length;
      double typical = Math.max(median, 1);
      put(out, TYPICAL_GAP_DAYS, typical);
      put(out, GAP_VARIABILITY, mean > 0 ? Math.sqrt(var) / mean : 0);
      put(out, GAP_RATIO, Math.min(recency / typical, 50));
      put(out, LAST_GAP_RATIO, Math.min(gaps[gaps.length - 1] / typical, 50));
    } else {
      // One buying day: no own rhythm yet, so silence is measured against the horizon.
      put(out, TYPICAL_GAP_DAYS, Math.min(tenure, MAX_DAYS));
      put(out, GAP_RATIO, Math.min(recency / horizonDays, 50));
      put(out, LAST_GAP_RATIO, 1);
    }
    put(out, CHANNEL_COUNT, channelOrders.size());
    put(out, DISCOUNT_RATE, gross + disc > 0 ? disc / (gross + disc) : 0);
    put(out, DISCOUNT_ORDER_SHARE, discounted / (double) n);
    put(out, MARGIN_RATE, costRev > 0 ? (costRev - cost) / costRev : Double.NaN);
    put(out, RETURN_RATE, gross > 0 ? Math.min(ret / gross, 1) : 0);
    put(out, CAMPAIGN_ORDER_SHARE, campaign / (double) n);
    double positive = Arrays.stream(byMonth).sum();
    put(out, Q4_REVENUE_SHARE, positive > 0 ? q4 / positive : 0);
    put(out, SEASONAL_CONCENTRATION, positive > 0 ? Arrays.stream(byMonth).max().orElse(0) / positive : 0);
    double catTotal = catSpend.values().stream().mapToDouble(Double::doubleValue).sum();
    put(out, CATEGORY_COUNT, catSpend.size());
    put(out, TOP_CATEGORY_SHARE, catTotal > 0 ? catSpend.values().stream().mapToDouble(Double::doubleValue).max().orElse(0) / catTotal : 0);
    put(out, ITEMS_PER_ORDER, items / (double) n);
    for (String c : catalog.categories()) {
      put(out, CATEGORY_SHARE_PREFIX + slug(c), catTotal > 0 ? catSpend.getOrDefault(key(c), 0.0) / catTotal : 0);
    }
    for (String c : catalog.channels()) {
      put(out, CHANNEL_SHARE_PREFIX + slug(c), channelOrders.getOrDefault(key(c), 0) / (double) n);
    }
  }

  private void events(CustomerHistory h, long cut, double[] out) {
    int sessions = 0, app = 0, views = 0, searches = 0, carts = 0, content = 0, store = 0;
    int support = 0, e90 = 0, ePrev = 0;
    long last = Long.MIN_VALUE;
    Map<String, Integer> categoryViews = new HashMap<>();
    for (EventLine e : h.events()) {
      long t = e.occurredAt();
      if (t >= cut) {
        continue;
      }
      long age = cut - t;
      last = Math.max(last, t);
      String type = e.eventType() == null ? "" : e.eventType().toLowerCase(Locale.ROOT);
      boolean productInterest =
          (type.contains("view") && !type.contains("content")) || type.contains("cart");
      if (productInterest && age < 365 * DAY && e.category() != null && !e.category().isBlank()) {
        categoryViews.merge(key(e.category()), 1, Integer::sum);
      }
      boolean supportEvent = type.contains("support") || type.contains("complaint") || type.contains("ticket");
      if (supportEvent && age < 180 * DAY) {
        support++;
      }
      if (age >= 180 * DAY) {
        continue;
      }
      if (age >= 90 * DAY) {
        if (!supportEvent) {
          ePrev++;
        }
        continue;
      }
      if (!supportEvent) {
        e90++;
      }
      if (type.contains("session")) {
        sessions++;
        if (type.contains("app")) {
          app++;
        }
      } else if (type.contains("view") && type.contains("content")) {
        content++;
      } else if (type.contains("view")) {
        views++;
      } else if (type.contains("search")) {
        searches++;
      } else if (type.contains("cart")) {
        carts++;
      } else if (type.contains("store")) {
        store++;
      }
    }
    put(out, SESSIONS_90D, sessions);
    put(out, APP_SESSION_SHARE, sessions > 0 ? app / (double) sessions : 0);
    put(out, PRODUCT_VIEWS_90D, views);
    put(out, SEARCHES_90D, searches);
    put(out, CART_ADDS_90D, carts);
    put(out, CONTENT_VIEWS_90D, content);
    put(out, STORE_VISITS_90D, store);
    put(out, SUPPORT_TICKETS_180D, support);
    put(out, ENGAGEMENT_90D, e90);
    put(out, ENGAGEMENT_TREND, Math.log1p(e90) - Math.log1p(ePrev));
    put(out, DAYS_SINCE_LAST_EVENT, last == Long.MIN_VALUE ? MAX_DAYS : Math.min(MAX_DAYS, (cut - last) / (double) DAY));
    for (String c : catalog.categories()) {
      put(out, CATEGORY_VIEWS_PREFIX + slug(c), categoryViews.getOrDefault(key(c), 0));
    }
  }

  private void marketing(CustomerHistory h, long cut, double[] out) {
    int s90 = 0, sPrev = 0, o90 = 0, c90 = 0, oPrev = 0, offers = 0, offerConv = 0, conv = 0, all = 0;
    // Sends whose outcome is known: older than OUTCOMES_KNOWN_AFTER_DAYS (see there). Rates count
    // only these, in numerator and denominator; the number of sends counts every send.
    int r90 = 0;
    boolean unsub = false;
    long lastResponse = Long.MIN_VALUE;
    for (MarketingTouch m : h.touches()) {
      long t = m.sentAt();
      if (t >= cut) {
        continue;
      }
      long age = cut - t;
      boolean known = age >= OUTCOMES_KNOWN_AFTER_DAYS * DAY;
      if (age < 90 * DAY) {
        s90++;
      } else if (age < 180 * DAY) {
        sPrev++;
      }
      if (!known) {
        continue;
      }
      all++;
      if (m.opened() || m.clicked()) {
        // dated by the send: the table carries no time of the open itself
        lastResponse = Math.max(lastResponse, t);
      }
      if (m.converted()) {
        conv++;
      }
      if (m.hasOffer()) {
        offers++;
        if (m.converted()) {
          offerConv++;
        }
      }
      if (m.unsubscribed()) {
        unsub = true;
      }
      if (age < 90 * DAY) {
        r90++;
        o90 += m.opened() ? 1 : 0;
        c90 += m.clicked() ? 1 : 0;
      } else if (age < 180 * DAY) {
        oPrev += m.opened() ? 1 : 0;
      }
    }
    put(out, SENDS_90D, s90);
    put(out, SENDS_TREND, Math.log1p(s90) - Math.log1p(sPrev));
    put(out, OPEN_RATE_90D, o90 / (r90 + 1.0));
    put(out, CLICK_RATE_90D, c90 / (r90 + 1.0));
    put(out, OPEN_RATE_TREND, o90 / (r90 + 1.0) - oPrev / (sPrev + 1.0));
    put(out, OFFER_RESPONSE_RATE, offerConv / (offers + 1.0));
    put(out, CONVERSION_RATE, conv / (all + 1.0));
    put(out, UNSUBSCRIBED, unsub ? 1 : 0);
    put(out, DAYS_SINCE_LAST_OPEN,
        lastResponse == Long.MIN_VALUE ? MAX_DAYS : Math.min(MAX_DAYS, (cut - lastResponse) / (double) DAY));
  }
}
