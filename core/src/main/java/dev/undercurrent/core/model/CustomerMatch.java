package dev.undercurrent.core.model;

import java.util.List;
import java.util.Locale;

/**
 * How a source's customer ids meet the customers the run is about: those with a valid order before
 * {@code as_of}. A row of events, marketing or customers whose id names no such customer is valid
 * and counted as used, yet it reaches no signal, no score and no audience file; a source written
 * with other ids ("00030" where the orders say "30", "C-30", an email) therefore loses every row
 * while the run succeeds. This record carries what is needed to say so.
 *
 * @param rowsForOthers used rows (before {@code as_of}) whose customer id has no valid order
 * @param idsForOthers distinct such ids
 * @param customersCovered customers with orders that have at least one used row in the source
 * @param customersWithOrders customers with a valid order before {@code as_of}
 * @param examples up to three such ids, the commonest first
 * @param idsMatchingWhenAlike of {@code idsForOthers}, how many equal an ordering customer's id
 *     once both are written alike ({@link #ALIKE})
 * @param alikeExample one such pair, "source id → orders id", or null
 */
public record CustomerMatch(
    long rowsForOthers,
    long idsForOthers,
    long customersCovered,
    long customersWithOrders,
    List<String> examples,
    long idsMatchingWhenAlike,
    String alikeExample) {

  /** What "written alike" ignores: surrounding spaces, case, leading zeros, a trailing ".0". */
  public static final String ALIKE = "spaces, case, leading zeros and a trailing \".0\"";

  public CustomerMatch {
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  /**
   * A sentence for the run's output where the ids look wrong, else null: when ids that match no
   * ordering customer would match one written alike (at least one in ten of them, or all), or when
   * not one ordering customer appears in a source that has rows. A source that merely holds many
   * people who never ordered (prospects in a customers table, anonymous-looking browsers) is not
   * flagged: that is data, not a mistake.
   */
  public String caution(String source) {
    if (idsMatchingWhenAlike > 0 && idsMatchingWhenAlike * 10 >= idsForOthers) {
      return String.format(Locale.ROOT,
          "%s: %,d customer_id values (%,d rows) match no customer with orders, but %,d of them would if"
              + " written alike (%s), e.g. %s; these rows are left out of every signal and audience:"
              + " write the ids the same way in every source",
          source, idsForOthers, rowsForOthers, idsMatchingWhenAlike, ALIKE, alikeExample);
    }
    if (customersCovered == 0 && customersWithOrders > 0 && rowsForOthers > 0) {
      return String.format(Locale.ROOT,
          "%s: none of its %,d customer_id values (e.g. %s) names one of the %,d customers with orders;"
              + " its %,d rows are left out of every signal and audience: check that customer_id maps"
              + " the same identifier the orders use",
          source, idsForOthers, quoted(examples), customersWithOrders, rowsForOthers);
    }
    return null;
  }

  /**
   * An id as a message may show it: an id holding an email address is not printed (no output
   * carries one in plain text; some businesses key customers by email).
   */
  public static String shown(String id) {
    return id == null ? "null" : id.contains("@") ? "(an email address)" : id;
  }

  private static String quoted(List<String> ids) {
    StringBuilder b = new StringBuilder();
    for (String id : ids) {
      b.append(b.length() == 0 ? "" : ", ").append('\'').append(shown(id)).append('\'');
    }
    return b.toString();
  }
}
