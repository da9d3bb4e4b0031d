package dev.undercurrent.spark.pipeline;

import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.segments.Placement;
import dev.undercurrent.core.segments.Segmentation;
import dev.undercurrent.core.signals.SignalCatalog;
import java.time.LocalDate;

/**
 * The segment flows of a run: today's customers as they were at the latest labelled cut-off (one
 * horizon before {@code as_of}), placed in the segment space by the segments' centroids.
 */
final class Flows {
  /** Today's customers placed again to measure the placement's agreement with their segments. */
  static final int AGREEMENT_SAMPLE = 20_000;

  private Flows() {}

  /**
   * The flows and each customer's segment at the earlier cut-off ({@link SegmentFlows#NEW} or
   * {@link SegmentFlows#UNKNOWN} where none).
   */
  record Result(SegmentFlows flows, int[] prior) {}

  /**
   * The flows, or null where there is nothing to compare: no earlier cut-off, no placement (the
   * segments were found in the embedding's own coordinates), or no customer kept at it.
   *
   * @param described today's signals as the segment space read them
   * @param seed draws which new customers the counts keep where the earlier signals are a sample
   */
  static Result of(Snapshots snaps, long[] cutoffs, int horizonDays, CustomerSignals described,
      Placement placement, Segmentation seg, double[] predictedValue, long seed) {
    if (placement == null || cutoffs.length < 2) {
      return null;
    }
    double[][] earlier = snaps.latest();
    SignalCatalog kept = described.catalog();
    int[] column = new int[kept.size()];
    for (int j = 0; j < column.length; j++) {
      column[j] = snaps.catalog.indexOf(kept.get(j).name());
      if (column[j] < 0) {
        throw new IllegalStateException("segment flows: signal " + kept.get(j).name()
            + " is not among the earlier cut-off's signals; expected the same catalog");
      }
    }
    int tenure = kept.indexOf(SignalCatalog.TENURE_DAYS);
    int n = earlier.length;
    int[] then = new int[n];
    int present = 0;
    for (int i = 0; i < n; i++) {
      present += earlier[i] != null ? 1 : 0;
    }
    if (present == 0) {
      return null;
    }
    double[][] rows = new double[present][];
    for (int i = 0, k = 0; i < n; i++) {
      if (earlier[i] != null) {
        double[] r = new double[column.length];
        for (int j = 0; j < column.length; j++) {
          r[j] = earlier[i][column[j]];
        }
        rows[k++] = r;
      }
    }
    int[] placed = seg.model().assign(placement.place(rows));
    for (int i = 0, k = 0; i < n; i++) {
      if (earlier[i] != null) {
        then[i] = placed[k++];
      } else {
        // not a customer yet at the cut-off (first order on or after it)
        double days = tenure < 0 ? Double.NaN : described.values()[i][tenure];
        then[i] = days <= horizonDays ? SegmentFlows.NEW : SegmentFlows.UNKNOWN;
      }
    }
    // each customer's own prior stays as it is (the table, the lookup); the counts take the new
    // customers at the rate the earlier signals were sampled
    int[] counted = SegmentFlows.newAtTheSampleRate(then, described.customerIds(), seed);
    // how faithfully the rule reproduces today's segments: today's rows placed the same way, on an
    // evenly spaced sample of at most AGREEMENT_SAMPLE customers
    int step = Math.max(1, (n + AGREEMENT_SAMPLE - 1) / AGREEMENT_SAMPLE);
    int sampled = (n + step - 1) / step;
    double[][] today = new double[sampled][];
    for (int k = 0; k < sampled; k++) {
      today[k] = described.values()[k * step];
    }
    int[] own = seg.model().assign(placement.place(today));
    long agree = 0;
    for (int k = 0; k < sampled; k++) {
      agree += own[k] == seg.segmentOf()[k * step] ? 1 : 0;
    }
    String since = LocalDate.ofEpochDay(Math.floorDiv(cutoffs[1], 86_400L)).toString();
    return new Result(SegmentFlows.of(since, seg.segmentOf(), counted, predictedValue, agree / (double) sampled), then);
  }
}
