package dev.undercurrent.core.generate;

import java.util.Locale;

/**
 * The behavioural kinds planted in the synthetic lake, each the centre of a generative process.
 *
 * <p>A kind fixes where its customers' parameters are drawn around (order rhythm, spend, channel
 * mix, engagement, marketing response, lifecycle); every customer draws its own values from
 * distributions around that centre, so kinds overlap at their edges. The centres are invented to
 * resemble a mid-sized multi-channel retailer; they are not fitted to any real data set.
 *
 * <p>Lifecycle kinds ({@link #RISING}, {@link #SLIPPING}, {@link #LAPSED}, {@link #ONE_TIME}) shape
 * the order rate over time and can only be a customer's primary kind; trait kinds ({@link
 * #LOYAL}, {@link #STEADY}, {@link #DISCOUNT}, {@link #OVER_CONTACTED}, {@link #BROWSER}, {@link
 * #HOLIDAY}) can also be mixed into another kind as a secondary.
 */
public enum CustomerKind {
  /** High-value regulars: short, regular gaps, large baskets, engaged, few returns. */
  LOYAL(0.08, 500, 1092, 50, 4.0, 0.72, 1.8, 0.12, 0.16, 0.42, 0.16, 0.06, 0.05, 0.35, 0.15, 0.05),
  /** The bulk: ordinary repeat customers at a moderate pace. */
  STEADY(0.20, 120, 1092, 100, 2.0, 0.48, 1.5, 0.06, 0.16, 0.26, 0.08, 0.10, 0.06, 0.25, 0.20, 0.08),
  /** Newcomers of the last year on the loyal kind's early ramp; most keep rising. */
  RISING(0.07, 60, 300, 36, 3.0, 0.66, 1.8, 0.20, 0.16, 0.38, 0.15, 0.08, 0.05, 0.45, 0.10, 0.05),
  /** Once-valuable regulars whose gaps lengthen, engagement fades and complaints start. */
  SLIPPING(0.07, 420, 1092, 42, 3.5, 0.68, 1.9, 0.10, 0.16, 0.40, 0.14, 0.07, 0.06, 0.30, 0.15, 0.05),
  /** Customers who stopped buying months ago; some still browse and open mail, some are gone. */
  LAPSED(0.14, 300, 1092, 80, 1.5, 0.46, 1.5, 0.06, 0.14, 0.24, 0.07, 0.10, 0.07, 0.25, 0.20, 0.10),
  /** Offer hunters: deep discounts, thin margins, many returns, buy through campaigns. */
  DISCOUNT(0.09, 150, 1092, 75, 1.2, 0.44, 1.6, 0.08, 0.20, 0.36, 0.16, 0.85, 0.28, 0.40, 0.05, 0.15),
  /** Customers mailed ever more often, whose opens and clicks fall as the pressure rises. */
  OVER_CONTACTED(0.08, 200, 1092, 95, 2.0, 0.50, 1.5, 0.06, 0.75, 0.38, 0.10, 0.12, 0.06, 0.30, 0.15, 0.05),
  /** Highly engaged visitors who buy rarely and cheaply. */
  BROWSER(0.08, 150, 1092, 140, 1.2, 0.30, 1.3, 0.40, 0.20, 0.50, 0.20, 0.12, 0.07, 0.50, 0.05, 0.05),
  /** Gift buyers who order in November and December and little otherwise. */
  HOLIDAY(0.07, 380, 1092, 28, 1.5, 0.55, 1.8, 0.04, 0.12, 0.22, 0.07, 0.15, 0.08, 0.20, 0.25, 0.15),
  /** One purchase, occasionally two, and little else. */
  ONE_TIME(0.12, 20, 1092, 0, 1.0, 0.42, 1.3, 0.04, 0.10, 0.14, 0.04, 0.15, 0.08, 0.15, 0.20, 0.25);

  final double share;
  final int signupMinDaysAgo;
  final int signupMaxDaysAgo;
  final double meanGapDays;
  final double gapShape;
  final double priceLevel;
  final double itemsMean;
  final double sessionsPerWeek;
  final double sendsPerWeek;
  final double openRate;
  final double clickRate;
  final double discountAffinity;
  final double returnProb;
  final double appShare;
  final double storeShare;
  final double marketplaceShare;

  CustomerKind(
      double share,
      int signupMinDaysAgo,
      int signupMaxDaysAgo,
      double meanGapDays,
      double gapShape,
      double priceLevel,
      double itemsMean,
      double sessionsPerWeek,
      double sendsPerWeek,
      double openRate,
      double clickRate,
      double discountAffinity,
      double returnProb,
      double appShare,
      double storeShare,
      double marketplaceShare) {
    this.share = share;
    this.signupMinDaysAgo = signupMinDaysAgo;
    this.signupMaxDaysAgo = signupMaxDaysAgo;
    this.meanGapDays = meanGapDays;
    this.gapShape = gapShape;
    this.priceLevel = priceLevel;
    this.itemsMean = itemsMean;
    this.sessionsPerWeek = sessionsPerWeek;
    this.sendsPerWeek = sendsPerWeek;
    this.openRate = openRate;
    this.clickRate = clickRate;
    this.discountAffinity = discountAffinity;
    this.returnProb = returnProb;
    this.appShare = appShare;
    this.storeShare = storeShare;
    this.marketplaceShare = marketplaceShare;
  }

  /** The value written to {@code _truth/customers.csv}, e.g. {@code over_contacted}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The share of customers whose primary kind this is. */
  public double share() {
    return share;
  }

  /** Whether the kind can be mixed into another as a secondary kind. */
  public boolean isTrait() {
    return this == LOYAL
        || this == STEADY
        || this == DISCOUNT
        || this == OVER_CONTACTED
        || this == BROWSER
        || this == HOLIDAY;
  }
}
