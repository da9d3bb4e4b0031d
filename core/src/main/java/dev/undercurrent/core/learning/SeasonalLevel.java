package dev.undercurrent.core.learning;

import dev.undercurrent.core.model.CustomerScores;
import java.util.List;
import java.util.Optional;

/**
 * The level of the coming horizon from the same season a year earlier: how much the customers will
 * spend in all and how many will buy, so that predicted values and churn probabilities add up to
 * what the season brings, not to what an average horizon brings.
 *
 * <p>Why. The network learns from labelled snapshots one horizon apart over a year and a half, of
 * which one or two fall in the coming season; it ranks customers well but sets its level near the
 * average of the horizons it saw. For a business with a peak that is wrong by the size of the peak:
 * on the independently written home-and-garden world (bench/worldb, as of 31 March, the spring peak
 * ahead) the predicted values summed to 0.47 of what the customers then spent and the mean churn
 * probability was 0.58 against 0.43 who did not buy; on the project's generator as of 29 December
 * (a quiet quarter after the holidays) the predicted values summed to 1.19 and 1.30 of the actual.
 * Opportunities are sized in currency from these values, so their sizes carried the same error.
 *
 * <p>How: the seasonal naive forecast with year-over-year growth (Hyndman &amp; Athanasopoulos,
 * "Forecasting: Principles and Practice", the seasonal naive method, scaled by the change seen
 * since a year ago). With {@code A(c)} the revenue, net of returns, of the customers known at
 * cut-off {@code c} in the horizon after it, and {@code B(c)} how many of them bought there:
 *
 * <pre>
 *   value forecast  = A(t − 1 year) × A(l) / A(l − 1 year)
 *   buyers forecast = B(t − 1 year) × B(l) / B(l − 1 year)
 * </pre>
 *
 * where {@code t} is the cut-off forecast ({@code as_of}) and {@code l} the latest labelled cut-off
 * before it (one horizon earlier): last year's same season, scaled by how the latest horizon
 * compares with the same horizon a year before it. Each snapshot must lie within {@value
 * #TOLERANCE_DAYS} days of its date (the run's cut-offs are one horizon apart, so with a 90-day
 * horizon the year-earlier ones fall 5 days off) and hold at least {@value #MIN_CUSTOMERS}
 * customers with some revenue and some buyers.
 *
 * <p>The forecast is not taken whole: three totals of one year make a noisy estimate, and where
 * a business has no marked season the network's level can be the better one. The same forecast
 * is made for the held-out horizon from the snapshots before it ({@link #backtest}), and its
 * error there sets how much it is believed now ({@link #apply}: inverse-variance weights in log
 * terms). The predicted values are scaled by one factor and the churn probabilities shifted by
 * one constant in log-odds, so every customer keeps her rank (Spearman, AUC, the value
 * percentiles and the detectors' orderings are unchanged) and a customer's value if buying stays
 * the value over the chance of buying.
 *
 * <p>Measured (bench/level/README.md; predicted total over what the customers spent in the
 * withheld horizon, network → now): the project's generator as of 29 December 1.19 → 1.07 and
 * 1.30 → 1.06 (seeds 42, 7), as of 30 June 1.04 → 1.04; the second world as of 31 March 0.47 →
 * 0.94 and 0.47 → 0.89, its churn calibration error 0.147 → 0.033 and 0.122 → 0.059; a real
 * online grocer's two-year cohort (BTYDplus, as of 2007-10-01), where the forecast was weighted
 * 0.14, 0.96 → 0.94. The cost, said plainly: on the project's generator the buyers' forecast is
 * about 5% high, and the churn calibration error there rises from 0.059 to 0.081 (December) and
 * 0.041 to 0.065 (June).
 *
 * <p>Limits: it needs the three labelled cut-offs (about a year and two horizons of history before
 * {@code as_of}); without them the network's level stands and the run says why. A season that moves
 * in the calendar (Easter, a promotion moved to another month) is read a year late; a one-off
 * (a sale that will not repeat) is carried into the forecast. A factor beyond [{@value #MIN_FACTOR},
 * {@value #MAX_FACTOR}] of the network's own total is not applied: a level that far off rests on
 * too little to trust over the network.
 *
 * <p>Written here: the forecast is two ratios; the shift in log-odds a bisection over the
 * project's {@link ProbabilityCalibration} with slope 1.
 */
public final class SeasonalLevel {
  /** How far a snapshot may lie from the date the forecast asks for, in days. */
  public static final int TOLERANCE_DAYS = 15;

  /** Customers a snapshot must hold for its totals to count. */
  public static final int MIN_CUSTOMERS = 30;

  /** The smallest factor on the network's total that is applied. */
  public static final double MIN_FACTOR = 0.2;

  /** The largest factor on the network's total that is applied. */
  public static final double MAX_FACTOR = 5;

  private SeasonalLevel() {}

  /**
   * What one labelled snapshot's customers did in the horizon after its cut-off.
   *
   * @param cutoffDay the cut-off, in days since 1970-01-01
   * @param customers customers known at the cut-off (rows of the snapshot)
   * @param value their revenue net of returns in the horizon, summed
   * @param buyers how many of them ordered in the horizon
   */
  public record SnapshotTotal(long cutoffDay, long customers, double value, long buyers) {}

