package dev.undercurrent.core.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerMatchTest {

  @Test
  void idsThatWouldMatchWrittenAlikeAreNamedWithAnExample() {
    CustomerMatch m = new CustomerMatch(2_400, 1_200, 40, 1_300, List.of("00030"), 1_150, "'00030' for orders' '30'");
    String c = m.caution("events");
    assertNotNull(c);
    assertTrue(c.startsWith("events: 1,200 customer_id values (2,400 rows) match no customer with orders, but 1,150"), c);
    assertTrue(c.contains("'00030' for orders' '30'"), c);
  }

  @Test
  void aFewAccidentalLookalikesAmongManyProspectsAreNotAMistake() {
    // 3 of 500 ids resemble a buyer's once written alike: below one in ten, and buyers are covered
    CustomerMatch m = new CustomerMatch(900, 500, 1_000, 1_100, List.of("p1"), 3, "'007' for orders' '7'");
    assertNull(m.caution("customers"));
  }

  @Test
  void aSourceThatNamesNoBuyerAtAllIsFlaggedEvenWithoutALookalike() {
    CustomerMatch m = new CustomerMatch(5_000, 4_000, 0, 1_300, List.of("C-1", "C-2"), 0, null);
    String c = m.caution("customers");
    assertNotNull(c);
    assertTrue(c.contains("none of its 4,000 customer_id values (e.g. 'C-1', 'C-2') names one of the 1,300 customers"), c);
  }

  @Test
  void everyBuyerFoundAndNoOthersIsQuiet() {
    assertNull(new CustomerMatch(0, 0, 1_300, 1_300, List.of(), 0, null).caution("marketing"));
  }

  @Test
  void anEmailUsedAsAnIdIsNotPrinted() {
    CustomerMatch m = new CustomerMatch(10, 2, 0, 5, List.of("ann@example.com", "x9"), 0, null);
    String c = m.caution("marketing");
    assertFalse(c.contains("ann@example.com"), c);
    assertTrue(c.contains("'(an email address)', 'x9'"), c);
  }
}
