package dev.undercurrent.core.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Lift of a treatment group over its holdout: conversion and revenue per customer, with
 * confidence intervals, and the incremental revenue the treatment produced.
 *
 * <ul>
 *   <li>Each conversion rate: Wilson score interval (E. B. Wilson, "Probable inference, the law of
 *       succession, and statistical inference", JASA 22, 1927), which keeps its coverage near
 *       the nominal level for small counts and rates near 0, unlike the Wald interval.
 *   <li>Difference in conversion: Newcombe's hybrid score interval, method 10 of R. G. Newcombe,
 *       "Interval estimation for the difference between independent proportions: comparison of
 *       eleven methods", Statistics in Medicine 17, 1998, built from the two Wilson intervals.
 *   <li>Difference in revenue per customer: Welch's t interval (B. L. Welch, Biometrika 34, 1947)
 *       with Welch–Satterthwaite degrees of freedom: revenue is skewed and the groups' variances
 *       differ, so a pooled-variance t would be wrong; with thousands of customers per group the
 *       central limit theorem makes the t interval adequate despite the skew.
 *   <li>Incremental revenue = (treatment revenue per customer − holdout revenue per customer) ×
 *       treatment size, its interval the difference's interval times the treatment size.
 *   <li>Whether the revenue interval can be trusted: the t interval leans on the central limit
 *       theorem, which for skewed revenue (most customers buy nothing, a few buy a lot) needs many
 *       customers. Cochran's rule (W. G. Cochran, <i>Sampling Techniques</i>, 3rd ed., 1977,
 *       §2.15) asks for more than 25 × G1² units, G1 the skewness, for a 95% interval on a mean to
 *       cover near its level; a holdout of a tenth of a small audience often has fewer (a
 *       simulation of holdouts of 87 at 5% conversion covered at about 0.82). Where a group falls
 *       short, or has no revenue variation at all (its uncertainty then counts as nothing), the
 *       result says so in {@code cautions} rather than hiding it.
 *   <li>The smallest differences the groups could detect (two-sided at the confidence level, 80%
 *       power): (z<sub>1−α/2</sub> + z<sub>0.8</sub>) × the standard error of the difference —
 *       for conversion under the pooled rate, for revenue Welch's. A difference below these is
 *       not evidence of no effect.
 * </ul>
 *
 * <p>Limits: customers are assumed independent and assigned at random (as
 * {@code HoldoutAssigner} does); no correction for looking at results repeatedly.
 */
public final class LiftStatistics {

  private LiftStatistics() {}

  /** A two-sided confidence interval. */
  public record Interval(double lower, double upper) {
    public boolean contains(double x) {
      return x >= lower && x <= upper;
    }
  }

  /**
   * The measured lift.
   *
   * @param confidenceLevel e.g. 0.95
   * @param conversionDifference treatment rate minus holdout rate
   * @param revenuePerCustomerDifference treatment minus holdout revenue per customer
   * @param welchDegreesOfFreedom the Welch–Satterthwaite degrees of freedom used
   * @param incrementalRevenue revenue difference per customer × treatment customers
   */
  public record Lift(
      double confidenceLevel,
      int treatmentCustomers,
      int holdoutCustomers,
      double treatmentConversion,
      Interval treatmentConversionInterval,
      double holdoutConversion,
      Interval holdoutConversionInterval,
      double conversionDifference,
      Interval conversionDifferenceInterval,
      double treatmentRevenuePerCustomer,
      double holdoutRevenuePerCustomer,
      double revenuePerCustomerDifference,
      Interval revenuePerCustomerDifferenceInterval,
      double welchDegreesOfFreedom,
      double incrementalRevenue,
      Interval incrementalRevenueInterval,
      double minimumDetectableConversionDifference,
      double minimumDetectableRevenueDifference,
      boolean revenueIntervalReliable,
      java.util.List<String> cautions) {}

  /** The power the minimum detectable differences are computed for. */
  public static final double POWER = 0.8;

