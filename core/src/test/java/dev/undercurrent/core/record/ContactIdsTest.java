package dev.undercurrent.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.activation.AudienceHashing;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactIdsTest {

  @Test
  void anEmailOrAWrittenPhoneNumberBecomesItsHashAndOtherIdsStay() {
    assertEquals("sha256:" + AudienceHashing.sha256Hex("ann@example.com"), ContactIds.pseudonymous(" Ann@Example.com "));
    assertEquals("sha256:" + AudienceHashing.sha256Hex("14155550100"), ContactIds.pseudonymous("+1 (415) 555-0100"));
    assertEquals("sha256:" + AudienceHashing.sha256Hex("4155550100"), ContactIds.pseudonymous("415.555.0100"));
    for (String id : List.of("12346", "4155550100", "2025-0001", "AB-123-4567", "C0000042", "a@b", "+123")) {
      assertEquals(id, ContactIds.pseudonymous(id), id);
      assertNull(ContactIds.hashedContact(id), id);
    }
    assertNull(ContactIds.pseudonymous(null));
  }

  @Test
  void whatMayHoldAnAddressOrNumberIsNotEchoed() {
    for (String s : List.of("ann@example.com", "Alice <alice@example.com>", "alice@localhost", "a@b,c@d",
        "1-415-555-0100", "415-5550100", "+44 20 7946 0958", "(020) 7946 0958", "call +14155550100 now")) {
      assertTrue(ContactIds.mayHoldContact(s), s);
      assertFalse(ContactIds.redacted(s).matches(".*\\d{3}.*\\d{4}.*") || ContactIds.redacted(s).contains("@"),
          s + " -> " + ContactIds.redacted(s));
    }
    for (String s : List.of("c42", "C0000042", "12345678", "2025-01-05", "1,234.56", "opp-win_back-3", "")) {
      assertFalse(ContactIds.mayHoldContact(s), s);
      assertEquals(s, ContactIds.redacted(s), s);
    }
    assertEquals("/api/customers/[removed]/extra", ContactIds.redacted("/api/customers/Ann@Example.com/extra"));
    assertEquals("/customer?id=[removed]&neighbours=3", ContactIds.redacted("/customer?id=415-555-0100&neighbours=3"));
    assertNull(ContactIds.redacted(null));
  }
}
