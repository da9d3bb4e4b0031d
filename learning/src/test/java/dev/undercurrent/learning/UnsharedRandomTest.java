package dev.undercurrent.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UnsharedRandomTest {
  @Test
  void drawsWhatJavaUtilRandomDrawsFromTheSameSeed() {
    for (long seed : new long[] {0L, 42L, 42L ^ 0x5DEECE66DL, -7L, Long.MAX_VALUE}) {
      Random reference = new Random(seed);
      Random unshared = new UnsharedRandom(seed);
      for (int i = 0; i < 10_000; i++) {
        // the draws the learner makes (masking, shuffling) and the others, interleaved
        switch (i % 5) {
          case 0 -> assertEquals(reference.nextDouble(), unshared.nextDouble(), "seed " + seed + " draw " + i);
          case 1 -> assertEquals(reference.nextInt(i + 1), unshared.nextInt(i + 1), "seed " + seed + " draw " + i);
          case 2 -> assertEquals(reference.nextGaussian(), unshared.nextGaussian(), "seed " + seed + " draw " + i);
          case 3 -> assertEquals(reference.nextLong(), unshared.nextLong(), "seed " + seed + " draw " + i);
          default -> assertEquals(reference.nextFloat(), unshared.nextFloat(), "seed " + seed + " draw " + i);
        }
      }
    }
  }

  @Test
  void reseedingStartsTheSequenceAgain() {
    Random unshared = new UnsharedRandom(1);
    double first = unshared.nextDouble();
    assertNotEquals(first, unshared.nextDouble());
    unshared.setSeed(1);
    assertEquals(first, unshared.nextDouble());
    assertEquals(new Random(1).nextGaussian(), new UnsharedRandom(1).nextGaussian());
  }
}
