package dev.undercurrent.core.clv;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Customers compressed into unique (x, t<sub>x</sub>, T) patterns with weights (the number of
 * customers sharing the pattern), which is all the count models need. With purchase days as the
 * grain, a million customers collapse to far fewer patterns, and the likelihood is evaluated once
 * per pattern; the expensive parts (logarithms per distinct time, the hypergeometric function per
 * distinct (x, time) pair) are evaluated once per distinct value.
 *
 * <p>Immutable once built; patterns are ordered by (x, T, t<sub>x</sub>) so sums run in a fixed
 * order and the fit is reproducible. Memory grows with the number of distinct patterns, not of
 * customers (apart from the {@link Builder}'s hash map while adding).
 */
public final class ActivityPatterns {
  private final int[] frequency;
  private final double[] recency;
  private final double[] age;
  private final double[] weight;
  private final double customers;

  // Distinct x values, distinct times (t_x and T together), distinct (x, time) pairs.
  final int[] distinctFrequencies;
  final int[] frequencySlot;
  final double[] distinctTimes;
  final int[] recencySlot;
  final int[] ageSlot;
  final int[] pairFrequency;
  final int[] pairTimeSlot;
  final int[] recencyPair;
  final int[] agePair;

  private ActivityPatterns(int[] x, double[] tx, double[] t, double[] w) {
    this.frequency = x;
    this.recency = tx;
    this.age = t;
    this.weight = w;
    int n = x.length;
    double total = 0;
    for (double v : w) {
      total += v;
    }
    this.customers = total;

    distinctFrequencies = Arrays.stream(x).distinct().sorted().toArray();
    frequencySlot = new int[n];
    for (int i = 0; i < n; i++) {
      frequencySlot[i] = Arrays.binarySearch(distinctFrequencies, x[i]);
    }
    double[] times = new double[2 * n];
    System.arraycopy(tx, 0, times, 0, n);
    System.arraycopy(t, 0, times, n, n);
    distinctTimes = Arrays.stream(times).distinct().sorted().toArray();
    recencySlot = new int[n];
    ageSlot = new int[n];
    for (int i = 0; i < n; i++) {
      recencySlot[i] = Arrays.binarySearch(distinctTimes, tx[i]);
      ageSlot[i] = Arrays.binarySearch(distinctTimes, t[i]);
    }
    Map<Long, Integer> pairs = new HashMap<>();
    recencyPair = new int[n];
    agePair = new int[n];
    for (int i = 0; i < n; i++) {
      recencyPair[i] = pairs.computeIfAbsent(pairKey(x[i], recencySlot[i]), k -> pairs.size());
      agePair[i] = pairs.computeIfAbsent(pairKey(x[i], ageSlot[i]), k -> pairs.size());
    }
    pairFrequency = new int[pairs.size()];
    pairTimeSlot = new int[pairs.size()];
    for (Map.Entry<Long, Integer> e : pairs.entrySet()) {
      pairFrequency[e.getValue()] = (int) (e.getKey() >>> 32);
      pairTimeSlot[e.getValue()] = (int) (e.getKey() & 0xffffffffL);
    }
  }

  private static long pairKey(int x, int timeSlot) {
    return ((long) x << 32) | (timeSlot & 0xffffffffL);
  }

  /** Compresses customers' (x, t<sub>x</sub>, T); other fields are ignored. */
  public static ActivityPatterns of(Collection<CustomerActivity> customers) {
    Builder b = builder();
    for (CustomerActivity c : customers) {
      b.add(c.frequency(), c.recency(), c.age(), 1);
    }
    return b.build();
  }

  /** Compresses parallel arrays of x, t<sub>x</sub> and T, one entry per customer. */
  public static ActivityPatterns of(int[] frequency, double[] recency, double[] age) {
    if (frequency.length != recency.length || frequency.length != age.length) {
      throw new IllegalArgumentException(
          "x, t_x, T arrays: found lengths "
              + frequency.length
              + ", "
              + recency.length
              + ", "
              + age.length
              + ", expected equal lengths");
    }
    Builder b = builder();
    for (int i = 0; i < frequency.length; i++) {
      b.add(frequency[i], recency[i], age[i], 1);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of distinct patterns. */
  public int size() {
    return frequency.length;
  }

  /** Number of customers (the sum of the weights). */
  public double customers() {
    return customers;
  }

  public int frequency(int pattern) {
    return frequency[pattern];
  }

  public double recency(int pattern) {
    return recency[pattern];
  }

  public double age(int pattern) {
    return age[pattern];
  }

  public double weight(int pattern) {
    return weight[pattern];
  }

  /** The weighted mean of T, a scale for starting values. */
  double meanAge() {
    double s = 0;
    for (int i = 0; i < age.length; i++) {
      s += weight[i] * age[i];
    }
    return s / customers;
  }

  /** Accumulates weighted patterns; customers with equal (x, t_x, T) share one entry. */
  public static final class Builder {
    private record Key(int x, double tx, double t) {}

    private final Map<Key, double[]> counts = new HashMap<>();

    private Builder() {}

    /** Adds {@code weight} customers with this pattern. */
    public Builder add(int x, double tx, double t, double weight) {
      if (x < 0 || !(tx >= 0) || !(tx <= t) || !Double.isFinite(t) || (x == 0 && tx != 0)) {
        throw new IllegalArgumentException(
            "pattern: found x="
                + x
                + ", t_x="
                + tx
                + ", T="
                + t
                + ", expected x >= 0, 0 <= t_x <= T finite, t_x = 0 when x = 0");
      }
      if (!(weight > 0) || !Double.isFinite(weight)) {
        throw new IllegalArgumentException(
            "pattern weight: found " + weight + ", expected a positive finite number");
      }
      // -0.0 and 0.0 must be one key
      counts.computeIfAbsent(new Key(x, tx + 0.0, t + 0.0), k -> new double[1])[0] += weight;
      return this;
    }

    public ActivityPatterns build() {
      if (counts.isEmpty()) {
        throw new IllegalArgumentException("patterns: found no customers, expected at least one");
      }
      Key[] keys = counts.keySet().toArray(new Key[0]);
      Arrays.sort(
          keys,
          (p, q) -> {
            int c = Integer.compare(p.x(), q.x());
            if (c == 0) {
              c = Double.compare(p.t(), q.t());
            }
            return c != 0 ? c : Double.compare(p.tx(), q.tx());
          });
      int n = keys.length;
      int[] x = new int[n];
      double[] tx = new double[n];
      double[] t = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = keys[i].x();
        tx[i] = keys[i].tx();
        t[i] = keys[i].t();
        w[i] = counts.get(keys[i])[0];
      }
      return new ActivityPatterns(x, tx, t, w);
    }
  }
}
