package dev.undercurrent.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LearningNestTest {
  @Test
  void dottedNamesBecomeNestedGroups() {
    Map<String, Object> nested = Learning.nest(new TreeMap<>(Map.of(
        "value.spearman", 0.5, "value.mae", 3.0, "churn.auc", 0.8, "epochs", 12.0)));
    assertEquals(Map.of("spearman", 0.5, "mae", 3.0), nested.get("value"));
    assertEquals(12.0, nested.get("epochs"));
  }

  @Test
  void aNameThatIsBothAFigureAndAGroupIsRefusedWhicheverComesFirst() {
    for (Map<String, Double> flat : java.util.List.of(
        new TreeMap<>(Map.of("ranking.rank", 1.0, "ranking.rank.spearman", 0.5)),
        new java.util.LinkedHashMap<>(Map.of("ranking.rank.spearman", 0.5)))) {
      flat.put("ranking.rank", 1.0); // after the group in the second map
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Learning.nest(flat));
      assertTrue(e.getMessage().contains("ranking.rank is a figure and also the group"), e.getMessage());
    }
  }
}
