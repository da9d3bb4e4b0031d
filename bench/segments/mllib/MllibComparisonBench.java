import dev.undercurrent.core.segments.ClusteringCandidate;
import dev.undercurrent.spark.segments.MllibMethod;
import dev.undercurrent.spark.segments.MllibSegmentation;
import dev.undercurrent.spark.segments.MllibSegmentationOptions;
import dev.undercurrent.spark.session.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Times the pipeline's MLlib comparison (k-means and bisecting k-means, k = 3..12, two bootstrap
 * resamples of a 3,000-row sample) on points drawn from a mixture of Gaussian blobs, in a local[2]
 * session as the CLI's; prints the comparison table with full precision, so that a change meant to
 * be faster can be checked for the same table. Usage: java … MllibComparisonBench [repeats=3] [dim=12]
 */
public final class MllibComparisonBench {
  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    SparkSession spark = Sessions.getOrCreate("local[2]");
    int n = 3_000;
    SplittableRandom rnd = new SplittableRandom(7);
    double[][] centres = new double[6][dim];
    for (double[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = rnd.nextDouble(-2, 2);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] c = centres[i % centres.length];
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (c[d] + rnd.nextGaussian());
      }
      Float[] boxed = new Float[dim];
      for (int d = 0; d < dim; d++) {
        boxed[d] = v[d];
      }
      rows.add(RowFactory.create("c" + i, boxed));
    }
    StructType schema = new StructType().add("customer_id", DataTypes.StringType, false)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    MllibSegmentationOptions options = new MllibSegmentationOptions(3, 12, 2, 3_000, 1_500, 15, 1,
        42L, List.of(MllibMethod.KMEANS, MllibMethod.BISECTING_KMEANS));
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      MllibSegmentation.Comparison c = MllibSegmentation.compare(df, "embedding", options);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("run %d: %.1f s, chose %s k=%d%n", r, s, c.method().label(), c.k());
      if (r == repeats - 1) {
        for (ClusteringCandidate x : c.comparison()) {
          System.out.println("  " + x.method() + " k=" + x.k() + " stability=" + x.stability() + " silhouette=" + x.silhouette());
        }
      }
    }
    spark.stop();
  }
}
