package dev.undercurrent.core.segments;

import dev.undercurrent.core.model.SegmentSignal;
import java.util.List;

/**
 * What a segment is like, before it has a name: its size and value, and every signal whose
 * standardized difference from the population is defined, ranked by its absolute size. The input
 * of {@link SegmentNamer}; {@link SegmentProfiler} builds it.
 *
 * @param populationPredictedValue the average predicted value over all customers, for comparison
 * @param populationChurnProbability the average churn probability over all customers
 * @param signals every signal with a defined effect size, rank 1 the largest |effect|
 */
public record SegmentTraits(
    int segmentId,
    long customers,
    double shareOfCustomers,
    double shareOfRevenue,
    double avgPredictedValue,
    double avgChurnProbability,
    double populationPredictedValue,
    double populationChurnProbability,
    List<SegmentSignal> signals) {

  public SegmentTraits {
    signals = List.copyOf(signals);
  }

  /** The effect size of a signal, or 0 where the signal is absent or undefined. */
  public double effect(String signal) {
    for (SegmentSignal s : signals) {
      if (s.signal().equals(signal)) {
        return s.effectSize();
      }
    }
    return 0;
  }

  /** The segment's mean of a signal, or NaN where the signal is absent or undefined. */
  public double value(String signal) {
    for (SegmentSignal s : signals) {
      if (s.signal().equals(signal)) {
        return s.segmentValue();
      }
    }
    return Double.NaN;
  }

  /** The population's mean of a signal, or NaN where the signal is absent or undefined. */
  public double populationValue(String signal) {
    for (SegmentSignal s : signals) {
      if (s.signal().equals(signal)) {
        return s.populationValue();
      }
    }
    return Double.NaN;
  }

  /** The largest of the effect sizes of the given signals (0 where none is present). */
  public double maxEffect(String... names) {
    double m = Double.NEGATIVE_INFINITY;
    for (String n : names) {
      m = Math.max(m, effect(n));
    }
    return m;
  }
}
