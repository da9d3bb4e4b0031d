package dev.undercurrent.core.generate;

import java.time.LocalDate;

/**
 * What to generate: how many customers, from which seed, with which cut-off and horizon.
 *
 * <p>The files depend on {@code customers}, {@code seed}, {@code asOf}, {@code horizonDays},
 * {@code historyDays}, {@code horizonSeed} and {@code kindShares} only; {@code threads} changes how
 * fast they are written, never what is written.
 *
 * @param customers how many customers, at least 1
 * @param seed the seed every random draw derives from
 * @param asOf the cut-off: lake rows lie strictly before it, the withheld horizon starts on it
 * @param horizonDays the length of the withheld horizon, 1..366
 * @param historyDays how much history precedes {@code asOf}, 400..3650 (about three years by
 *     default, so that two Christmases and one full year of marketing are visible)
 * @param threads how many threads simulate customers, at least 1
 * @param horizonSeed null for an ordinary lake; otherwise every draw about the withheld horizon
 *     comes from a stream of its own seeded by it, and the history from another: lakes that differ
 *     only in {@code horizonSeed} share every row before {@code asOf} byte for byte and differ in
 *     the horizon, as if the same customers had lived the next {@code horizonDays} again. That
 *     measures how predictable the horizon is at all (bench/generate/horizon_ceiling.py). Such a
 *     lake's history differs from the one of the ordinary lake of the same {@code seed}, because
 *     the draws are split differently between the two streams.
 * @param kindShares null for the kinds' own shares ({@link CustomerKind#share()}); otherwise the
 *     share of customers of each kind, by {@link CustomerKind#ordinal()}, summing to 1: another
 *     business's mix of the same behaviours (many one-time buyers, or mostly regulars), to check
 *     that discovery does not depend on one mix
 */
public record GeneratorOptions(
    long customers,
    long seed,
    LocalDate asOf,
    int horizonDays,
    int historyDays,
    int threads,
    Long horizonSeed,
    double[] kindShares) {

  /** The default cut-off: a Monday just after Christmas, so the horizon is the quiet quarter. */
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2025, 12, 29);

  public static final int DEFAULT_HORIZON_DAYS = 90;

  /** 156 weeks: a whole number of weeks, so history weeks start on the weekday of {@code asOf}. */
  public static final int DEFAULT_HISTORY_DAYS = 1092;

  public GeneratorOptions {
    if (customers < 1 || customers > 99_999_999L) {
      throw new IllegalArgumentException(
          "customers: " + customers + " is out of range (expected 1..99999999)");
    }
    if (asOf == null) {
      throw new IllegalArgumentException("asOf: missing (expected a date such as 2025-12-29)");
    }
    if (horizonDays < 1 || horizonDays > 366) {
      throw new IllegalArgumentException(
          "horizonDays: " + horizonDays + " is out of range (expected 1..366)");
    }
    if (historyDays < 400 || historyDays > 3650) {
      throw new IllegalArgumentException(
          "historyDays: " + historyDays + " is out of range (expected 400..3650)");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException(
          "threads: " + threads + " is out of range (expected 1..256)");
    }
    if (kindShares != null) {
      kindShares = normalized(kindShares);
    }
  }

  /** Without a kind mix of its own. */
  public GeneratorOptions(
      long customers, long seed, LocalDate asOf, int horizonDays, int historyDays, int threads, Long horizonSeed) {
    this(customers, seed, asOf, horizonDays, historyDays, threads, horizonSeed, null);
  }

  /** An ordinary lake: no separate horizon stream. */
  public GeneratorOptions(
      long customers, long seed, LocalDate asOf, int horizonDays, int historyDays, int threads) {
    this(customers, seed, asOf, horizonDays, historyDays, threads, null, null);
  }

  /** The defaults: cut-off 2025-12-29, a 90-day horizon, 156 weeks of history, all cores. */
  public static GeneratorOptions of(long customers, long seed) {
    return new GeneratorOptions(
        customers,
        seed,
        DEFAULT_AS_OF,
        DEFAULT_HORIZON_DAYS,
        DEFAULT_HISTORY_DAYS,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public GeneratorOptions withAsOf(LocalDate date) {
    return new GeneratorOptions(customers, seed, date, horizonDays, historyDays, threads, horizonSeed, kindShares);
  }

  public GeneratorOptions withHorizonDays(int days) {
    return new GeneratorOptions(customers, seed, asOf, days, historyDays, threads, horizonSeed, kindShares);
  }

  public GeneratorOptions withThreads(int count) {
    return new GeneratorOptions(customers, seed, asOf, horizonDays, historyDays, count, horizonSeed, kindShares);
  }

  /** The same lake with the horizon drawn from its own stream (see {@code horizonSeed}). */
  public GeneratorOptions withHorizonSeed(long horizon) {
    return new GeneratorOptions(customers, seed, asOf, horizonDays, historyDays, threads, horizon, kindShares);
  }

  /**
   * The same lake with some kinds' shares changed, e.g. {@code one_time=0.3,loyal=0.04}: the kinds
   * named get these weights, the others keep their current ones, and all are then scaled to sum to 1.
   *
   * @throws IllegalArgumentException naming the entry, where a kind is unknown or a weight is not a
   *     number from 0 to 1
   */
  public GeneratorOptions withKindMix(String mix) {
    CustomerKind[] kinds = CustomerKind.values();
    double[] w = shares();
    for (String entry : mix.split(",")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      CustomerKind kind = null;
      if (eq > 0) {
        String key = e.substring(0, eq).strip();
        for (CustomerKind k : kinds) {
          if (k.key().equals(key)) {
            kind = k;
          }
        }
      }
      if (kind == null) {
        throw new IllegalArgumentException("kind mix: '" + e + "' does not name a kind (expected kind=share with kind one of "
            + java.util.Arrays.stream(kinds).map(CustomerKind::key).toList() + ")");
      }
      double v;
      try {
        v = Double.parseDouble(e.substring(eq + 1).strip());
      } catch (NumberFormatException x) {
        v = Double.NaN;
      }
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("kind mix: '" + e + "' has no share from 0 to 1");
      }
      w[kind.ordinal()] = v;
    }
    return new GeneratorOptions(customers, seed, asOf, horizonDays, historyDays, threads, horizonSeed, w);
  }

  /** A copy of the mix given ({@code null} where the kinds' own shares apply). */
  @Override
  public double[] kindShares() {
    return kindShares == null ? null : kindShares.clone();
  }

  /** The share of customers of each kind, by ordinal, as this lake draws them. */
  public double[] shares() {
    if (kindShares != null) {
      return kindShares.clone();
    }
    CustomerKind[] kinds = CustomerKind.values();
    double[] w = new double[kinds.length];
    for (CustomerKind k : kinds) {
      w[k.ordinal()] = k.share();
    }
    return w;
  }

  private static double[] normalized(double[] shares) {
    if (shares.length != CustomerKind.values().length) {
      throw new IllegalArgumentException("kindShares: " + shares.length + " shares; expected one per kind ("
          + CustomerKind.values().length + ")");
    }
    double sum = 0;
    for (double v : shares) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("kindShares: " + v + " is not a share (expected a number of at least 0)");
      }
      sum += v;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("kindShares: all shares are 0; expected at least one kind");
    }
    double[] out = new double[shares.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = shares[i] / sum;
    }
    return out;
  }
}
