package dev.undercurrent.core.learning;

/**
 * How the predicted value combines the network's expected value with the ridge baseline on log
 * value, as the held-out snapshot chose.
 *
 * <p>Why: the two rank customers differently. The network predicts an expected value (a chance to
 * buy times an amount), which puts the rare big spender first, where top-decile capture is earned;
 * the ridge predicts the mean log value, which puts the likely buyer first, where Spearman's
 * correlation over a population of mostly non-buyers is earned; and on a few thousand customers a
 * ridge is the steadier of the two. On UCI Online Retail's withheld 90 days the ridge ranked better
 * than the network (Spearman 0.53 against 0.48) with the same capture; on the synthetic lake the
 * network did. So the blend is a model choice, made where early stopping is made: on the held-out
 * snapshot.
 *
 * <p>The blend is geometric: {@code b = (1 − w) · log(1 + network) + w · max(0, ridge log score)},
 * and {@code w} only orders customers. The predicted value is {@code calibration(b)}: the
 * held-out snapshot's mean value at that blend score ({@link ScoreCalibration}), so the level is
 * what customers ranked there went on to spend and cannot pass the best-ranked block's mean. Models
 * saved before the calibration (format 3 and earlier) use {@code scale · (exp(b) − 1)}, where {@code
 * scale} keeps the network's total over the held-out snapshot; that scale multiplied every
 * customer, and a ridge score extrapolated at {@code as_of} beyond any training row made a
 * 300-customer slice of UCI Online Retail predict £1.06M for a quarter that brought £0.56M (one
 * customer £109k against a best quarter of £33k). {@code w = 0} is the network alone, exactly.
 *
 * @param linearWeight {@code w}, in [0, 1]
 * @param scale the level factor of a blend without calibration, positive
 * @param intercept the ridge's intercept on log(1 + value)
 * @param weights the ridge's weights on the standardized signals; empty when {@code w = 0}
 * @param calibration the map of blend to value; null for the network alone and in older models
 */
public record ValueBlend(
    double linearWeight, double scale, double intercept, double[] weights, ScoreCalibration calibration) {
  /** The candidate weights, network alone first (it wins ties). */
  public static final double[] CANDIDATES = {0, 0.25, 0.5, 0.75, 1};

  /** The network alone. */
  public static final ValueBlend NETWORK_ONLY = new ValueBlend(0, 1, 0, new double[0], null);

  /** A blend without calibration, as models saved before it carry. */
  public ValueBlend(double linearWeight, double scale, double intercept, double[] weights) {
    this(linearWeight, scale, intercept, weights, null);
  }

  public ValueBlend {
    if (!(linearWeight >= 0 && linearWeight <= 1)) {
      throw new IllegalArgumentException("linearWeight: found " + linearWeight + ", expected 0..1");
    }
    if (!(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalArgumentException("scale: found " + scale + ", expected a positive number");
    }
    weights = weights == null ? new double[0] : weights.clone();
    if (linearWeight > 0 && weights.length == 0) {
      throw new IllegalArgumentException("weights: empty with linearWeight " + linearWeight
          + "; expected the ridge's weights, one per signal");
    }
  }

  /**
   * The blend weight that ranks the held-out snapshot best by Spearman's correlation plus top-decile
   * capture (the two measures of a value ranking, equally weighted); ties go to the smaller
   * weight.
   *
   * @param actual what each held-out customer spent in the horizon
   * @param network the network's expected values for them
   * @param linearLog the ridge's log scores for them ({@link LinearBaseline#logScores})
   */
  public static double chooseWeight(double[] actual, double[] network, double[] linearLog) {
    return choose(actual, network, linearLog).weight();
  }

  /** A blend weight with the held-out score (Spearman plus top-decile capture) it reached. */
  public record Choice(double weight, double score) {}

  /** As {@link #chooseWeight}, with the score of the weight chosen ({@code NaN} where undefined). */
  public static Choice choose(double[] actual, double[] network, double[] linearLog) {
    double best = Double.NEGATIVE_INFINITY;
    double chosen = 0;
    for (double w : CANDIDATES) {
      double[] b = blend(w, network, linearLog);
      double score = ModelQuality.spearman(actual, b) + ModelQuality.topDecileCapture(actual, b);
      if (score > best + 1e-9) {
        best = score;
        chosen = w;
      }
    }
    return new Choice(chosen, Double.isInfinite(best) ? Double.NaN : best);
  }

  /**
   * The blend of weight {@code w} fitted to the held-out snapshot: its calibration maps the blend
   * to what the held-out customers spent ({@code heldOutActual}); the ridge's coefficients are those
   * of {@code ridge} (which should be fitted on the rows the final model is fitted on).
   */
  public static ValueBlend of(double w, double[] heldOutNetwork, double[] heldOutLinearLog,
      double[] heldOutActual, LinearBaseline ridge) {
    if (w == 0) {
      return NETWORK_ONLY;
    }
    // calibrated on the blend's log, which orders alike and keeps the tie-breaking tilt small
    double[] logBlend = new double[heldOutNetwork.length];
    for (int i = 0; i < logBlend.length; i++) {
      logBlend[i] = logBlend(w, heldOutNetwork[i], heldOutLinearLog[i]);
    }
    return new ValueBlend(w, 1, ridge.intercept(), ridge.weights(), ScoreCalibration.fit(logBlend, heldOutActual));
  }

  /** The ridge's weights, copied. */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** The predicted value of one customer from the network's value and the ridge's log score. */
  public double apply(double networkValue, double linearLog) {
    if (linearWeight == 0) {
      return scale * networkValue;
    }
    return calibration == null
        ? scale * blendOne(linearWeight, networkValue, linearLog)
        : calibration.value(logBlend(linearWeight, networkValue, linearLog));
  }

  /** The ridge's log score of one standardized row ({@code z} at {@code offset}, one per weight). */
  public double linearLog(float[] z, int offset) {
    double s = intercept;
    for (int j = 0; j < weights.length; j++) {
      s += weights[j] * z[offset + j];
    }
    return s;
  }

  private static double[] blend(double w, double[] network, double[] linearLog) {
    double[] out = new double[network.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = blendOne(w, network[i], linearLog[i]);
    }
    return out;
  }

  private static double blendOne(double w, double network, double linearLog) {
    return Math.expm1(logBlend(w, network, linearLog));
  }

  /** {@code b}, the blend's log of one plus value. */
  private static double logBlend(double w, double network, double linearLog) {
    return (1 - w) * Math.log1p(Math.max(0, network)) + w * Math.max(0, linearLog);
  }
}
