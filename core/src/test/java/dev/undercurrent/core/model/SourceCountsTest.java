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
}
