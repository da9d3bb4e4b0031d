package dev.undercurrent.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.undercurrent.core.learning.LinearBaseline;
import dev.undercurrent.core.learning.ModelProvenance;
import dev.undercurrent.core.learning.ModelQuality;
import dev.undercurrent.core.learning.ProbabilityCalibration;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.RepresentationOptions;
import dev.undercurrent.core.learning.Standardizer;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.learning.ScoreCalibration;
import dev.undercurrent.core.learning.ValueBlend;
import dev.undercurrent.core.learning.ValueRanking;
import dev.undercurrent.core.model.CustomerScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlRepresentationLearnerTest {
  private static final RepresentationOptions OPTIONS = SyntheticCustomers.TEST_OPTIONS;

  private static TrainingSet.Split data;
  private static RepresentationModel model;
  private static double[] oracleValue;
  private static double[] oracleBuy;

  @BeforeAll
  static void train() {
    int n = 6000;
    double[] trueValue = new double[n];
    double[] trueBuy = new double[n];
    TrainingSet all = SyntheticCustomers.generate(n, 4, 5, true, trueValue, trueBuy);
    data = all.holdOutLatestSnapshot();
    oracleValue = new double[data.validation().size()];
    oracleBuy = new double[data.validation().size()];
    for (int i = 0, k = 0; i < n; i++) {
      if (all.snapshot()[i] == 3) {
        oracleValue[k] = trueValue[i];
        oracleBuy[k++] = trueBuy[i];
      }
    }
    model = new DjlRepresentationLearner().train(data.train(), data.validation(), OPTIONS);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void learnsThePlantedRelationAndBeatsTheBaselines() {
    Map<String, Double> m = model.provenance().metrics();
    double[] actual = data.validation().value();
    double oracleCapture = ModelQuality.topDecileCapture(actual, oracleValue);
    double oracleAuc = ModelQuality.rocAuc(oracleBuy, data.validation().bought());
    assertTrue(m.get("value.spearman") > 0.5, "value.spearman " + m);
    assertTrue(m.get("churn.auc") > 0.8, "churn.auc " + m);
    // the true probabilities bound what any model can do on these rows; get close to them
    assertTrue(m.get("churn.auc") > oracleAuc - 0.04, "oracle auc " + oracleAuc + " " + m);
    assertTrue(
        m.get("value.top_decile_capture") > 0.9 * oracleCapture,
        "oracle capture " + oracleCapture + " " + m);
    assertTrue(
        m.get("value.top_decile_capture") > m.get("baseline_linear.value.top_decile_capture"),
        m.toString());
    assertTrue(m.get("value.mae") < m.get("baseline_linear.value.mae"), m.toString());
    assertTrue(
        m.get("value.top_decile_capture") > m.get("baseline_last_horizon.value.top_decile_capture"),
        m.toString());
    assertTrue(m.containsKey("response.auc"), m.toString());
    assertTrue(m.get("churn.ece") < 0.1, m.toString());
  }

  @Test
  void theHeadsMakeTheEmbeddingValueAware() {
    // Twelve signals follow three nuisance factors and only two follow what drives the horizon.
    // Reconstruction alone spends a 2-dimensional embedding on the nuisance (it explains most of
    // the input's variance); with the prediction heads, the embedding keeps what predicts value.
    // Judged by a linear probe: ridge from the embedding to value, Spearman on held-out rows.
    TrainingSet.Split nuisance = nuisanceData(4000, 21).holdOutLatestSnapshot();
    RepresentationOptions small =
        OPTIONS.toBuilder().optEmbeddingDim(2).optMaxEpochs(15).optPatience(3).build();
    RepresentationOptions reconstructionOnly =
        small.toBuilder().optValueWeight(0).optBuyWeight(0).optResponseWeight(0).build();
    DjlRepresentationLearner learner = new DjlRepresentationLearner();
    try (RepresentationModel withHeads =
            learner.train(nuisance.train(), nuisance.validation(), small);
        RepresentationModel withoutHeads =
            learner.train(nuisance.train(), nuisance.validation(), reconstructionOnly)) {
      double a = probeSpearman(withHeads, nuisance);
      double b = probeSpearman(withoutHeads, nuisance);
      assertTrue(a > b + 0.1, "probe spearman with heads " + a + ", reconstruction only " + b);
    }
  }

  private static TrainingSet nuisanceData(int n, long seed) {
    Random r = new Random(seed);
    List<String> names = new ArrayList<>();
    for (int j = 0; j < 14; j++) {
      names.add("s" + j);
    }
    double[][] x = new double[n][14];
    double[] value = new double[n];
    boolean[] bought = new boolean[n];
    int[] snapshot = new int[n];
    for (int i = 0; i < n; i++) {
      double[] nuisanceFactor = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      for (int j = 0; j < 12; j++) {
        x[i][j] = 3 * nuisanceFactor[j % 3] + 0.3 * r.nextGaussian();
      }
      double engagement = r.nextGaussian();
      double spend = r.nextGaussian();
      x[i][12] = engagement + 0.2 * r.nextGaussian();
      x[i][13] = spend + 0.2 * r.nextGaussian();
      bought[i] = r.nextDouble() < 1 / (1 + Math.exp(-2 * engagement));
      value[i] = bought[i] ? Math.exp(3 + spend) : 0;
      snapshot[i] = i % 4;
    }
    return new TrainingSet(names, x, value, bought, null, null, snapshot, "nuisance");
  }

  private static double probeSpearman(RepresentationModel m, TrainingSet.Split split) {
    double[][] train = toDouble(m.score(split.train().signals()).embedding());
    double[][] validation = toDouble(m.score(split.validation().signals()).embedding());
    LinearBaseline probe =
        LinearBaseline.fit(train, split.train().value(), Standardizer.fit(train), 1e-3);
    return ModelQuality.spearman(split.validation().value(), probe.predict(validation));
  }

  private static double[][] toDouble(float[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = new double[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = rows[i][j];
      }
    }
    return out;
  }

  @Test
  void sharedLoadsOncePerDistinctModel() {
    byte[] bytes = model.toBytes();
    DjlRepresentationModel a = DjlRepresentationModel.shared(bytes);
    DjlRepresentationModel b = DjlRepresentationModel.shared(bytes.clone());
    assertSame(a, b);
    assertArrayEquals(
        model.score(data.validation().signals()).predictedValue(),
        a.score(data.validation().signals()).predictedValue());
  }

  @Test
  void scoresAreProbabilitiesAndNonNegativeValues() {
    CustomerScores s = model.score(data.validation().signals());
    assertEquals(data.validation().size(), s.size());
    for (int i = 0; i < s.size(); i++) {
      assertTrue(s.predictedValue()[i] >= 0);
      assertTrue(s.churnProbability()[i] > 0 && s.churnProbability()[i] < 1);
      assertTrue(s.responseProbability()[i] > 0 && s.responseProbability()[i] < 1);
      assertEquals(8, s.embedding()[i].length);
    }
    assertEquals(8, model.embeddingDim());
  }

  @Test
  void predictedValueSumsToAboutTheActualTotal() {
    CustomerScores s = model.score(data.validation().signals());
    double predicted = Arrays.stream(s.predictedValue()).sum();
    double actual = Arrays.stream(data.validation().value()).sum();
    assertEquals(1.0, predicted / actual, 0.2);
  }

  @Test
  void sameSeedGivesIdenticalEmbeddingsAndScores() {
    try (RepresentationModel again =
        new DjlRepresentationLearner().train(data.train(), data.validation(), OPTIONS)) {
      assertSameModel(model, again);
    }
  }

  /** The same scores, embeddings and held-out metrics on the validation rows, to the last bit. */
  private static void assertSameModel(RepresentationModel expected, RepresentationModel actual) {
    CustomerScores a = expected.score(data.validation().signals());
    CustomerScores b = actual.score(data.validation().signals());
    assertArrayEquals(a.predictedValue(), b.predictedValue());
    assertArrayEquals(a.churnProbability(), b.churnProbability());
    assertArrayEquals(a.responseProbability(), b.responseProbability());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.embedding()[i], b.embedding()[i]);
    }
    assertEquals(expected.provenance().metrics(), actual.provenance().metrics());
  }

  @Test
  void theRefitRunBesideTheValidatedFitIsTheRefitRunAfterIt() {
    // the refit learns how many epochs it wants only when the validated fit stops, and keeps
    // training meanwhile: the weights it returns must be those of the refit run afterwards
    try (RepresentationModel beside = new DjlRepresentationLearner().train(data.train(), data.validation(), OPTIONS, true);
        RepresentationModel after = new DjlRepresentationLearner().train(data.train(), data.validation(), OPTIONS, false)) {
      assertSameModel(after, beside);
      assertTrue(after.provenance().metrics().get("refit.epochs") < OPTIONS.maxEpochs(),
          "the validated fit stopped early, so the refit beside it ran past the epoch it returns");
    }
  }

  @Test
  void lossWeightsOutliveAGarbageCollectionBeforeTheBackwardPass() throws InterruptedException {
    // DJL's mul(Number) frees the number's buffer while autograd still holds it; after a
    // collection the backward pass read freed memory (gradient 0 here instead of 0.75).
    try (NDManager scope = NDManager.newBaseManager()) {
      NDArray x = scope.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = x.sum().mul(DjlRepresentationLearner.weight(scope, 0.75));
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(50);
        }
        collector.backward(y);
      }
      assertArrayEquals(new float[] {0.75f, 0.75f, 0.75f}, x.getGradient().toFloatArray());
    }
  }

  @Test
  void anotherSeedGivesAnotherModel() {
    RepresentationOptions other = OPTIONS.toBuilder().optSeed(12).optMaxEpochs(2).build();
    try (RepresentationModel m =
        new DjlRepresentationLearner().train(data.train(), data.validation(), other)) {
      float[] a = model.score(data.validation().signals()).embedding()[0];
      float[] b = m.score(data.validation().signals()).embedding()[0];
      assertFalse(Arrays.equals(a, b));
    }
  }

  @Test
  void savedModelScoresIdentically() {
    byte[] bytes = model.toBytes();
    try (DjlRepresentationModel loaded = DjlRepresentationModel.fromBytes(bytes)) {
      CustomerScores a = model.score(data.validation().signals());
      CustomerScores b = loaded.score(data.validation().signals());
      assertArrayEquals(a.predictedValue(), b.predictedValue());
      assertArrayEquals(a.churnProbability(), b.churnProbability());
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.embedding()[i], b.embedding()[i]);
      }
      ModelProvenance p = loaded.provenance();
      assertEquals(model.provenance(), p);
      assertEquals(SyntheticCustomers.SIGNALS, loaded.signalNames());
      assertEquals(11, p.options().seed());
      assertArrayEquals(bytes, loaded.toBytes());
    }
  }

  @Test
  void aBlendedModelScoresAsItsBlendSaysAndSurvivesSaving() {
    // the network's own value, whatever blend the held-out snapshot chose for the trained model
    DjlRepresentationModel network = ((DjlRepresentationModel) model).withBlend(ValueBlend.NETWORK_ONLY);
    double[] w = new double[SyntheticCustomers.SIGNALS.size()];
    w[0] = -0.3;
    w[2] = 0.5;
    ScoreCalibration calibration =
        new ScoreCalibration(new double[] {0, 2, 5}, new double[] {0, 10, 40}, 1e-6);
    ValueBlend blend = new ValueBlend(0.5, 1, 1.2, w, calibration);
    DjlRepresentationModel blended = network.withBlend(blend); // shares the network: not closed
    double[][] rows = data.validation().signals();
    CustomerScores alone = network.score(rows);
    CustomerScores mixed = blended.score(rows);
    float[] z = network.provenance().standardizer().applyFlat(rows);
    int d = w.length;
    int differ = 0;
    for (int i = 0; i < rows.length; i++) {
      double expected = blend.apply(alone.predictedValue()[i], blend.linearLog(z, i * d));
      assertEquals(expected, mixed.predictedValue()[i], 1e-9 * Math.max(1, expected));
      differ += Math.abs(mixed.predictedValue()[i] - alone.predictedValue()[i]) > 1e-6 ? 1 : 0;
    }
    assertTrue(differ > rows.length / 2, differ + " of " + rows.length + " values changed");
    assertArrayEquals(alone.churnProbability(), mixed.churnProbability());
    try (DjlRepresentationModel loaded = DjlRepresentationModel.fromBytes(blended.toBytes())) {
      assertArrayEquals(mixed.predictedValue(), loaded.score(rows).predictedValue());
      assertEquals(0.5, loaded.blend().linearWeight());
      assertArrayEquals(w, loaded.blend().weights());
      assertArrayEquals(calibration.knotValues(), loaded.blend().calibration().knotValues());
    }
  }

  @Test
  void aVersionOneModelStillLoadsAndScoresWithTheNetworkAlone() throws Exception {
    // the network's own value, whatever blend the held-out snapshot chose for the trained model
    DjlRepresentationModel network = ((DjlRepresentationModel) model).withBlend(ValueBlend.NETWORK_ONLY);
    double[] w = new double[SyntheticCustomers.SIGNALS.size()];
    w[1] = 0.4;
    byte[] v2 = network.withBlend(new ValueBlend(0.5, 1.3, 0.7, w)).toBytes();
    // Rewrite as version 1 wrote it: the same parameters, a header without the blend.
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(v2, 0, v2.length - 32); // without the checksum
    int magic = in.getInt();
    in.getInt();
    byte[] header = new byte[in.getInt()];
    in.get(header);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(header);
    assertTrue(tree.has("blend"), tree.fieldNames().toString());
    tree.remove("blend");
    tree.remove("ranking"); // added in version 3
    tree.remove("buyCalibration"); // added in version 5
    byte[] oldHeader = json.writeValueAsBytes(tree);
    java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(12 + oldHeader.length + in.remaining());
    v1.putInt(magic).putInt(1).putInt(oldHeader.length).put(oldHeader).put(in);
    try (DjlRepresentationModel loaded = DjlRepresentationModel.fromBytes(v1.array())) {
      assertEquals(ValueBlend.NETWORK_ONLY, loaded.blend());
      assertEquals(ProbabilityCalibration.IDENTITY, loaded.buyCalibration());
      double[][] rows = data.validation().signals();
      assertNull(loaded.ranking());
      assertArrayEquals(
          network.withBlend(ValueBlend.NETWORK_ONLY).withRanking(null).score(rows).predictedValue(),
          loaded.score(rows).predictedValue());
    }
  }

  @Test
  void aRankedModelScoresAsItsRankingSaysAndSurvivesSaving() {
    // the network's own buy probability: 1 − churn before the calibration
    DjlRepresentationModel network = ((DjlRepresentationModel) model).withBlend(ValueBlend.NETWORK_ONLY)
        .withBuyCalibration(ProbabilityCalibration.IDENTITY);
    double[][] rows = data.validation().signals();
    double[] actual = data.validation().value();
    DjlRepresentationModel expected = network.withRanking(null);
    CustomerScores ev = expected.score(rows);
    // a ranking fitted to these rows from the network's own heads, recovered from its scores:
    // the expected value is P(buy) times exp(centre + head) times the smearing factor
    DjlRepresentationModel.Architecture a = network.architecture();
    double[] buy = new double[rows.length];
    double[] head = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      buy[i] = 1 - ev.churnProbability()[i];
      head[i] = Math.log(ev.predictedValue()[i] / buy[i] / a.smearing()) - a.valueLogCenter();
    }
    ValueRanking ranking = ValueRanking.fit(buy, head, actual, a.valueLogCenter());
    DjlRepresentationModel ranked = network.withRanking(ranking); // shares the network: not closed
    CustomerScores byRank = ranked.score(rows);
    for (int i = 0; i < rows.length; i++) {
      double want = ranking.value(ranking.score(buy[i], head[i]));
      assertEquals(want, byRank.predictedValue()[i], 1e-6 * Math.max(1, want));
    }
    assertArrayEquals(ev.churnProbability(), byRank.churnProbability());
    try (DjlRepresentationModel loaded = DjlRepresentationModel.fromBytes(ranked.toBytes())) {
      assertArrayEquals(byRank.predictedValue(), loaded.score(rows).predictedValue());
      assertArrayEquals(ranking.knotScores(), loaded.ranking().knotScores());
    }
  }

  @Test
  void theHeldOutSnapshotChoosesTheRanking() {
    Map<String, Double> m = model.provenance().metrics();
    double rank = m.get("value_ranking.expected_rank.score");
    double value = m.get("value_ranking.expected_value.score");
    // each score is at least the ordering's own figures: the blend's weight 0 is one candidate
    assertTrue(rank >= m.get("value_ranking.expected_rank.spearman")
        + m.get("value_ranking.expected_rank.top_decile_capture") - 1e-9, m.toString());
    assertTrue(value >= m.get("value_ranking.expected_value.spearman")
        + m.get("value_ranking.expected_value.top_decile_capture") - 1e-9, m.toString());
    assertEquals(rank > value + 1e-9, ((DjlRepresentationModel) model).ranking() != null, m.toString());
    assertEquals(rank > value + 1e-9 ? 1.0 : 0.0, m.get("value_ranking.by_expected_rank"));
  }

  @Test
  void churnIsTheHeldOutSnapshotsCalibrationOfTheBuyHeadAndSurvivesSaving() {
    DjlRepresentationModel trained = (DjlRepresentationModel) model;
    Map<String, Double> m = trained.provenance().metrics();
    ProbabilityCalibration c = trained.buyCalibration();
    assertEquals(m.get("churn_calibration.slope"), c.slope());
    assertEquals(m.get("churn_calibration.intercept"), c.intercept());
    assertTrue(m.containsKey("network.churn.ece") && m.containsKey("network.churn.brier"), m.toString());
    double[][] rows = data.validation().signals();
    double[] raw = trained.withBuyCalibration(ProbabilityCalibration.IDENTITY).score(rows).churnProbability();
    double[] churn = trained.score(rows).churnProbability();
    for (int i = 0; i < rows.length; i++) {
      double logit = Math.log1p(-raw[i]) - Math.log(raw[i]);
      assertEquals(1 - c.probability(logit), churn[i], 1e-9);
    }
    // one increasing map: the ranking, and so the AUC, is the network's
    boolean[] churned = new boolean[rows.length];
    for (int i = 0; i < churned.length; i++) {
      churned[i] = !data.validation().bought()[i];
    }
    assertEquals(ModelQuality.rocAuc(raw, churned), ModelQuality.rocAuc(churn, churned), 1e-9);
    // the reliability bins hold every held-out row once
    double counted = m.entrySet().stream()
        .filter(e -> e.getKey().startsWith("churn.calibration.bin_") && e.getKey().endsWith(".count"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertEquals(rows.length, counted, 1e-9);
    // a buyer's spend is the amount part of the hurdle: the expected value over the chance to buy
    CustomerScores hurdle = trained.withBlend(ValueBlend.NETWORK_ONLY).withRanking(null)
        .withBuyCalibration(ProbabilityCalibration.IDENTITY).score(rows);
    for (int i = 0; i < rows.length; i++) {
      double want = hurdle.predictedValue()[i] / (1 - hurdle.churnProbability()[i]);
      assertEquals(want, hurdle.valueIfActive()[i], 1e-9 * Math.max(1, want));
    }
    try (DjlRepresentationModel loaded = DjlRepresentationModel.fromBytes(trained.toBytes())) {
      assertEquals(c, loaded.buyCalibration());
      assertArrayEquals(churn, loaded.score(rows).churnProbability());
    }
  }

  @Test
  void theHeldOutSnapshotChoosesTheBlend() {
    Map<String, Double> m = model.provenance().metrics();
    double w = m.get("value_blend.linear_weight");
    assertEquals(w, ((DjlRepresentationModel) model).blend().linearWeight());
    // where the ridge takes part, the network's own figures are kept beside the blend's
    assertEquals(w > 0, m.containsKey("network.value.spearman"), m.toString());
  }

  @Test
  void refusesANewerFormatVersion() {
    byte[] bytes = model.toBytes();
    bytes[7] = (byte) (DjlRepresentationModel.FORMAT_VERSION + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DjlRepresentationModel.fromBytes(bytes));
    assertTrue(
        e.getMessage().contains("supports at most version " + DjlRepresentationModel.FORMAT_VERSION),
        e.getMessage());
  }

  @Test
  void refusesBytesThatAreNotAModel() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DjlRepresentationModel.fromBytes("not a model".getBytes()));
    byte[] cut = Arrays.copyOf(model.toBytes(), 200);
    assertThrows(IllegalArgumentException.class, () -> DjlRepresentationModel.fromBytes(cut));
  }

  /** The model's bytes with its JSON header edited. */
  private static byte[] withHeader(byte[] bytes, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit)
      throws Exception {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes, 0, bytes.length - 32);
    int magic = in.getInt();
    int version = in.getInt();
    byte[] header = new byte[in.getInt()];
    in.get(header);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(header);
    edit.accept(tree);
    byte[] edited = json.writeValueAsBytes(tree);
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(12 + edited.length + in.remaining());
    out.putInt(magic).putInt(version).putInt(edited.length).put(edited).put(in);
    return sealed(out.array());
  }

  /** The bytes of a model's body followed by their SHA-256, as format 6 ends. */
  private static byte[] sealed(byte[] body) throws Exception {
    byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body);
    byte[] whole = Arrays.copyOf(body, body.length + sum.length);
    System.arraycopy(sum, 0, whole, body.length, sum.length);
    return whole;
  }

  /** A saved model without its checksum, edited, then sealed again. */
  private static byte[] resealed(byte[] bytes, java.util.function.UnaryOperator<byte[]> edit) throws Exception {
    return sealed(edit.apply(Arrays.copyOf(bytes, bytes.length - 32)));
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(IllegalArgumentException.class, () -> DjlRepresentationModel.fromBytes(bytes))
        .getMessage();
  }

  @Test
  void aDamagedFileIsRefusedWithWhatIsWrongBeforeTheEngineIsAsked() throws Exception {
    byte[] good = model.toBytes();
    byte[] negative = resealed(good, body -> {
      java.nio.ByteBuffer.wrap(body).putInt(8, -5);
      return body;
    });
    assertTrue(refusal(negative).contains("header of -5 bytes"), refusal(negative));
    byte[] noProvenance = withHeader(good, t -> t.putNull("provenance"));
    assertTrue(refusal(noProvenance).contains("no provenance"), refusal(noProvenance));
    byte[] huge = withHeader(good, t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("architecture"))
        .put("inputDim", 2_000_000_000));
    assertTrue(refusal(huge).contains("takes 2000000000 inputs, the provenance names 12 signals"), refusal(huge));
    byte[] wide = withHeader(good, t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("architecture"))
        .put("embeddingDim", -3));
    assertTrue(refusal(wide).contains("a layer of -3 units"), refusal(wide));
    byte[] vast = withHeader(good, t -> {
      com.fasterxml.jackson.databind.node.ArrayNode h =
          ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("architecture")).putArray("hiddenSizes");
      h.add(65_536).add(65_536);
    });
    assertTrue(refusal(vast).contains("weights, more than a file of"), refusal(vast));
    byte[] empty = good.clone();
    byte[] nullHeader = "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    java.nio.ByteBuffer e = java.nio.ByteBuffer.allocate(12 + nullHeader.length + 8);
    e.putInt(java.nio.ByteBuffer.wrap(empty).getInt(0)).putInt(DjlRepresentationModel.FORMAT_VERSION)
        .putInt(nullHeader.length).put(nullHeader).putLong(0);
    byte[] nullSealed = sealed(e.array());
    assertTrue(refusal(nullSealed).contains("the header has no content"), refusal(nullSealed));
    // the first weight, where the parameters begin: after the header, the count, the name and shape
    byte[] nan = good.clone();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(nan);
    int at = 12 + b.getInt(8) + 4;
    int nameLength = b.getShort(at) & 0xffff;
    at += 2 + nameLength;
    int rank = b.getInt(at);
    at += 4 + 8 * rank + 4;
    b.putFloat(at, Float.NaN);
    // a changed byte is what the checksum is for; sealed again, the weight check still sees it
    assertTrue(refusal(nan).contains("checksum does not match"), refusal(nan));
    byte[] nanSealed = resealed(nan, x -> x);
    assertTrue(refusal(nanSealed).contains("holds NaN at 0"), refusal(nanSealed));
  }

  @Test
  void aChangedWeightExtraBytesOrAMissingCalibrationAreRefused() throws Exception {
    byte[] good = model.toBytes();
    // one bit of the last weight: still a finite number, so only the checksum can tell
    byte[] flipped = good.clone();
    flipped[good.length - 33] ^= 1;
    assertTrue(refusal(flipped).contains("checksum does not match its contents (" + good.length + " bytes)"),
        refusal(flipped));
    byte[] extra = Arrays.copyOf(good, good.length + 8);
    assertTrue(refusal(extra).contains("checksum does not match"), refusal(extra));
    byte[] joined = resealed(good, body -> Arrays.copyOf(body, body.length + 8));
    assertTrue(refusal(joined).contains("8 bytes follow the last parameter"), refusal(joined));
    byte[] cut = resealed(good, body -> Arrays.copyOf(body, body.length - 4));
    assertTrue(refusal(cut).contains("the file ends before the model does"), refusal(cut));
    // a hand-edited header is said in the file's terms, not the parser's classes
    byte[] wordy = withHeader(good, t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("buyCalibration"))
        .put("slope", "abc"));
    assertTrue(refusal(wordy).contains("could not be read at buyCalibration.slope"), refusal(wordy));
    assertFalse(refusal(wordy).contains("dev.undercurrent") || refusal(wordy).contains("Source:"), refusal(wordy));
    byte[] noCalibration = withHeader(good, t -> t.remove("buyCalibration"));
    assertTrue(refusal(noCalibration).contains("has no buyCalibration"), refusal(noCalibration));
    // a model of format 5 (no checksum) still loads and scores as it did
    byte[] v5 = Arrays.copyOf(good, good.length - 32);
    java.nio.ByteBuffer.wrap(v5).putInt(4, 5);
    double[][] rows = data.validation().signals();
    try (DjlRepresentationModel loaded = DjlRepresentationModel.fromBytes(v5)) {
      assertArrayEquals(model.score(rows).churnProbability(), loaded.score(rows).churnProbability());
    }
  }

  @Test
  void scoringFromSeveralThreadsGivesTheSameAnswer() throws Exception {
    double[][] rows = data.validation().signals();
    double[] expected = model.score(rows).predictedValue();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<double[]>> results =
          pool.invokeAll(
              List.of(
                  () -> model.score(rows).predictedValue(),
                  () -> model.score(rows).predictedValue(),
                  () -> model.score(rows).predictedValue()));
      for (Future<double[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.score(new double[][] {{1, 2}}));
    assertTrue(e.getMessage().contains("expected 12"), e.getMessage());
  }

  @Test
  void trainsWithoutMarketingData() {
    TrainingSet.Split noMarketing =
        SyntheticCustomers.generate(1500, 3, 6, false).holdOutLatestSnapshot();
    RepresentationOptions quick = OPTIONS.toBuilder().optMaxEpochs(3).optEmbeddingDim(4).build();
    try (RepresentationModel m =
        new DjlRepresentationLearner().train(noMarketing.train(), noMarketing.validation(), quick)) {
      CustomerScores s = m.score(noMarketing.validation().signals());
      assertTrue(Double.isNaN(s.responseProbability()[0]));
      assertEquals(4, s.embedding()[0].length);
      assertFalse(m.provenance().metrics().containsKey("response.auc"));
    }
  }
}
