package dev.undercurrent.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sanity properties every fitted model must have, and the numerics at awkward parameters. */
class ModelPropertiesTest {
  private static final BgNbdModel BG = BgNbdModel.of(0.243, 4.414, 0.793, 2.426);
  private static final ParetoNbdModel PARETO = ParetoNbdModel.of(0.553, 10.578, 0.606, 11.669);
  private static final List<TransactionModel> MODELS = List.of(BG, PARETO);

  @Test
  void bgNbdCountsCustomersWithoutRepeatAsAlive() {
    for (double t : new double[] {0, 1, 10, 100}) {
      assertEquals(1.0, BG.probabilityAlive(0, 0, t));
    }
  }

  @Test
  void withoutRepeatTheIntegralOverPAgreesWithEquationTen() {
    // the CDNOW estimates of the paper (a + b > 1, so eq. 10 applies) and a few others
    for (BgNbdModel m : List.of(BG, BgNbdModel.of(0.5, 2, 0.3, 0.9), BgNbdModel.of(2, 30, 1.7, 0.4))) {
      for (double[] c : new double[][] {{39, 38.86}, {1, 0.5}, {52, 5}, {200, 80}}) {
        double closed = m.conditionalExpectedTransactions(c[0], 0, 0, c[1]);
        double integral = m.noRepeatExpectation(c[0], c[1]);
        assertEquals(closed, integral, 1e-7 * closed, m + " t=" + c[0] + " T=" + c[1]);
      }
    }
  }

  @Test
  void withoutRepeatAndASumOfBetaParametersBelowOneTheExpectationIsStillDefined() {
    // fitted on a 5% line sample of The Complete Journey: eq. 10's hypergeometric form fails here
    BgNbdModel m = BgNbdModel.of(0.8, 12, 0.005158, 0.6401);
    double t = 13;
    double age = 20;
    double e = m.conditionalExpectedTransactions(t, 0, 0, age);
    // nearly every customer keeps buying (p is almost surely tiny), so the expectation sits just
    // under that of a customer who never drops out, E[λ] t = r t / (α + T)
    double neverDrops = 0.8 * t / (12 + age);
    assertTrue(e > 0.95 * neverDrops && e < neverDrops, e + " vs " + neverDrops);
    assertTrue(m.conditionalExpectedTransactions(2 * t, 0, 0, age) > e, "a longer horizon holds more");
  }

  @Test
  void probabilityAliveFallsWithSilence() {
    for (TransactionModel m : MODELS) {
      double previous = 1.0 + 1e-12;
      for (double tx = 30; tx >= 0; tx -= 5) {
        double p = m.probabilityAlive(3, tx, 30);
        assertTrue(p >= 0 && p < previous, m + " tx=" + tx + " p=" + p);
        previous = p;
      }
    }
    // Pareto/NBD: a customer without repeats becomes less likely alive with age
    assertTrue(PARETO.probabilityAlive(0, 0, 10) > PARETO.probabilityAlive(0, 0, 40));
  }

  @Test
  void expectedTransactionsMoveTheRightWay() {
    for (TransactionModel m : MODELS) {
      // more repeat purchases (all recent) -> more expected
      double previous = -1;
      for (int x = 0; x <= 20; x++) {
        double e = m.conditionalExpectedTransactions(39, x, x == 0 ? 0 : 30, 30);
        assertTrue(e > previous, m + " x=" + x);
        previous = e;
      }
      // a more recent last purchase -> more expected
      assertTrue(
          m.conditionalExpectedTransactions(39, 5, 29, 30)
              > m.conditionalExpectedTransactions(39, 5, 10, 30));
      // a longer horizon -> more expected, and nothing at t = 0
      assertEquals(0, m.conditionalExpectedTransactions(0, 5, 10, 30));
      assertTrue(
          m.conditionalExpectedTransactions(52, 5, 10, 30)
              > m.conditionalExpectedTransactions(26, 5, 10, 30));
      assertTrue(m.expectedTransactions(78) > m.expectedTransactions(39));
    }
  }

