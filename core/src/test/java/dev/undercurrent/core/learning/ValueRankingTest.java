package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueRankingTest {
  /**
   * Zero-inflated spend where both hurdle parts are known exactly: 35% buy on average, a buyer's
   * log amount normal around its own mean with residual spread {@code sigma}.
   */
  private record World(double[] buy, double[] centred, double[] actual, double center) {}

  private static World world(long seed, int n, double sigma) {
    Random r = new Random(seed);
    double[] buy = new double[n];
    double[] mean = new double[n];
    double[] actual = new double[n];
    for (int i = 0; i < n; i++) {
      buy[i] = 1 / (1 + Math.exp(-(r.nextGaussian() * 1.6 - 0.8)));
      mean[i] = 3.5 + 0.9 * r.nextGaussian();
      actual[i] = r.nextDouble() < buy[i] ? Math.exp(mean[i] + sigma * r.nextGaussian()) : 0;
    }
    double sum = 0;
    int buyers = 0;
    for (double a : actual) {
      if (a > 0) {
        sum += Math.log(a);
        buyers++;
      }
    }
    double center = sum / buyers;
    double[] centred = new double[n];
    for (int i = 0; i < n; i++) {
      centred[i] = mean[i] - center;
    }
    return new World(buy, centred, actual, center);
  }

  @Test
  void theExpectedRankOrdersZeroInflatedSpendBetterThanTheExpectedValue() {
    World w = world(1, 20_000, 0.8);
    ValueRanking ranking = ValueRanking.fit(w.buy(), w.centred(), w.actual(), w.center());
    World test = world(2, 20_000, 0.8); // judged on fresh draws from the same world
    int n = test.actual().length;
    double[] expectedValue = new double[n];
    double[] byRank = new double[n];
    for (int i = 0; i < n; i++) {
      expectedValue[i] = test.buy()[i] * Math.exp(test.center() + test.centred()[i] + 0.32);
      byRank[i] = ranking.value(ranking.score(test.buy()[i], test.centred()[i]));
    }
    double ev = ModelQuality.spearman(test.actual(), expectedValue);
    double rank = ModelQuality.spearman(test.actual(), byRank);
    assertTrue(rank > ev + 0.01, "Spearman by expected rank " + rank + ", by expected value " + ev);
  }

  @Test
  void theScoreIsTheShareOfThePopulationBelow() {
    ValueRanking r = new ValueRanking(0.6, 1.0, new double[] {0}, new double[] {0}, 0);
    assertEquals(0.3, r.score(0, 5), 1e-12); // a sure non-buyer sits mid-way in the zeros
    assertEquals(0.6 + 0.4 * 0.5, r.score(1, 0), 1e-12); // a sure buyer of the median amount
    assertTrue(r.score(1, 2) > r.score(1, 1) && r.score(1, -1) > r.score(0.9, -1));
  }

  @Test
  void theValueIsInCurrencyIncreasingAndSumsToTheTotal() {
    World w = world(3, 30_000, 0.6);
    ValueRanking ranking = ValueRanking.fit(w.buy(), w.centred(), w.actual(), w.center());
    double predicted = 0;
    double actual = 0;
    for (int i = 0; i < w.actual().length; i++) {
      double v = ranking.value(ranking.score(w.buy()[i], w.centred()[i]));
      assertTrue(v >= 0, "value " + v);
      predicted += v;
      actual += w.actual()[i];
    }
    assertEquals(1, predicted / actual, 0.01, "predicted total " + predicted + " vs actual " + actual);
    double previous = -1;
    for (int k = 0; k <= 1000; k++) {
      double v = ranking.value(k / 1000.0);
      assertTrue(v > previous, "value " + v + " at score " + k / 1000.0 + " after " + previous);
      previous = v;
    }
    assertTrue(ranking.knotScores().length > 20, "knots " + ranking.knotScores().length);
  }

  @Test
  void aSmallTrainingSetIsNotMappedToOneFlatValue() {
    World w = world(4, 80, 0.5);
    ValueRanking ranking = ValueRanking.fit(w.buy(), w.centred(), w.actual(), w.center());
    assertTrue(ranking.knotScores().length >= 3, "knots " + ranking.knotScores().length);
    double low = ranking.value(0.05);
    double high = ranking.value(0.95);
    assertTrue(high > 2 * low, "value at score 0.95 " + high + ", at 0.05 " + low);
  }

  @Test
  void refusesKnotsThatGoDown() {
    assertThrows(IllegalArgumentException.class,
        () -> new ValueRanking(0.5, 1, new double[] {0.1, 0.2}, new double[] {5, 3}, 0));
    assertThrows(IllegalArgumentException.class,
        () -> ValueRanking.fit(new double[2], new double[2], new double[3], 0));
  }
}
