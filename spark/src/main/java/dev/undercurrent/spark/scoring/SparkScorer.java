package dev.undercurrent.spark.scoring;

import static org.apache.spark.sql.functions.col;

import dev.undercurrent.core.clv.ClvSignals;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.learning.DjlRepresentationModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores the current snapshot's rows ({@code customer_id, signals, clv_x, clv_tx, clv_age, clv_m}
 * as {@code SignalJob} writes them) with a trained model in {@code mapPartitions}: the parameters
 * are broadcast as bytes (no files to ship, so it works where Spark isolates session artifacts)
 * and each executor JVM loads them once ({@link DjlRepresentationModel#shared}). Rows are scored
 * in batches of {@value #BATCH}.
 */
public final class SparkScorer {
  static final int BATCH = 10_000;

  public static final StructType OUTPUT = new StructType()
      .add("customer_id", DataTypes.StringType, false)
      .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("predicted_value", DataTypes.DoubleType, false)
      .add("churn_probability", DataTypes.DoubleType, false)
      .add("response_probability", DataTypes.DoubleType, false)
      .add("value_if_active", DataTypes.DoubleType, false);

  private SparkScorer() {}

  public static Dataset<Row> score(SparkSession spark, Dataset<Row> current, ClvSignals clv, byte[] model) {
    Broadcast<byte[]> bytes = spark.sparkContext().broadcast(model, scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
    Broadcast<ClvSignals> clvModels = spark.sparkContext().broadcast(clv, scala.reflect.ClassTag$.MODULE$.apply(ClvSignals.class));
    return current.select(col("customer_id"), col("signals"), col("clv_x"), col("clv_tx"), col("clv_age"), col("clv_m"))
        .mapPartitions(new Score(bytes, clvModels), Encoders.row(OUTPUT));
  }

  static final class Score implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final Broadcast<ClvSignals> clv;

    Score(Broadcast<byte[]> model, Broadcast<ClvSignals> clv) {
      this.model = model;
      this.clv = clv;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      DjlRepresentationModel m = DjlRepresentationModel.shared(model.value());
      ClvSignals c = clv.value();
      List<Row> out = new ArrayList<>();
      List<String> ids = new ArrayList<>(BATCH);
      List<double[]> batch = new ArrayList<>(BATCH);
      while (rows.hasNext()) {
        Row r = rows.next();
        List<Double> s = r.getList(1);
        double[] x = new double[s.size() + 3];
        for (int j = 0; j < s.size(); j++) {
          Double v = s.get(j);
          x[j] = v == null ? Double.NaN : v;
        }
        System.arraycopy(c.of(r.getInt(2), r.getDouble(3), r.getDouble(4), r.getDouble(5)), 0, x, s.size(), 3);
        ids.add(r.getString(0));
        batch.add(x);
        if (batch.size() == BATCH) {
          flush(m, ids, batch, out);
        }
      }
      flush(m, ids, batch, out);
      return out.iterator();
    }

    private static void flush(DjlRepresentationModel m, List<String> ids, List<double[]> batch, List<Row> out) {
      if (batch.isEmpty()) {
        return;
      }
      CustomerScores s = m.score(batch.toArray(double[][]::new));
      for (int i = 0; i < ids.size(); i++) {
        Float[] e = new Float[s.embedding()[i].length];
        for (int j = 0; j < e.length; j++) {
          e[j] = s.embedding()[i][j];
        }
        out.add(RowFactory.create(ids.get(i), e, s.predictedValue()[i], s.churnProbability()[i],
            s.responseProbability()[i], s.valueIfActive() == null ? Double.NaN : s.valueIfActive()[i]));
      }
      ids.clear();
      batch.clear();
    }
  }
}
