package dev.undercurrent.core.record;

import dev.undercurrent.core.activation.AudienceHashing;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Customer ids that are email addresses or phone numbers, which no output may carry in plain text:
 * the run keeps such an id as {@code sha256:} and a SHA-256 (an email in lower case, a phone number
 * as its digits alone), in every source alike. The Spark reader applies the same rule as a column
 * expression over the patterns below; this is the rule for one value, for a person or an agent
 * who looks a customer up by the address or number they know.
 *
 * <p>Which phone numbers: those written as phone numbers, with 7 to 15 digits: a leading {@code +}
 * ({@code +44 20 7946 0958}), an area code in brackets ({@code (415) 555-0100}), or the 3-3-4
 * grouping ({@code 415-555-0100}, {@code 415.555.0100}). A bare run of digits is an id as written:
 * it cannot be told from the numeric ids most stores use.
 */
public final class ContactIds {

  /** A number after a {@code +}: {@code +44 20 7946 0958}, {@code +14155550100}. */
  public static final String PHONE_PLUS = "\\+\\d[\\d ().-]{5,20}\\d";
  /** An area code in brackets: {@code (020) 7946 0958}, {@code (415) 555-0100}. */
  public static final String PHONE_BRACKETS = "\\(\\d{2,5}\\) ?\\d[\\d .-]{4,14}\\d";
  /** The 3-3-4 grouping with one separator throughout (named so that both places match it). */
  public static final String PHONE_GROUPED = "\\d{3}(?<sep>[-. ])\\d{3}\\k<sep>\\d{4}";
  /** A whole value that is an email address. */
  public static final String EMAIL_ID = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
  /** A whole value that is a phone number in one of the forms above. */
  public static final String PHONE_ID = "^(" + PHONE_PLUS + "|" + PHONE_BRACKETS + "|" + PHONE_GROUPED + ")$";

  private static final Pattern EMAIL = Pattern.compile(EMAIL_ID);
  private static final Pattern PHONE = Pattern.compile(PHONE_ID);

  private ContactIds() {}

  /**
   * The id as a run keeps it: {@code sha256:…} for an email address or a phone number, otherwise
   * the value trimmed; null stays null.
   */
  public static String pseudonymous(String id) {
    if (id == null) {
      return null;
    }
    String text = id.strip();
    String hashed = hashedContact(text);
    return hashed != null ? hashed : text;
  }

  /** {@code sha256:…} of an email address or phone number, null for any other value. */
  public static String hashedContact(String text) {
    if (text == null) {
      return null;
    }
    if (text.indexOf('@') >= 0 && EMAIL.matcher(text).matches()) {
      return "sha256:" + sha256(text.toLowerCase(Locale.ROOT));
    }
    if (PHONE.matcher(text).matches()) {
      String digits = text.replaceAll("[^0-9]", "");
      if (digits.length() >= 7 && digits.length() <= 15) {
        return "sha256:" + sha256(digits);
      }
    }
    return null;
  }

  private static String sha256(String s) {
    return AudienceHashing.sha256Hex(s);
  }
}