  /**
   * Lift from per-customer outcomes.
   *
   * @param treatmentConverted whether each treatment customer converted in the window
   * @param treatmentRevenue each treatment customer's revenue in the window (0 if none)
   * @param holdoutConverted the same for the holdout
   * @param holdoutRevenue the same for the holdout
   * @param confidenceLevel in (0, 1), e.g. 0.95
   */
  public static Lift measure(boolean[] treatmentConverted, double[] treatmentRevenue,
      boolean[] holdoutConverted, double[] holdoutRevenue, double confidenceLevel) {
    if (treatmentConverted.length != treatmentRevenue.length) {
      throw new IllegalArgumentException("treatment: " + treatmentConverted.length
          + " conversion flags but " + treatmentRevenue.length + " revenues; expected one each");
    }
    if (holdoutConverted.length != holdoutRevenue.length) {
      throw new IllegalArgumentException("holdout: " + holdoutConverted.length
          + " conversion flags but " + holdoutRevenue.length + " revenues; expected one each");
    }
    if (treatmentRevenue.length < 2 || holdoutRevenue.length < 2) {
      throw new IllegalArgumentException("treatment has " + treatmentRevenue.length
          + " and holdout " + holdoutRevenue.length + " customers; expected at least 2 each");
    }
    checkLevel(confidenceLevel);
    int nt = treatmentConverted.length;
    int nh = holdoutConverted.length;
    int xt = count(treatmentConverted);
    int xh = count(holdoutConverted);
    double pt = (double) xt / nt;
    double ph = (double) xh / nh;
    Interval wt = wilson(xt, nt, confidenceLevel);
    Interval wh = wilson(xh, nh, confidenceLevel);
    Interval dConv = newcombe(xt, nt, xh, nh, confidenceLevel);
    WelchResult w = welch(treatmentRevenue, holdoutRevenue, confidenceLevel);
    // Under the pooled rate; where nobody or everybody converted the normal approximation says
    // nothing, and the figure is NaN (null in JSON) rather than a detectable difference of 0.
    double mdeConversion = detectableConversionDifference(nt, nh, (double) (xt + xh) / (nt + nh), confidenceLevel);
    double mdeRevenue = w.standardError() > 0 ? zPlusPower(confidenceLevel) * w.standardError() : Double.NaN;
    java.util.List<String> cautions = new java.util.ArrayList<>();
    boolean reliable = revenueIntervalHolds("treatment", treatmentRevenue, cautions)
        & revenueIntervalHolds("holdout", holdoutRevenue, cautions);
    return new Lift(confidenceLevel, nt, nh, pt, wt, ph, wh, pt - ph, dConv,
        w.meanA(), w.meanB(), w.difference(), w.interval(), w.degreesOfFreedom(),
        w.difference() * nt,
        new Interval(w.interval().lower() * nt, w.interval().upper() * nt),
        mdeConversion, mdeRevenue, reliable, java.util.List.copyOf(cautions));
  }

  /**
   * Cochran's rule for one group's revenue (n &gt; 25 × G1²); adds a caution and returns false
   * where the group is too small for its skew or has no variation.
   */
  static boolean revenueIntervalHolds(String group, double[] revenue, java.util.List<String> cautions) {
    int n = revenue.length;
    double m = mean(revenue);
    double m2 = 0;
    double m3 = 0;
    for (double v : revenue) {
      double d = v - m;
      m2 += d * d;
      m3 += d * d * d;
    }
    m2 /= n;
    m3 /= n;
    if (!(m2 > 0)) {
      cautions.add(group + ": every customer has the same revenue (" + m + "), so the revenue interval"
          + " counts no uncertainty for this group; read it as too narrow");
      return false;
    }
    double skew = m3 / Math.pow(m2, 1.5);
    double needed = 25 * skew * skew;
    if (n <= needed) {
      cautions.add(String.format(java.util.Locale.ROOT,
          "%s: %d customers for revenue of skewness %.1f; Cochran's rule asks for more than 25 × %.1f² = %.0f"
              + " before the revenue interval covers near its level; read it as too narrow",
          group, n, skew, skew, needed));
      return false;
    }
    return true;
  }

