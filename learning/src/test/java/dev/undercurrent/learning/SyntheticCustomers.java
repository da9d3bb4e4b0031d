package dev.undercurrent.learning;

import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Customers with a planted, known relation between today's signals and the next horizon, for
 * testing the network: two latent traits (engagement and spend level) drive the signals through
 * noise; whether a customer buys depends on engagement non-linearly (a customer who is lapsed is
 * unlikely to buy, but so is one who just bought a durable item, i.e. very recent and low
 * frequency), and how much a buyer spends depends on the spend level. Heavy tails and missing
 * values as in real signals.
 */
public final class SyntheticCustomers {
  public static final List<String> SIGNALS =
      List.of(
          "recency_days", "frequency", "monetary_total", "avg_order_value", "revenue_90d",
          "sessions_90d", "open_rate_90d", "margin_rate", "tenure_days", "noise_a", "noise_b",
          "discount_rate");

  /** The options the learning tests train with (small, quick), shared with bench/learning. */
  public static final RepresentationOptions TEST_OPTIONS =
      RepresentationOptions.builder()
          .optEmbeddingDim(8)
          .optHiddenSizes(List.of(32, 16))
          .optMaxEpochs(25)
          .optBatchSize(256)
          .optLearningRate(3e-3)
          .optPatience(4)
          .optSeed(11)
          .build();

  private SyntheticCustomers() {}

  /** {@code rows} customers spread over {@code snapshots} snapshots, from {@code seed}. */
  static TrainingSet generate(int rows, int snapshots, long seed, boolean marketing) {
    return generate(rows, snapshots, seed, marketing, new double[rows], new double[rows]);
  }

  /**
   * As {@link #generate(int, int, long, boolean, double[], double[])} with {@code extra} more
   * signals after the named ones, for benchmarks at a realistic width: the first 25 are noisy
   * views of the two traits (like shares and trends), the rest pure noise with long tails. The
   * extra values are drawn after a row's named signals, so the named ones and the labels do not
   * depend on {@code extra} beyond the draws it adds.
   */
  public static TrainingSet generate(
      int rows, int snapshots, long seed, boolean marketing, int extra, double[] trueValue) {
    return generate(rows, snapshots, seed, marketing, trueValue, new double[rows], extra);
  }

  /**
   * As {@link #generate(int, int, long, boolean)}, also writing each row's true expected horizon
   * value and true buy probability: the oracle that no model can beat.
   */
  static TrainingSet generate(
      int rows, int snapshots, long seed, boolean marketing, double[] trueValue, double[] trueBuy) {
    return generate(rows, snapshots, seed, marketing, trueValue, trueBuy, 0);
  }

  private static TrainingSet generate(int rows, int snapshots, long seed, boolean marketing,
      double[] trueValue, double[] trueBuy, int extra) {
    Random r = new Random(seed);
    int base = SIGNALS.size();
    int d = base + extra;
    double[][] x = new double[rows][d];
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
      row[9] = r.nextGaussian();
      row[10] = Math.exp(r.nextGaussian());
      row[11] = r.nextDouble() * 0.5;
      for (int j = 0; j < extra; j++) {
        double w = (j % 5) / 4.0;
        row[base + j] = j < 25
            ? w * engagement + (1 - w) * spend + (1 + j % 3) * r.nextGaussian()
            : j % 2 == 0 ? r.nextGaussian() : Math.exp(r.nextGaussian());
      }
      // non-linear: buying peaks at middling recency for low-frequency customers
      double durable = frequency <= 2 && recency < 20 ? -2.5 : 0;
      double z = -0.3 + 2.2 * engagement + durable;
      trueBuy[i] = 1 / (1 + Math.exp(-z));
      trueValue[i] = trueBuy[i] * Math.exp(3.5 + 0.9 * spend + 0.045);
      bought[i] = r.nextDouble() < trueBuy[i];
      value[i] = bought[i] ? Math.exp(3.5 + 0.9 * spend + 0.3 * r.nextGaussian()) : 0;
      if (marketing && r.nextDouble() < 0.6) {
        observed[i] = true;
        responded[i] = r.nextDouble() < 1 / (1 + Math.exp(-(-1.5 + 1.5 * row[6])));
      }
      snapshot[i] = i % snapshots;
    }
    List<String> names = new ArrayList<>(SIGNALS);
    for (int j = 0; j < extra; j++) {
      names.add("extra_" + j);
    }
    return new TrainingSet(
        names, x, value, bought, marketing ? responded : null,
        marketing ? observed : null, snapshot, "synthetic seed " + seed);
  }
}
