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

  /** An email address inside free text. */
  public static final String EMAIL_IN_TEXT = "[^@\\s'\"<>(),;:]+@[^@\\s'\"<>(),;:]+\\.[A-Za-z]{2,}";
  /**
   * A phone number inside free text, in the forms above; after a {@code +} at least eight digits,
   * since in text a {@code +} and a few digits is as often an amount ({@code +1234.56}).
   */
  public static final String PHONE_IN_TEXT = "(?=\\+(?:[ ().-]*\\d){8})" + PHONE_PLUS + "|" + PHONE_BRACKETS
      + "|(?<![\\w.-])" + PHONE_GROUPED + "(?![\\w.-])";

  private static final Pattern EMAIL = Pattern.compile(EMAIL_ID);
  private static final Pattern EMAIL_TEXT = Pattern.compile(EMAIL_IN_TEXT);
  private static final Pattern PHONE_TEXT = Pattern.compile(PHONE_IN_TEXT);
  // seven digits or more after a +, or with a separator among them: +14155550100, 1-415-555-0100
  private static final Pattern DIGITS_WITH_SEPARATORS = Pattern.compile("\\+[\\d ().-]*\\d|\\d[\\d ().+-]*[ ().+-][\\d ().+-]*\\d");
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

  /**
   * Whether a value someone typed may hold an email address or a phone number, and so must not be
   * echoed into an answer, an error or a log: it holds an {@code @}, or seven digits or more written
   * with separators or a {@code +} among them. Stricter than the id rule on purpose (it also catches
   * {@code 1-415-555-0100} and {@code Ann <ann@x>}); a bare run of digits, an id as stores write
   * them, is not caught.
   */
  public static boolean mayHoldContact(String text) {
    if (text == null) {
      return false;
    }
    if (text.indexOf('@') >= 0) {
      return true;
    }
    java.util.regex.Matcher m = DIGITS_WITH_SEPARATORS.matcher(text);
    while (m.find()) {
      // (a date, 2025-01-05, has eight digits and two dashes, and is no phone number)
      if (m.group().chars().filter(Character::isDigit).count() >= 7 && !m.group().matches("\\d{4}-\\d{2}-\\d{2}")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Text with every part that {@link #mayHoldContact may hold} an email address or a phone number
   * replaced by {@code [removed]}, part by part (split at {@code /}, {@code ?}, {@code &} and
   * {@code =}, so a path keeps its shape), for echoing a request's path or a value given.
   */
  public static String redacted(String text) {
    if (text == null || !mayHoldContact(text)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    java.util.regex.Matcher m = Pattern.compile("[^/?&=]+").matcher(text);
    int last = 0;
    while (m.find()) {
      b.append(text, last, m.start()).append(mayHoldContact(m.group()) ? "[removed]" : m.group());
      last = m.end();
    }
    return b.append(text.substring(last)).toString();
  }

  private static String sha256(String s) {
    return AudienceHashing.sha256Hex(s);
  }
}
