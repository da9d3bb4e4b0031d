package dev.undercurrent.spark.clv;

import static org.apache.spark.sql.functions.*;

import dev.undercurrent.core.clv.ActivityPatterns;
import dev.undercurrent.core.clv.ClvPeriod;
import dev.undercurrent.core.clv.ClvSummary;
import dev.undercurrent.core.clv.CustomerActivity;
import dev.undercurrent.core.clv.FitOptions;
import dev.undercurrent.core.clv.SpendObservations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fits BG/NBD, Pareto/NBD and Gamma-Gamma on an orders dataset. Each customer's purchase days are
 * summarised in Spark by {@link CustomerActivity#fromPurchaseDays} (the one place the literature's
 * conventions live); the summaries are compressed to distinct {@code (x, t_x, T)} patterns with
 * counts, so the driver holds patterns, not customers.
 */
public final class ClvJob {
  private static final StructType ACTIVITY = new StructType()
      .add("x", DataTypes.IntegerType)
      .add("tx", DataTypes.DoubleType)
      .add("age", DataTypes.DoubleType)
      .add("m", DataTypes.DoubleType)
      .add("holdout", DataTypes.IntegerType);

  private ClvJob() {}

  /** Fits the three models on the valid orders ({@code customer_id, ordered_at, revenue}). */
  public static ClvSummary fit(Dataset<Row> orders, ClvPeriod period) {
    Dataset<Row> days = orders
        .select(col("customer_id"), datediff(to_date(col("ordered_at")), lit("1970-01-01").cast("date")).cast("long").as("day"),
            col("revenue"));
    Dataset<Row> activity = days
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(new Summarise(period), Encoders.row(ACTIVITY))
        .persist();
    ActivityPatterns.Builder patterns = ActivityPatterns.builder();
    long actual = 0;
    for (Row r : activity.groupBy("x", "tx", "age").agg(count(lit(1)), sum("holdout")).collectAsList()) {
      patterns.add(r.getInt(0), r.getDouble(1), r.getDouble(2), r.getLong(3));
      actual += r.getLong(4);
    }
    List<Row> spend = activity.where(col("x").gt(0)).select("x", "m").collectAsList();
    int[] x = new int[spend.size()];
    double[] m = new double[spend.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = spend.get(i).getInt(0);
      m[i] = spend.get(i).getDouble(1);
    }
    activity.unpersist();
    return ClvSummary.fit(patterns.build(), SpendObservations.of(x, m), period.holdoutLength(), actual,
        FitOptions.defaults());
  }

  static final class Summarise implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ClvPeriod period;

    Summarise(ClvPeriod period) {
      this.period = period;
    }

    @Override
    public Iterator<Row> call(String customerId, Iterator<Row> rows) {
      List<Long> d = new ArrayList<>();
      List<Double> v = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        d.add(r.getLong(1));
        v.add(r.isNullAt(2) ? 0.0 : r.getDouble(2));
      }
      long[] days = d.stream().mapToLong(Long::longValue).toArray();
      double[] values = v.stream().mapToDouble(Double::doubleValue).toArray();
      List<Row> out = new ArrayList<>(1);
      CustomerActivity.fromPurchaseDays(customerId, days, values, period).ifPresent(a ->
          out.add(RowFactory.create(a.frequency(), a.recency(), a.age(), a.averageRepeatValue(), a.holdoutTransactions())));
      return out.iterator();
    }
  }
}
