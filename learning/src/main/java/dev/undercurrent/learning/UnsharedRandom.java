package dev.undercurrent.learning;

import java.util.Random;

/**
 * {@link Random}'s generator without its thread safety: the same numbers from the same seed, for
 * one thread only.
 *
 * <p>Why it exists. The masking noise draws one number per signal per training row per epoch, about
 * a billion draws for a 200k-customer sample (60 signals, up to 40 epochs of the validated fit and
 * as many of the refit). {@code java.util.Random} advances its state with a compare-and-set on an {@code
 * AtomicLong} for every draw, and that atomic update was the largest Java cost of training: 13 s of
 * a 131 s training on the 2-core build machine (Java Flight Recorder, 2026-11-27). The batches
 * are made on one thread, so the atomic buys nothing there. {@link java.util.SplittableRandom} or
 * another library generator would be as fast but would give other numbers, so every trained
 * network, and every figure measured on one, would change; overriding {@link #next(int)}, the one
 * method every draw of {@code Random} goes through, keeps the stream bit for bit (the linear
 * congruential step of {@code Random}'s documentation: multiplier {@code 0x5DEECE66D}, addend 11,
 * modulus 2<sup>48</sup>; {@code UnsharedRandomTest} compares both).
 */
final class UnsharedRandom extends Random {
  private static final long serialVersionUID = 1L;
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;

  /** Set by {@link #setSeed}, which {@code Random}'s constructor calls; no initializer on purpose. */
  private long state;

  UnsharedRandom(long seed) {
    super(seed);
  }

  @Override
  public synchronized void setSeed(long seed) {
    super.setSeed(seed);
    state = (seed ^ MULTIPLIER) & MASK;
  }

  @Override
  protected int next(int bits) {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return (int) (state >>> (48 - bits));
  }
}
