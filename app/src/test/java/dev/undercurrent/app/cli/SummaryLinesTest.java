package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.undercurrent.core.model.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run summary a discover prints, in the words a reader expects (seen on a 30-customer lake). */
class SummaryLinesTest {
  @Test
  void countsAgreeWithTheirNouns() {
    assertEquals("1 segment", DiscoverCommand.counted(1, "segments"));
    assertEquals("1 opportunity", DiscoverCommand.counted(1, "opportunities"));
    assertEquals("20,000 customers", DiscoverCommand.counted(20_000, "customers"));
    assertEquals("0 opportunities", DiscoverCommand.counted(0, "opportunities"));
  }

  @Test
  void aValueThatRoundsToZeroIsNotNegative() {
    assertEquals("  8. grow_wallet                    0 USD         5 customers  Grow",
        DiscoverCommand.opportunityLine(8, "grow_wallet", -0.3, "USD", 5, "Grow"));
    assertEquals("  7. nurture_rising                 2 USD         1 customer   Nurture",
        DiscoverCommand.opportunityLine(7, "nurture_rising", 1.6, "USD", 1, "Nurture"));
    assertEquals("  1. protect_margin            33,984 USD     2,502 customers  Protect",
        DiscoverCommand.opportunityLine(1, "protect_margin", 33_984.2, "USD", 2502, "Protect"));
  }

  @Test
  void theRunsCautionsAreSaidAgainUnderTheTable() {
    Map<String, Object> metrics = Map.of(
        "as_of", Map.of("caution", "as_of 2030-01-01 is 1465 days after the latest order (2025-12-28)"),
        "segments", Map.of("k", 3, "caution", "the 3 segments are not stable"),
        "model", Map.of("caution", "not a stage said here"));
    RunSummary s = new RunSummary(RunSummary.FORMAT_VERSION, "run-1", "2030-01-01T00:00:00Z", "2030-01-01", 90, "USD",
        "abc", 42, "delta", 300, 0, List.of(new dev.undercurrent.core.model.SourceCounts("orders", "o.csv", "csv", null,
            30, 10, 0, 20, Map.of("duplicate order_id", 20L))), List.of(), List.of(), metrics, Map.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DiscoverCommand.printSummary(s, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals("""
        run run-1 as of 2030-01-01: 300 customers, 0 segments, 0 opportunities
        caution: orders: 20 of 30 rows repeat an order_id and were quarantined; if each row is a line of an order, give the source options: {grain: line} (the lines then need quantity and unit_price) so that they are summed into orders rather than all but one dropped
        caution: as_of 2030-01-01 is 1465 days after the latest order (2025-12-28)
        caution: the 3 segments are not stable
        """, bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }
}
