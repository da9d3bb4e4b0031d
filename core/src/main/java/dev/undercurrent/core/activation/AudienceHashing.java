package dev.undercurrent.core.activation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Normalizes and SHA-256 hashes emails and phone numbers for ad-platform audiences, so that an
 * exported audience matches as many platform accounts as possible and carries no plain PII.
 * The platforms hash their own users' identifiers after the same normalization; a single
 * character of difference (a capital letter, a '+') means no match.
 *
 * <p>Rules, as the platforms document them:
 * <ul>
 *   <li>Google Customer Match (Google Ads API guide "Customer Match",
 *       developers.google.com/google-ads/api/docs/remarketing/audience-types/customer-match, and
 *       the Google Ads Help Center "Format your customer data file",
 *       support.google.com/google-ads/answer/7659867): email — remove leading and trailing whitespace,
 *       lowercase; periods before the domain of gmail.com and googlemail.com addresses may be
 *       removed (Google now says it accepts them either way; we remove them so that both spellings
 *       give one hash). Phone — E.164 format <em>with</em> the leading '+', country code
 *       included, e.g. {@code +14155552671}. Hash: SHA-256, hex.
 *   <li>Meta Custom Audiences (Marketing API "Customer list custom audiences", hashing and
 *       normalization): email — trim leading and trailing whitespace, lowercase. Phone — remove
 *       symbols, letters and any leading zeros; include the country code; no '+', e.g.
 *       {@code 14155552671}. Hash: SHA-256, lowercase hex.
 * </ul>
 * For Google we additionally drop a {@code +tag} from the local part of gmail.com and
 * googlemail.com addresses, because Gmail delivers {@code name+tag@gmail.com} to
 * {@code name@gmail.com}: the Google account is the tagless one. This goes beyond Google's
 * documented steps and is done for Gmail only, where the address semantics are known.
 *
 * <p>Phones without a country code: a number written with '+' or with the international prefix
 * 00 carries its country code; any other number is taken as national, its trunk prefix 0 is
 * dropped and the default country code is prepended. Numbers outside E.164's 8–15 digits after
 * this are rejected (null), as are strings that are not emails.
 *
 * <p>Limits: no per-country numbering plans (a national number of a country without trunk prefix
 * 0 that starts with 0, as in Italy, loses that 0); use international formats in the source when
 * customers are in such countries.
 */
public final class AudienceHashing {

  /** The platform whose normalization rules apply. */
  public enum Platform {
    GOOGLE,
    META
  }

  private AudienceHashing() {}

  /**
   * The email as the platform normalizes it before hashing, or null when the value is not an
   * email address (no single '@' with text on both sides).
   */
  public static String normalizeEmail(String raw, Platform platform) {
    if (raw == null) {
      return null;
    }
    String e = raw.trim().toLowerCase(Locale.ROOT);
    int at = e.indexOf('@');
    if (at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1 || e.contains(" ")) {
      return null;
    }
    if (platform == Platform.GOOGLE) {
      String local = e.substring(0, at);
      String domain = e.substring(at + 1);
      if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
        int plus = local.indexOf('+');
        if (plus >= 0) {
          local = local.substring(0, plus);
        }
        local = local.replace(".", "");
        if (local.isEmpty()) {
          return null;
        }
        e = local + "@" + domain;
      }
    }
    return e;
  }

  /**
   * The phone number as the platform normalizes it before hashing: {@code +<digits>} for Google,
   * {@code <digits>} for Meta, country code included; null when it cannot be a phone number.
   *
   * @param defaultCountryCode digits of the country code for numbers written without one, e.g.
   *     "1" or "44" (a leading '+' is allowed)
   */
  public static String normalizePhone(String raw, String defaultCountryCode, Platform platform) {
    if (raw == null) {
      return null;
    }
    String cc = defaultCountryCode == null ? "" : defaultCountryCode.replaceAll("[^0-9]", "");
    String s = raw.trim();
    boolean international = s.startsWith("+");
    String digits = s.replaceAll("[^0-9]", "");
    if (digits.isEmpty()) {
      return null;
    }
    if (!international && digits.startsWith("00")) {
      digits = digits.substring(2);
      international = true;
    }
    if (!international) {
      if (cc.isEmpty()) {
        throw new IllegalArgumentException("phone '" + mask(raw) + "' has no country code and no"
            + " default country code was given; expected e.g. \"1\" or \"44\"");
      }
      digits = cc + stripLeadingZeros(digits);
    } else {
      digits = stripLeadingZeros(digits);
    }
    if (digits.length() < 8 || digits.length() > 15) {
      return null;
    }
    return platform == Platform.GOOGLE ? "+" + digits : digits;
  }

  /** SHA-256 (lowercase hex) of the normalized email, or null when it is not an email. */
  public static String hashEmail(String raw, Platform platform) {
    String n = normalizeEmail(raw, platform);
    return n == null ? null : sha256Hex(n);
  }

  /** SHA-256 (lowercase hex) of the normalized phone, or null when it is not a phone number. */
  public static String hashPhone(String raw, String defaultCountryCode, Platform platform) {
    String n = normalizePhone(raw, defaultCountryCode, platform);
    return n == null ? null : sha256Hex(n);
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes. */
  public static String sha256Hex(String value) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  /** Error messages must not carry a whole phone number. */
  private static String mask(String raw) {
    String t = raw.trim();
    return t.length() <= 4 ? "****" : "****" + t.substring(t.length() - 4);
  }
}
