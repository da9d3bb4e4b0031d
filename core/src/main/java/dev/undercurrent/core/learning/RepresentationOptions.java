package dev.undercurrent.core.learning;

import java.util.List;

/**
 * How the representation network is trained: a value, so that a run's provenance can record it
 * and replay it. Build with {@link #builder()}; every setting has a default.
 *
 * <p>The defaults train a 200k-customer sample in well under two minutes on two CPU cores:
 * batches of 1024, at most 40 epochs with early stopping after 5 without improvement.
 *
 * @param embeddingDim size of the embedding per customer
 * @param hiddenSizes widths of the encoder's hidden layers, outermost first (the decoder mirrors
 *     them)
 * @param maxEpochs upper bound on passes over the training set
 * @param batchSize rows per gradient step
 * @param learningRate Adam's step size (Kingma &amp; Ba 2015)
 * @param inputNoise share of input values masked (set to the column mean) while training, the
 *     corruption of a denoising autoencoder (Vincent et al. 2008)
 * @param reconstructionWeight weight of the decoder's reconstruction loss
 * @param valueWeight weight of the horizon-value loss
 * @param buyWeight weight of the will-buy loss
 * @param responseWeight weight of the marketing-response loss
 * @param patience epochs without a better validation loss before training stops
 * @param seed the seed of every random choice: initial weights, shuffling, corruption
 * @param threads intra-op threads for training (process-wide in PyTorch); 0 leaves the engine's
 *     setting alone
 * @param baselineSignal the signal that holds last horizon's revenue, the naive baseline the
 *     metrics are compared with; skipped where the run has no such signal
 */
public record RepresentationOptions(
    int embeddingDim,
    List<Integer> hiddenSizes,
    int maxEpochs,
    int batchSize,
    double learningRate,
    double inputNoise,
    double reconstructionWeight,
    double valueWeight,
    double buyWeight,
    double responseWeight,
    int patience,
    long seed,
    int threads,
    String baselineSignal) {

  public RepresentationOptions {
    hiddenSizes = List.copyOf(hiddenSizes);
    positive("embeddingDim", embeddingDim);
    for (int h : hiddenSizes) {
      positive("hiddenSizes", h);
    }
    positive("maxEpochs", maxEpochs);
    positive("batchSize", batchSize);
    positive("patience", patience);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate: found " + learningRate + ", expected a positive number");
    }
    if (!(inputNoise >= 0 && inputNoise < 1)) {
      throw new IllegalArgumentException(
          "inputNoise: found " + inputNoise + ", expected a share in [0, 1)");
    }
    nonNegative("reconstructionWeight", reconstructionWeight);
    nonNegative("valueWeight", valueWeight);
    nonNegative("buyWeight", buyWeight);
    nonNegative("responseWeight", responseWeight);
    if (threads < 0) {
      throw new IllegalArgumentException("threads: found " + threads + ", expected 0 or more");
    }
    baselineSignal = baselineSignal == null ? "" : baselineSignal;
  }

  /** The defaults. */
  public static RepresentationOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.embeddingDim = embeddingDim;
    b.hiddenSizes = hiddenSizes;
    b.maxEpochs = maxEpochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.inputNoise = inputNoise;
    b.reconstructionWeight = reconstructionWeight;
    b.valueWeight = valueWeight;
    b.buyWeight = buyWeight;
    b.responseWeight = responseWeight;
    b.patience = patience;
    b.seed = seed;
    b.threads = threads;
    b.baselineSignal = baselineSignal;
    return b;
  }

  /** Settings for {@link RepresentationOptions}; all optional. */
  public static final class Builder {
    private int embeddingDim = 16;
    private List<Integer> hiddenSizes = List.of(64, 32);
    private int maxEpochs = 40;
    private int batchSize = 1024;
    private double learningRate = 2e-3;
    private double inputNoise = 0.15;
    private double reconstructionWeight = 0.5;
    private double valueWeight = 1.0;
    private double buyWeight = 1.0;
    private double responseWeight = 0.5;
    private int patience = 5;
    private long seed = 42;
    private int threads = 0;
    private String baselineSignal = "revenue_90d";

    private Builder() {}

    public Builder optEmbeddingDim(int v) {
      embeddingDim = v;
      return this;
    }

    public Builder optHiddenSizes(List<Integer> v) {
      hiddenSizes = v;
      return this;
    }

    public Builder optMaxEpochs(int v) {
      maxEpochs = v;
      return this;
    }

    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder optLearningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder optInputNoise(double v) {
      inputNoise = v;
      return this;
    }

    public Builder optReconstructionWeight(double v) {
      reconstructionWeight = v;
      return this;
    }

    public Builder optValueWeight(double v) {
      valueWeight = v;
      return this;
    }

    public Builder optBuyWeight(double v) {
      buyWeight = v;
      return this;
    }

    public Builder optResponseWeight(double v) {
      responseWeight = v;
      return this;
    }

    public Builder optPatience(int v) {
      patience = v;
      return this;
    }

    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    public Builder optThreads(int v) {
      threads = v;
      return this;
    }

    public Builder optBaselineSignal(String v) {
      baselineSignal = v;
      return this;
    }

    public RepresentationOptions build() {
      return new RepresentationOptions(
          embeddingDim, hiddenSizes, maxEpochs, batchSize, learningRate, inputNoise,
          reconstructionWeight, valueWeight, buyWeight, responseWeight, patience, seed, threads,
          baselineSignal);
    }
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + ": found " + v + ", expected at least 1");
    }
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + ": found " + v + ", expected 0 or more");
    }
  }
}
