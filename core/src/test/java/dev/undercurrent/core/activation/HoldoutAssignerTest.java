package dev.undercurrent.core.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HoldoutAssignerTest {

  @Test
  void shareIsCloseToTargetOnHundredThousandIds() {
    HoldoutAssigner a = HoldoutAssigner.withDefaultShare();
    int n = 100_000;
    int held = 0;
    for (int i = 0; i < n; i++) {
      held += a.isHoldout("cust-" + i, "win_back") ? 1 : 0;
    }
    double share = (double) held / n;
    // Binomial sd at n = 100k, p = 0.1 is 0.00095; 4 sd.
    assertEquals(0.10, share, 0.0038, "held out " + held);
  }

  @Test
  void stableAcrossCallsAndInstances() {
    HoldoutAssigner a = new HoldoutAssigner(0.2);
    HoldoutAssigner b = new HoldoutAssigner(0.2);
    for (int i = 0; i < 1000; i++) {
      String id = "c" + i;
      assertEquals(a.assign(id, "retain"), b.assign(id, "retain"));
      assertEquals(a.assign(id, "retain"), a.assign(id, "retain"));
    }
  }

  @Test
  void aCustomerIsOnTheSameSideInEveryAudienceAndSaltsGiveIndependentSplits() {
    HoldoutAssigner a = new HoldoutAssigner(0.5);
    HoldoutAssigner salted = new HoldoutAssigner(0.5, "wave-2");
    int sameOpp = 0;
    int sameSalt = 0;
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      String id = "c" + i;
      sameOpp += a.assign(id, "retain") == a.assign(id, "cross_sell:footwear") ? 1 : 0;
      sameSalt += a.assign(id, "retain") == salted.assign(id, "retain") ? 1 : 0;
    }
    // Held out of one audience means held out of all: no other audience contacts the customer.
    assertEquals(n, sameOpp);
    // Independent halves agree about half the time (sd 0.005).
    assertEquals(0.5, (double) sameSalt / n, 0.03);
  }

  @Test
  void groupKeysMatchTheContract() {
    assertEquals("treatment", HoldoutAssigner.Group.TREATMENT.key());
    assertEquals("holdout", HoldoutAssigner.Group.HOLDOUT.key());
    assertTrue(new HoldoutAssigner(0).assign("x", "y") == HoldoutAssigner.Group.TREATMENT);
  }

  @Test
  void badShareIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HoldoutAssigner(1.5));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
  }
}
