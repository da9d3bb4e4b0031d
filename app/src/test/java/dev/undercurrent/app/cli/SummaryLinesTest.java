package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
