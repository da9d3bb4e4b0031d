package dev.undercurrent.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * Draws customers from the BG/NBD and Pareto/NBD processes as their papers define them, in
 * continuous time, and checks that the fits recover the parameters. Tolerances are a few standard
 * errors at this sample size (the CDNOW standard errors scaled by sqrt(2357 / n)).
 */
class ParameterRecoveryTest {
  private static final int N = 20_000;

  @Test
  void bgNbdRecoversItsParameters() {
    RandomGenerator rng = new Well19937c(7);
    GammaDistribution rates = new GammaDistribution(rng, 0.243, 1 / 4.414);
    BetaDistribution drop = new BetaDistribution(rng, 0.793, 2.426);
    ActivityPatterns.Builder b = ActivityPatterns.builder();
    for (int i = 0; i < N; i++) {
      double age = 27 + 12 * rng.nextDouble();
      double lambda = rates.sample();
      double p = drop.sample();
      int x = 0;
      double tx = 0;
      double t = 0;
      while (true) {
        t += -Math.log(1 - rng.nextDouble()) / lambda;
        if (t > age) {
          break;
        }
        x++;
        tx = t;
        if (rng.nextDouble() < p) {
          break;
        }
      }
      b.add(x, tx, age, 1);
    }
    BgNbdModel m = BgNbdModel.fit(b.build(), FitOptions.defaults());
    assertEquals(0.243, m.r(), 0.243 * 0.08, m::toString);
    assertEquals(4.414, m.alpha(), 4.414 * 0.10, m::toString);
    assertEquals(0.793, m.a(), 0.793 * 0.15, m::toString);
    assertEquals(2.426, m.b(), 2.426 * 0.25, m::toString);
  }

  @Test
  void paretoNbdRecoversItsParameters() {
    RandomGenerator rng = new Well19937c(11);
    GammaDistribution rates = new GammaDistribution(rng, 0.553, 1 / 10.578);
    GammaDistribution deaths = new GammaDistribution(rng, 0.606, 1 / 11.669);
    ActivityPatterns.Builder b = ActivityPatterns.builder();
    for (int i = 0; i < N; i++) {
      double age = 27 + 12 * rng.nextDouble();
      double lambda = rates.sample();
      double lifetime = -Math.log(1 - rng.nextDouble()) / deaths.sample();
      double end = Math.min(age, lifetime);
      int x = 0;
      double tx = 0;
      double t = -Math.log(1 - rng.nextDouble()) / lambda;
      while (t <= end) {
        x++;
        tx = t;
        t += -Math.log(1 - rng.nextDouble()) / lambda;
      }
      b.add(x, tx, age, 1);
    }
    ParetoNbdModel m = ParetoNbdModel.fit(b.build(), FitOptions.defaults());
    assertEquals(0.553, m.r(), 0.553 * 0.10, m::toString);
    assertEquals(10.578, m.alpha(), 10.578 * 0.15, m::toString);
    assertEquals(0.606, m.s(), 0.606 * 0.4, m::toString);
    assertEquals(11.669, m.beta(), 11.669 * 0.9, m::toString);
  }
}
