package dev.undercurrent.spark.segments;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.undercurrent.core.segments.ClusteringAgreement;
import dev.undercurrent.core.segments.ClusteringCandidate;
import dev.undercurrent.core.segments.EmbeddingMatrix;
import dev.undercurrent.core.segments.SegmentCountSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Compares MLlib clusterers over a range of segment counts on an embedding column and segments
 * every row with the winner.
 *
 * <p>Candidates are scored as in the core's {@link SegmentCountSelector}: a seeded sample of at
 * most {@code sampleSize} rows is collected to the driver; each (method, k) is fitted with MLlib on
 * {@code resamples} bootstrap resamples of it, and each model labels the whole sample. Stability is
 * {@link SegmentCountSelector#stability} (mean ARI on the points both resamples drew); separation
 * is the silhouette ({@link ClusteringAgreement#sampledSilhouette}) of the first resample's
 * labelling of the sample, which saves the separate fit on the sample that the core makes (MLlib
 * fits cost seconds, not milliseconds). The winner is picked by {@link
 * SegmentCountSelector#choose}, then fitted on every row (best of {@code restarts}).
 *
 * <p>Why MLlib here and plain Java in the core: the final fit must run where the data lives, at any
 * size; the many small comparison fits run on local relations so that each one costs tens of
 * milliseconds of scheduling rather than a pass over the lake.
 *
 * <p>Deterministic for a seed on the same input and partitioning (every MLlib fit gets {@code
 * setSeed}). Limits: criteria are measured on the sample; the number of MLlib fits is {@code
 * methods × ks × resamples + restarts}, each a few Spark jobs, so keep the k range and the resamples
 * modest; bisecting k-means may return fewer than k clusters when it cannot split further.
 */
public final class MllibSegmentation {
  /** The column of the segment number in {@link MllibSegmentationResult#assignments()}. */
  public static final String SEGMENT_COL = "segment_id";

  private static final String FEATURES = "__segment_features";
  private static final String PREDICTION = "__segment_prediction";
  private static final String PROBABILITY = "__segment_probability";
  private static final int FIT_THREADS = 4;

  private MllibSegmentation() {}

  /**
   * Chooses and fits the segments.
   *
   * @param data one row per customer
   * @param embeddingCol a column of MLlib vectors, or of arrays of float or double
   */
  public static MllibSegmentationResult segment(
      Dataset<Row> data, String embeddingCol, MllibSegmentationOptions options) {
    return fitChosen(compare(data, embeddingCol, options), options);
  }

  /**
   * The comparison of the methods over the range of k, and the (method, k) the rule picks, not yet
   * fitted to every row.
   *
   * @param comparison every (method, k) candidate, exactly one of them chosen
   */
  public record Comparison(
      MllibMethod method, int k, List<ClusteringCandidate> comparison, Dataset<Row> withFeatures) {
    public Comparison {
      comparison = List.copyOf(comparison);
    }

    /**
     * The same choice, to be fitted to the rows of {@code data} instead: a caller that compared on
     * a sample it drew itself fits the winner to every row.
     */
    public Comparison fittedTo(Dataset<Row> data, String embeddingCol) {
      return new Comparison(method, k, comparison, MllibSegmentation.withFeatures(data, embeddingCol));
    }
  }

  /**
   * Scores every (method, k) on bootstrap resamples of a sample and picks one, without fitting it
   * to every row: a caller that may keep another method's segments (the pipeline weighs these
   * against the core's) need not pay for that fit, which is the costly part at a million rows.
   */
  public static Comparison compare(Dataset<Row> data, String embeddingCol, MllibSegmentationOptions options) {
    Dataset<Row> withFeatures = withFeatures(data, embeddingCol);
    SparkSession spark = data.sparkSession();
    long n = withFeatures.count();
    if (n < options.minK()) {
      throw new IllegalArgumentException(
          "segmentation: " + n + " rows for at least " + options.minK()
              + " segments; expected at least minK rows");
    }
    double fraction = Math.min(1.0, 1.2 * options.sampleSize() / (double) n);
    Dataset<Row> sampled = fraction >= 1.0
        ? withFeatures.select(FEATURES)
        : withFeatures.select(FEATURES).sample(false, fraction, options.seed());
    List<Row> rows = sampled.collectAsList();
    if (rows.size() > options.sampleSize()) {
      rows = rows.subList(0, options.sampleSize());
    }
    EmbeddingMatrix sample = toMatrix(rows);
    StructType schema = new StructType().add(FEATURES, SQLDataTypes.VectorType(), false);

    int m = sample.rows();
    int[][] draws = new int[options.resamples()][];
    boolean[][] drawn = new boolean[options.resamples()][m];
    List<Dataset<Row>> resampleDfs = new ArrayList<>();
    for (int r = 0; r < options.resamples(); r++) {
      draws[r] = SegmentCountSelector.bootstrapDraw(m, seed(options.seed(), 10 + r, 0));
      List<Row> drawnRows = new ArrayList<>(m);
      for (int i : draws[r]) {
        drawn[r][i] = true;
        drawnRows.add(rows.get(i));
      }
      resampleDfs.add(spark.createDataFrame(drawnRows, schema));
    }

    List<ClusteringCandidate> candidates = new ArrayList<>();
    int maxK = Math.min(options.maxK(), m);
    List<Rows> tasks = new ArrayList<>();
    for (MllibMethod method : options.methods()) {
      for (int k = options.minK(); k <= maxK; k++) {
        for (int r = 0; r < options.resamples(); r++) {
          tasks.add(new Rows(method, k, r, resampleDfs.get(r), seed(options.seed(), 100 + r, k)));
        }
      }
    }
    List<int[]> labelings = labelInParallel(tasks, rows, options.maxIterations());
    int t = 0;
    for (MllibMethod method : options.methods()) {
      for (int k = options.minK(); k <= maxK; k++) {
        int[][] resampleLabels = new int[options.resamples()][];
        for (int r = 0; r < options.resamples(); r++) {
          resampleLabels[r] = labelings.get(t++);
        }
        double silhouette = ClusteringAgreement.sampledSilhouette(
            sample, resampleLabels[0], options.silhouetteSample(), seed(options.seed(), 2, k));
        double stability = SegmentCountSelector.stability(resampleLabels, drawn);
        candidates.add(new ClusteringCandidate(method.label(), k, stability, silhouette, false));
      }
    }
    List<ClusteringCandidate> marked = SegmentCountSelector.choose(candidates);
    ClusteringCandidate winner = marked.stream().filter(ClusteringCandidate::chosen).findFirst().orElseThrow();
    MllibMethod method = Arrays.stream(MllibMethod.values())
        .filter(x -> x.label().equals(winner.method()))
        .findFirst()
        .orElseThrow();
    return new Comparison(method, winner.k(), marked, withFeatures);
  }

  /** Fits the comparison's chosen (method, k) to every row ({@code options.restarts()} restarts). */
  public static MllibSegmentationResult fitChosen(Comparison chosen, MllibSegmentationOptions options) {
    MllibMethod method = chosen.method();
    Dataset<Row> withFeatures = chosen.withFeatures();
    int k = chosen.k();
    Fitted finalFit = null;
    for (int r = 0; r < options.restarts(); r++) {
      Fitted f = fit(method, withFeatures, FEATURES, k, seed(options.seed(), 1000 + r, k),
          options.maxIterations());
      if (finalFit == null || f.cost() < finalFit.cost()) {
        finalFit = f;
      }
    }
    Dataset<Row> predicted = finalFit.model().transform(withFeatures);
    Column segment = renumberBySize(predicted, k);
    Dataset<Row> assignments = predicted
        .withColumn(SEGMENT_COL, segment)
        .drop(PREDICTION, FEATURES)
        .drop(PROBABILITY);
    return new MllibSegmentationResult(method.label(), k, assignments, chosen.comparison());
  }

  /** One comparison fit: a method and k on one bootstrap resample of the sample. */
  private record Rows(MllibMethod method, int k, int resample, Dataset<Row> data, long seed) {}

  /**
   * Runs the comparison fits from {@value #FIT_THREADS} driver threads: on small local relations a
   * fit is mostly job scheduling, which overlaps well. Each fit is seeded on its own, so the order
   * in which they finish changes nothing.
   */
  private static List<int[]> labelInParallel(List<Rows> tasks, List<Row> sample, int maxIterations) {
    ExecutorService pool = Executors.newFixedThreadPool(FIT_THREADS, r -> {
      Thread th = new Thread(r, "undercurrent-segment-fit");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<int[]>> futures = new ArrayList<>();
      for (Rows task : tasks) {
        futures.add(pool.submit(() -> predict(
            fit(task.method(), task.data(), FEATURES, task.k(), task.seed(), maxIterations), sample)));
      }
      List<int[]> out = new ArrayList<>();
      for (Future<int[]> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("segment comparison interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("segment comparison fit failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A fitted model, its point predictor, and its cost on its training data (lower is better). */
  private record Fitted(Transformer model, ToIntFunction<Vector> predictor, double cost) {}

  private static Fitted fit(MllibMethod method, Dataset<Row> df, String features, int k, long seed, int maxIter) {
    switch (method) {
      case KMEANS -> {
        KMeansModel model = new KMeans().setK(k).setSeed(seed).setMaxIter(maxIter)
            .setFeaturesCol(features).setPredictionCol(PREDICTION).fit(df);
        return new Fitted(model, model::predict, model.summary().trainingCost());
      }
      case BISECTING_KMEANS -> {
        BisectingKMeansModel model = new BisectingKMeans().setK(k).setSeed(seed).setMaxIter(maxIter)
            .setFeaturesCol(features).setPredictionCol(PREDICTION).fit(df);
        return new Fitted(model, model::predict, model.summary().trainingCost());
      }
      case GAUSSIAN_MIXTURE -> {
        GaussianMixtureModel model = new GaussianMixture().setK(k).setSeed(seed).setMaxIter(maxIter)
            .setFeaturesCol(features).setPredictionCol(PREDICTION)
            .setProbabilityCol(PROBABILITY).fit(df);
        return new Fitted(model, model::predict, -model.summary().logLikelihood());
      }
      default -> throw new IllegalArgumentException("clustering method " + method + " is not supported");
    }
  }

  private static int[] predict(Fitted fitted, List<Row> rows) {
    int[] labels = new int[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = fitted.predictor().applyAsInt(rows.get(i).<Vector>getAs(0));
    }
    return labels;
  }

  /** A CASE expression mapping MLlib's cluster numbers to 0..k-1 by descending size. */
  private static Column renumberBySize(Dataset<Row> predicted, int k) {
    List<Row> counts = predicted.groupBy(PREDICTION).count().collectAsList();
    List<long[]> sizes = new ArrayList<>();
    for (Row r : counts) {
      sizes.add(new long[] {r.getInt(0), r.getLong(1)});
    }
    sizes.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
    Column expr = null;
    for (int rank = 0; rank < sizes.size(); rank++) {
      Column c = col(PREDICTION).equalTo(lit(sizes.get(rank)[0]));
      expr = expr == null ? when(c, lit(rank)) : expr.when(c, lit(rank));
    }
    if (expr == null || sizes.size() > k) {
      throw new IllegalStateException(
          "clustering returned " + sizes.size() + " clusters for k=" + k + "; expected 1.." + k);
    }
    return expr.otherwise(lit(-1)).cast("int");
  }

  private static Dataset<Row> withFeatures(Dataset<Row> data, String embeddingCol) {
    StructType schema = data.schema();
    if (!Arrays.asList(schema.fieldNames()).contains(embeddingCol)) {
      throw new IllegalArgumentException(
          "embedding column '" + embeddingCol + "' not found (columns: "
              + String.join(", ", schema.fieldNames()) + ")");
    }
    DataType type = schema.apply(embeddingCol).dataType();
    if (type.equals(SQLDataTypes.VectorType())) {
      return data.withColumn(FEATURES, col(embeddingCol));
    }
    if (type instanceof ArrayType) {
      return data.withColumn(FEATURES,
          org.apache.spark.ml.functions.array_to_vector(col(embeddingCol).cast("array<double>")));
    }
    throw new IllegalArgumentException(
        "embedding column '" + embeddingCol + "' has type " + type.simpleString()
            + "; expected an MLlib vector or an array of float or double");
  }

  private static EmbeddingMatrix toMatrix(List<Row> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("segmentation: the sample has no rows; expected at least one");
    }
    int dim = rows.get(0).<Vector>getAs(0).size();
    float[] v = new float[Math.multiplyExact(rows.size(), dim)];
    for (int i = 0; i < rows.size(); i++) {
      Vector x = rows.get(i).getAs(0);
      if (x.size() != dim) {
        throw new IllegalArgumentException(
            "embedding row " + i + " of the sample has " + x.size() + " values; expected " + dim);
      }
      for (int d = 0; d < dim; d++) {
        v[i * dim + d] = (float) x.apply(d);
      }
    }
    return new EmbeddingMatrix(v, rows.size(), dim);
  }

  private static long seed(long seed, int purpose, int k) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (purpose * 131L + k + 1))).nextLong();
  }
}
