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
