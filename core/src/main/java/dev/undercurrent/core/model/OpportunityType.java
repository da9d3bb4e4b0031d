package dev.undercurrent.core.model;

import java.util.Locale;

/** The nine opportunity types of contract section 5, by their {@code type} column value. */
public enum OpportunityType {
  WIN_BACK,
  RETAIN,
  NURTURE_RISING,
  PROTECT_MARGIN,
  REDUCE_FREQUENCY,
  GROW_WALLET,
  CROSS_SELL,
  LOOKALIKE_SEED,
  SUPPRESS;

  /** The value of the {@code type} column, e.g. {@code win_back}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OpportunityType byKey(String key) {
    return valueOf(key.trim().toUpperCase(Locale.ROOT));
  }
}