  @Test
  void patternLikelihoodEqualsTheSumOverCustomers() {
    List<CustomerActivity> customers = CdnowReferenceTest.customers();
    ActivityPatterns data = ActivityPatterns.of(customers);
    for (TransactionModel m : MODELS) {
      double direct = 0;
      for (CustomerActivity c : customers) {
        direct += m.logLikelihood(c.frequency(), c.recency(), c.age());
      }
      assertEquals(direct, m.logLikelihood(data, false), 1e-7);
      assertEquals(m.logLikelihood(data, false), m.logLikelihood(data, true), 0.0);
    }
    assertTrue(data.size() < customers.size());
    assertEquals(customers.size(), data.customers(), 0);
  }

  @Test
  void heavyBuyersAndBoundaryParametersStayFinite() {
    // daily data: 500 repeats in a year
    for (TransactionModel m : MODELS) {
      double e = m.conditionalExpectedTransactions(365, 500, 360, 365);
      assertTrue(Double.isFinite(e) && e > 0, m + " " + e);
      assertTrue(Double.isFinite(m.logLikelihood(500, 360, 365)));
    }
    // a = 1 (BG/NBD) and s = 1 (Pareto/NBD) are removable singularities
    double atOne = BgNbdModel.of(0.5, 5, 1, 2).conditionalExpectedTransactions(20, 3, 10, 15);
    double near = BgNbdModel.of(0.5, 5, 1 + 1e-7, 2).conditionalExpectedTransactions(20, 3, 10, 15);
    assertEquals(near, atOne, 1e-6);
    double sOne = ParetoNbdModel.of(0.5, 5, 1, 8).conditionalExpectedTransactions(20, 3, 10, 15);
    double sNear =
        ParetoNbdModel.of(0.5, 5, 1 + 1e-7, 8).conditionalExpectedTransactions(20, 3, 10, 15);
    assertEquals(sNear, sOne, 1e-6);
    // α far below β and far above it
    assertTrue(Double.isFinite(ParetoNbdModel.of(0.5, 0.01, 0.5, 100).logLikelihood(2, 1, 10)));
    assertTrue(Double.isFinite(ParetoNbdModel.of(0.5, 100, 0.5, 0.01).logLikelihood(2, 1, 10)));
  }

  @Test
  void lifetimeValueDiscountsAndAddsUp() {
    double expected = BG.conditionalExpectedTransactions(52, 4, 20, 30);
    assertEquals(expected * 30, LifetimeValue.of(BG, 4, 20, 30, 30, 52, 0, 1), 1e-9);
    assertEquals(expected * 30, LifetimeValue.of(BG, 4, 20, 30, 30, 52, 0, 12), 1e-9);
    double discounted = LifetimeValue.of(BG, 4, 20, 30, 30, 52, 0.002, 12);
    assertTrue(discounted < expected * 30 && discounted > expected * 30 * Math.pow(1.002, -52));

    GammaGammaModel spend = GammaGammaModel.of(6.25, 3.74, 15.44);
    CustomerActivity c = new CustomerActivity("c", 4, 20, 30, 30, 0);
    CustomerValue v = LifetimeValue.score(BG, spend, c, 52, 0, 4);
    assertEquals(BG.probabilityAlive(4, 20, 30), v.probabilityAlive(), 0);
    assertEquals(expected, v.expectedTransactions(), 1e-12);
    assertEquals(spend.expectedAverageValue(4, 30), v.expectedAverageValue(), 0);
    assertEquals(expected * v.expectedAverageValue(), v.lifetimeValue(), 1e-9);
  }

  @Test
  void gammaGammaShrinksTowardsThePopulationMean() {
    GammaGammaModel m = GammaGammaModel.of(6.25, 3.74, 15.44);
    double mean = m.populationMeanValue();
    assertEquals(6.25 * 15.44 / 2.74, mean, 1e-12);
    assertEquals(mean, m.expectedAverageValue(0, Double.NaN), 1e-12);
    double one = m.expectedAverageValue(1, 100);
    double many = m.expectedAverageValue(20, 100);
    assertTrue(mean < one && one < many && many < 100);
  }
}
