import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.learning.DjlRepresentationLearner;
import dev.undercurrent.learning.SyntheticCustomers;
import java.util.Arrays;

/**
 * One training of the learning tests' model (6,000 synthetic customers, the options of
 * DjlRepresentationLearnerTest), printing a fingerprint of the result: the validation loss, the
 * churn AUC and a hash of every validation customer's embedding and predicted value.
 *
 * <p>Run by bench/learning/fresh_jvms.sh, once per JVM: the first training in a fresh JVM is the
 * one a garbage collection in the middle of a step can reach (while the JIT and the collector are
 * busiest), and a determinism test runs exactly that case once per CI run.
 */
public class FreshJvmTraining {
  public static void main(String[] args) {
    RepresentationOptions options = SyntheticCustomers.TEST_OPTIONS;
    int n = 6000;
    TrainingSet all = SyntheticCustomers.generate(n, 4, 5, true, 0, new double[n]);
    TrainingSet.Split data = all.holdOutLatestSnapshot();
    try (RepresentationModel model =
        new DjlRepresentationLearner().train(data.train(), data.validation(), options)) {
      CustomerScores s = model.score(data.validation().signals());
      int hash = Arrays.hashCode(s.predictedValue());
      for (float[] e : s.embedding()) {
        hash = 31 * hash + Arrays.hashCode(e);
      }
      System.out.println("fingerprint validation.loss=" + model.provenance().metrics().get("validation.loss")
          + " churn.auc=" + model.provenance().metrics().get("churn.auc")
          + " scores=" + Integer.toHexString(hash));
    }
  }
}
