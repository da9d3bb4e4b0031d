/**
 * Probabilistic customer lifetime value: the "buy 'til you die" models of repeat purchasing and
 * spend, fitted by maximum likelihood.
 *
 * <ul>
 *   <li>{@link dev.undercurrent.core.clv.CustomerActivity} holds one customer's calibration summary
 *       (x, t<sub>x</sub>, T, average repeat value, holdout transactions); it is built by {@link
 *       dev.undercurrent.core.clv.CustomerActivity#fromPurchaseDays}, the single place where the
 *       literature's conventions live, so Spark and plain Java agree.
 *   <li>{@link dev.undercurrent.core.clv.ActivityPatterns} compresses customers into weighted
 *       unique (x, t<sub>x</sub>, T) patterns, which is what the count models are fitted on.
 *   <li>{@link dev.undercurrent.core.clv.BgNbdModel}, {@link
 *       dev.undercurrent.core.clv.ParetoNbdModel} and {@link
 *       dev.undercurrent.core.clv.GammaGammaModel} are immutable fitted models with {@code fit}
 *       entry points; {@link dev.undercurrent.core.clv.ClvSummary} fits all three and writes the
 *       {@code clv} command's JSON object.
 * </ul>
 *
 * <p>Plain Java and commons-math3 only: no Spark, no DJL. The Spark module computes the
 * per-customer statistics at scale and calls this package on the driver.
 */
package dev.undercurrent.core.clv;
