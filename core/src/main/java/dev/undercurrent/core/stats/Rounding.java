package dev.undercurrent.core.stats;

import java.math.BigDecimal;
import java.math.MathContext;

/** Rounding for numbers that people read, shared by the opportunity formulas and segment phrases. */
public final class Rounding {
  private Rounding() {}

  /** A small number to two significant figures, in plain notation: 0.026, 0.0094, 0.15. */
  public static String twoSignificant(double x) {
    return new BigDecimal(x).round(new MathContext(2)).stripTrailingZeros().toPlainString();
  }
}
