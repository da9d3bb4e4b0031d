package dev.undercurrent.core.learning;

/**
 * Learns a {@link RepresentationModel} from labelled snapshots (Tribuo's trainer → model shape):
 * the learner holds no state between calls and the model it returns is immutable.
 *
 * <p>The validation set is used for early stopping, model choice and the metrics recorded in the
 * model's provenance; give it the latest labelled snapshot ({@link
 * TrainingSet#holdOutLatestSnapshot()}) so that the metrics say how the model does on a future it
 * has not seen.
 */
public interface RepresentationLearner {
  /**
   * Trains a model.
   *
   * @throws IllegalArgumentException where the two sets have different signals, a set is empty,
   *     or the options cannot be met
   */
  RepresentationModel train(
      TrainingSet train, TrainingSet validation, RepresentationOptions options);
}
