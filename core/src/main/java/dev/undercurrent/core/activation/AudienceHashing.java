package dev.undercurrent.core.activation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

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
 * {@code name@gmail.com}: the Google account is the tagless one. Google's current formatting
 * guidance for Customer Match (developers.google.com/data-manager/api/devguides/concepts/formatting)
 * asks for both steps on these two domains; Meta gets the address as written.
 *
 * <p>Phones are read with Google's libphonenumber, which knows each country's numbering plan,
 * rather than by stripping characters: national trunk prefixes ("020 …" in the UK, "1-415-…" in
 * the US), a "(0)" written after the country code, extensions ("x23"), and international dialling
 * prefixes other than 00 ("011" from North America) all decide which digits belong to the number,
 * and a number read wrongly hashes to somebody else's. A number written with '+' or an
 * international prefix carries its country; any other is read in the customer's country (from the
 * customers table's {@code country}, as an ISO 3166 code or an English name) or, where that is
 * missing, in the country of the default calling code; where a country is given but not
 * recognised, a national number is left out rather than read in the default country. Numbers that
 * cannot be read, that libphonenumber does not find possible in full for their country (a local
 * number without its area code included), or whose E.164 form has fewer than 8 or more than 15
 * digits, are left out (null): an impossible number matches nobody, and hashing it wrongly could
 * match the wrong person. For Google, whitespace inside an email is removed as its guidance asks.
 */
public final class AudienceHashing {

  /** The platform whose normalization rules apply. */
  public enum Platform {
    GOOGLE,
    META
  }

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Map<String, String> REGION_BY_NAME = regionsByName();

  private AudienceHashing() {}

