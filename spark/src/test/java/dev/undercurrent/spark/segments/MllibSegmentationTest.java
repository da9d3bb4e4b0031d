package dev.undercurrent.spark.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.segments.ClusteringAgreement;
import dev.undercurrent.core.segments.ClusteringCandidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MllibSegmentationTest {
  private static final int BLOBS = 4;
  private static final int ROWS = 1_600;
  private static final int DIM = 8;

  private static Dataset<Row> data;
  private static Map<String, Integer> truth;

  /** Four Gaussian blobs of unit spread, centres drawn in a cube of side 12, as array<float>. */
  @BeforeAll
  static void plantBlobs() {
    SparkSession spark = SegmentsSparkTestSession.get();
    SplittableRandom rng = new SplittableRandom(31);
    double[][] centres = new double[BLOBS][DIM];
    for (double[] c : centres) {
      for (int d = 0; d < DIM; d++) {
        c[d] = (rng.nextDouble() * 2 - 1) * 6;
      }
    }
    List<Row> rows = new ArrayList<>();
    truth = new HashMap<>();
    for (int i = 0; i < ROWS; i++) {
      int b = i % BLOBS;
      float[] e = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        double u = 1 - rng.nextDouble();
        double w = rng.nextDouble();
        e[d] = (float) (centres[b][d] + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w));
      }
      String id = String.format("c%05d", i);
      truth.put(id, b);
      rows.add(RowFactory.create(id, e));
    }
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    data = spark.createDataFrame(rows, schema).repartition(2).cache();
  }

  private static MllibSegmentationOptions options(long seed) {
    return new MllibSegmentationOptions(3, 5, 2, 1_000, 600, 10, 3, seed,
        List.of(MllibMethod.KMEANS, MllibMethod.BISECTING_KMEANS));
  }

  private static Map<String, Integer> collect(MllibSegmentationResult r) {
    Map<String, Integer> out = new HashMap<>();
    for (Row row : r.assignments().select("customer_id", MllibSegmentation.SEGMENT_COL).collectAsList()) {
      out.put(row.getString(0), row.getInt(1));
    }
    return out;
  }

  private static double agreement(Map<String, Integer> a, Map<String, Integer> b) {
    List<String> shared = a.keySet().stream().filter(b::containsKey).sorted().toList();
    int[] x = new int[shared.size()];
    int[] y = new int[shared.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = a.get(shared.get(i));
      y[i] = b.get(shared.get(i));
    }
    return ClusteringAgreement.adjustedRandIndex(x, y);
  }

  @Test
  void recoversPlantedBlobsAndReproducesThemOnASubsample() {
    long start = System.nanoTime();
    MllibSegmentationResult r = MllibSegmentation.segment(data, "embedding", options(5));
    System.out.printf("MllibSegmentation on %d rows: %.1f s%n", ROWS, (System.nanoTime() - start) / 1e9);
    assertEquals(BLOBS, r.k(), () -> "comparison: " + r.comparison());
    assertEquals(6, r.comparison().size());
    assertEquals(1, r.comparison().stream().filter(ClusteringCandidate::chosen).count());
    assertTrue(r.comparison().stream().anyMatch(c -> c.method().equals("mllib-bisecting-kmeans")));
    Map<String, Integer> segments = collect(r);
    assertEquals(ROWS, segments.size());
    assertTrue(segments.values().stream().allMatch(s -> s >= 0 && s < BLOBS));
    double recovered = agreement(truth, segments);
    assertTrue(recovered >= 0.9, () -> "ARI with the planted blobs " + recovered + "; " + r.comparison());

    MllibSegmentationResult rerun =
        MllibSegmentation.segment(data.sample(false, 0.95, 77), "embedding", options(5));
    double reproduced = agreement(segments, collect(rerun));
    assertTrue(reproduced >= 0.9, () -> "ARI with the first run on shared customers " + reproduced
        + "; first " + r.comparison() + "; rerun " + rerun.comparison());
  }

  @Test
  void sameSeedGivesTheSameComparisonAndSegments() {
    Dataset<Row> small = data.filter(org.apache.spark.sql.functions.col("customer_id").lt("c00400"));
    MllibSegmentationOptions o =
        new MllibSegmentationOptions(3, 4, 2, 400, 400, 10, 1, 9, List.of(MllibMethod.KMEANS));
    MllibSegmentationResult a = MllibSegmentation.segment(small, "embedding", o);
    MllibSegmentationResult b = MllibSegmentation.segment(small, "embedding", o);
    assertEquals(a.comparison(), b.comparison());
    assertEquals(collect(a), collect(b));
  }

  @Test
  void gaussianMixtureCanCompete() {
    Dataset<Row> small = data.filter(org.apache.spark.sql.functions.col("customer_id").lt("c00400"));
    MllibSegmentationOptions o = new MllibSegmentationOptions(
        3, 4, 2, 400, 400, 10, 1, 9, List.of(MllibMethod.GAUSSIAN_MIXTURE));
    MllibSegmentationResult r = MllibSegmentation.segment(small, "embedding", o);
    assertEquals("mllib-gaussian-mixture", r.method());
    assertEquals(2, r.comparison().size());
    Map<String, Integer> segments = collect(r);
    assertEquals(400, segments.size());
    assertTrue(segments.values().stream().allMatch(s -> s >= 0 && s < r.k()));
    assertEquals(List.of("customer_id", "embedding", MllibSegmentation.SEGMENT_COL),
        List.of(r.assignments().columns()));
  }

  @Test
  void rejectsAMissingEmbeddingColumn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MllibSegmentation.segment(data, "vector", options(1)));
    assertTrue(e.getMessage().contains("'vector' not found") && e.getMessage().contains("customer_id"),
        e.getMessage());
  }
}
