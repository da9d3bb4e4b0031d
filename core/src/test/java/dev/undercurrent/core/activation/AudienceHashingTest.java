package dev.undercurrent.core.activation;

import static dev.undercurrent.core.activation.AudienceHashing.Platform.GOOGLE;
import static dev.undercurrent.core.activation.AudienceHashing.Platform.META;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The point is the normalization: expected digests are computed here from the literal text. */
class AudienceHashingTest {

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void knownDigestOfAnEmptyString() {
    // FIPS 180-2 test vector for SHA-256 of the empty message.
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        AudienceHashing.sha256Hex(""));
  }

  @Test
  void emailIsTrimmedAndLowercasedForBoth() throws Exception {
    assertEquals(sha256("jane.doe@example.com"),
        AudienceHashing.hashEmail("  Jane.Doe@Example.COM ", META));
    assertEquals(sha256("jane.doe@example.com"),
        AudienceHashing.hashEmail("  Jane.Doe@Example.COM ", GOOGLE));
  }

  @Test
  void googleDropsDotsAndPlusTagOnlyForGmail() throws Exception {
    assertEquals(sha256("janedoe@gmail.com"),
        AudienceHashing.hashEmail("Jane.Doe+shop@Gmail.com", GOOGLE));
    assertEquals(sha256("janedoe@googlemail.com"),
        AudienceHashing.hashEmail("jane.doe@googlemail.com", GOOGLE));
    assertEquals(sha256("jane.doe+shop@gmail.com"),
        AudienceHashing.hashEmail("Jane.Doe+shop@Gmail.com", META));
    assertEquals(sha256("jane.doe+shop@example.com"),
        AudienceHashing.hashEmail("jane.doe+shop@example.com", GOOGLE));
  }

  @Test
  void phonesGoToE164WithPlusForGoogleAndDigitsForMeta() throws Exception {
    assertEquals("+14155552671", AudienceHashing.normalizePhone("+1 (415) 555-2671", "44", GOOGLE));
    assertEquals("14155552671", AudienceHashing.normalizePhone("+1 (415) 555-2671", "44", META));
    assertEquals(sha256("+14155552671"),
        AudienceHashing.hashPhone("+1 (415) 555-2671", "44", GOOGLE));
    assertEquals(sha256("14155552671"), AudienceHashing.hashPhone("001 415 555 2671", "44", META));
  }

  @Test
  void nationalNumbersGetTheDefaultCountryCodeAndLoseTheTrunkZero() {
    assertEquals("+447911123456", AudienceHashing.normalizePhone("07911 123456", "44", GOOGLE));
    assertEquals("447911123456", AudienceHashing.normalizePhone("07911 123456", "+44", META));
    assertEquals("14155552671", AudienceHashing.normalizePhone("(415) 555-2671", "1", META));
  }

  @Test
  void notAnEmailOrPhoneGivesNull() {
    assertNull(AudienceHashing.hashEmail("no-at-sign", META));
    assertNull(AudienceHashing.hashEmail("a@b@c", GOOGLE));
    assertNull(AudienceHashing.hashEmail(null, GOOGLE));
    assertNull(AudienceHashing.normalizePhone("12", "1", META));
    assertNull(AudienceHashing.normalizePhone("n/a", "1", META));
  }

  @Test
  void nationalNumberWithoutDefaultCountryIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AudienceHashing.normalizePhone("07911 123456", "", META));
    assertEquals(false, e.getMessage().contains("07911 123456"), "message leaks the number");
  }
}
