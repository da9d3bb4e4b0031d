package dev.undercurrent.core.generate;

import java.util.SplittableRandom;

/**
 * The few random variates the generator needs, drawn from a {@link SplittableRandom}.
 *
 * <p>Hand-written rather than commons-math3's distributions: those bind each distribution object
 * to one {@code RandomGenerator} and one parameter set, whereas here every customer owns its own
 * {@code SplittableRandom} (so customers can be simulated on any thread and stay identical) and
 * parameters change from draw to draw.
 */
final class Draws {
  private Draws() {}

  /** A stream for one customer: SplitMix64 (Steele, Lea &amp; Flood 2014) of seed and index. */
  static SplittableRandom forCustomer(long seed, long index) {
    return new SplittableRandom(mix64(seed * 0x9E3779B97F4A7C15L + mix64(index + 0x632BE59BD9B4E019L)));
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A log-normal factor with median 1: {@code exp(sigma * Z)}. */
  static double spread(SplittableRandom rng, double sigma) {
    return Math.exp(sigma * rng.nextGaussian());
  }

  static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  /** A probability near {@code centre}, spread on the logit scale by {@code sigma}. */
  static double probability(SplittableRandom rng, double centre, double sigma) {
    double c = clamp(centre, 1e-4, 1 - 1e-4);
    double logit = Math.log(c / (1 - c)) + sigma * rng.nextGaussian();
    return 1 / (1 + Math.exp(-logit));
  }

  /** Exponential with the given mean. */
  static double exponential(SplittableRandom rng, double mean) {
    return -mean * Math.log(1 - rng.nextDouble());
  }

  /** Poisson by inversion; for the small means used here (under 10). */
  static int poisson(SplittableRandom rng, double mean) {
    if (mean <= 0) {
      return 0;
    }
    double l = Math.exp(-mean);
    double p = rng.nextDouble();
    int k = 0;
    double term = l;
    double cdf = l;
    while (p > cdf && k < 50) {
      k++;
      term *= mean / k;
      cdf += term;
    }
    return k;
  }

  /**
   * Gamma with shape {@code k} and mean 1, by Marsaglia &amp; Tsang (2000), "A simple method for
   * generating gamma variables", ACM TOMS 26(3); shapes below 1 use their boosting step.
   */
  static double gammaMeanOne(SplittableRandom rng, double k) {
    if (k < 1) {
      double u = rng.nextDouble();
      return gammaMeanOne(rng, k + 1) * (k + 1) / k * Math.pow(u, 1 / k);
    }
    double d = k - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v / k;
      }
    }
  }
}
