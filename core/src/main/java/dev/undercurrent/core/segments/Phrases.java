package dev.undercurrent.core.segments;

import java.util.List;
import java.util.Locale;

/** Number formats and list joining for names, descriptions and contrasts. */
final class Phrases {
  private Phrases() {}

  /** A number as a reader wants it: 3 significant figures or so, grouped thousands. */
  static String number(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "n/a";
    }
    double a = Math.abs(x);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", x);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    return String.format(Locale.ROOT, "%.2f", x);
  }

  /** A share in [0, 1] as a percentage with one decimal. */
  static String percent(double share) {
    if (Double.isNaN(share)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /**
   * A ratio, e.g. "3.1×"; below 1 with two significant figures ("0.15×"), since one decimal
   * printed 0.148 as "0.1×", which reads as a gap of ten times where it is under seven.
   */
  static String times(double ratio) {
    if (ratio < 1 && ratio > 0) {
      return dev.undercurrent.core.stats.Rounding.twoSignificant(ratio) + "×";
    }
    return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.1f×", ratio);
  }

  /** "a", "a and b", "a, b and c". */
  static String join(List<String> parts) {
    if (parts.size() <= 1) {
      return parts.isEmpty() ? "" : parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
