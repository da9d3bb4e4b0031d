package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.signals.HorizonOutcome;
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
  void buildsSnapshotsFromOutcomesAndConcatenatesThem() {
    HorizonOutcome[] outcomes = {
      new HorizonOutcome(50, true, 2, true),
      new HorizonOutcome(0, false, 0, false),
      new HorizonOutcome(-5, true, 1, false)
    };
    double[][] signals = {{1}, {2}, {3}};
    TrainingSet withMarketing =
        TrainingSet.fromOutcomes(List.of("a"), signals, outcomes, 1, true, "cut 1");
    assertArrayEquals(new boolean[] {true, false, true}, withMarketing.responseObserved());
    assertArrayEquals(new boolean[] {true, false, false}, withMarketing.responded());
    assertArrayEquals(new double[] {50, 0, -5}, withMarketing.value());
    TrainingSet without =
        TrainingSet.fromOutcomes(List.of("a"), signals, outcomes, 0, false, "cut 0");
    assertFalse(without.hasResponse());

    TrainingSet both = TrainingSet.concat(List.of(without, withMarketing), "cuts 0-1");
    assertEquals(6, both.size());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, both.snapshot());
    assertArrayEquals(new int[] {1, 1, 1}, both.holdOutLatestSnapshot().validation().snapshot());
    // the windows say what they hold rather than a snapshot number counted from the oldest
    assertEquals("cuts 0-1 [the latest cut-off]", both.holdOutLatestSnapshot().validation().window());
    assertEquals("cuts 0-1 [the earlier cut-offs]", both.holdOutLatestSnapshot().train().window());
    // the pipeline's own window is taken apart by date, and put together again for the refit
    TrainingSet dated = TrainingSet.concat(List.of(without, withMarketing),
        "cut-offs 2025-09-30, 2025-07-02, 2025-04-03; horizon 90 days");
    TrainingSet.Split split = dated.holdOutLatestSnapshot();
    assertEquals("cut-off 2025-09-30; horizon 90 days", split.validation().window());
    assertEquals("cut-offs 2025-07-02, 2025-04-03; horizon 90 days", split.train().window());
    assertEquals(dated.window(), TrainingSet.joinedWindow(split.train().window(), split.validation().window()));
    assertEquals("a + b", TrainingSet.joinedWindow("a", "b"));
    TrainingSet otherSignals =
        new TrainingSet(
            List.of("b"), new double[][] {{1}}, new double[] {1}, new boolean[1], null, null,
            new int[1], "");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingSet.concat(List.of(without, otherSignals), ""));
    assertTrue(e.getMessage().contains("[b]"), e.getMessage());
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
