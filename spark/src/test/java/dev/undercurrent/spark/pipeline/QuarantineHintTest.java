package dev.undercurrent.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.spark.sources.ValidatedLake;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineHintTest {
  private static ValidatedLake lake(long read, long quarantined, Map<String, Long> reasons) {
    return new ValidatedLake(Map.of(), null, List.of(
        new SourceCounts("orders", "/lake/orders.csv", "csv", null, read, read - quarantined, 0, quarantined, reasons)),
        LocalDate.of(2025, 12, 22));
  }

  @Test
  void aRunStoppedForWantOfValidOrdersSaysWhyTheyWereRejected() {
    Map<String, Long> reasons = new LinkedHashMap<>();
    reasons.put("unparseable revenue", 1500L);
    reasons.put("unparseable ordered_at", 104L);
    assertEquals("; 1,604 of 1,604 orders rows were rejected (unparseable revenue: 1,500, unparseable ordered_at: 104);"
            + " amounts must be plain numbers with a decimal point, and times ISO 8601 unless the source sets options:"
            + " {timestamp_format: …}",
        DiscoveryPipeline.quarantineHint(lake(1604, 1604, reasons)));
    assertEquals("", DiscoveryPipeline.quarantineHint(lake(1604, 3, Map.of("null customer_id", 3L))),
        "a few bad rows are not why a run has too few customers");
  }

  @Test
  void aRunStoppedBecauseAsOfPrecedesTheOrdersSaysSo() {
    ValidatedLake early = new ValidatedLake(Map.of(), null, List.of(
        new SourceCounts("orders", "/lake/orders.csv", "csv", null, 2321, 4, 2317, 0, Map.of())),
        LocalDate.of(2023, 1, 10));
    assertEquals("; 2,317 of the 2,321 valid orders fall on or after as_of 2023-01-10: is it meant to be later (left"
        + " out, it is the day after the last order)?", DiscoveryPipeline.quarantineHint(early));
  }
}
