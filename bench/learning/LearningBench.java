import dev.undercurrent.core.learning.ModelQuality;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.learning.DjlRepresentationLearner;
import dev.undercurrent.learning.DjlRepresentationModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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
        RepresentationOptions.builder().optThreads(threads).optBaselineSignal("signal_4").build();
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

  static TrainingSet generate(int rows, int snapshots, long seed, double[] trueValue) {
    Random r = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int j = 0; j < SIGNALS; j++) {
      names.add("signal_" + j);
    }
    double[][] x = new double[rows][SIGNALS];
    double[] value = new double[rows];
    boolean[] bought = new boolean[rows];
    boolean[] responded = new boolean[rows];
    boolean[] observed = new boolean[rows];
    int[] snapshot = new int[rows];
    for (int i = 0; i < rows; i++) {
      double engagement = r.nextGaussian();
      double spend = r.nextGaussian();
      double recency = Math.exp(3.5 - 1.2 * engagement + 0.3 * r.nextGaussian());
      double frequency =
          Math.max(1, Math.round(Math.exp(1 + 0.6 * engagement + 0.3 * r.nextGaussian())));
      double aov = Math.exp(3.5 + 0.8 * spend + 0.2 * r.nextGaussian());
      double[] row = x[i];
      row[0] = recency;
      row[1] = frequency;
      row[2] = frequency * aov;
      row[3] = aov;
      row[4] =
          engagement > 0
              ? aov * Math.max(0, Math.round(engagement + 0.5 * r.nextGaussian()))
              : 0;
      row[5] = Math.max(0, Math.round(Math.exp(1 + engagement + 0.5 * r.nextGaussian())));
      row[6] = 1 / (1 + Math.exp(-(engagement + r.nextGaussian())));
      row[7] = r.nextDouble() < 0.2 ? Double.NaN : 0.3 + 0.1 * r.nextGaussian();
      row[8] = recency + 30 * frequency * (1 + r.nextDouble());
      row[9] = r.nextDouble() * 0.5;
      for (int j = 10; j < 35; j++) { // noisy views of the traits, like shares and trends
        double w = (j % 5) / 4.0;
        row[j] = w * engagement + (1 - w) * spend + (1 + j % 3) * r.nextGaussian();
      }
      for (int j = 35; j < SIGNALS; j++) { // pure noise with long tails
        row[j] = j % 2 == 0 ? r.nextGaussian() : Math.exp(r.nextGaussian());
      }
      double durable = frequency <= 2 && recency < 20 ? -2.5 : 0;
      double z = -0.3 + 2.2 * engagement + durable;
      double p = 1 / (1 + Math.exp(-z));
      trueValue[i] = p * Math.exp(3.5 + 0.9 * spend + 0.045);
      bought[i] = r.nextDouble() < p;
      value[i] = bought[i] ? Math.exp(3.5 + 0.9 * spend + 0.3 * r.nextGaussian()) : 0;
      if (r.nextDouble() < 0.6) {
        observed[i] = true;
        responded[i] = r.nextDouble() < 1 / (1 + Math.exp(-(-1.5 + 1.5 * row[6])));
      }
      snapshot[i] = i % snapshots;
    }
    return new TrainingSet(names, x, value, bought, responded, observed, snapshot,
        "bench seed " + seed);
  }
}
