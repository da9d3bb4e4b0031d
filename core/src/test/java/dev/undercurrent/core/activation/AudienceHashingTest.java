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
  void aNationalNumberIsReadInTheCustomersCountry() {
    // Without the country, a London number would get the default code and hash to a US number.
    assertEquals("+442079460958", AudienceHashing.normalizePhone("020 7946 0958", "GB", "1", GOOGLE));
    assertEquals("442079460958", AudienceHashing.normalizePhone("020 7946 0958", "United Kingdom", "1", META));
    assertEquals("+442079460958", AudienceHashing.normalizePhone("020 7946 0958", "uk", "1", GOOGLE));
    assertEquals("+33612345678", AudienceHashing.normalizePhone("06 12 34 56 78", "FRA", "1", GOOGLE));
    // Italy keeps the leading 0 of a fixed-line number after the country code.
    assertEquals("+390212345678", AudienceHashing.normalizePhone("02 1234 5678", "IT", "1", GOOGLE));
    // A written '+' always wins.
    assertEquals("+14155552671", AudienceHashing.normalizePhone("+1 415 555 2671", "GB", "44", GOOGLE));
  }

  @Test
  void aNationalNumberInACountryNotRecognisedIsLeftOutNotReadInTheDefaultCountry() {
    // read as a US number, a Mexico City number is a valid New Jersey one: somebody else's
    assertNull(AudienceHashing.normalizePhone("55 1234 5678", "México", "1", GOOGLE));
    assertNull(AudienceHashing.normalizePhone("030 123456", "Deutschland", "1", META));
    assertEquals("+525512345678", AudienceHashing.normalizePhone("55 1234 5678", "Mexico", "1", GOOGLE));
    // written internationally, the number carries its country whatever the country column says
    assertEquals("+525512345678", AudienceHashing.normalizePhone("+52 55 1234 5678", "México", "1", GOOGLE));
    assertEquals("+525512345678", AudienceHashing.normalizePhone("0052 55 1234 5678", "México", "1", GOOGLE));
    // a missing country still takes the default calling code
    assertEquals("+14155552671", AudienceHashing.normalizePhone("(415) 555-2671", "", "1", GOOGLE));
  }

  @Test
  void aNumberNotPossibleInFullForItsCountryIsLeftOut() {
    assertNull(AudienceHashing.normalizePhone("555-0100", "US", "1", GOOGLE), "a local number without area code");
    assertNull(AudienceHashing.normalizePhone("087 123", "IE", "1", GOOGLE), "too short for Ireland");
    assertEquals("+353871234567", AudienceHashing.normalizePhone("087 123 4567", "IE", "1", GOOGLE));
  }

  @Test
  void googleRemovesWhitespaceInsideAnEmailAndMetaLeavesSuchAValueOut() throws Exception {
    assertEquals(sha256("jane@example.com"), AudienceHashing.hashEmail("jane @example.com", GOOGLE));
    assertEquals(sha256("tab@example.com"), AudienceHashing.hashEmail("tab\t@example.com", GOOGLE));
    assertNull(AudienceHashing.hashEmail("jane @example.com", META));
  }

  @Test
  void commonWritingsOfOneNumberGiveOneHash() {
    String[] us = {"1-415-555-2671", "1 (415) 555-2671", "+1 415 555 2671 x23", "\u00a0+1 415 555 2671",
        "(415) 555-2671", "001 415 555 2671"};
    for (String raw : us) {
      assertEquals("+14155552671", AudienceHashing.normalizePhone(raw, "US", "1", GOOGLE), raw);
    }
    String[] london = {"+44 (0)20 7946 0958", "(+44) 20 7946 0958", "011 44 20 7946 0958", "0044 20 7946 0958"};
    for (String raw : london) {
      assertEquals("442079460958", AudienceHashing.normalizePhone(raw, "US", "1", META), raw);
    }
  }

  @Test
  void noBreakSpacesAndByteOrderMarksAreTrimmedFromEmails() throws Exception {
    assertEquals(sha256("jane@example.com"), AudienceHashing.hashEmail("\ufeff\u00a0Jane@Example.com\u202f", META));
    assertNull(AudienceHashing.hashEmail("jane\u00a0doe@example.com", META));
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
    assertEquals("+447911123456", AudienceHashing.normalizePhone("07911 123456", "GB", "", GOOGLE),
        "the customer's country is enough");
  }
}
