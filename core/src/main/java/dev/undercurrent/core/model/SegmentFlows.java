package dev.undercurrent.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How customers moved between segments over the last horizon: each of today's customers in the
 * segment they are in now and in the segment their signals at the earlier cut-off would have put
 * them in (today's segments' centroids, in the same space; see {@code SegmentSpace.Placement}), or
 * new since then.
 *
 * @param since the earlier cut-off, one horizon before {@code as_of} (ISO date)
 * @param compared today's customers placed at both dates
 * @param newCustomers today's customers whose first order came on or after {@code since}; their
 *     flows have no {@code fromSegment}
 * @param notCompared customers outside the sample the flows count: those at both dates whose
 *     earlier signals the run did not keep (the training sample holds at most {@code
 *     training_sample_cap} labelled rows), and new customers left out at the same rate, so that the
 *     flows are one random sample of the customers
 * @param agreement share of today's customers whose own signals, placed as the earlier rows are,
 *     land in their own segment (on a sample of at most 20,000): how faithfully the rule that
 *     places the earlier rows reproduces today's segments
 * @param flows every pair of segments with customers between them, the new ones first, then by
 *     segment; staying customers are the flows from a segment to itself
 */
public record SegmentFlows(
    String since, long compared, long newCustomers, long notCompared, double agreement, List<Flow> flows) {

  /** The earlier segment of a customer who had not ordered by then. */
  public static final int NEW = -1;

  /** The earlier segment of a customer whose earlier signals the run did not keep. */
  public static final int UNKNOWN = -2;

  /**
   * Customers who were in one segment (null: new since) and are now in another (or the same).
   *
   * @param predictedValue the sum of their predicted value for the coming horizon
   */
  public record Flow(Integer fromSegment, int toSegment, long customers, double predictedValue) {}

  public SegmentFlows {
    flows = List.copyOf(flows);
  }

  /**
   * Counts the flows.
   *
   * @param now each customer's segment today
   * @param then the same customers' segment at {@code since}, {@link #NEW} or {@link #UNKNOWN}
   * @param predictedValue each customer's predicted value
   */
  public static SegmentFlows of(String since, int[] now, int[] then, double[] predictedValue, double agreement) {
    if (then.length != now.length || predictedValue.length != now.length) {
      throw new IllegalArgumentException("segment flows: " + now.length + " customers now, " + then.length
          + " then, " + predictedValue.length + " values; expected one of each per customer");
    }
    Map<Long, long[]> counts = new TreeMap<>();
    Map<Long, double[]> values = new TreeMap<>();
    long compared = 0;
    long fresh = 0;
    long unknown = 0;
    for (int i = 0; i < now.length; i++) {
      if (then[i] == UNKNOWN) {
        unknown++;
        continue;
      }
      if (then[i] == NEW) {
        fresh++;
      } else if (then[i] < 0) {
        throw new IllegalArgumentException("segment flows: customer " + i + " was in segment " + then[i]
            + "; expected a segment, NEW or UNKNOWN");
      } else {
        compared++;
      }
      long key = ((long) then[i] << 32) | (now[i] & 0xffffffffL);
      counts.computeIfAbsent(key, x -> new long[1])[0]++;
      values.computeIfAbsent(key, x -> new double[1])[0] += predictedValue[i];
    }
    List<Flow> flows = new ArrayList<>();
    for (Map.Entry<Long, long[]> e : counts.entrySet()) {
      int from = (int) (e.getKey() >> 32);
      int to = (int) (long) e.getKey();
      flows.add(new Flow(from == NEW ? null : from, to, e.getValue()[0], values.get(e.getKey())[0]));
    }
    return new SegmentFlows(since, compared, fresh, unknown, agreement, flows);
  }

  /**
   * The earlier segments to count: where the earlier signals are a sample ({@link #UNKNOWN} for the
   * customers outside it), each new customer is kept at the sample's rate (a draw from the id and
   * the seed) and the others become {@link #UNKNOWN}, so that every row of the flows counts one
   * sample of the customers; {@code then} itself where nobody is outside.
   */
  public static int[] newAtTheSampleRate(int[] then, String[] ids, long seed) {
    long existing = 0;
    long kept = 0;
    for (int t : then) {
      existing += t != NEW ? 1 : 0;
      kept += t >= 0 ? 1 : 0;
    }
    if (existing == 0 || kept == existing) {
      return then;
    }
    double rate = kept / (double) existing;
    int[] counted = then.clone();
    for (int i = 0; i < counted.length; i++) {
      if (counted[i] == NEW && draw(ids[i], seed) >= rate) {
        counted[i] = UNKNOWN;
      }
    }
    return counted;
  }

  /** A customer's draw in [0, 1): the id's hash and the seed mixed (SplitMix64's finalizer), alike in every JVM. */
  static double draw(String id, long seed) {
    long z = id.hashCode() * 0x9E3779B97F4A7C15L + seed;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }

  /** The share of the customers the flows count (1 where none was left out). */
  public double sampleShare() {
    long all = compared + newCustomers + notCompared;
    return all == 0 ? 1 : (compared + newCustomers) / (double) all;
  }

  /** The compared customers now in another segment than at {@code since}. */
  public long moved() {
    return flows.stream().filter(f -> f.fromSegment() != null && f.fromSegment() != f.toSegment())
        .mapToLong(Flow::customers).sum();
  }

  /** The compared customers who were in {@code segment} at {@code since}. */
  public long before(int segment) {
    return flows.stream().filter(f -> f.fromSegment() != null && f.fromSegment() == segment)
        .mapToLong(Flow::customers).sum();
  }

  /** Those of them still in it. */
  public long stayed(int segment) {
    return flows.stream().filter(f -> f.fromSegment() != null && f.fromSegment() == segment && f.toSegment() == segment)
        .mapToLong(Flow::customers).sum();
  }

  /** The customers who came into {@code segment} from another one or as new customers, most first. */
  public List<Flow> into(int segment) {
    return flows.stream().filter(f -> f.toSegment() == segment && (f.fromSegment() == null || f.fromSegment() != segment))
        .sorted(MOST_FIRST).toList();
  }

  /** The customers who left {@code segment} for another one, most first. */
  public List<Flow> outOf(int segment) {
    return flows.stream().filter(f -> f.fromSegment() != null && f.fromSegment() == segment && f.toSegment() != segment)
        .sorted(MOST_FIRST).toList();
  }

  private static final Comparator<Flow> MOST_FIRST = Comparator.comparingLong(Flow::customers).reversed()
      .thenComparing(f -> f.fromSegment() == null ? -1 : f.fromSegment())
      .thenComparingInt(Flow::toSegment);
}
