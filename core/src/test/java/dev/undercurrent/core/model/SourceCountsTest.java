package dev.undercurrent.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceCountsTest {
  private static SourceCounts orders(long read, long repeated) {
    return new SourceCounts("orders", "/lake/orders.csv", "csv", null, read, read - repeated, 0, repeated,
        repeated == 0 ? Map.of() : Map.of("duplicate order_id", repeated));
  }

  @Test
  void anOrderLineTableReadAsOrdersIsNamedWithTheOptionThatReadsIt() {
    // UCI Online Retail's shape: 4.6 lines per invoice, each row a line under its invoice number
    assertEquals("orders: 2,900 of 4,000 rows repeat an order_id and were quarantined; if each row is a line of an"
        + " order, give the source options: {grain: line} (the lines then need quantity and unit_price) so that"
        + " they are summed into orders rather than all but one dropped", orders(4_000, 2_900).idCaution());
    assertNotNull(orders(1_000, 100).idCaution(), "a tenth is enough");
    assertNull(orders(1_000, 99).idCaution(), "a few repeated exports are quarantined without a caution");
    assertNull(orders(1_000, 0).idCaution());
    assertNull(new SourceCounts("customers", "/lake/c.csv", "csv", null, 10, 5, 0, 5, Map.of("duplicate order_id", 5L))
        .idCaution(), "orders only");
  }

  @Test
  void refundsBookedAsNegativeOrdersAreNamedWithTheColumnThatNetsThem() {
    // UCI Online Retail's credit notes: 9,288 of 541,909 lines, negative quantities
    SourceCounts uci = new SourceCounts("orders", "/lake/online_retail.csv", "csv", null, 541_909, 530_000, 0, 11_909,
        Map.of("negative revenue", 9_288L, "null customer_id", 2_621L));
    assertEquals("orders: 9,288 of 541,909 rows have a negative revenue and were quarantined; if they are refunds"
        + " or credit notes, the customers' value is counted without them: where the source says which order a"
        + " refund belongs to, give it as that order's returned_amount (an orders column) so that values are net"
        + " of returns", uci.refundCaution());
    assertEquals(java.util.List.of(uci.refundCaution()), uci.cautions());
    assertNull(new SourceCounts("orders", "o", "csv", null, 1_000, 991, 0, 9, Map.of("negative revenue", 9L))
        .refundCaution(), "fewer than one row in a hundred: the quarantine reasons say it");
    assertNotNull(new SourceCounts("orders", "o", "csv", null, 1_000, 990, 0, 10, Map.of("negative revenue", 10L))
        .refundCaution());
    SourceCounts both = new SourceCounts("orders", "o", "csv", null, 1_000, 700, 0, 300,
        Map.of("duplicate order_id", 250L, "negative revenue", 50L));
    assertEquals(java.util.List.of(both.idCaution(), both.refundCaution()), both.cautions());
    assertNull(new SourceCounts("marketing", "m", "csv", null, 10, 5, 0, 5, Map.of("negative revenue", 5L))
        .refundCaution(), "orders only");
  }
}
