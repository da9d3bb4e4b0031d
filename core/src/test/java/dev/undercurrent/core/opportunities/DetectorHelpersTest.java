package dev.undercurrent.core.opportunities;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.opportunities.PlantedPopulation.Group;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorHelpersTest {
  @Test
  void logitIsTheInverseOfTheLogisticAndClipsTheEnds() {
    assertEquals(0, OpportunityFinder.logit(0.5), 1e-12);
    assertEquals(Math.log(3), OpportunityFinder.logit(0.75), 1e-12);
    assertEquals(Math.log(1e-6 / (1 - 1e-6)), OpportunityFinder.logit(0), 1e-9);
    assertEquals(-OpportunityFinder.logit(0), OpportunityFinder.logit(1), 1e-9);
  }

  @Test
  void aRateBelowOnePercentKeepsTwoSignificantFigures() {
    // the demo's win_back formula printed its 0.026% response as "0.0%"
    assertEquals("0.026%", Population.pct(0.00026));
    assertEquals("0.5%", Population.pct(0.005));
    assertEquals("12.3%", Population.pct(0.1234));
    assertEquals("0.0%", Population.pct(0));
    assertEquals("-0.013%", Population.pct(-0.00013));
    // and an amount per customer: suppress printed "3,881 × 0.00 expected margin forgone"
    assertEquals("0.0094", Population.money(0.009412));
    assertEquals("0.10", Population.money(0.1));
    assertEquals("1,234.50", Population.money(1234.5));
    assertEquals("0.00", Population.money(0));
  }

  @Test
  void aCountAgreesWithItsNoun() {
    assertEquals("1 lapsed customer", Population.counted(1, "lapsed customers"));
    assertEquals("0 lapsed customers", Population.counted(0, "lapsed customers"));
    assertEquals("2,304 seed customers", Population.counted(2304, "seed customers"));
  }

  @Test
  void evidenceOfDaysSinceSaysHowManyNeverDidIt() {
    var catalog = dev.undercurrent.core.signals.SignalCatalog.of(
        java.util.Set.of(dev.undercurrent.core.signals.SignalGroup.ORDERS, dev.undercurrent.core.signals.SignalGroup.EVENTS),
        List.of(), List.of());
    int j = catalog.indexOf(dev.undercurrent.core.signals.SignalCatalog.DAYS_SINCE_LAST_EVENT);
    double[][] v = new double[4][catalog.size()];
    double[] days = {3650, 3650, 30, 10};
    for (int i = 0; i < 4; i++) {
      v[i][j] = days[i];
    }
    Population pop = new Population(new dev.undercurrent.core.model.CustomerSignals(new String[] {"a", "b", "c", "d"}, catalog, v));
    List<Population.EvidenceLine> lines = pop.contrast(new int[] {0, 1, 2}, List.of(dev.undercurrent.core.signals.SignalCatalog.DAYS_SINCE_LAST_EVENT), 3);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).text().endsWith("2,443 vs 1,835 in the population, none at all for 66.7% vs 50.0%"),
        lines.get(0).text());
  }

  @Test
  void evidenceThatReadsTheSameForAudienceAndPopulationIsLeftOut() {
    var catalog = dev.undercurrent.core.signals.SignalCatalog.of(
        java.util.Set.of(dev.undercurrent.core.signals.SignalGroup.ORDERS), List.of(), List.of());
    // a signal that barely varies, as UCI's probability alive did (every customer at 0.9998 or more)
    int alive = catalog.indexOf(dev.undercurrent.core.signals.SignalCatalog.RECENCY_DAYS);
    int freq = catalog.indexOf(dev.undercurrent.core.signals.SignalCatalog.FREQUENCY);
    double[][] v = new double[4][catalog.size()];
    double[] nearlyOne = {0.99991, 0.99992, 0.99998, 0.99999};
    for (int i = 0; i < 4; i++) {
      v[i][alive] = nearlyOne[i];
      v[i][freq] = i + 1;
    }
    Population pop = new Population(new dev.undercurrent.core.model.CustomerSignals(new String[] {"a", "b", "c", "d"}, catalog, v));
    List<Population.EvidenceLine> lines = pop.contrast(new int[] {0, 1},
        List.of(catalog.signals().get(alive).name(), dev.undercurrent.core.signals.SignalCatalog.FREQUENCY), 3);
    // the first signal's standardized effect is large (−0.9), but both means print as 1.000
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).text().contains("(frequency) 1.50 vs 2.50"), lines.get(0).text());
  }

  @Test
  void ranksAndScoresWithinRowsLeaveTheOthersAtZero() {
    double[] x = {9, 3, 1, 2, 8};
    int[] rows = {1, 2, 3};
    assertArrayEquals(new double[] {0, 1, 0, 0.5, 0}, OpportunityFinder.ranksWithin(x, rows),
        1e-12);
    double[] z = OpportunityFinder.standardizeWithin(x, rows);
    assertEquals(0, z[0]);
    assertEquals(0, z[4]);
    assertEquals(0, z[3], 1e-12);
    assertEquals(-z[2], z[1], 1e-12);
  }

  @Test
  void withoutVaryingChurnSilenceAndSignsOfLifeStillFindTheWinBack() {
    PlantedPopulation pop = new PlantedPopulation(5, true);
    double[] flat = new double[pop.scores.size()];
    Arrays.fill(flat, 0.5);
    CustomerScores scores = new CustomerScores(pop.scores.predictedValue(), flat,
        pop.scores.responseProbability(), pop.scores.embedding());
    DiscoveryInput in = new DiscoveryInput(pop.signals, scores, pop.segmentOf, List.of(),
        pop.neighbours, pop.earlier, 90, "EUR", Map.of());
    Opportunity wb = OpportunityFinder.find(in).stream()
        .filter(o -> o.opportunityId().equals("win_back")).findFirst().orElseThrow();
    long likely = wb.memberIds().stream()
        .filter(id -> pop.truth[Integer.parseInt(id.substring(1))] == Group.WIN_BACK_LIKELY)
        .count();
    assertTrue(likely >= 0.7 * wb.memberIds().size() && likely >= 0.7 * 300,
        likely + " of " + wb.memberIds().size() + " are the planted 300 likely to return");
  }
}
