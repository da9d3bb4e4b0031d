package dev.undercurrent.core.opportunities;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The business assumptions used to size opportunities in currency, with defaults that a run's
 * config can override. Every number used appears in the opportunity's {@code valueFormula}, so a
 * reader can redo the sum with her own figures. Where the run has a marketing source, response
 * rates are learned from it instead (the model's response probability, else the observed
 * conversion rate of sends) and the {@code *_response} keys below are only the fallback.
 *
 * <table>
 * <caption>keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>contact_cost</td><td>0.10</td><td>cost of one marketing contact, blended over channels (currency)</td></tr>
 * <tr><td>contacts_per_horizon</td><td>3</td><td>contacts per customer in one campaign over
 *     the horizon</td></tr>
 * <tr><td>default_margin_rate</td><td>0.35</td><td>gross margin rate where margin_rate is
 *     unknown</td></tr>
 * <tr><td>lapse_gap_ratio</td><td>2.5</td><td>a repeat customer is lapsed when silent this many
 *     times her own typical gap; a one-time buyer when silent longer than the horizon
 *     times this / 2</td></tr>
 * <tr><td>win_back_response</td><td>0.05</td><td>share of a win-back audience that returns
 *     because of the campaign</td></tr>
 * <tr><td>retain_save_rate</td><td>0.15</td><td>share of the at-risk customers that a retention
 *     action keeps</td></tr>
 * <tr><td>nurture_response</td><td>0.10</td><td>share of a nurture audience that responds</td></tr>
 * <tr><td>nurture_gap_closed</td><td>0.25</td><td>share of the gap to today's best that a
 *     responder closes within the horizon</td></tr>
 * <tr><td>discount_recovery</td><td>0.50</td><td>share of the discount given today that can be
 *     taken back by moving to full-price offers</td></tr>
 * <tr><td>discount_attrition</td><td>0.10</td><td>share of the audience's margin lost because
 *     some stop buying without discounts</td></tr>
 * <tr><td>frequency_cut</td><td>0.50</td><td>share of sends removed for over-contacted
 *     customers</td></tr>
 * <tr><td>fatigue_save_rate</td><td>0.05</td><td>share of the over-contacted customers' churn
 *     risk that fewer sends avoid</td></tr>
 * <tr><td>grow_wallet_response</td><td>0.10</td><td>share of a grow-wallet audience that
 *     responds</td></tr>
 * <tr><td>grow_wallet_gap_closed</td><td>0.25</td><td>share of the gap to the neighbours' value
 *     that a responder closes within the horizon</td></tr>
 * <tr><td>cross_sell_response</td><td>0.05</td><td>share of a cross-sell audience that buys the
 *     suggested category</td></tr>
 * <tr><td>cross_sell_min_adoption</td><td>0.50</td><td>least share of a customer's neighbours
 *     that must buy a category for it to be suggested</td></tr>
 * <tr><td>lookalike_multiplier</td><td>10</td><td>prospects reached per seed customer</td></tr>
 * <tr><td>lookalike_conversion</td><td>0.01</td><td>share of the prospects who become
 *     customers</td></tr>
 * <tr><td>lookalike_value_ratio</td><td>0.50</td><td>a new customer's first-horizon value as a
 *     share of the seed's predicted value</td></tr>
 * <tr><td>media_cost_per_reach</td><td>0.02</td><td>paid-media cost of reaching one
 *     person</td></tr>
 * <tr><td>suppress_response</td><td>0.01</td><td>share of a suppress audience that would have
 *     responded to contact (the value given up by not contacting)</td></tr>
 * </table>
 *
 * <p>Limits: the defaults are round figures of the kind retail CRM teams plan with, not estimates
 * from this data; override them with the business's own numbers.
 */
