package dev.undercurrent.core.learning;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The measures by which a value or churn model is judged on held-out customers. Pure functions of
 * arrays; every one names its source.
 *
 * <p>Ranking measures (Spearman, top-decile capture, AUC) matter most for the product, because
 * audiences are cut from the top of a ranking; MAE and calibration say whether the numbers can be
 * summed into expected values. Where a measure is undefined (a constant input, one class only, a
 * non-positive total) it is {@code NaN}, never a made-up number.
 */
public final class ModelQuality {
  private ModelQuality() {}

  /**
   * Spearman's rank correlation (Spearman 1904), ties given their average rank: the Pearson
   * correlation of the ranks. {@code NaN} where either input is constant.
   */
  public static double spearman(double[] x, double[] y) {
    requireSameLength("x", x, "y", y);
    if (x.length < 2) {
      return Double.NaN;
    }
    NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
    return new SpearmansCorrelation(ranking).correlation(x, y);
  }

  /** The share of the actual total captured by the top 10% of rows by prediction. */
  public static double topDecileCapture(double[] actual, double[] predicted) {
    return topShareCapture(actual, predicted, 0.10);
  }

  /**
   * The share of the actual total (sum of {@code actual}) that falls on the top {@code share} of
   * rows ranked by {@code predicted} (the "capture rate" of a lift chart). A group of tied
   * predictions that straddles the cut counts with its mean actual value, so the answer does not
   * depend on row order. {@code NaN} where the actual total is not positive.
   *
   * @param share fraction of rows in the top group, in (0, 1]
   */
  public static double topShareCapture(double[] actual, double[] predicted, double share) {
    requireSameLength("actual", actual, "predicted", predicted);
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share: found " + share + ", expected a value in (0, 1]");
    }
    if (actual.length == 0) {
      return Double.NaN;
    }
    int[] order = sortedDescending(predicted);
    int[] ones = new int[actual.length];
    Arrays.fill(ones, 1);
    return weightedCapture(order, groupEnds(order, predicted), actual, ones, share);
  }

  /** Mean absolute error. */
  public static double meanAbsoluteError(double[] actual, double[] predicted) {
    requireSameLength("actual", actual, "predicted", predicted);
    if (actual.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < actual.length; i++) {
      s += Math.abs(actual[i] - predicted[i]);
    }
    return s / actual.length;
  }

  /**
   * Area under the ROC curve through the Mann-Whitney statistic (Hanley & McNeil 1982): the chance
   * that a random positive scores above a random negative, ties counting one half. {@code NaN}
   * where one class is empty.
   */
  public static double rocAuc(double[] score, boolean[] positive) {
    requireSameLength("score", score, "positive", positive.length);
    long nPos = 0;
    for (boolean p : positive) {
      if (p) {
        nPos++;
      }
    }
    long nNeg = positive.length - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    double[] ranks =
        new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(score.clone());
    double rankSum = 0;
    for (int i = 0; i < ranks.length; i++) {
      if (positive[i]) {
        rankSum += ranks[i];
      }
    }
    return (rankSum - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
  }

  /**
   * Expected calibration error over equal-width probability bins (Naeini, Cooper & Hauskrecht
   * 2015; Guo et al. 2017): the row-weighted mean gap between the mean predicted probability and
   * the observed frequency in each bin.
   */
  public static double expectedCalibrationError(double[] probability, boolean[] outcome, int bins) {
    requireSameLength("probability", probability, "outcome", outcome.length);
    if (bins < 1) {
      throw new IllegalArgumentException("bins: found " + bins + ", expected at least 1");
    }
    int n = probability.length;
    if (n == 0) {
      return Double.NaN;
    }
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < n; i++) {
      double p = requireProbability(probability[i], i);
      int b = Math.min(bins - 1, (int) (p * bins));
      sumP[b] += p;
      sumY[b] += outcome[i] ? 1 : 0;
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(sumP[b] - sumY[b]) / n;
      }
    }
    return ece;
  }

  /**
   * A reliability diagram's points (DeGroot &amp; Fienberg 1983) as figures: for each non-empty
   * bin of {@code bins} equal-width bins of probability, {@code <name>.bin_NN.predicted} (the mean
   * probability), {@code .observed} (how often the event happened) and {@code .count}; {@code NN}
   * counts from 01 so that the names sort in bin order.
   */
  public static Map<String, Double> reliabilityBins(
      String name, double[] probability, boolean[] outcome, int bins) {
    requireSameLength("probability", probability, "outcome", outcome.length);
    if (bins < 1 || bins > 99) {
      throw new IllegalArgumentException("bins: found " + bins + ", expected 1..99");
    }
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < probability.length; i++) {
      double p = requireProbability(probability[i], i);
      int b = Math.min(bins - 1, (int) (p * bins));
      sumP[b] += p;
      sumY[b] += outcome[i] ? 1 : 0;
      count[b]++;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        String bin = String.format(java.util.Locale.ROOT, "%s.bin_%02d.", name, b + 1);
        m.put(bin + "predicted", sumP[b] / count[b]);
        m.put(bin + "observed", sumY[b] / count[b]);
        m.put(bin + "count", (double) count[b]);
      }
    }
    return m;
  }

  /** The Brier score (Brier 1950): mean squared gap between probability and outcome. */
  public static double brierScore(double[] probability, boolean[] outcome) {
    requireSameLength("probability", probability, "outcome", outcome.length);
    if (probability.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < probability.length; i++) {
      double d = requireProbability(probability[i], i) - (outcome[i] ? 1 : 0);
      s += d * d;
    }
    return s / probability.length;
  }

  /**
   * The value measures under one prefix: {@code <prefix>value.spearman}, {@code
   * <prefix>value.top_decile_capture}, {@code <prefix>value.mae} and {@code
   * <prefix>value.total_ratio}.
   */
  public static Map<String, Double> valueMetrics(
      String prefix, double[] actual, double[] predicted) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "value.spearman", spearman(actual, predicted));
    m.put(prefix + "value.top_decile_capture", topDecileCapture(actual, predicted));
    m.put(prefix + "value.mae", meanAbsoluteError(actual, predicted));
    m.put(prefix + "value.total_ratio", totalRatio(actual, predicted));
    return m;
  }

  /**
   * The predicted total over the actual total (1 = right in sum), {@code NaN} where the actual
   * total is not positive. Ranks say whom to pick; the opportunities add predicted values up into
   * currency, so a user must see whether the sum is right too: on UCI Online Retail the run's
   * withheld-quarter total was 43% of what the customers spent (a Christmas quarter the history
   * holds no earlier example of), on The Complete Journey 145%.
   */
  public static double totalRatio(double[] actual, double[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException("lengths differ: " + actual.length + " vs " + predicted.length);
    }
    double a = 0;
    double p = 0;
    for (int i = 0; i < actual.length; i++) {
      a += actual[i];
      p += predicted[i];
    }
    return a > 0 ? p / a : Double.NaN;
  }

  /**
   * The probability measures under one name: {@code <name>.auc}, {@code <name>.ece} (10 bins) and
   * {@code <name>.brier}.
   */
  public static Map<String, Double> probabilityMetrics(
      String name, double[] probability, boolean[] outcome) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(name + ".auc", rocAuc(probability, outcome));
    m.put(name + ".ece", expectedCalibrationError(probability, outcome, 10));
    m.put(name + ".brier", brierScore(probability, outcome));
    return m;
  }

  /**
   * How much more of the actual total the top decile by {@code a} captures than the top decile by
   * {@code b}, with a 95% interval: {@code {difference, 2.5th percentile, 97.5th percentile}}. The
   * interval comes from a paired Poisson bootstrap: in each of {@code resamples} replicates every
   * row counts a Poisson(1) number of times for both predictions at once (the bootstrap that scales
   * to millions of rows without re-sorting; Hanley &amp; MacGibbon, Comput. Stat. Data Anal. 51,
   * 2006), and the capture of each is taken over the weighted rows, a tied group that straddles the
   * cut counting in part as in {@link #topShareCapture}. The point difference is that of the data
   * themselves. {@code NaN}s where the actual total is not positive.
   *
   * <p>Why: "top-decile capture above the baselines" is a claim about a sample of customers; an
   * interval that excludes zero says the lift is not the luck of the sample.
   */
  public static double[] topDecileCaptureDifference(
      double[] actual, double[] a, double[] b, int resamples, long seed) {
    requireSameLength("actual", actual, "a", a);
    requireSameLength("actual", actual, "b", b);
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples: found " + resamples + ", expected at least 1");
    }
    int n = actual.length;
    int[] orderA = sortedDescending(a);
    int[] orderB = sortedDescending(b);
    int[] endA = groupEnds(orderA, a);
    int[] endB = groupEnds(orderB, b);
    int[] ones = new int[n];
    Arrays.fill(ones, 1);
    double point = weightedCapture(orderA, endA, actual, ones, 0.10)
        - weightedCapture(orderB, endB, actual, ones, 0.10);
    if (Double.isNaN(point)) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    double[] diffs = new double[resamples];
    int[] w = new int[n];
    int kept = 0;
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        w[i] = poissonOne(random);
      }
      double d = weightedCapture(orderA, endA, actual, w, 0.10)
          - weightedCapture(orderB, endB, actual, w, 0.10);
      if (Double.isFinite(d)) {
        diffs[kept++] = d;
      }
    }
    if (kept == 0) {
      return new double[] {point, Double.NaN, Double.NaN};
    }
    double[] sorted = Arrays.copyOf(diffs, kept);
    Arrays.sort(sorted);
    return new double[] {point, percentile(sorted, 0.025), percentile(sorted, 0.975)};
  }

  /** A Poisson(1) draw by inversion of its distribution function. */
  private static int poissonOne(java.util.SplittableRandom random) {
    double u = random.nextDouble();
    double p = Math.exp(-1);
    double cumulative = p;
    int k = 0;
    while (u > cumulative && k < 30) {
      k++;
      p /= k;
      cumulative += p;
    }
    return k;
  }

  /** The sorted value at fraction {@code q}, linear between neighbours. */
  private static double percentile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
  }

  /** For each position of {@code order}, the end (exclusive) of its group of tied values. */
  private static int[] groupEnds(int[] order, double[] values) {
    int n = order.length;
    int[] end = new int[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && values[order[j]] == values[order[i]]) {
        j++;
      }
      for (int k = i; k < j; k++) {
        end[k] = j;
      }
      i = j;
    }
    return end;
  }

  /** {@link #topShareCapture} with each row counted {@code weight[row]} times. */
  private static double weightedCapture(
      int[] order, int[] groupEnd, double[] actual, int[] weight, double share) {
    double total = 0;
    double mass = 0;
    for (int i = 0; i < actual.length; i++) {
      total += weight[i] * actual[i];
      mass += weight[i];
    }
    if (!(total > 0)) {
      return Double.NaN;
    }
    double wanted = share * mass;
    double captured = 0;
    double taken = 0;
    int i = 0;
    while (i < order.length && taken < wanted) {
      int j = groupEnd[i];
      double groupSum = 0;
      double groupMass = 0;
      for (int k = i; k < j; k++) {
        groupSum += weight[order[k]] * actual[order[k]];
        groupMass += weight[order[k]];
      }
      if (groupMass > 0) {
        double take = Math.min(groupMass, wanted - taken);
        captured += groupSum * take / groupMass;
        taken += take;
      }
      i = j;
    }
    return captured / total;
  }

  /** Row indices ordered by value, highest first; ties keep index order. */
  static int[] sortedDescending(double[] values) {
    // boxed for a comparator; a stable sort, so ties keep index order
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
    int[] order = new int[boxed.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  private static double requireProbability(double p, int row) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "probability[" + row + "]: found " + p + ", expected a value in [0, 1]");
    }
    return p;
  }

  private static void requireSameLength(String a, double[] x, String b, double[] y) {
    requireSameLength(a, x, b, y.length);
  }

  private static void requireSameLength(String a, double[] x, String b, int yLength) {
    if (x.length != yLength) {
      throw new IllegalArgumentException(
          a + " has " + x.length + " rows but " + b + " has " + yLength + "; expected equal");
    }
  }
}
