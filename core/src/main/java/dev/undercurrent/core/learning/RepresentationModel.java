package dev.undercurrent.core.learning;

import dev.undercurrent.core.model.CustomerScores;
import java.util.List;

/**
 * A trained customer representation: an embedding per customer plus what the prediction heads
 * say about the next horizon. Immutable; {@link #score} takes raw signals in the order of {@link
 * #signalNames()} and does its own scaling.
 *
 * <p>Holds native memory in implementations backed by a tensor engine: close it when done. The
 * Spark side keeps one instance per JVM (loaded once from {@link #toBytes()}) and scores batches
 * of about 10k rows.
 */
public interface RepresentationModel extends AutoCloseable {
  /** Size of each customer's embedding. */
  int embeddingDim();

  /** The signals the model expects, in column order. */
  default List<String> signalNames() {
    return provenance().signalNames();
  }

  /**
   * Scores customers: per row the embedding, the predicted value (revenue net of returns expected
   * in the next horizon, currency units, never negative), the churn probability (no order in the
   * horizon) and the marketing response probability ({@code NaN} where the model was trained
   * without marketing data).
   *
   * @param rawSignals rows × signals, unscaled, {@code NaN} where unknown
   */
  CustomerScores score(double[][] rawSignals);

  /** The whole model as bytes: a format version, the provenance and the parameters. */
  byte[] toBytes();

  /** Where the model came from and how well it did on held-out data. */
  ModelProvenance provenance();

  /** Releases native memory; scoring after close fails. */
  @Override
  void close();
}
