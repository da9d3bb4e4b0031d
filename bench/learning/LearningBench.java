import dev.undercurrent.core.learning.ModelQuality;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.learning.DjlRepresentationLearner;
import dev.undercurrent.learning.DjlRepresentationModel;
import dev.undercurrent.learning.SyntheticCustomers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Benchmark of the representation network: train on a 200k-customer sample of 60 signals (plus a
 * held-out snapshot of 50k), then score 1M customers the way the Spark side does (the model loaded
 * once from bytes, batches of 10k rows). Synthetic customers with a planted relation: two latent
 * traits drive the signals; buying depends on engagement, spend on the spend trait.
 *
 * <p>Run with bench/learning/run.sh. Arguments: training rows (200000), scoring rows (1000000),
 * training threads (0: the engine's setting, i.e. {@code DJL_THREADS}). Both wall-clock and the
 * training thread's CPU time are printed: on a shared machine the wall clock includes waiting for
 * a core, and with one intra-op thread PyTorch computes on the calling thread.
 */
public class LearningBench {
  static final int SIGNALS = 60;

  public static void main(String[] args) throws Exception {
    int trainRows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int scoreRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    // five snapshots: four of training rows and the latest held out
    int all = trainRows + trainRows / 4;
    double[] trueValue = new double[all];
    TrainingSet whole = generate(all, 5, 1, trueValue);
    TrainingSet.Split split = whole.holdOutLatestSnapshot();
    double[] oracle = new double[split.validation().size()];
    for (int i = 0, k = 0; i < all; i++) {
      if (whole.snapshot()[i] == 4) {
        oracle[k++] = trueValue[i];
      }
    }
    double[] actual = split.validation().value();
    System.out.printf(Locale.ROOT,
        "oracle (true expected value) on the held-out rows: spearman %.4f, top-decile capture %.4f,"
            + " mae %.4f%n",
        ModelQuality.spearman(actual, oracle), ModelQuality.topDecileCapture(actual, oracle),
        ModelQuality.meanAbsoluteError(actual, oracle));
    RepresentationOptions options =
        RepresentationOptions.builder().optThreads(threads).optBaselineSignal("revenue_90d").build();
    System.out.printf(Locale.ROOT, "train rows %d, validation rows %d, signals %d, options %s%n",
        split.train().size(), split.validation().size(), SIGNALS, options);

    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long c0 = cpu.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    byte[] bytes;
    try (RepresentationModel model =
        new DjlRepresentationLearner().train(split.train(), split.validation(), options)) {
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      double trainCpu = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf(Locale.ROOT,
          "training: %.1f s wall, %.1f s CPU of the training thread (%d epochs, best %d)%n",
          trainSeconds, trainCpu, model.provenance().epochsRun(), model.provenance().bestEpoch());
      model.provenance().metrics().forEach(
          (k, v) -> System.out.printf(Locale.ROOT, "  %-45s %.4f%n", k, v));
      bytes = model.toBytes();
    }
    System.out.printf(Locale.ROOT, "model bytes: %d%n", bytes.length);

    double[][] customers = generate(scoreRows, 1, 2, new double[scoreRows]).signals();
    long t1 = System.nanoTime();
    double sum = 0;
    try (DjlRepresentationModel model = DjlRepresentationModel.fromBytes(bytes)) {
      double loadSeconds = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      long c2 = cpu.getCurrentThreadCpuTime();
      int batch = 10_000;
      for (int start = 0; start < scoreRows; start += batch) {
        int n = Math.min(batch, scoreRows - start);
        double[][] rows = new double[n][];
        System.arraycopy(customers, start, rows, 0, n);
        CustomerScores s = model.score(rows);
        sum += s.predictedValue()[0];
      }
      double scoreSeconds = (System.nanoTime() - t2) / 1e9;
      double scoreCpu = (cpu.getCurrentThreadCpuTime() - c2) / 1e9;
      System.out.printf(Locale.ROOT,
          "scoring %d rows in batches of %d: %.1f s wall, %.1f s CPU (%.0f rows/s wall);"
              + " load from bytes %.2f s%n",
          scoreRows, batch, scoreSeconds, scoreCpu, scoreRows / scoreSeconds, loadSeconds);
    }
    if (sum < 0) {
      System.out.println(sum);
    }
  }

  /** The learning tests' synthetic customers, widened to {@value #SIGNALS} signals. */
  static TrainingSet generate(int rows, int snapshots, long seed, double[] trueValue) {
    return SyntheticCustomers.generate(rows, snapshots, seed, true,
        SIGNALS - SyntheticCustomers.SIGNALS.size(), trueValue);
  }
}