  /**
   * A forecast of one horizon's totals and the snapshots it rests on.
   *
   * @param value revenue net of returns the customers are expected to spend in all
   * @param buyers how many are expected to buy
   * @param sameSeason last year's snapshot of the same season
   * @param latest the latest snapshot before the forecast cut-off
   * @param latestLastYear the snapshot a year before {@code latest}
   */
  public record Forecast(double value, double buyers, SnapshotTotal sameSeason, SnapshotTotal latest,
      SnapshotTotal latestLastYear) {}

  /**
   * The forecast for the horizon after {@code targetDay} from the snapshots given, or empty where
   * {@link #whyNoForecast} finds one of the three missing or too thin.
   *
   * @param targetDay the cut-off whose horizon is forecast, in days since 1970-01-01
   * @param latestDay the latest labelled cut-off before it
   * @param totals the labelled snapshots, in any order
   */
  public static Optional<Forecast> forecast(long targetDay, long latestDay, List<SnapshotTotal> totals) {
    SnapshotTotal[] three = snapshots(targetDay, latestDay, totals);
    if (whyNot(three) != null) {
      return Optional.empty();
    }
    double value = three[0].value() * three[1].value() / three[2].value();
    double buyers = three[0].buyers() * (double) three[1].buyers() / three[2].buyers();
    return Optional.of(new Forecast(value, buyers, three[0], three[1], three[2]));
  }

  /** Why {@link #forecast} finds no forecast with these arguments, or null where it finds one. */
  public static String whyNoForecast(long targetDay, long latestDay, List<SnapshotTotal> totals) {
    return whyNot(snapshots(targetDay, latestDay, totals));
  }

  /** The same season a year earlier, the latest snapshot and the one a year before it (null where absent). */
  private static SnapshotTotal[] snapshots(long targetDay, long latestDay, List<SnapshotTotal> totals) {
    return new SnapshotTotal[] {
        near(totals, minusYear(targetDay)), near(totals, latestDay), near(totals, minusYear(latestDay))};
  }

  private static String whyNot(SnapshotTotal[] three) {
    String missing = three[0] == null ? "the same season a year earlier"
        : three[1] == null ? "the latest horizon" : three[2] == null ? "the latest horizon a year earlier" : null;
    if (missing != null) {
      return "no labelled snapshot of " + missing + " (history too short)";
    }
    for (SnapshotTotal s : three) {
      if (s.customers() < MIN_CUSTOMERS || !(s.value() > 0) || s.buyers() <= 0) {
        return "the snapshot of " + java.time.LocalDate.ofEpochDay(s.cutoffDay()) + " holds "
            + s.customers() + " customers, " + s.buyers() + " buying, revenue " + s.value()
            + "; expected at least " + MIN_CUSTOMERS + " customers with some revenue and buyers";
      }
    }
    return null;
  }

  /**
   * The same forecast made for the held-out horizon from the snapshots before it, against what its
   * customers did: how far the method itself is off, on the one horizon where it can be checked.
   *
   * @param cutoffDay the held-out cut-off
   * @param valueRatio the forecast revenue over the actual
   * @param buyersRatio the forecast buyers over the actual
   */
  public record Backtest(long cutoffDay, double valueRatio, double buyersRatio) {}

  /**
   * The forecast for the held-out horizon (after {@code heldOutDay}) from the snapshots up to the
   * one before it ({@code beforeDay}), against the held-out snapshot's own totals; empty where the
   * history is too short for it or the held-out snapshot has no revenue or no buyers.
   */
  public static Optional<Backtest> backtest(long heldOutDay, long beforeDay, List<SnapshotTotal> totals) {
    SnapshotTotal actual = near(totals, heldOutDay);
    if (actual == null || actual.cutoffDay() != heldOutDay || !(actual.value() > 0) || actual.buyers() <= 0) {
      return Optional.empty();
    }
    return forecast(heldOutDay, beforeDay, totals)
        .map(f -> new Backtest(heldOutDay, f.value() / actual.value(), f.buyers() / actual.buyers()));
  }

  /**
   * Scores set to a level between the network's and the forecast's.
   *
   * @param scores the network's scores of the customers the forecast is for
   * @param valueFactor what the predicted values were multiplied by
   * @param churnShift what was added to every customer's log-odds of buying
   * @param valueWeight the forecast's weight in the level of the values (0 the network's, 1 the forecast's)
   * @param buyersWeight the forecast's weight in the expected buyers
   */
  public record Leveled(CustomerScores scores, double valueFactor, double churnShift, double valueWeight,
      double buyersWeight) {}

