package dev.undercurrent.learning;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import dev.undercurrent.core.learning.LinearBaseline;
import dev.undercurrent.core.learning.ModelProvenance;
import dev.undercurrent.core.learning.ModelQuality;
import dev.undercurrent.core.learning.ProbabilityCalibration;
import dev.undercurrent.core.learning.RepresentationLearner;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.Standardizer;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.learning.ValueBlend;
import dev.undercurrent.core.learning.ValueRanking;
import dev.undercurrent.core.model.CustomerScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the customer representation: a multi-task denoising autoencoder on DJL with PyTorch.
 *
 * <p>The encoder maps the standardized signals to a compact embedding; a decoder reconstructs the
 * clean signals from the embedding of a corrupted copy (masking noise, Vincent et al. 2008); and
 * three heads on the embedding predict the next horizon: whether the customer buys
 * (binary cross-entropy on a logit), how much a buyer spends (squared error on the log of positive
 * horizon revenue, only on rows that spent), and response to marketing (cross-entropy only on rows
 * with a send in the horizon). The predicted value is the hurdle model's expected value (Cragg
 * 1971; Mullahy 1986): {@code P(buy) × exp(predicted log amount) × smearing}, where the smearing
 * factor (Duan 1983) is the training buyers' mean of {@code exp(residual)}, so the predictions sum
 * to about the actual total. Why a hurdle and not one regression on all rows: most customers spend
 * nothing in a horizon and the rest are long-tailed; splitting the two questions gives each head a
 * well-conditioned target, and an expected value ranks customers for top-decile capture, which is
 * what audiences are cut by. An expected value is not the ranking that serves Spearman's
 * correlation on zero-inflated revenue (that weights the buy probability more), so the held-out
 * snapshot chooses between it and the expected rank ({@link ValueRanking}), and the provenance
 * reports both. The heads make the embedding value-aware, in the spirit of
 * multi-task learning (Caruana 1997): customers close in the embedding are close in what they are
 * about to do, not only in what they did.
 *
 * <p>Training uses Adam (Kingma &amp; Ba 2015) and stops early on the validation set's loss (the
 * training objective on the clean held-out rows), keeping the best epoch's weights. Held-out
 * metrics (Spearman, top-decile capture and MAE for value beside two baselines; AUC, expected
 * calibration error and Brier score for churn) go into the model's provenance. The model returned
 * is then refit from the same seed on the training and held-out rows together for the best
 * epoch count (metrics {@code refit.rows} and {@code refit.epochs}); the held-out metrics remain
 * those of the validated fit, which never saw those rows. Set the system property {@code
 * undercurrent.learning.refit=false} to return the validated fit itself, and {@code
 * undercurrent.learning.blend=false} to keep the network's value alone ({@link ValueBlend}). The
 * churn probability is one less the buy head's probability with its logit scaled by a slope fitted
 * on the held-out snapshot ({@link ProbabilityCalibration}: the head comes out surer than it should
 * be); its held-out calibration figures are measured with each half of the snapshot scaled by the
 * slope fitted on the other half. The slope is the validated network's and scales the refit one's
 * logits (as the blend's calibration, fitted on the validated network's held-out values, levels
 * the refit one's): the refit network trained on the held-out rows and could not be judged there.
 *
 * <p>Determinism: weights start from a {@link Random} of the seed, another one seeded from it
 * shuffles and corrupts the batches, and nothing reads the engine's global generator, so the same
 * data, options and seed give the same model on the same thread count (PyTorch's CPU kernels are
 * deterministic for a fixed number of threads; {@code -Dai.djl.pytorch.num_threads=1} is the safe
 * setting). Every scalar the backward pass reads lives in memory PyTorch owns ({@link #weight}).
 * Limits: a horizon whose net revenue is not positive (returns exceeding purchases) teaches the
 * amount head nothing, and the value is {@code P(buy)} times the amount of positive spenders; the
 * whole training set is held in memory as floats (200k × 60 signals ≈ 48 MB); setting {@link
 * RepresentationOptions#threads()} changes PyTorch's thread count for the whole process.
 */
public final class DjlRepresentationLearner implements RepresentationLearner {
  private static final int EVAL_CHUNK = 16_384;
  private static final boolean REFIT =
      Boolean.parseBoolean(System.getProperty("undercurrent.learning.refit", "true"));
  private static final boolean BLEND =
      Boolean.parseBoolean(System.getProperty("undercurrent.learning.blend", "true"));
  private static final boolean RANKING =
      Boolean.parseBoolean(System.getProperty("undercurrent.learning.ranking", "true"));
  /** {@code temperature} (the default), {@code platt} or {@code none}: see {@link ProbabilityCalibration}. */
  private static final String CHURN_CALIBRATION =
      System.getProperty("undercurrent.learning.churn_calibration", "temperature");
  /**
   * Whether the refit runs on a thread of its own while the validated fit runs (it needs only the
   * best epoch count, which it learns when the validated fit stops); the model is bit for bit the
   * one the refit after it gives. Off where the machine has one core, or with {@code
   * -Dundercurrent.learning.concurrent_refit=false}.
   */
  static final boolean CONCURRENT_REFIT =
      Boolean.parseBoolean(System.getProperty("undercurrent.learning.concurrent_refit", "true"))
          && Runtime.getRuntime().availableProcessors() > 1;

  @Override
  public RepresentationModel train(
      TrainingSet train, TrainingSet validation, RepresentationOptions options) {
    return train(train, validation, options, CONCURRENT_REFIT);
  }

  /** As {@link #train(TrainingSet, TrainingSet, RepresentationOptions)}, the refit run beside the validated fit or after it. */
  RepresentationModel train(
      TrainingSet train, TrainingSet validation, RepresentationOptions options, boolean concurrentRefit) {
    if (!train.signalNames().equals(validation.signalNames())) {
      throw new IllegalArgumentException(
          "validation signals " + validation.signalNames() + " differ from training signals "
              + train.signalNames() + "; expected the same signals in the same order");
    }
    if (train.size() == 0 || validation.size() == 0) {
      throw new IllegalArgumentException(
          "train has " + train.size() + " rows and validation " + validation.size()
              + "; expected at least one row in each");
    }
    Engine.getEngine("PyTorch"); // loads the native library the thread settings below call into
    if (options.threads() > 0) {
      JniUtils.setNumThreads(options.threads());
    }
    long started = System.nanoTime();
    TrainingSet all = REFIT
        ? TrainingSet.concat(List.of(train, validation), TrainingSet.joinedWindow(train.window(), validation.window()))
        : null;
    ConcurrentRefit concurrent = REFIT && concurrentRefit ? ConcurrentRefit.start(all, options) : null;
    try {
      return train(train, validation, options, started, all, concurrent);
    } finally {
      if (concurrent != null) {
        concurrent.abandon();
      }
    }
  }

  private RepresentationModel train(TrainingSet train, TrainingSet validation, RepresentationOptions options,
      long started, TrainingSet all, ConcurrentRefit concurrent) {
    Fit validated = fit(train, validation, options.maxEpochs(), options, null);
    if (concurrent != null) {
      concurrent.stopAt.complete(validated.bestEpoch);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    ModelProvenance draft =
        new ModelProvenance(
            DjlRepresentationModel.FORMAT_VERSION, train.signalNames(), validated.standardizer,
            options, train.window(), validation.window(), train.size(), validation.size(),
            validated.epochsRun, validated.bestEpoch, seconds, Map.of(), engineName());
    DjlRepresentationModel expectedValue =
        new DjlRepresentationModel(draft, validated.architecture, validated.model, validated.network,
            ValueBlend.NETWORK_ONLY, null, null);
    // the ridge baseline is fitted once and judged beside whichever ordering is chosen
    LinearBaseline ridge = LinearBaseline.fit(
        train.signals(), train.value(), validated.standardizer, LinearBaseline.DEFAULT_LAMBDA);
    Evaluation heldOut = metrics(expectedValue, train, validation, ridge, options);
    Map<String, Double> choice = new LinkedHashMap<>();
    boolean ranked = chooseRanking(expectedValue, validated.ranking, heldOut, validation, choice);
    DjlRepresentationModel checked =
        ranked ? expectedValue.withRanking(validated.ranking) : expectedValue;
    if (ranked) {
      heldOut = metrics(checked, train, validation, ridge, options);
    }
    Map<String, Double> metrics = heldOut.metrics();
    metrics.putAll(choice);
    metrics.put("validation.loss", validated.bestLoss);
    double weight = blendWeight(heldOut, validation, metrics);
    ProbabilityCalibration buy = calibrateChurn(checked, validation, metrics);
    if (!REFIT) {
      ModelProvenance provenance =
          new ModelProvenance(
              draft.formatVersion(), draft.signalNames(), validated.standardizer, options,
              draft.trainingWindow(), draft.validationWindow(), draft.trainingRows(),
              draft.validationRows(), validated.epochsRun, validated.bestEpoch,
              (System.nanoTime() - started) / 1e9, metrics, draft.engine());
      return new DjlRepresentationModel(
          provenance, validated.architecture, validated.model, validated.network,
          ValueBlend.of(weight, heldOut.network(), heldOut.linearLog(), validation.value(), heldOut.ridge()),
          ranked ? validated.ranking : null, buy);
    }
    // The validated model has answered how long to train and how well the network does on a
    // snapshot it never saw; the model that scores today is then refit on every labelled snapshot,
    // the held-out one included, for the same number of epochs. The most recent horizon is the
    // closest to the one being predicted, so leaving it out of the final fit throws away the most
    // relevant evidence (the usual practice after a time-based validation split). The reported
    // metrics stay those of the validated model, which is the honest estimate.
    checked.close();
    Fit refit = concurrent != null ? concurrent.result() : fit(all, null, validated.bestEpoch, options, null);
    metrics.put("refit.rows", (double) all.size());
    metrics.put("refit.epochs", (double) validated.bestEpoch);
    ValueBlend blend = weight == 0
        ? ValueBlend.NETWORK_ONLY
        : ValueBlend.of(weight, heldOut.network(), heldOut.linearLog(), validation.value(),
            LinearBaseline.fit(all.signals(), all.value(), refit.standardizer, LinearBaseline.DEFAULT_LAMBDA));
    ModelProvenance provenance =
        new ModelProvenance(
            draft.formatVersion(), draft.signalNames(), refit.standardizer, options,
            all.window(), draft.validationWindow(), all.size(), draft.validationRows(),
            validated.epochsRun, validated.bestEpoch, (System.nanoTime() - started) / 1e9,
            metrics, draft.engine());
    return new DjlRepresentationModel(provenance, refit.architecture, refit.model, refit.network,
        blend, ranked ? refit.ranking : null, buy);
  }

  /**
   * Fits the map from the buy head's logit to the chance of buying on the held-out snapshot
   * ({@link ProbabilityCalibration}: its slope, temperature scaling; the system property {@code
   * undercurrent.learning.churn_calibration} picks {@code platt} or {@code none} instead) and
   * reports what it does there without grading its own homework: the held-out rows are split in
   * two by position, each half's probabilities come from the map fitted on the other half, and
   * {@code churn.ece}, {@code churn.brier} and the reliability bins {@code
   * churn.calibration.bin_NN.*} (ten equal-width bins of predicted churn: {@code predicted}, {@code
   * observed}, {@code count}) are measured on those. The network's own figures move to {@code
   * network.churn.*}; {@code churn.auc} stays the network's, which is the calibrated model's too
   * (one increasing map changes no ranking). The map fitted on all held-out rows is returned, with
   * {@code churn_calibration.slope} and {@code .intercept} recorded. The logits are taken back from
   * the churn the model gives, exact to about |z| = 36 and clamped at ±40 beyond.
   */
  private static ProbabilityCalibration calibrateChurn(
      RepresentationModel model, TrainingSet validation, Map<String, Double> metrics) {
    double[] churn = model.score(validation.signals()).churnProbability();
    boolean[] bought = validation.bought();
    int n = churn.length;
    double[] logit = new double[n];
    boolean[] churned = new boolean[n];
    for (int i = 0; i < n; i++) {
      // the logit the model's sigmoid came from, clamped where the sigmoid rounded to 0 or 1
      double c = churn[i];
      logit[i] = Math.max(-40, Math.min(40, Math.log1p(-c) - Math.log(c)));
      churned[i] = !bought[i];
    }
    ProbabilityCalibration all = calibration(logit, bought);
    double[] crossFitted = new double[n];
    for (int half = 0; half < 2; half++) {
      int h = half;
      ProbabilityCalibration other =
          calibration(select(logit, i -> i % 2 != h), selectFlags(bought, i -> i % 2 != h));
      for (int i = half; i < n; i += 2) {
        crossFitted[i] = 1 - other.probability(logit[i]);
      }
    }
    for (String k : List.of("churn.ece", "churn.brier")) {
      Double v = metrics.get(k);
      if (v != null) {
        metrics.put("network." + k, v);
      }
    }
    metrics.put("churn.ece", ModelQuality.expectedCalibrationError(crossFitted, churned, 10));
    metrics.put("churn.brier", ModelQuality.brierScore(crossFitted, churned));
    metrics.putAll(ModelQuality.reliabilityBins("churn.calibration", crossFitted, churned, 10));
    metrics.put("churn_calibration.slope", all.slope());
    metrics.put("churn_calibration.intercept", all.intercept());
    return all;
  }

  /** The map {@link #CHURN_CALIBRATION} names, fitted to these rows. */
  private static ProbabilityCalibration calibration(double[] logit, boolean[] bought) {
    return switch (CHURN_CALIBRATION) {
      case "none" -> ProbabilityCalibration.IDENTITY;
      case "platt" -> ProbabilityCalibration.fit(logit, bought);
      default -> ProbabilityCalibration.fitTemperature(logit, bought);
    };
  }

  private static double[] select(double[] a, java.util.function.IntPredicate keep) {
    return java.util.stream.IntStream.range(0, a.length).filter(keep).mapToDouble(i -> a[i]).toArray();
  }

  private static boolean[] selectFlags(boolean[] a, java.util.function.IntPredicate keep) {
    int[] rows = java.util.stream.IntStream.range(0, a.length).filter(keep).toArray();
    boolean[] out = new boolean[rows.length];
    for (int k = 0; k < rows.length; k++) {
      out[k] = a[rows[k]];
    }
    return out;
  }

  /**
   * Whether the network's value orders customers by expected rank ({@link ValueRanking}) rather
   * than by expected value: the one that scores the held-out snapshot better by Spearman's
   * correlation plus top-decile capture (the measures {@link ValueBlend#chooseWeight} uses; ties
   * keep the expected value), each with the ridge blended in at the weight it would get, so the
   * ordering and the blend are chosen as a pair (on UCI Online Retail the expected rank alone
   * scored higher, the expected value with its blend higher still, and ranked the withheld 90
   * days better: 0.525 against 0.521). Records both candidates' figures under {@code
   * value_ranking.*} ({@code score}: the sum the choice compared; {@code spearman} and {@code
   * top_decile_capture}: the network's own, before any blend) and the choice as {@code
   * value_ranking.by_expected_rank} (1 or 0). The system property {@code
   * undercurrent.learning.ranking=false} keeps the expected value.
   */
  private static boolean chooseRanking(
      DjlRepresentationModel expectedValue,
      ValueRanking ranking,
      Evaluation heldOut,
      TrainingSet validation,
      Map<String, Double> out) {
    double[] actual = validation.value();
    double[] byRank =
        expectedValue.withRanking(ranking).score(validation.signals()).predictedValue();
    double evSpearman = ModelQuality.spearman(actual, heldOut.network());
    double evCapture = ModelQuality.topDecileCapture(actual, heldOut.network());
    double rankSpearman = ModelQuality.spearman(actual, byRank);
    double rankCapture = ModelQuality.topDecileCapture(actual, byRank);
    double evScore = evSpearman + evCapture;
    double rankScore = rankSpearman + rankCapture;
    if (BLEND) {
      // each ordering with the ridge blend it would get: the pair is chosen, not one then the other
      evScore = ValueBlend.choose(actual, heldOut.network(), heldOut.linearLog()).score();
      rankScore = ValueBlend.choose(actual, byRank, heldOut.linearLog()).score();
    }
    boolean chosen = RANKING && rankScore > evScore + 1e-9;
    out.put("value_ranking.expected_value.score", evScore);
    out.put("value_ranking.expected_rank.score", rankScore);
    out.put("value_ranking.expected_value.spearman", evSpearman);
    out.put("value_ranking.expected_value.top_decile_capture", evCapture);
    out.put("value_ranking.expected_rank.spearman", rankSpearman);
    out.put("value_ranking.expected_rank.top_decile_capture", rankCapture);
    out.put("value_ranking.by_expected_rank", chosen ? 1.0 : 0.0);
    out.values().removeIf(v -> v == null || v.isNaN());
    return chosen;
  }

  /**
   * Chooses the value blend on the held-out snapshot ({@link ValueBlend#chooseWeight}) and records
   * it: {@code value_blend.linear_weight}; where the ridge takes part, {@code value.*} become the
   * blend's held-out figures and the network's own move to {@code network.value.*}. The choice is
   * made on the rows it is then judged on (as early stopping is), so with five candidates the
   * blend's held-out figures are slightly optimistic (its calibration to currency is fitted there
   * too, so its mean absolute error there is in-sample); the withheld-horizon benchmarks judge it on
   * time it never saw.
   */
  private static double blendWeight(Evaluation heldOut, TrainingSet validation, Map<String, Double> metrics) {
    double w = BLEND ? ValueBlend.chooseWeight(validation.value(), heldOut.network(), heldOut.linearLog()) : 0;
    metrics.put("value_blend.linear_weight", w);
    if (w > 0) {
      ValueBlend blend = ValueBlend.of(w, heldOut.network(), heldOut.linearLog(), validation.value(), heldOut.ridge());
      double[] blended = new double[validation.size()];
      for (int i = 0; i < blended.length; i++) {
        blended[i] = blend.apply(heldOut.network()[i], heldOut.linearLog()[i]);
      }
      for (String k : List.of("value.mae", "value.spearman", "value.top_decile_capture")) {
        Double v = metrics.get(k);
        if (v != null) {
          metrics.put("network." + k, v);
        }
      }
      metrics.putAll(ModelQuality.valueMetrics("", validation.value(), blended));
    }
    return w;
  }

  /** The held-out metrics, with the network's and the ridge's predictions they came from. */
  private record Evaluation(
      Map<String, Double> metrics, double[] network, double[] linearLog, LinearBaseline ridge) {}

  /**
   * The refit on every labelled snapshot, run on a thread of its own for up to the most epochs
   * while the validated fit decides how many are wanted ({@link #stopAt}); it keeps each epoch's
   * weights until then and returns those of the wanted epoch. The two fits share nothing but the
   * engine: each has its own model, data, random streams and gradient collector, and each runs
   * its kernels on the thread count the calling thread was given, so the refit's weights at epoch
   * {@code n} are those of a refit of {@code n} epochs run afterwards.
   */
  private static final class ConcurrentRefit {
    final java.util.concurrent.CompletableFuture<Integer> stopAt = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.FutureTask<Fit> task;
    private boolean taken;

    private ConcurrentRefit(TrainingSet all, RepresentationOptions options, int threads) {
      task = new java.util.concurrent.FutureTask<>(() -> {
        // PyTorch's kernel thread count (OpenMP's and MKL's) is kept per calling thread; a new
        // thread would start from the machine's default rather than what this process was given
        JniUtils.setNumThreads(threads);
        return fit(all, null, options.maxEpochs(), options, stopAt);
      });
    }

    static ConcurrentRefit start(TrainingSet all, RepresentationOptions options) {
      ConcurrentRefit refit = new ConcurrentRefit(all, options, JniUtils.getNumThreads());
      Thread thread = new Thread(refit.task, "undercurrent-refit");
      thread.setDaemon(true);
      thread.start();
      return refit;
    }

    /** The refit's result, once the validated fit has completed {@link #stopAt}. */
    Fit result() {
      try {
        Fit fit = task.get();
        taken = true;
        return fit;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the refit ran", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException("the refit failed: " + e.getCause(), e.getCause());
      }
    }

    /**
     * Where training fails before taking the result: stops the refit at its next epoch (or
     * lets it finish the wanted one) and releases its model.
     */
    void abandon() {
      if (taken) {
        return;
      }
      stopAt.completeExceptionally(new java.util.concurrent.CancellationException("training ended"));
      try {
        task.get().model().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // it stopped on the cancellation, or failed as the training did; its model is closed
      }
    }
  }

  /**
   * What DJL's PyTorch gradient collector does (gradients on for the calling thread, then one
   * backward pass from the loss), without its process-wide flag: DJL 0.36's {@code
   * PtGradientCollector} refuses a second collector anywhere in the process while one is open,
   * although PyTorch keeps the gradient mode per thread and runs concurrent backward passes from
   * different threads. Written here because no DJL option lifts that flag and the validated fit
   * and the refit collect gradients at the same time on two threads.
   */
  private static final class ThreadGradientCollector implements GradientCollector {
    private final boolean previous = JniUtils.isGradMode();

    ThreadGradientCollector() {
      JniUtils.setGradMode(true);
    }

    @Override
    public void backward(NDArray target) {
      NDArray seed = target.getManager().ones(target.getShape(), target.getDataType());
      JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) target, (ai.djl.pytorch.engine.PtNDArray) seed, false, false);
    }

    @Override
    public void zeroGradients() {
      throw new UnsupportedOperationException("not called by this training");
    }

    @Override
    public void close() {
      if (!previous) {
        JniUtils.setGradMode(false);
      }
    }
  }

  /** A trained network with what it needs to score. */
  private record Fit(
      Model model,
      RepresentationNetwork network,
      Standardizer standardizer,
      DjlRepresentationModel.Architecture architecture,
      ValueRanking ranking,
      double bestLoss,
      int bestEpoch,
      int epochsRun) {}

  /**
   * Trains one network on {@code set}: with {@code early} given, for at most {@code epochs} epochs
   * stopping early on its loss and keeping the best epoch; without it, for exactly {@code epochs}.
   */
  private static Fit fit(
      TrainingSet set, TrainingSet early, int epochs, RepresentationOptions options,
      java.util.concurrent.CompletableFuture<Integer> stopAt) {
    int d = set.signalNames().size();
    Standardizer standardizer = Standardizer.fit(set.signals());
    Labels trainLabels = Labels.of(set);
    boolean hasResponse = set.hasResponse();
    List<Integer> hidden = options.hiddenSizes();
    int headHidden = hidden.isEmpty() ? 32 : hidden.get(hidden.size() - 1);
    float[] x = standardizer.applyFlat(set.signals());
    Labels earlyLabels = early == null ? null : Labels.of(early);
    float[] xEarly = early == null ? null : standardizer.applyFlat(early.signals());
    float[] amountEarly = early == null ? null : earlyLabels.amount(trainLabels.logCenter);
    DjlRepresentationModel.Architecture architecture =
        new DjlRepresentationModel.Architecture(
            d, options.hiddenSizes(), options.embeddingDim(), headHidden, trainLabels.logCenter,
            1.0, hasResponse);

    Model model = Model.newInstance("undercurrent-representation");
    try {
      RepresentationNetwork network = RepresentationNetwork.build(architecture);
      model.setBlock(network.block());
      network.initialize(
          model.getNDManager(), d, options.seed(), logit(trainLabels.buyRate()),
          logit(trainLabels.responseRate()));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(
                  Adam.builder()
                      .optLearningRateTracker(Tracker.fixed((float) options.learningRate()))
                      .optClipGrad(5f)
                      .build());
      double bestLoss = Double.NaN;
      int bestEpoch = epochs;
      int epochsRun = 0;
      List<float[]> best = null;
      // with stopAt: each epoch's weights, until the validated fit says which epoch is wanted
      Map<Integer, List<float[]>> kept = new java.util.HashMap<>();
      try (Trainer trainer = model.newTrainer(config);
          NDManager constants = model.getNDManager().newSubManager()) {
        LossWeights weights = LossWeights.of(constants, options);
        Random random = new UnsharedRandom(options.seed() ^ 0x5DEECE66DL);
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        float[] amountTrain = trainLabels.amount(trainLabels.logCenter);
        if (early != null) {
          bestLoss = Double.POSITIVE_INFINITY;
          bestEpoch = 0;
          best = network.snapshot();
        }
        int batch = batchSize(order.length, options);
        for (int epoch = 1; epoch <= epochs; epoch++) {
          shuffle(order, random);
          for (int start = 0; start < order.length; start += batch) {
            int rows = Math.min(batch, order.length - start);
            step(trainer, model.getNDManager(), x, amountTrain, trainLabels, order, start, rows, d,
                options, weights, random);
          }
          epochsRun = epoch;
          if (stopAt != null) {
            if (stopAt.isCompletedExceptionally()) {
              throw new java.util.concurrent.CancellationException("the validated fit failed");
            }
            Integer wanted = stopAt.getNow(null);
            if (wanted == null || wanted == epoch) {
              kept.put(epoch, network.snapshot());
            }
            if (wanted != null) {
              kept.keySet().retainAll(java.util.Set.of(wanted));
              if (epoch >= wanted) {
                break;
              }
            }
            continue;
          }
          if (early == null) {
            continue;
          }
          double loss =
              validationLoss(
                  network, model.getNDManager(), xEarly, amountEarly, earlyLabels, d, options);
          if (loss < bestLoss - 1e-7) {
            bestLoss = loss;
            bestEpoch = epoch;
            best = network.snapshot();
          } else if (epoch - bestEpoch >= options.patience()) {
            break;
          }
        }
      }
      if (stopAt != null) {
        bestEpoch = stopAt.join();
        best = kept.get(bestEpoch);
      }
      if (best != null) {
        network.restore(best);
      }
      float[] trainHeads = new float[set.size() * RepresentationNetwork.HEADS];
      forward(network, model.getNDManager(), x, d, trainHeads);
      double smearing =
          smearing(trainHeads, trainLabels.amount(trainLabels.logCenter), trainLabels);
      ValueRanking ranking = ranking(trainHeads, trainLabels);
      architecture =
          new DjlRepresentationModel.Architecture(
              d, options.hiddenSizes(), options.embeddingDim(), headHidden, trainLabels.logCenter,
              smearing, hasResponse);
      return new Fit(model, network, standardizer, architecture, ranking, bestLoss,
          Math.max(1, bestEpoch), epochsRun);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Rows per gradient step: the configured batch, made smaller on small training sets so that an
   * epoch still takes at least {@value #MIN_STEPS_PER_EPOCH} steps. Without this, a retailer with
   * two thousand customers gets two steps per epoch, and early stopping ends training after a
   * dozen steps, long before the heads have learned anything (seen on UCI Online Retail).
   */
  static int batchSize(int rows, RepresentationOptions options) {
    int fit = (rows + MIN_STEPS_PER_EPOCH - 1) / MIN_STEPS_PER_EPOCH;
    return Math.max(1, Math.min(options.batchSize(), Math.max(MIN_BATCH, fit)));
  }

  private static final int MIN_STEPS_PER_EPOCH = 64;
  private static final int MIN_BATCH = 32;

  private static void step(
      Trainer trainer,
      NDManager parent,
      float[] x,
      float[] amount,
      Labels labels,
      int[] order,
      int start,
      int rows,
      int d,
      RepresentationOptions options,
      LossWeights weights,
      Random random) {
    float[] clean = new float[rows * d];
    float[] noisy = new float[rows * d];
    float[] amounts = new float[rows];
    float[] spent = new float[rows];
    float[] buy = new float[rows];
    float[] responded = new float[rows];
    float[] observed = new float[rows];
    double noise = options.inputNoise();
    for (int i = 0; i < rows; i++) {
      int r = order[start + i];
      System.arraycopy(x, r * d, clean, i * d, d);
      for (int j = 0; j < d; j++) {
        // masking noise: a masked value becomes the column mean, which is 0 after scaling
        noisy[i * d + j] = random.nextDouble() < noise ? 0f : clean[i * d + j];
      }
      amounts[i] = amount[r];
      spent[i] = labels.spent[r];
      buy[i] = labels.bought[r];
      responded[i] = labels.responded[r];
      observed[i] = labels.observed[r];
    }
    try (NDManager scope = parent.newSubManager()) {
      NDArray cleanArray = scope.create(clean, new Shape(rows, d));
      NDArray noisyArray = scope.create(noisy, new Shape(rows, d));
      NDArray amountArray = scope.create(amounts);
      NDArray spentArray = scope.create(spent);
      NDArray buyArray = scope.create(buy);
      NDArray respondedArray = scope.create(responded);
      NDArray observedArray = scope.create(observed);
      try (GradientCollector collector = new ThreadGradientCollector()) {
        NDList out = trainer.forward(new NDList(noisyArray));
        NDArray heads = out.get(2);
        NDArray reconstruction = out.get(1).sub(cleanArray).square().mean();
        NDArray loss =
            headLoss(heads, amountArray, spentArray, buyArray, respondedArray, observedArray,
                weights)
                .add(reconstruction.mul(weights.reconstruction()));
        collector.backward(loss);
      }
      trainer.step();
    }
  }

  /**
   * A loss weight as a scalar array that PyTorch owns, for products the backward pass revisits.
   *
   * <p>DJL's {@code mul(Number)} wraps the number in a Java direct buffer and releases that buffer
   * as soon as the product is computed, while autograd keeps the scalar for the backward pass; a
   * garbage collection in between freed the memory under it, and the backward pass read whatever
   * the allocator had written there. That made about one fresh JVM in eight train another network
   * from the same data and seed (a 2026-11-27 CI run; 16 of 132 fresh JVMs here, the parameters'
   * gradients diverging at one random step while the loss before it was identical; rerun with
   * bench/learning/fresh_jvms.sh).
   * The weight is copied into the engine's own memory and lives in {@code manager}, which must
   * outlast every backward pass that uses it; it stays double precision, as the number was.
   */
  static NDArray weight(NDManager manager, double value) {
    try (NDArray wrapped = manager.create(value)) {
      return wrapped.duplicate();
    }
  }

  /** The four loss weights as {@link #weight}s, made once per fit rather than once per step. */
  private record LossWeights(NDArray reconstruction, NDArray value, NDArray buy, NDArray response) {
    static LossWeights of(NDManager manager, RepresentationOptions options) {
      return new LossWeights(
          weight(manager, options.reconstructionWeight()), weight(manager, options.valueWeight()),
          weight(manager, options.buyWeight()), weight(manager, options.responseWeight()));
    }
  }

  /** The weighted sum of the three head losses, as a scalar array with gradients. */
  private static NDArray headLoss(
      NDArray heads,
      NDArray amount,
      NDArray spent,
      NDArray buy,
      NDArray responded,
      NDArray observed,
      LossWeights weights) {
    NDArray logAmount = heads.get(":, 0");
    NDArray buyLogit = heads.get(":, 1");
    NDArray responseLogit = heads.get(":, 2");
    NDArray valueLoss =
        logAmount.sub(amount).square().mul(spent).sum().div(spent.sum().maximum(1f));
    NDArray buyLoss = Activation.softPlus(buyLogit).sub(buy.mul(buyLogit)).mean();
    NDArray responseLoss =
        Activation.softPlus(responseLogit)
            .sub(responded.mul(responseLogit))
            .mul(observed)
            .sum()
            .div(observed.sum().maximum(1f));
    return valueLoss
        .mul(weights.value())
        .add(buyLoss.mul(weights.buy()))
        .add(responseLoss.mul(weights.response()));
  }

  /**
   * The validation loss, the early-stopping criterion: the training objective on the clean
   * validation rows (no corruption), computed without gradients.
   */
  private static double validationLoss(
      RepresentationNetwork network,
      NDManager parent,
      float[] x,
      float[] amount,
      Labels labels,
      int d,
      RepresentationOptions options) {
    int n = amount.length;
    float[] heads = new float[n * RepresentationNetwork.HEADS];
    double reconstruction = forward(network, parent, x, d, heads);
    double valueLoss = 0;
    double spentCount = 0;
    double buyLoss = 0;
    double responseLoss = 0;
    double observedCount = 0;
    for (int r = 0; r < n; r++) {
      int h = r * RepresentationNetwork.HEADS;
      if (labels.spent[r] > 0) {
        double e = heads[h + RepresentationNetwork.HEAD_VALUE] - amount[r];
        valueLoss += e * e;
        spentCount++;
      }
      double zb = heads[h + RepresentationNetwork.HEAD_BUY];
      buyLoss += softPlus(zb) - labels.bought[r] * zb;
      if (labels.observed[r] > 0) {
        double zr = heads[h + RepresentationNetwork.HEAD_RESPONSE];
        responseLoss += softPlus(zr) - labels.responded[r] * zr;
        observedCount++;
      }
    }
    return options.reconstructionWeight() * reconstruction
        + options.valueWeight() * valueLoss / Math.max(1, spentCount)
        + options.buyWeight() * buyLoss / n
        + options.responseWeight() * responseLoss / Math.max(1, observedCount);
  }

  /**
   * Duan's (1983) smearing factor: the mean of {@code exp(residual)} over training spenders, from
   * the heads of the training rows.
   */
  private static double smearing(float[] heads, float[] amount, Labels labels) {
    double sum = 0;
    int count = 0;
    for (int r = 0; r < amount.length; r++) {
      if (labels.spent[r] > 0) {
        double residual = amount[r] - heads[r * RepresentationNetwork.HEADS];
        sum += Math.exp(Math.min(30, residual));
        count++;
      }
    }
    return count > 0 ? sum / count : 1;
  }

  /** The expected-rank value ({@link ValueRanking}) fitted to the heads of the training rows. */
  private static ValueRanking ranking(float[] heads, Labels labels) {
    int n = labels.value.length;
    double[] buy = new double[n];
    double[] amount = new double[n];
    for (int r = 0; r < n; r++) {
      int h = r * RepresentationNetwork.HEADS;
      buy[r] = DjlRepresentationModel.sigmoid(heads[h + RepresentationNetwork.HEAD_BUY]);
      amount[r] = heads[h + RepresentationNetwork.HEAD_VALUE];
    }
    return ValueRanking.fit(buy, amount, labels.value, labels.logCenter);
  }

  /**
   * Runs the network over every row in chunks without gradients, writing the head outputs
   * (row-major) into {@code heads} and returning the mean squared reconstruction error.
   */
  private static double forward(
      RepresentationNetwork network, NDManager parent, float[] x, int d, float[] heads) {
    int n = x.length / d;
    double squaredError = 0;
    for (int start = 0; start < n; start += EVAL_CHUNK) {
      int rows = Math.min(EVAL_CHUNK, n - start);
      try (NDManager scope = parent.newSubManager()) {
        float[] chunk = new float[rows * d];
        System.arraycopy(x, start * d, chunk, 0, rows * d);
        NDArray input = scope.create(chunk, new Shape(rows, d));
        NDList out =
            network.block().forward(new ParameterStore(scope, false), new NDList(input), false);
        squaredError += out.get(1).sub(input).square().sum().getFloat();
        float[] h = out.get(2).toFloatArray();
        System.arraycopy(h, 0, heads, start * RepresentationNetwork.HEADS, h.length);
      }
    }
    return squaredError / ((double) n * d);
  }

  private static Evaluation metrics(
      RepresentationModel model,
      TrainingSet train,
      TrainingSet validation,
      LinearBaseline ridge,
      RepresentationOptions options) {
    Map<String, Double> m = new LinkedHashMap<>();
    CustomerScores scores = model.score(validation.signals());
    double[] actual = validation.value();
    m.putAll(ModelQuality.valueMetrics("", actual, scores.predictedValue()));
    int baseline = train.signalNames().indexOf(options.baselineSignal());
    if (baseline >= 0) {
      double[] last = new double[validation.size()];
      for (int i = 0; i < last.length; i++) {
        double v = validation.signals()[i][baseline];
        last[i] = Double.isFinite(v) ? v : 0;
      }
      m.putAll(ModelQuality.valueMetrics("baseline_last_horizon.", actual, last));
    }
    double[] linearLog = ridge.logScores(validation.signals());
    m.putAll(ModelQuality.valueMetrics("baseline_linear.", actual, LinearBaseline.values(linearLog)));
    boolean[] churned = new boolean[validation.size()];
    for (int i = 0; i < churned.length; i++) {
      churned[i] = !validation.bought()[i];
    }
    m.putAll(ModelQuality.probabilityMetrics("churn", scores.churnProbability(), churned));
    int observed = 0;
    for (boolean b : validation.responseObserved()) {
      observed += b ? 1 : 0;
    }
    if (observed > 0 && !Double.isNaN(scores.responseProbability()[0])) {
      double[] p = new double[observed];
      boolean[] y = new boolean[observed];
      for (int i = 0, k = 0; i < validation.size(); i++) {
        if (validation.responseObserved()[i]) {
          p[k] = scores.responseProbability()[i];
          y[k++] = validation.responded()[i];
        }
      }
      m.putAll(ModelQuality.probabilityMetrics("response", p, y));
    }
    m.values().removeIf(v -> v == null || v.isNaN());
    return new Evaluation(m, scores.predictedValue(), linearLog, ridge);
  }

  private static String engineName() {
    Engine engine = Engine.getEngine("PyTorch");
    return "PyTorch " + engine.getVersion() + " via DJL " + Engine.getDjlVersion();
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static double softPlus(double z) {
    return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  private static double logit(double p) {
    double q = Math.min(1 - 1e-4, Math.max(1e-4, p));
    return Math.log(q / (1 - q));
  }

  /** The labels as float arrays, the form the batches are cut from. */
  private static final class Labels {
    final double[] value;
    final float[] spent;
    final float[] bought;
    final float[] responded;
    final float[] observed;
    final double logCenter;

    private Labels(TrainingSet set) {
      int n = set.size();
      value = new double[n];
      spent = new float[n];
      bought = new float[n];
      responded = new float[n];
      observed = new float[n];
      double sumLog = 0;
      int spenders = 0;
      for (int i = 0; i < n; i++) {
        value[i] = set.value()[i];
        if (value[i] > 0) {
          spent[i] = 1;
          sumLog += Math.log(value[i]);
          spenders++;
        }
        bought[i] = set.bought()[i] ? 1 : 0;
        observed[i] = set.responseObserved()[i] ? 1 : 0;
        responded[i] = set.responseObserved()[i] && set.responded()[i] ? 1 : 0;
      }
      logCenter = spenders > 0 ? sumLog / spenders : 0;
    }

    static Labels of(TrainingSet set) {
      return new Labels(set);
    }

    /** Log of positive value less {@code center}; 0 where nothing was spent (masked out). */
    float[] amount(double center) {
      float[] out = new float[value.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = value[i] > 0 ? (float) (Math.log(value[i]) - center) : 0f;
      }
      return out;
    }

    double buyRate() {
      double s = 0;
      for (float b : bought) {
        s += b;
      }
      return s / bought.length;
    }

    double responseRate() {
      double s = 0;
      double n = 0;
      for (int i = 0; i < observed.length; i++) {
        s += responded[i];
        n += observed[i];
      }
      return n > 0 ? s / n : 0.5;
    }
  }
}
