package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSetTest {
  private static TrainingSet set(int[] snapshots) {
    int n = snapshots.length;
    double[][] s = new double[n][1];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      s[i][0] = i;
      v[i] = 10 * i;
    }
    return new TrainingSet(List.of("a"), s, v, new boolean[n], null, null, snapshots, "w");
  }

  @Test
  void holdsOutTheLatestSnapshot() {
    TrainingSet.Split split = set(new int[] {0, 2, 1, 2, 0}).holdOutLatestSnapshot();
    assertArrayEquals(new int[] {0, 1, 0}, split.train().snapshot());
    assertArrayEquals(new double[] {0, 20, 40}, split.train().value());
    assertArrayEquals(new int[] {2, 2}, split.validation().snapshot());
    assertArrayEquals(new double[] {10, 30}, split.validation().value());
    assertFalse(split.train().hasResponse());
  }

  @Test
  void refusesToSplitOneSnapshot() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> set(new int[] {3, 3}).holdOutLatestSnapshot());
    assertTrue(e.getMessage().contains("only snapshot 3"), e.getMessage());
  }

  @Test
  void checksShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TrainingSet(
                List.of("a", "b"), new double[][] {{1}}, new double[] {1}, new boolean[1], null,
                null, new int[1], ""));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TrainingSet(
                    List.of("a"), new double[][] {{1}}, new double[] {1, 2}, new boolean[1],
                    null, null, new int[1], ""));
    assertTrue(e.getMessage().startsWith("value has 2 rows"), e.getMessage());
  }

  @Test
  void optionsRejectNonsense() {
    assertEquals(16, RepresentationOptions.defaults().embeddingDim());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RepresentationOptions.builder().optEmbeddingDim(0).build());
    assertTrue(e.getMessage().contains("embeddingDim"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RepresentationOptions.builder().optInputNoise(1.0).build());
    assertEquals(
        7, RepresentationOptions.defaults().toBuilder().optSeed(7).build().seed());
  }
}