  /**
   * The smallest difference in conversion a treatment and holdout of these sizes can tell from
   * chance (two-sided at the confidence level, with {@link #POWER}), where both groups convert
   * near {@code baseRate}: (z<sub>1−α/2</sub> + z<sub>power</sub>) × √(p(1−p)(1/n<sub>t</sub> +
   * 1/n<sub>h</sub>)). At {@code baseRate} ½ this is the largest it can be, whatever the rate.
   */
  public static double detectableConversionDifference(long treatment, long holdout, double baseRate,
      double confidenceLevel) {
    checkLevel(confidenceLevel);
    if (treatment < 1 || holdout < 1 || !(baseRate > 0 && baseRate < 1)) {
      return Double.NaN;
    }
    return zPlusPower(confidenceLevel) * Math.sqrt(baseRate * (1 - baseRate) * (1.0 / treatment + 1.0 / holdout));
  }

  /** Wilson score interval for x successes in n trials. */
  public static Interval wilson(int x, int n, double confidenceLevel) {
    if (n <= 0 || x < 0 || x > n) {
      throw new IllegalArgumentException("wilson: " + x + " successes of " + n
          + " trials found, expected 0 <= x <= n and n >= 1");
    }
    checkLevel(confidenceLevel);
    double z = z(confidenceLevel);
    double p = (double) x / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Newcombe's hybrid score interval (method 10) for p1 − p2. */
  public static Interval newcombe(int x1, int n1, int x2, int n2, double confidenceLevel) {
    Interval a = wilson(x1, n1, confidenceLevel);
    Interval b = wilson(x2, n2, confidenceLevel);
    double p1 = (double) x1 / n1;
    double p2 = (double) x2 / n2;
    double d = p1 - p2;
    double lower = d - Math.sqrt(sq(p1 - a.lower()) + sq(b.upper() - p2));
    double upper = d + Math.sqrt(sq(a.upper() - p1) + sq(p2 - b.lower()));
    return new Interval(lower, upper);
  }

  /** Welch's interval for mean(a) − mean(b) and its degrees of freedom. */
  public record WelchResult(double meanA, double meanB, double difference, Interval interval,
      double degreesOfFreedom, double standardError) {}

  public static WelchResult welch(double[] a, double[] b, double confidenceLevel) {
    if (a.length < 2 || b.length < 2) {
      throw new IllegalArgumentException("welch: samples of " + a.length + " and " + b.length
          + " found, expected at least 2 each");
    }
    checkLevel(confidenceLevel);
    double ma = mean(a);
    double mb = mean(b);
    double va = variance(a, ma) / a.length;
    double vb = variance(b, mb) / b.length;
    double se = Math.sqrt(va + vb);
    double d = ma - mb;
    if (se == 0) {
      return new WelchResult(ma, mb, d, new Interval(d, d), Double.POSITIVE_INFINITY, 0);
    }
    double df = sq(va + vb) / (sq(va) / (a.length - 1) + sq(vb) / (b.length - 1));
    double t = new TDistribution(null, df).inverseCumulativeProbability(
        1 - (1 - confidenceLevel) / 2);
    return new WelchResult(ma, mb, d, new Interval(d - t * se, d + t * se), df, se);
  }

  /** z<sub>1−α/2</sub> + z<sub>power</sub>: the two-sided test's critical value plus the power's. */
  private static double zPlusPower(double confidenceLevel) {
    return z(confidenceLevel) + new NormalDistribution(null, 0, 1).inverseCumulativeProbability(POWER);
  }

  private static double z(double confidenceLevel) {
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(
        1 - (1 - confidenceLevel) / 2);
  }

  private static void checkLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidenceLevel: " + level
          + " found, expected a number in (0, 1) such as 0.95");
    }
  }

  private static int count(boolean[] x) {
    int c = 0;
    for (boolean b : x) {
      c += b ? 1 : 0;
    }
    return c;
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double variance(double[] x, double m) {
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }

  private static double sq(double x) {
    return x * x;
  }
}