  /**
   * The email as the platform normalizes it before hashing, or null when the value is not an
   * email address (no single '@' with text on both sides).
   */
  public static String normalizeEmail(String raw, Platform platform) {
    if (raw == null) {
      return null;
    }
    String e = strip(raw).toLowerCase(Locale.ROOT);
    if (platform == Platform.GOOGLE) {
      // Google's formatting guidance: trim leading, trailing and intermediate whitespace ("jane
      // @example.com" is jane@example.com); Meta asks only for a trim, so such a value is left out
      StringBuilder b = new StringBuilder(e.length());
      e.chars().filter(c -> !blank((char) c)).forEach(c -> b.append((char) c));
      e = b.toString();
    }
    int at = e.indexOf('@');
    if (at <= 0 || at != e.lastIndexOf('@') || at == e.length() - 1
        || e.chars().anyMatch(c -> blank((char) c))) {
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
   * @param defaultCountryCode digits of the calling code for numbers written without one, e.g.
   *     "1" or "44" (a leading '+' is allowed)
   */
  public static String normalizePhone(String raw, String defaultCountryCode, Platform platform) {
    return normalizePhone(raw, null, defaultCountryCode, platform);
  }

  /**
   * As {@link #normalizePhone(String, String, Platform)}, reading a national number in the
   * customer's country where it is known.
   *
   * @param country the customer's country as the customers table gives it (ISO 3166 alpha-2 or
   *     alpha-3 code, or the English name), or null
   * @throws IllegalArgumentException when the number is national, the country is unknown and no
   *     default calling code was given (the message masks the number)
   */
  public static String normalizePhone(String raw, String country, String defaultCountryCode, Platform platform) {
    if (raw == null) {
      return null;
    }
    String s = strip(raw);
    if (s.isEmpty() || s.chars().noneMatch(Character::isDigit)) {
      return null;
    }
    String region = region(country);
    boolean international = s.startsWith("+") || s.startsWith("(+") || s.startsWith("00");
    if (region == null && country != null && !country.isBlank()) {
      // A country given but not recognised ("México", "Deutschland") is not a missing one: read in
      // the default country, "55 1234 5678" became a valid New Jersey number, somebody else's.
      if (!international) {
        return null;
      }
    } else if (region == null) {
      region = regionOfCallingCode(defaultCountryCode);
    }
    if (region == null && !international && (country == null || country.isBlank())) {
      throw new IllegalArgumentException("phone '" + mask(raw) + "' has no country code, the customer's country is "
          + (country == null || country.isBlank() ? "not given" : "not known ('" + country + "')")
          + " and no default country code was given; expected e.g. \"1\" or \"44\"");
    }
    PhoneNumber number;
    try {
      // Without a region, only numbers written internationally can be read; "ZZ" says so (and
      // reads only a leading '+', so "0052 …" is given to it as "+52 …").
      String written = region == null && s.startsWith("00") ? "+" + s.substring(2) : s;
      number = PHONES.parse(written, region == null ? "ZZ" : region);
      if (!PHONES.isPossibleNumber(number) && s.startsWith("00")) {
        // 00 is the international prefix of most of the world but not of North America (011): a
        // customer abroad may still write it, and read as a national number it is impossible.
        try {
          PhoneNumber abroad = PHONES.parse("+" + s.substring(2), "ZZ");
          if (PHONES.isPossibleNumber(abroad)) {
            number = abroad;
          }
        } catch (NumberParseException notInternationalEither) {
          // keep the national reading; the length check below decides
        }
      }
    } catch (NumberParseException e) {
      return null;
    }
    if (PHONES.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
      // too short or long for its country, or a local number without its area code
      // ("555-0100" in the US): it matches nobody as read, and a guess could match somebody else
      return null;
    }
    String e164 = PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    int digits = e164.length() - 1;
    if (digits < 8 || digits > 15) {
      return null;
    }
    return platform == Platform.GOOGLE ? e164 : e164.substring(1);
  }

  /** The libphonenumber region (ISO 3166 alpha-2) of a country as a customers table may write it. */
  static String region(String country) {
    if (country == null || country.isBlank()) {
      return null;
    }
    String c = country.strip().toUpperCase(Locale.ROOT);
    if (c.equals("UK")) {
      return "GB"; // the common spelling; ISO 3166 reserves UK for the United Kingdom
    }
    if (c.length() == 2) {
      return PHONES.getSupportedRegions().contains(c) ? c : null;
    }
    return REGION_BY_NAME.get(c);
  }

  /** Whether a default calling code ("1", "+44") names a country libphonenumber knows. */
  public static boolean isKnownCallingCode(String code) {
    return code != null && code.strip().matches("\\+?\\d{1,3}") && regionOfCallingCode(code) != null;
  }

  private static String regionOfCallingCode(String code) {
    if (code == null) {
      return null;
    }
    String digits = code.replaceAll("[^0-9]", "");
    if (digits.isEmpty() || digits.length() > 3) {
      return null;
    }
    String r = PHONES.getRegionCodeForCountryCode(Integer.parseInt(digits));
    return PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(r) || "ZZ".equals(r) ? null : r;
  }

  /** Alpha-3 codes and English names of every region libphonenumber knows, upper-cased. */
  private static Map<String, String> regionsByName() {
    Map<String, String> m = new HashMap<>();
    for (String r : PHONES.getSupportedRegions()) {
      Locale l = new Locale("", r);
      try {
        m.put(l.getISO3Country().toUpperCase(Locale.ROOT), r);
      } catch (java.util.MissingResourceException e) {
        // a region without an alpha-3 code (e.g. XK): its name below still maps
      }
      m.put(l.getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), r);
    }
    m.put("USA", "US");
    m.put("UNITED STATES OF AMERICA", "US");
    m.put("GREAT BRITAIN", "GB");
    m.put("ENGLAND", "GB");
    m.put("SCOTLAND", "GB");
    m.put("WALES", "GB");
    m.put("NORTHERN IRELAND", "GB");
    return Map.copyOf(m);
  }

  /** SHA-256 (lowercase hex) of the normalized email, or null when it is not an email. */
  public static String hashEmail(String raw, Platform platform) {
    String n = normalizeEmail(raw, platform);
    return n == null ? null : sha256Hex(n);
  }

  /** SHA-256 (lowercase hex) of the normalized phone, or null when it is not a phone number. */
  public static String hashPhone(String raw, String defaultCountryCode, Platform platform) {
    return hashPhone(raw, null, defaultCountryCode, platform);
  }

  /** SHA-256 (lowercase hex) of the phone normalized in the customer's country, or null. */
  public static String hashPhone(String raw, String country, String defaultCountryCode, Platform platform) {
    String n = normalizePhone(raw, country, defaultCountryCode, platform);
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

  /**
   * Trims what a spreadsheet or a web form leaves around a value: whitespace, and also the
   * no-break spaces and byte-order mark that {@link String#strip()} keeps; a platform's own
   * trimming removes them, so the hash must be of the text without them.
   */
  static String strip(String raw) {
    int a = 0;
    int b = raw.length();
    while (a < b && blank(raw.charAt(a))) {
      a++;
    }
    while (b > a && blank(raw.charAt(b - 1))) {
      b--;
    }
    return raw.substring(a, b);
  }

  private static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  /** Error messages must not carry a whole phone number. */
  private static String mask(String raw) {
    String t = raw.trim();
    return t.length() <= 4 ? "****" : "****" + t.substring(t.length() - 4);
  }
}
