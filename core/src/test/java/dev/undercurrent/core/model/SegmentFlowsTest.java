package dev.undercurrent.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFlowsTest {
  private static final int NEW = SegmentFlows.NEW;
  private static final int UNKNOWN = SegmentFlows.UNKNOWN;

  /** Ten customers: three stay in 0, two go 0 → 1, one 1 → 0, one stays in 1, two new (to 1 and 0), one not compared. */
  private static SegmentFlows ten() {
    int[] now = {0, 0, 0, 1, 1, 0, 1, 1, 0, 1};
    int[] then = {0, 0, 0, 0, 0, 1, 1, NEW, NEW, UNKNOWN};
    double[] value = {1, 2, 3, 10, 20, 5, 7, 100, 200, 1000};
    return SegmentFlows.of("2025-09-30", now, then, value, 0.99);
  }

  @Test
  void everyCustomerIsCountedOnceAndTheFlowsReconcileWithBothPartitions() {
    SegmentFlows f = ten();
    assertEquals(7, f.compared());
    assertEquals(2, f.newCustomers());
    assertEquals(1, f.notCompared());
    assertEquals(f.compared() + f.newCustomers(), f.flows().stream().mapToLong(SegmentFlows.Flow::customers).sum());
    assertEquals(List.of(
        new SegmentFlows.Flow(null, 0, 1, 200), new SegmentFlows.Flow(null, 1, 1, 100),
        new SegmentFlows.Flow(0, 0, 3, 6), new SegmentFlows.Flow(0, 1, 2, 30),
        new SegmentFlows.Flow(1, 0, 1, 5), new SegmentFlows.Flow(1, 1, 1, 7)), f.flows(), "new first, then by segment");
    assertEquals(3, f.moved(), "two from 0 to 1, one from 1 to 0");
    assertEquals(5, f.before(0));
    assertEquals(3, f.stayed(0));
    assertEquals(2, f.before(1));
    assertEquals(1, f.stayed(1));
    assertEquals(List.of(new SegmentFlows.Flow(0, 1, 2, 30), new SegmentFlows.Flow(null, 1, 1, 100)), f.into(1),
        "most first; those who stayed are not among them");
    assertEquals(List.of(new SegmentFlows.Flow(0, 1, 2, 30)), f.outOf(0));
    assertEquals(List.of(), f.outOf(2), "a segment no one was in");
    assertEquals(0, f.before(2));
  }

  @Test
  void mismatchedOrUnknownSegmentsAreRefusedByName() {
    IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
        () -> SegmentFlows.of("2025-09-30", new int[3], new int[2], new double[3], 1));
    assertTrue(lengths.getMessage().contains("3 customers now, 2 then"), lengths.getMessage());
    IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
        () -> SegmentFlows.of("2025-09-30", new int[] {0, 1}, new int[] {0, -7}, new double[2], 1));
    assertTrue(odd.getMessage().contains("customer 1 was in segment -7"), odd.getMessage());
  }

  @Test
  void runJsonKeepsTheFlowsAndARunWrittenBeforeThemReadsWithout(@TempDir Path dir) throws Exception {
    RunSummary with = new RunSummary(1, "r", null, "2025-12-29", 90, "USD", null, 0, "csv", 10, 0, List.of(),
        List.of(), List.of(), Map.of(), Map.of(), ten());
    with.write(dir);
    assertEquals(ten(), RunSummary.read(dir).segmentFlows());
    String older = Files.readString(dir.resolve(RunSummary.FILE_NAME)).replaceAll("(?s),\\s*\"segmentFlows\"\\s*:.*\\}\\s*$", "\n}");
    assertTrue(!older.contains("segmentFlows") && older.trim().endsWith("}"), older);
    Files.writeString(dir.resolve(RunSummary.FILE_NAME), older);
    assertNull(RunSummary.read(dir).segmentFlows());
    assertEquals("r", RunSummary.read(dir).runId());
  }

  @Test
  void whereTheEarlierSignalsAreASampleTheNewCustomersAreCountedAtItsRate() {
    // 4,000 customers known at the cut-off, a quarter of them kept; 2,000 new since
    int n = 6_000;
    int[] then = new int[n];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "c" + i;
      then[i] = i < 1_000 ? i % 3 : i < 4_000 ? UNKNOWN : NEW;
    }
    int[] counted = SegmentFlows.newAtTheSampleRate(then, ids, 42);
    long newKept = java.util.Arrays.stream(counted).filter(t -> t == NEW).count();
    assertTrue(Math.abs(newKept - 500) < 60, "about a quarter of the 2,000 new: " + newKept);
    for (int i = 0; i < 4_000; i++) {
      assertEquals(then[i], counted[i], "the compared and the not compared stay as they were");
    }
    assertEquals(java.util.Arrays.toString(counted),
        java.util.Arrays.toString(SegmentFlows.newAtTheSampleRate(then, ids, 42)), "the same draw every time");
    SegmentFlows f = SegmentFlows.of("2025-09-30", new int[n], counted, new double[n], 1);
    assertEquals(0.25, f.sampleShare(), 0.01);
    int[] whole = {0, 1, NEW, NEW};
    assertTrue(whole == SegmentFlows.newAtTheSampleRate(whole, new String[] {"a", "b", "c", "d"}, 42),
        "nobody outside: counted as they are");
  }
}
