package dev.undercurrent.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthEvaluationTest {
  @TempDir Path dir;

  @Test
  void plantedTruthScoresSegmentsAndAudiences() throws IOException {
    Files.writeString(dir.resolve("customers.csv"), """
        customer_id,kind,secondary_kind,future_revenue,future_orders,win_back,retain
        A,loyal,,120.50,2,0,1
        B,loyal,,80.00,1,0,1
        C,lapsed,,0.00,0,1,0
        D,lapsed,,0.00,0,1,0
        E,discount,,0.00,1,0,0
        """);
    TruthEvaluation t = TruthEvaluation.read(dir).orElseThrow();
    assertTrue(t.hasKinds());
    assertTrue(t.hasAudiences());
    assertEquals(1.0, t.segmentAri(new String[] {"A", "B", "C", "D"}, new int[] {0, 0, 1, 1}), 1e-12);
    assertEquals(120.50, t.futureRevenue().get("A"), 1e-12);
    // E ordered and returned everything: no net revenue, but not churned
    assertArrayEquals(new boolean[] {false, true, false, true},
        t.churned(new String[] {"A", "C", "E", "unknown"}));
    Map<String, Map<String, Double>> scores = t.audienceScores(List.of(), Set.of("A", "B", "C", "D"));
    assertEquals(2.0, scores.get("win_back").get("planted"));
    assertEquals(0.0, scores.get("win_back").get("f1"));
  }

  @Test
  void aRunWhoseCustomersTheTruthDoesNotKnowIsNotJudgedByIt() throws IOException {
    Files.writeString(dir.resolve("customers.csv"), "customer_id,kind\nC0000002,loyal\nC0000001,lapsed\n");
    TruthEvaluation t = TruthEvaluation.read(dir).orElseThrow();
    assertEquals("none of the run's 2 customers is in the truth (whose ids read like 'C0000001')",
        t.unmatched(new String[] {"sha256:ab", "c0000001"}));
    assertEquals(null, t.unmatched(new String[] {"sha256:ab", "C0000002"}), "one shared customer is enough");
  }

  @Test
  void withheldRevenueAloneJudgesOnlyTheValue() throws IOException {
    // Real data with a withheld period: no kinds, no planted audiences.
    Files.writeString(dir.resolve("customers.csv"), "customer_id,future_revenue\n17850,310.2\n13047,0\n");
    TruthEvaluation t = TruthEvaluation.read(dir).orElseThrow();
    assertFalse(t.hasKinds());
    assertFalse(t.hasAudiences());
    assertEquals(Map.of("17850", 310.2, "13047", 0.0), t.futureRevenue());
    assertArrayEquals(new boolean[] {false, true}, t.churned(new String[] {"17850", "13047"}));
  }

  @Test
  void aTruthWithNeitherKindNorRevenueIsRefusedByName() throws IOException {
    Files.writeString(dir.resolve("customers.csv"), "customer_id,segment\nA,1\n");
    IOException e = assertThrows(IOException.class, () -> TruthEvaluation.read(dir));
    assertTrue(e.getMessage().contains("customers.csv") && e.getMessage().contains("future_revenue")
        && e.getMessage().contains("segment"), e.getMessage());
  }

  @Test
  void noTruthFolderMeansNoTruth() throws IOException {
    assertTrue(TruthEvaluation.read(dir.resolve("absent")).isEmpty());
  }
}