public final class Assumptions {
  public static final String CONTACT_COST = "contact_cost";
  public static final String CONTACTS_PER_HORIZON = "contacts_per_horizon";
  public static final String DEFAULT_MARGIN_RATE = "default_margin_rate";
  public static final String LAPSE_GAP_RATIO = "lapse_gap_ratio";
  public static final String WIN_BACK_RESPONSE = "win_back_response";
  public static final String RETAIN_SAVE_RATE = "retain_save_rate";
  public static final String NURTURE_RESPONSE = "nurture_response";
  public static final String NURTURE_GAP_CLOSED = "nurture_gap_closed";
  public static final String DISCOUNT_RECOVERY = "discount_recovery";
  public static final String DISCOUNT_ATTRITION = "discount_attrition";
  public static final String FREQUENCY_CUT = "frequency_cut";
  public static final String FATIGUE_SAVE_RATE = "fatigue_save_rate";
  public static final String GROW_WALLET_RESPONSE = "grow_wallet_response";
  public static final String GROW_WALLET_GAP_CLOSED = "grow_wallet_gap_closed";
  public static final String CROSS_SELL_RESPONSE = "cross_sell_response";
  public static final String CROSS_SELL_MIN_ADOPTION = "cross_sell_min_adoption";
  public static final String LOOKALIKE_MULTIPLIER = "lookalike_multiplier";
  public static final String LOOKALIKE_CONVERSION = "lookalike_conversion";
  public static final String LOOKALIKE_VALUE_RATIO = "lookalike_value_ratio";
  public static final String MEDIA_COST_PER_REACH = "media_cost_per_reach";
  public static final String SUPPRESS_RESPONSE = "suppress_response";

  /** The defaults, in the order of the table above. */
  public static final Map<String, Double> DEFAULTS;

  static {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put(CONTACT_COST, 0.10);
    d.put(CONTACTS_PER_HORIZON, 3.0);
    d.put(DEFAULT_MARGIN_RATE, 0.35);
    d.put(LAPSE_GAP_RATIO, 2.5);
    d.put(WIN_BACK_RESPONSE, 0.05);
    d.put(RETAIN_SAVE_RATE, 0.15);
    d.put(NURTURE_RESPONSE, 0.10);
    d.put(NURTURE_GAP_CLOSED, 0.25);
    d.put(DISCOUNT_RECOVERY, 0.50);
    d.put(DISCOUNT_ATTRITION, 0.10);
    d.put(FREQUENCY_CUT, 0.50);
    d.put(FATIGUE_SAVE_RATE, 0.05);
    d.put(GROW_WALLET_RESPONSE, 0.10);
    d.put(GROW_WALLET_GAP_CLOSED, 0.25);
    d.put(CROSS_SELL_RESPONSE, 0.05);
    d.put(CROSS_SELL_MIN_ADOPTION, 0.50);
    d.put(LOOKALIKE_MULTIPLIER, 10.0);
    d.put(LOOKALIKE_CONVERSION, 0.01);
    d.put(LOOKALIKE_VALUE_RATIO, 0.50);
    d.put(MEDIA_COST_PER_REACH, 0.02);
    d.put(SUPPRESS_RESPONSE, 0.01);
    DEFAULTS = Collections.unmodifiableMap(d);
  }

  private final Map<String, Double> values;

  private Assumptions(Map<String, Double> values) {
    this.values = values;
  }

  /**
   * The defaults with the given overrides.
   *
   * @throws IllegalArgumentException for an unknown key, or a negative or non-finite value
   */
  public static Assumptions of(Map<String, Double> overrides) {
    Map<String, Double> v = new LinkedHashMap<>(DEFAULTS);
    if (overrides != null) {
      for (Map.Entry<String, Double> e : overrides.entrySet()) {
        if (!DEFAULTS.containsKey(e.getKey())) {
          throw new IllegalArgumentException("assumptions: unknown key '" + e.getKey()
              + "', expected one of " + new TreeSet<>(DEFAULTS.keySet()));
        }
        Double x = e.getValue();
        if (x == null || !Double.isFinite(x) || x < 0) {
          throw new IllegalArgumentException("assumptions." + e.getKey() + ": " + x
              + " found, expected a finite number >= 0");
        }
        v.put(e.getKey(), x);
      }
    }
    return new Assumptions(Collections.unmodifiableMap(v));
  }

  public double get(String key) {
    Double x = values.get(key);
    if (x == null) {
      throw new IllegalArgumentException("assumptions: unknown key '" + key + "'");
    }
    return x;
  }

  /** Every key with its value in force. */
  public Map<String, Double> asMap() {
    return values;
  }
}
