package dev.undercurrent.spark.pipeline;

import dev.undercurrent.core.learning.ModelProvenance;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.SeasonalLevel;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.opportunities.EarlierSnapshot;
import dev.undercurrent.core.record.ConfigException;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.learning.DjlRepresentationLearner;
import dev.undercurrent.learning.DjlRepresentationModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learning stage: trains the representation network on the labelled snapshots with the latest
 * one held out, then scores every current customer and, for {@code nurture_rising}, the same
 * customers as they were two horizons earlier.
 */
final class Learning {
  private Learning() {}

  static Learned learn(Snapshots snaps, long[] cutoffs, boolean hasMarketing, RunConfig config, Progress progress,
      java.nio.file.Path savedModel, Scorer scorer) throws ConfigException {
    if (savedModel != null) {
      return scoreWithSaved(snaps, cutoffs, savedModel, config.horizonDays(), config.embeddingDim(), config.seed(),
          config.seasonalLevel(), progress, scorer);
    }
    TrainingSet all = snaps.trainingSet(cutoffs, hasMarketing, config.horizonDays());
    if (all.size() == 0) {
      throw new ConfigException("orders: the history before as_of is shorter than "
          + config.horizonDays() + " days plus one horizon, so there is nothing to learn from; "
          + "set an earlier horizon_days or a later as_of");
    }
    TrainingSet.Split split = all.holdOutLatestSnapshot();
    if (split.train().size() == 0) {
      throw new ConfigException("orders: the history before as_of holds only one labelled snapshot of "
          + config.horizonDays() + " days; at least two are needed (one to learn, one to validate)");
    }
    progress.stage("learn", split.train().size() + " training rows, " + split.validation().size()
        + " held-out rows (" + split.validation().window() + ")");
    RepresentationOptions options = RepresentationOptions.defaults().toBuilder()
        .optEmbeddingDim(config.embeddingDim())
        .optSeed(config.seed())
        .optBaselineSignal(SignalCatalog.REVENUE_90D)
        .build();
    RepresentationModel model = new DjlRepresentationLearner().train(split.train(), split.validation(), options);
    Learned learned = scored(snaps, cutoffs, model, config.seasonalLevel(), progress, scorer);
    @SuppressWarnings("unchecked")
    Map<String, Object> validation = (Map<String, Object>) learned.metrics().get("validation");
    validation.put("baseline_model_clv", clvBaseline(split.validation()));
    return learned;
  }

  /**
   * The lifetime-value model's own forecast (BG/NBD expected orders times Gamma-Gamma order value,
   * fitted at the validation cut-off) as a value predictor on the held-out snapshot, beside the
   * network's figures; customers whose model value is unknown count as zero.
   */
  static Map<String, Object> clvBaseline(TrainingSet validation) {
    int j = validation.signalNames().indexOf(SignalCatalog.MODEL_CLV);
    if (j < 0 || validation.size() == 0) {
      return Map.of();
    }
    double[] predicted = new double[validation.size()];
    for (int i = 0; i < predicted.length; i++) {
      double v = validation.signals()[i][j];
      predicted[i] = Double.isFinite(v) ? v : 0;
    }
    return nest(dev.undercurrent.core.learning.ModelQuality.valueMetrics("", validation.value(), predicted));
  }

  /** Scores the current customers with a model (in Spark, in the pipeline). */
  interface Scorer {
    CustomerScores score(RepresentationModel model);
  }

