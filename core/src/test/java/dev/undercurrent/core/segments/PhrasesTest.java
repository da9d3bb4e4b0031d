package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhrasesTest {
  @Test
  void aRatioBelowOneKeepsTwoSignificantFigures() {
    // 1.44 vs 9.75 orders (The Complete Journey): 0.148, printed "0.1×" before, a gap of ten times
    assertEquals("0.15×", Phrases.times(1.44 / 9.75));
    assertEquals("0.5×", Phrases.times(0.5));
    assertEquals("0.012×", Phrases.times(0.0123));
    assertEquals("3.1×", Phrases.times(3.14));
    assertEquals("12×", Phrases.times(12.3));
  }
}
