package dev.undercurrent.core.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerHistoryTest {
  private static OrderLine order(String id, long at, double revenue) {
    return new OrderLine(id, at, revenue, 0, 0, 0, "web", null, List.of());
  }

  @Test
  void ordersAtTheSameTimeKeepOneOrderWhateverOrderTheyArriveIn() {
    List<OrderLine> lines = new ArrayList<>(List.of(
        order("B", 100, 20), order("A", 100, 10), order("C", 50, 5), order("A", 100, 7)));
    List<String> first = null;
    for (int shuffle = 0; shuffle < 6; shuffle++) {
      Collections.rotate(lines, 1);
      if (shuffle % 2 == 1) {
        Collections.reverse(lines);
      }
      List<String> seen = new CustomerHistory("c", 0, lines, List.of(), List.of()).orders().stream()
          .map(o -> o.orderId() + "/" + o.revenue()).toList();
      if (first == null) {
        first = seen;
      }
      assertEquals(first, seen);
    }
    assertEquals(List.of("C/5.0", "A/7.0", "A/10.0", "B/20.0"), first);
  }

  @Test
  void eventsAtTheSameTimeAreOrderedByTheirFields() {
    List<EventLine> a = List.of(new EventLine(10, "view", "shoes", 0), new EventLine(10, "cart_add", null, 0),
        new EventLine(5, "view", "hats", 0));
    List<EventLine> b = new ArrayList<>(a);
    Collections.reverse(b);
    assertEquals(new CustomerHistory("c", 0, List.of(), a, List.of()).events(),
        new CustomerHistory("c", 0, List.of(), b, List.of()).events());
  }
}