  /** Scores with a model saved by an earlier run ({@code discover --model PATH}) instead of training. */
  private static Learned scoreWithSaved(Snapshots snaps, long[] cutoffs, java.nio.file.Path file, int horizonDays,
      int embeddingDim, long seed, boolean seasonal, Progress progress, Scorer scorer)
      throws ConfigException {
    RepresentationModel model = loadSaved(file, horizonDays);
    try {
      checkAsOf(model, file, java.time.LocalDate.ofEpochDay(Math.floorDiv(cutoffs[0], 86_400L)));
    } catch (ConfigException e) {
      model.close();
      throw e;
    }
    if (!model.signalNames().equals(snaps.catalog.names())) {
      java.util.List<String> missing = new java.util.ArrayList<>(model.signalNames());
      missing.removeAll(snaps.catalog.names());
      java.util.List<String> extra = new java.util.ArrayList<>(snaps.catalog.names());
      extra.removeAll(model.signalNames());
      model.close();
      if (missing.isEmpty() && extra.isEmpty()) {
        // category signals are ordered by how many orders each category has: a close pair can swap;
        // any other signal has a fixed place, so another order there is not the data's doing
        boolean categories = onlyCategoriesMoved(model.signalNames(), snaps.catalog.names());
        throw new ConfigException("--model: " + file + " expects the same signals as this run computes, in another"
            + " order (" + firstDifference(model.signalNames(), snaps.catalog.names()) + "): "
            + (categories ? "categories or channels ranked by their orders changed places since the model was trained"
                : "signals that every run computes in one order are in another, so the file was not written"
                    + " as a run writes it")
            + "; retrain");
      }
      throw new ConfigException("--model: " + file + " expects other signals than this run computes (the model's but not the run's: "
          + missing + "; the run's but not the model's: " + extra + "); configure the same sources or retrain");
    }
    progress.stage("learn", "scoring with the saved model " + file + " (trained on " + model.provenance().trainingWindow() + ")");
    if (model.embeddingDim() != embeddingDim || model.provenance().options().seed() != seed) {
      progress.stage("learn", "the saved model's embedding_dim " + model.embeddingDim() + " and seed "
          + model.provenance().options().seed() + " are used; the config's (" + embeddingDim + ", " + seed
          + ") apply only when a run trains");
    }
    Learned learned = scored(snaps, cutoffs, model, seasonal, progress, scorer);
    // the held-out figures are the saved model's, from the run that trained it: say so
    learned.metrics().put("saved_model", file.toAbsolutePath().toString());
    return learned;
  }

