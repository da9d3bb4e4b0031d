package dev.undercurrent.core.clv;

import java.util.Locale;

/**
 * The unit in which recency, customer age and horizons are counted. The literature counts CDNOW in
 * weeks (days / 7); a week here is exactly seven days, not a calendar week.
 */
public enum ClvTimeUnit {
  DAY(1),
  WEEK(7);

  private final int days;

  ClvTimeUnit(int days) {
    this.days = days;
  }

  /** The number of days in one unit. */
  public int days() {
    return days;
  }

  /** Converts a number of days to this unit. */
  public double fromDays(long numberOfDays) {
    return numberOfDays / (double) days;
  }

  /**
   * Parses {@code day} or {@code week} (case-insensitive), the values of the CLI's {@code
   * --time-unit}.
   */
  public static ClvTimeUnit parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "day":
        case "days":
          return DAY;
        case "week":
        case "weeks":
          return WEEK;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("time unit: found '" + text + "', expected 'day' or 'week'");
  }
}
