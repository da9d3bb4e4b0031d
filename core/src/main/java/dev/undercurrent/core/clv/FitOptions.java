package dev.undercurrent.core.clv;

/**
 * How the models are fitted: commons-math3's BOBYQA (Powell 2009), a derivative-free trust-region
 * method, maximises the log-likelihood over the logarithms of the parameters, which keeps them
 * positive without constraints.
 *
 * @param maxEvaluations the most likelihood evaluations per model
 * @param initialTrustRegionRadius BOBYQA's first step, in log-parameter units
 * @param stoppingTrustRegionRadius BOBYQA's final trust-region radius, in log-parameter units (1e-9
 *     moves the parameters by about 1e-9 relative)
 * @param parallel whether to evaluate the likelihood on the common fork-join pool; the sum is taken
 *     in fixed chunks either way, so the result does not depend on it
 */
public record FitOptions(
    int maxEvaluations,
    double initialTrustRegionRadius,
    double stoppingTrustRegionRadius,
    boolean parallel) {

  public FitOptions {
    if (maxEvaluations < 10) {
      throw new IllegalArgumentException(
          "maxEvaluations: found " + maxEvaluations + ", expected at least 10");
    }
    if (!(initialTrustRegionRadius > stoppingTrustRegionRadius)
        || !(stoppingTrustRegionRadius > 0)) {
      throw new IllegalArgumentException(
          "trust-region radii: found initial "
              + initialTrustRegionRadius
              + ", stopping "
              + stoppingTrustRegionRadius
              + ", expected initial > stopping > 0");
    }
  }

  public static FitOptions defaults() {
    return new FitOptions(5_000, 0.5, 1e-9, true);
  }

  public FitOptions withParallel(boolean value) {
    return new FitOptions(
        maxEvaluations, initialTrustRegionRadius, stoppingTrustRegionRadius, value);
  }
}
