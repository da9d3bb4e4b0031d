package dev.undercurrent.core.opportunities;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.neighbours.Neighbours;
import java.util.List;
import java.util.Map;

/**
 * Everything the detectors read. All per-customer arrays align with {@code signals} rows.
 *
 * @param signals the raw signal matrix; detectors use only the signals the run has
 * @param scores the model's predictions and embedding
 * @param segmentOf the segment id of each customer
 * @param profiles the segment profiles (for titles; may be empty)
 * @param neighbours each customer's nearest neighbours in the embedding space
 * @param earlier the embedding as of an earlier cut-off, or null when the run has none
 * @param horizonDays the prediction horizon
 * @param currency ISO code shown in the formulas, e.g. EUR
 * @param assumptions overrides of {@link Assumptions#DEFAULTS}; may be empty
 */
public record DiscoveryInput(
    CustomerSignals signals,
    CustomerScores scores,
    int[] segmentOf,
    List<SegmentProfile> profiles,
    Neighbours neighbours,
    EarlierSnapshot earlier,
    int horizonDays,
    String currency,
    Map<String, Double> assumptions) {

  public DiscoveryInput {
    int n = signals.size();
    check("scores", scores.size(), n);
    check("scores.churnProbability", scores.churnProbability().length, n);
    check("scores.responseProbability", scores.responseProbability().length, n);
    check("scores.embedding", scores.embedding().length, n);
    if (scores.valueIfActive() != null) {
      check("scores.valueIfActive", scores.valueIfActive().length, n);
    }
    check("segmentOf", segmentOf.length, n);
    check("neighbours", neighbours.size(), n);
    if (earlier != null) {
      check("earlier", earlier.present().length, n);
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizonDays: " + horizonDays + " found, expected >= 1");
    }
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
    assumptions = assumptions == null ? Map.of() : Map.copyOf(assumptions);
    currency = currency == null ? "" : currency;
  }

  private static void check(String what, int found, int expected) {
    if (found != expected) {
      throw new IllegalArgumentException(what + ": " + found + " rows found, expected "
          + expected + " (one per customer of signals)");
    }
  }
}
