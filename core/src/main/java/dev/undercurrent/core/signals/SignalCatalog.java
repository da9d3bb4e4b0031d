package dev.undercurrent.core.signals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The signals a run computes, in a fixed order: the base signals below, then one affinity signal
 * per frequent category ({@code category_share_<slug>}; with events, also the category's product
 * views and cart adds, {@code category_views_<slug>}) and channel ({@code channel_share_<slug>}),
 * which depend on the data's own vocabulary.
 */
public final class SignalCatalog implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public static final String RECENCY_DAYS = "recency_days";
  public static final String FREQUENCY = "frequency";
  public static final String MONETARY_TOTAL = "monetary_total";
  public static final String AVG_ORDER_VALUE = "avg_order_value";
  public static final String TENURE_DAYS = "tenure_days";
  public static final String ORDERS_90D = "orders_90d";
  public static final String REVENUE_90D = "revenue_90d";
  public static final String ORDERS_PREV_90D = "orders_prev_90d";
  public static final String REVENUE_PREV_90D = "revenue_prev_90d";
  public static final String REVENUE_365D = "revenue_365d";
  public static final String REVENUE_SAME_SEASON_LAST_YEAR = "revenue_same_season_last_year";
  public static final String REVENUE_TREND = "revenue_trend";
  public static final String ORDER_VALUE_PROGRESSION = "order_value_progression";
  public static final String ORDERS_PER_MONTH = "orders_per_month";
  public static final String TYPICAL_GAP_DAYS = "typical_gap_days";
  public static final String GAP_VARIABILITY = "gap_variability";
  public static final String GAP_RATIO = "gap_ratio";
  public static final String LAST_GAP_RATIO = "last_gap_ratio";
  public static final String CHANNEL_COUNT = "channel_count";
  public static final String DISCOUNT_RATE = "discount_rate";
  public static final String DISCOUNT_ORDER_SHARE = "discount_order_share";
  public static final String MARGIN_RATE = "margin_rate";
  public static final String RETURN_RATE = "return_rate";
  public static final String CAMPAIGN_ORDER_SHARE = "campaign_order_share";
  public static final String Q4_REVENUE_SHARE = "q4_revenue_share";
  public static final String SEASONAL_CONCENTRATION = "seasonal_concentration";
  public static final String CATEGORY_COUNT = "category_count";
  public static final String TOP_CATEGORY_SHARE = "top_category_share";
  public static final String ITEMS_PER_ORDER = "items_per_order";
  public static final String SESSIONS_90D = "sessions_90d";
  public static final String APP_SESSION_SHARE = "app_session_share";
  public static final String PRODUCT_VIEWS_90D = "product_views_90d";
  public static final String SEARCHES_90D = "searches_90d";
  public static final String CART_ADDS_90D = "cart_adds_90d";
  public static final String CONTENT_VIEWS_90D = "content_views_90d";
  public static final String STORE_VISITS_90D = "store_visits_90d";
  public static final String SUPPORT_TICKETS_180D = "support_tickets_180d";
  public static final String ENGAGEMENT_90D = "engagement_90d";
  public static final String ENGAGEMENT_TREND = "engagement_trend";
  public static final String DAYS_SINCE_LAST_EVENT = "days_since_last_event";
  public static final String SENDS_90D = "sends_90d";
  public static final String SENDS_TREND = "sends_trend";
  public static final String OPEN_RATE_90D = "open_rate_90d";
  public static final String DAYS_SINCE_LAST_OPEN = "days_since_last_open";

  /**
   * The value of a "days since" signal for a customer who never did it (and the cap of every day
   * count): ten years. A mean over such values mixes "never" with "long ago", so what people read
   * gives the share at this value beside it ({@link #countsNever}).
   */
  public static final double NEVER_DAYS = 3650;

  /** Whether the signal holds {@link #NEVER_DAYS} for customers who never did what it times. */
  public static boolean countsNever(String signal) {
    return DAYS_SINCE_LAST_EVENT.equals(signal) || DAYS_SINCE_LAST_OPEN.equals(signal);
  }
  public static final String CLICK_RATE_90D = "click_rate_90d";
  public static final String OPEN_RATE_TREND = "open_rate_trend";
  public static final String OFFER_RESPONSE_RATE = "offer_response_rate";
  public static final String CONVERSION_RATE = "conversion_rate";
  public static final String UNSUBSCRIBED = "unsubscribed";
  public static final String HORIZON_SEASON_SIN = "horizon_season_sin";
  public static final String HORIZON_SEASON_COS = "horizon_season_cos";
  public static final String P_ALIVE = "p_alive";
  public static final String EXPECTED_TRANSACTIONS = "expected_transactions";
  public static final String MODEL_CLV = "model_clv";
  public static final String CATEGORY_SHARE_PREFIX = "category_share_";
  public static final String CATEGORY_VIEWS_PREFIX = "category_views_";

  /**
   * The kind of signals that describe the cut-off, not the customer (the same for everyone in one
   * snapshot): inputs for the network, left out of segment profiles and opportunity evidence.
   */
  public static final String CONTEXT = "context";
  public static final String CHANNEL_SHARE_PREFIX = "channel_share_";

  /** The base signals, in the order {@link SignalCalculator} writes them. */
  public static final List<Signal> BASE =
      List.of(
          s(RECENCY_DAYS, SignalGroup.ORDERS, "days since last order", "timing"),
          s(FREQUENCY, SignalGroup.ORDERS, "orders to date", "intensity"),
          s(MONETARY_TOTAL, SignalGroup.ORDERS, "net revenue to date", "intensity"),
          s(AVG_ORDER_VALUE, SignalGroup.ORDERS, "average order value", "intensity"),
          s(TENURE_DAYS, SignalGroup.ORDERS, "days since first order", "timing"),
          s(ORDERS_90D, SignalGroup.ORDERS, "orders in the last 90 days", "intensity"),
          s(REVENUE_90D, SignalGroup.ORDERS, "revenue in the last 90 days", "intensity"),
          s(ORDERS_PREV_90D, SignalGroup.ORDERS, "orders 90-180 days ago", "intensity"),
          s(REVENUE_PREV_90D, SignalGroup.ORDERS, "revenue 90-180 days ago", "intensity"),
          s(REVENUE_365D, SignalGroup.ORDERS, "revenue in the last year", "intensity"),
          s(REVENUE_SAME_SEASON_LAST_YEAR, SignalGroup.ORDERS, "revenue in the coming season a year ago", "sequence"),
          s(REVENUE_TREND, SignalGroup.ORDERS, "revenue trend (log of the last 90 days' revenue over the 90 before, 0 if flat)", "trend"),
          s(ORDER_VALUE_PROGRESSION, SignalGroup.ORDERS, "order value progression (recent vs earlier orders)", "trend"),
          s(ORDERS_PER_MONTH, SignalGroup.ORDERS, "orders per month of tenure", "intensity"),
          s(TYPICAL_GAP_DAYS, SignalGroup.ORDERS, "typical days between orders (for one-time buyers, days since that order)", "timing"),
          s(GAP_VARIABILITY, SignalGroup.ORDERS, "variability of gaps between orders", "timing"),
          s(GAP_RATIO, SignalGroup.ORDERS, "current silence relative to own typical gap (to the horizon for one-time buyers)", "timing"),
          s(LAST_GAP_RATIO, SignalGroup.ORDERS, "last gap relative to own typical gap", "sequence"),
          s(CHANNEL_COUNT, SignalGroup.ORDERS, "channels used", "affinity"),
          s(DISCOUNT_RATE, SignalGroup.ORDERS, "discount as a share of list value", "margin"),
          s(DISCOUNT_ORDER_SHARE, SignalGroup.ORDERS, "share of orders with a discount", "margin"),
          s(MARGIN_RATE, SignalGroup.ORDERS, "gross margin rate", "margin"),
          s(RETURN_RATE, SignalGroup.ORDERS, "share of revenue returned", "margin"),
          s(CAMPAIGN_ORDER_SHARE, SignalGroup.ORDERS, "share of orders from campaigns", "response"),
          s(Q4_REVENUE_SHARE, SignalGroup.ORDERS, "share of revenue in November-December", "sequence"),
          s(SEASONAL_CONCENTRATION, SignalGroup.ORDERS, "concentration of buying in one month of the year", "sequence"),
          s(HORIZON_SEASON_SIN, SignalGroup.ORDERS, "season of the horizon ahead (sine of the day of year)", CONTEXT),
          s(HORIZON_SEASON_COS, SignalGroup.ORDERS, "season of the horizon ahead (cosine of the day of year)", CONTEXT),
          s(CATEGORY_COUNT, SignalGroup.ORDER_ITEMS, "categories bought", "affinity"),
          s(TOP_CATEGORY_SHARE, SignalGroup.ORDER_ITEMS, "share of the favourite category", "affinity"),
          s(ITEMS_PER_ORDER, SignalGroup.ORDER_ITEMS, "items per order", "intensity"),
          s(SESSIONS_90D, SignalGroup.EVENTS, "web and app sessions in the last 90 days", "intensity"),
          s(APP_SESSION_SHARE, SignalGroup.EVENTS, "share of sessions in the app", "affinity"),
          s(PRODUCT_VIEWS_90D, SignalGroup.EVENTS, "product views in the last 90 days", "intensity"),
          s(SEARCHES_90D, SignalGroup.EVENTS, "searches in the last 90 days", "intensity"),
          s(CART_ADDS_90D, SignalGroup.EVENTS, "cart adds in the last 90 days", "intensity"),
          s(CONTENT_VIEWS_90D, SignalGroup.EVENTS, "content views in the last 90 days", "intensity"),
          s(STORE_VISITS_90D, SignalGroup.EVENTS, "store visits in the last 90 days", "intensity"),
          s(SUPPORT_TICKETS_180D, SignalGroup.EVENTS, "support tickets in the last 180 days", "intensity"),
          s(ENGAGEMENT_90D, SignalGroup.EVENTS, "engagement events in the last 90 days", "intensity"),
          s(ENGAGEMENT_TREND, SignalGroup.EVENTS, "engagement trend (log of the last 90 days' events over the 90 before, 0 if flat)", "trend"),
          s(DAYS_SINCE_LAST_EVENT, SignalGroup.EVENTS, "days since last engagement (3,650 if none)", "timing"),
          s(SENDS_90D, SignalGroup.MARKETING, "marketing sends in the last 90 days", "response"),
          s(SENDS_TREND, SignalGroup.MARKETING, "contact pressure trend (log of the last 90 days' sends over the 90 before, 0 if flat)", "trend"),
          s(OPEN_RATE_90D, SignalGroup.MARKETING, "open rate in the last 90 days", "response"),
          s(CLICK_RATE_90D, SignalGroup.MARKETING, "click rate in the last 90 days", "response"),
          s(OPEN_RATE_TREND, SignalGroup.MARKETING, "open rate trend", "trend"),
          s(OFFER_RESPONSE_RATE, SignalGroup.MARKETING, "response rate to offers", "response"),
          s(CONVERSION_RATE, SignalGroup.MARKETING, "conversion rate of sends", "response"),
          s(UNSUBSCRIBED, SignalGroup.MARKETING, "has unsubscribed", "response"),
          s(DAYS_SINCE_LAST_OPEN, SignalGroup.MARKETING, "days since last opened or clicked message (3,650 if none)", "timing"));

  private final List<Signal> signals;
  private final List<String> categories;
  private final List<String> channels;

  private SignalCatalog(List<Signal> signals, List<String> categories, List<String> channels) {
    this.signals = List.copyOf(signals);
    this.categories = List.copyOf(categories);
    this.channels = List.copyOf(channels);
  }

  /**
   * The catalog of a run.
   *
   * @param present the source groups the run has
   * @param categories the frequent categories to give affinity signals, in a stable order
   * @param channels the frequent channels to give mix signals, in a stable order
   */
  public static SignalCatalog of(Set<SignalGroup> present, List<String> categories, List<String> channels) {
    List<Signal> all = new ArrayList<>();
    for (Signal s : BASE) {
      if (present.contains(s.group())) {
        all.add(s);
      }
    }
    if (present.contains(SignalGroup.ORDER_ITEMS)) {
      for (String c : categories) {
        all.add(s(CATEGORY_SHARE_PREFIX + slug(c), SignalGroup.ORDER_ITEMS, "share of spend in " + c, "affinity"));
      }
      if (present.contains(SignalGroup.EVENTS)) {
        // Interest shown before any purchase: what a customer looks at in a category they do or do
        // not buy (browse-without-buy is the classic cross-sell and abandonment trigger).
        for (String c : categories) {
          all.add(s(CATEGORY_VIEWS_PREFIX + slug(c), SignalGroup.EVENTS,
              "product views and cart adds in " + c + " in the last 365 days", "affinity"));
        }
      }
    } else {
      categories = List.of();
    }
    for (String c : channels) {
      all.add(s(CHANNEL_SHARE_PREFIX + slug(c), SignalGroup.ORDERS, "share of orders via " + c, "affinity"));
    }
    return new SignalCatalog(all, categories, channels);
  }

  /** The catalog without the signals of one kind, and the positions of those kept. */
  public SignalCatalog without(String kind) {
    List<Signal> kept = signals.stream().filter(x -> !x.kind().equals(kind)).toList();
    return new SignalCatalog(kept, categories, channels);
  }

  /** A copy with the lifetime-value model's signals appended. */
  public SignalCatalog withClv() {
    List<Signal> all = new ArrayList<>(signals);
    all.add(s(P_ALIVE, SignalGroup.CLV, "probability still active (BG/NBD)", "timing"));
    all.add(s(EXPECTED_TRANSACTIONS, SignalGroup.CLV, "expected orders in the horizon (BG/NBD)", "intensity"));
    all.add(s(MODEL_CLV, SignalGroup.CLV, "model lifetime value over the horizon", "intensity"));
    return new SignalCatalog(all, categories, channels);
  }

  public List<Signal> signals() {
    return Collections.unmodifiableList(signals);
  }

  public List<String> names() {
    return signals.stream().map(Signal::name).toList();
  }

  public int size() {
    return signals.size();
  }

  public int indexOf(String name) {
    for (int i = 0; i < signals.size(); i++) {
      if (signals.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public Signal get(int i) {
    return signals.get(i);
  }

  public List<String> categories() {
    return categories;
  }

  public List<String> channels() {
    return channels;
  }

  /** Normalizes a category or channel value to a stable key. */
  public static String key(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }

  /** A category or channel value as part of a column name: lower case, [a-z0-9_] only. */
  public static String slug(String value) {
    String k = key(value).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return k.isEmpty() ? "unknown" : k;
  }

  /** The browsing signal of a category, e.g. {@code category_views_home_garden}. */
  public static String categoryViewsSignal(String category) {
    return CATEGORY_VIEWS_PREFIX + slug(category);
  }

  /** The affinity signal of a category, e.g. {@code category_share_home_garden}. */
  public static String categorySignal(String category) {
    return CATEGORY_SHARE_PREFIX + slug(category);
  }

  private static Signal s(String name, SignalGroup g, String label, String kind) {
    return new Signal(name, g, label, kind);
  }
}