  /**
   * The scores at a level between the network's and the forecast's, weighted by how reliable each
   * looks, in log terms: the forecast's error variance is read from its backtest ({@code e²}, with
   * {@code e} the log of the backtest's ratio), the network's from how far the two disagree now
   * ({@code s²}, with {@code s} the log of the forecast over the network's total), so the
   * forecast's weight is the inverse-variance one, {@code s² / (s² + e²)}. A forecast that departs
   * from the network by much more than it erred on the held-out horizon is mostly believed (the
   * second world's spring: s = 0.77, e = 0.25, weight 0.90); one whose departure is smaller than
   * its own error is mostly not (a grocer's two-year cohort without a marked season: s = −0.09,
   * e = −0.23, weight 0.14). The values are then scaled by {@code exp(weight × s)}, and the churn
   * probabilities shifted in log-odds so the chances of buying sum to the buyers at their weight.
   * Empty where {@link #whyNotApplied} says why not.
   */
  public static Optional<Leveled> apply(CustomerScores scores, Forecast f, Backtest b) {
    if (whyNotApplied(scores, f) != null) {
      return Optional.empty();
    }
    int n = scores.size();
    double[] buy = new double[n];
    double[] logOdds = new double[n];
    double buyers = 0;
    for (int i = 0; i < n; i++) {
      double p = 1 - scores.churnProbability()[i];
      buy[i] = p;
      double q = Math.max(1e-9, Math.min(1 - 1e-9, Double.isFinite(p) ? p : 0.5));
      logOdds[i] = Math.log(q / (1 - q));
      buyers += Double.isFinite(p) ? p : 0;
    }
    double sValue = Math.log(f.value() / total(scores));
    double valueWeight = weight(sValue, Math.log(b.valueRatio()));
    double factor = Math.exp(valueWeight * sValue);
    double sBuyers = buyers > 0 && f.buyers() > 0 ? Math.log(f.buyers() / buyers) : 0;
    double buyersWeight = weight(sBuyers, Math.log(b.buyersRatio()));
    double target = Math.max(0.5, Math.min(n - 0.5, buyers * Math.exp(buyersWeight * sBuyers)));
    double shift = buyersWeight == 0 ? 0 : shiftFor(logOdds, target);
    // a shift of every log-odds is the calibration map with slope 1 and that intercept
    ProbabilityCalibration shifted = new ProbabilityCalibration(1, shift);
    double[] value = new double[n];
    double[] churn = new double[n];
    double[] ifActive = scores.valueIfActive() == null ? null : new double[n];
    for (int i = 0; i < n; i++) {
      double p2 = shifted.probability(logOdds[i]);
      value[i] = scores.predictedValue()[i] * factor;
      churn[i] = Double.isFinite(scores.churnProbability()[i]) ? 1 - p2 : scores.churnProbability()[i];
      if (ifActive != null) {
        // the value if buying follows the value over the chance of buying
        double p = Math.max(1e-9, buy[i]);
        ifActive[i] = scores.valueIfActive()[i] * factor * p / Math.max(1e-9, p2);
      }
    }
    return Optional.of(new Leveled(new CustomerScores(value, churn, scores.responseProbability(),
        scores.embedding(), ifActive), factor, shift, valueWeight, buyersWeight));
  }

  /** The inverse-variance weight of a departure {@code s} whose own error is {@code e}: s² / (s² + e²). */
  static double weight(double s, double e) {
    if (!Double.isFinite(s) || !Double.isFinite(e) || s == 0) {
      return 0;
    }
    return s * s / (s * s + e * e);
  }

  /**
   * Why {@link #apply} leaves these scores as they are, or null where it levels them: no value to
   * scale, or a factor on the values outside [{@link #MIN_FACTOR}, {@link #MAX_FACTOR}].
   */
  public static String whyNotApplied(CustomerScores scores, Forecast f) {
    double total = total(scores);
    if (!(total > 0)) {
      return "the network predicts no value to scale";
    }
    double factor = f.value() / total;
    if (!(factor >= MIN_FACTOR && factor <= MAX_FACTOR)) {
      return String.format(java.util.Locale.ROOT,
          "the seasonal forecast is %.2f times the network's total, outside [%s, %s]: the network's level kept",
          factor, MIN_FACTOR, MAX_FACTOR);
    }
    return null;
  }

  private static double total(CustomerScores scores) {
    double total = 0;
    for (double v : scores.predictedValue()) {
      total += Double.isFinite(v) ? v : 0;
    }
    return total;
  }

  /** The constant which, added to every log-odds, makes the probabilities sum to {@code target}. */
  static double shiftFor(double[] logOdds, double target) {
    double lo = -30;
    double hi = 30;
    for (int it = 0; it < 100; it++) {
      double mid = (lo + hi) / 2;
      ProbabilityCalibration c = new ProbabilityCalibration(1, mid);
      double sum = 0;
      for (double z : logOdds) {
        sum += c.probability(z);
      }
      if (sum < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  private static long minusYear(long day) {
    return java.time.LocalDate.ofEpochDay(day).minusYears(1).toEpochDay();
  }

  private static SnapshotTotal near(List<SnapshotTotal> totals, long day) {
    SnapshotTotal best = null;
    for (SnapshotTotal s : totals) {
      long d = Math.abs(s.cutoffDay() - day);
      if (d <= TOLERANCE_DAYS && (best == null || d < Math.abs(best.cutoffDay() - day))) {
        best = s;
      }
    }
    return best;
  }
}
