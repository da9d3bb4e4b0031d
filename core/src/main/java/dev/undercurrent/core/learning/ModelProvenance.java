package dev.undercurrent.core.learning;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a trained model carries about its own making (after Tribuo's {@code ModelProvenance}): the
 * inputs it expects and how they are scaled, the options and seed it was trained with, the data
 * window, and how well it did on the held-out snapshot. Enough to replay the training and to
 * refuse scoring with the wrong signals.
 *
 * @param formatVersion version of the saved format that holds this model
 * @param signalNames the signals the model expects, in column order
 * @param standardizer the input scaling fitted on the training rows
 * @param options the training options, seed included
 * @param trainingWindow the training rows' window (cut-offs and horizon), as the caller named it
 * @param validationWindow the validation rows' window
 * @param trainingRows rows trained on
 * @param validationRows rows validated on
 * @param epochsRun epochs run before early stopping
 * @param bestEpoch the epoch (1-based) whose weights were kept
 * @param trainingSeconds wall-clock training time
 * @param metrics held-out metrics by name, for the model and its baselines (e.g. {@code
 *     value.spearman}, {@code baseline_linear.value.spearman}, {@code churn.auc})
 * @param engine the tensor engine and version that trained it
 */
public record ModelProvenance(
    int formatVersion,
    List<String> signalNames,
    Standardizer standardizer,
    RepresentationOptions options,
    String trainingWindow,
    String validationWindow,
    int trainingRows,
    int validationRows,
    int epochsRun,
    int bestEpoch,
    double trainingSeconds,
    Map<String, Double> metrics,
    String engine) {

  public ModelProvenance {
    signalNames = List.copyOf(signalNames);
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    if (standardizer.width() != signalNames.size()) {
      throw new IllegalArgumentException(
          "standardizer has " + standardizer.width() + " columns but there are "
              + signalNames.size() + " signal names; expected equal");
    }
  }
}