  /**
   * Reads a model saved by an earlier run and refuses one that cannot score this config: a file
   * that is not a whole model, or one trained for another horizon. Called before the lake is read
   * (a damaged or mismatched file is said at once, not after minutes of reading and signals) and
   * again where the model scores.
   */
  static RepresentationModel loadSaved(java.nio.file.Path file, int horizonDays) throws ConfigException {
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new ConfigException("--model: cannot read " + file + ": " + e.getMessage(), e);
    }
    RepresentationModel model;
    try {
      model = DjlRepresentationModel.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--model: " + file + ": " + e.getMessage(), e);
    }
    java.util.regex.Matcher trained = java.util.regex.Pattern.compile("horizon (\\d+) days")
        .matcher(String.valueOf(model.provenance().trainingWindow()));
    if (trained.find() && Integer.parseInt(trained.group(1)) != horizonDays) {
      // the provenance keeps the horizon only in its window's text (no field of its own)
      model.close();
      throw new ConfigException("--model: " + file + " was trained to predict " + trained.group(1)
          + " days ahead, the config's horizon_days is " + horizonDays
          + "; its values and churn would be read as another horizon's: retrain, or set horizon_days: "
          + trained.group(1));
    }
    if (learnedUntil(model).isEmpty()) {
      // without its dates the as_of check below could not refuse a backtest that saw the answer
      model.close();
      throw new ConfigException("--model: " + file + ": its training window (\"" + model.provenance().trainingWindow()
          + "\") names no cut-off date and horizon, so it cannot be told which orders it learned from;"
          + " use the model.bin a run wrote, or retrain");
    }
    return model;
  }

  /**
   * The day after the last order a saved model learned from: its latest labelled cut-off (the
   * latest date its training window names) plus the horizon. Empty where the window names no date
   * or horizon.
   */
  static java.util.Optional<java.time.LocalDate> learnedUntil(RepresentationModel model) {
    String window = String.valueOf(model.provenance().trainingWindow());
    java.util.regex.Matcher horizon = java.util.regex.Pattern.compile("horizon (\\d+) days").matcher(window);
    java.util.regex.Matcher date = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}").matcher(window);
    java.time.LocalDate latest = null;
    while (date.find()) {
      try {
        java.time.LocalDate d = java.time.LocalDate.parse(date.group());
        latest = latest == null || d.isAfter(latest) ? d : latest;
      } catch (java.time.format.DateTimeParseException e) {
        // not a date after all: skip it
      }
    }
    if (latest == null || !horizon.find()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(latest.plusDays(Integer.parseInt(horizon.group(1))));
  }

  /**
   * Refuses to score at an {@code as_of} before the end of what the model learned from: its labels
   * are what customers did after that day, so a backtest with it would have seen the answer and
   * look better than it is.
   */
  static void checkAsOf(RepresentationModel model, java.nio.file.Path file, java.time.LocalDate asOf)
      throws ConfigException {
    java.util.Optional<java.time.LocalDate> until = learnedUntil(model);
    if (until.isPresent() && asOf.isBefore(until.get())) {
      throw new ConfigException("--model: " + file + " learned from orders up to " + until.get().minusDays(1)
          + " (what customers did in the horizon after its latest cut-off), and this run's as_of is "
          + asOf + ", earlier: its scores would know what happened after as_of. Score at an as_of"
          + " on or after " + until.get() + ", or train at this as_of (without --model)");
    }
  }

  private static boolean onlyCategoriesMoved(java.util.List<String> model, java.util.List<String> run) {
    for (int i = 0; i < Math.min(model.size(), run.size()); i++) {
      if (!model.get(i).equals(run.get(i)) && !(isCategory(model.get(i)) && isCategory(run.get(i)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCategory(String signal) {
    return signal.startsWith(dev.undercurrent.core.signals.SignalCatalog.CATEGORY_SHARE_PREFIX)
        || signal.startsWith(dev.undercurrent.core.signals.SignalCatalog.CATEGORY_VIEWS_PREFIX)
        || signal.startsWith(dev.undercurrent.core.signals.SignalCatalog.CHANNEL_SHARE_PREFIX);
  }

  private static String firstDifference(java.util.List<String> model, java.util.List<String> run) {
    for (int i = 0; i < Math.min(model.size(), run.size()); i++) {
      if (!model.get(i).equals(run.get(i))) {
        return "signal " + (i + 1) + " is " + model.get(i) + " in the model and " + run.get(i) + " here";
      }
    }
    return "the same names";
  }

  private static Learned scored(Snapshots snaps, long[] cutoffs, RepresentationModel model, boolean seasonal,
      Progress progress, Scorer scorer) {
    CustomerScores raw = scorer == null ? model.score(snaps.current.values()) : scorer.score(model);
    Map<String, Object> level = new LinkedHashMap<>();
    CustomerScores scores = leveled(snaps.snapshotTotals(cutoffs), cutoffs, raw, seasonal, level);
    if ("seasonal".equals(level.get("method"))) {
      progress.stage("learn", String.format(java.util.Locale.ROOT,
          "values moved towards the season's level (the same horizon a year earlier, grown as the latest"
              + " horizon grew; weight %.2f by its backtest): x%.2f the network's total; churn log-odds %+.2f",
          (Double) level.get("value_weight"), (Double) level.get("value_factor"),
          (Double) level.get("churn_log_odds_shift")));
    } else {
      progress.stage("learn", "values at the network's own level: " + level.get("reason"));
    }
    EarlierSnapshot earlier = earlier(snaps, model, cutoffs);
    ModelProvenance p = model.provenance();
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("validation", nest(p.metrics()));
    metrics.put("training_rows", p.trainingRows());
    metrics.put("validation_rows", p.validationRows());
    metrics.put("epochs_run", p.epochsRun());
    metrics.put("best_epoch", p.bestEpoch());
    metrics.put("training_seconds", p.trainingSeconds());
    metrics.put("training_window", p.trainingWindow());
    metrics.put("validation_window", p.validationWindow());
    metrics.put("embedding_dim", model.embeddingDim());
    metrics.put("engine", p.engine());
    metrics.put("value_level", level);
    Object v = p.metrics().get("value.spearman");
    progress.stage("learn", "held-out value Spearman " + fmt(v) + ", churn AUC " + fmt(p.metrics().get("churn.auc"))
        + " (" + p.epochsRun() + " epochs)");
    return new Learned(model, scores, earlier, metrics);
  }

  private static String fmt(Object o) {
    return o instanceof Double d ? String.format(java.util.Locale.ROOT, "%.3f", d) : String.valueOf(o);
  }

  /**
   * {@code a.b.c -> x} becomes nested maps, as the report reads them.
   *
   * @throws IllegalStateException where one name is both a figure and a group of others ({@code
   *     a.b} and {@code a.b.c}): one of them would be lost
   */
  static Map<String, Object> nest(Map<String, Double> flat) {
    Map<String, Object> root = new TreeMap<>();
    for (Map.Entry<String, Double> e : flat.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> m = root;
      for (int i = 0; i < parts.length - 1; i++) {
        Object next = m.get(parts[i]);
        if (next != null && !(next instanceof Map)) {
          throw collision(e.getKey(), String.join(".", java.util.Arrays.copyOf(parts, i + 1)));
        }
        if (next == null) {
          next = new TreeMap<String, Object>();
          m.put(parts[i], next);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = (Map<String, Object>) next;
        m = cast;
      }
      if (m.get(parts[parts.length - 1]) instanceof Map) {
        throw collision(e.getKey() + ".…", e.getKey());
      }
      m.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  private static IllegalStateException collision(String key, String figure) {
    return new IllegalStateException("metrics: " + figure + " is a figure and also the group of "
        + key + "; expected distinct names (one would be lost in runs.metrics)");
  }

  /**
   * The scores at the level {@link SeasonalLevel} forecasts for the coming horizon where the
   * history allows and {@code seasonal} asks for it, else as the network gave them; {@code out}
   * receives what was done and why ({@code value_level} in {@code runs.metrics}), with a backtest:
   * the same forecast made for the held-out horizon from the snapshots before it, against what
   * its customers did.
   */
  static CustomerScores leveled(List<SeasonalLevel.SnapshotTotal> totals, long[] cutoffs, CustomerScores raw,
      boolean seasonal, Map<String, Object> out) {
    double networkValue = 0;
    double networkBuyers = 0;
    for (int i = 0; i < raw.size(); i++) {
      double v = raw.predictedValue()[i];
      double c = raw.churnProbability()[i];
      networkValue += Double.isFinite(v) ? v : 0;
      networkBuyers += Double.isFinite(c) ? 1 - c : 0;
    }
    out.put("network_value", networkValue);
    out.put("network_buyers", networkBuyers);
    SeasonalLevel.Backtest back = cutoffs.length < 3 ? null
        : SeasonalLevel.backtest(day(cutoffs[1]), day(cutoffs[2]), totals).orElse(null);
    if (back != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("cutoff", java.time.LocalDate.ofEpochDay(back.cutoffDay()).toString());
      b.put("value_ratio", back.valueRatio());
      b.put("buyers_ratio", back.buyersRatio());
      out.put("backtest", b);
    }
    String why = !seasonal ? "value_level: network in the config"
        : cutoffs.length < 2 ? "no labelled snapshot"
        : SeasonalLevel.whyNoForecast(day(cutoffs[0]), day(cutoffs[1]), totals);
    SeasonalLevel.Forecast f = why != null ? null
        : SeasonalLevel.forecast(day(cutoffs[0]), day(cutoffs[1]), totals).orElseThrow();
    if (f != null) {
      out.put("forecast_value", f.value());
      out.put("forecast_buyers", f.buyers());
      out.put("same_season", java.time.LocalDate.ofEpochDay(f.sameSeason().cutoffDay()).toString());
      out.put("latest", java.time.LocalDate.ofEpochDay(f.latest().cutoffDay()).toString());
      out.put("latest_last_year", java.time.LocalDate.ofEpochDay(f.latestLastYear().cutoffDay()).toString());
      why = back == null ? "no backtest on the held-out horizon to judge the seasonal forecast by (the history holds"
          + " no year before the held-out cut-off's own)" : SeasonalLevel.whyNotApplied(raw, f);
    }
    if (why != null) {
      out.put("method", "network");
      out.put("reason", why);
      return raw;
    }
    SeasonalLevel.Leveled l = SeasonalLevel.apply(raw, f, back).orElseThrow();
    out.put("method", "seasonal");
    out.put("value_weight", l.valueWeight());
    out.put("buyers_weight", l.buyersWeight());
    out.put("value_factor", l.valueFactor());
    out.put("churn_log_odds_shift", l.churnShift());
    return l.scores();
  }

  private static long day(long epochSecond) {
    return Math.floorDiv(epochSecond, 86_400L);
  }

  /** The customers' embedding two horizons before as_of (one where only one earlier cut exists). */
  private static EarlierSnapshot earlier(Snapshots snaps, RepresentationModel model, long[] cutoffs) {
    int cut = cutoffs.length > 2 ? 2 : 1;
    double[][] then = snaps.alignedAt(cut);
    int n = then.length;
    boolean[] present = new boolean[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      present[i] = then[i] != null;
      count += present[i] ? 1 : 0;
    }
    if (count == 0) {
      return null;
    }
    double[][] rows = new double[count][];
    for (int i = 0, k = 0; i < n; i++) {
      if (present[i]) {
        rows[k++] = then[i];
      }
    }
    float[][] emb = model.score(rows).embedding();
    float[][] aligned = new float[n][];
    for (int i = 0, k = 0; i < n; i++) {
      if (present[i]) {
        aligned[i] = emb[k++];
      }
    }
    return new EarlierSnapshot(aligned, present, (int) ((cutoffs[0] - cutoffs[cut]) / 86_400L));
  }
}
