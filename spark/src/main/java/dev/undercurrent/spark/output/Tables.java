package dev.undercurrent.spark.output;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.opportunities.OpportunityFinder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The contract's output tables (section 4) built from the core's records. Rows are mapped by hand
 * (STYLE.md: no bean encoders), one schema per table, columns in the contract's order first.
 */
public final class Tables {
  /** A table built on the driver, row by row on demand, so it can be written in chunks. */
  public record Rows(StructType schema, int size, java.util.function.IntFunction<Row> row) {}

  private final SparkSession spark;

  public Tables(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * @param pct each customer's value percentile ({@link #percentiles} of the predicted values)
   * @param priorSegment each customer's segment one horizon before {@code as_of} (see {@code
   *     segment_flows}), negative where new since, not compared, or null where the run has no flows
   */
  public Rows customerScores(String[] ids, CustomerScores s, int[] segmentOf, double[] pct, int[] priorSegment) {
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add("segment_id", DataTypes.IntegerType, false)
        .add("predicted_value", DataTypes.DoubleType, false)
        .add("churn_probability", DataTypes.DoubleType, false)
        .add("value_percentile", DataTypes.DoubleType, false)
        .add("response_probability", DataTypes.DoubleType, true)
        .add("value_if_active", DataTypes.DoubleType, true)
        .add("prior_segment_id", DataTypes.IntegerType, true);
    double[] buying = OpportunityFinder.valueIfBuying(s); // bounded as the sizing bounds it
    return new Rows(schema, ids.length, i -> {
      double r = s.responseProbability() == null ? Double.NaN : s.responseProbability()[i];
      double a = buying == null ? Double.NaN : buying[i];
      return RowFactory.create(ids[i], segmentOf[i], s.predictedValue()[i], s.churnProbability()[i], pct[i],
          Double.isNaN(r) ? null : r, Double.isFinite(a) ? a : null,
          priorSegment == null || priorSegment[i] < 0 ? null : priorSegment[i]);
    });
  }

  public Rows customerEmbeddings(String[] ids, float[][] embedding) {
    StructType schema = new StructType()
        .add("customer_id", DataTypes.StringType, false)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return new Rows(schema, ids.length, i -> {
      Float[] e = new Float[embedding[i].length];
      for (int j = 0; j < e.length; j++) {
        e[j] = embedding[i][j];
      }
      return RowFactory.create(ids[i], e);
    });
  }

  /** The embeddings as a dataset, for the MLlib comparison. */
  public Dataset<Row> customerEmbeddingsDataset(String[] ids, float[][] embedding) {
    Rows r = customerEmbeddings(ids, embedding);
    List<Row> rows = new ArrayList<>(r.size());
    for (int i = 0; i < r.size(); i++) {
      rows.add(r.row().apply(i));
    }
    return spark.createDataFrame(rows, r.schema());
  }

  public Dataset<Row> segments(List<SegmentProfile> segments) {
    StructType schema = new StructType()
        .add("segment_id", DataTypes.IntegerType, false)
        .add("name", DataTypes.StringType, false)
        .add("description", DataTypes.StringType, false)
        .add("customers", DataTypes.LongType, false)
        .add("share_of_customers", DataTypes.DoubleType, false)
        .add("share_of_revenue", DataTypes.DoubleType, false)
        .add("avg_predicted_value", DataTypes.DoubleType, false)
        .add("avg_churn_probability", DataTypes.DoubleType, false)
        .add("x", DataTypes.DoubleType, false)
        .add("y", DataTypes.DoubleType, false)
        .add("neighbours", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("contrasts", DataTypes.createArrayType(DataTypes.StringType, false), false);
    List<Row> rows = new ArrayList<>();
    for (SegmentProfile p : segments) {
      rows.add(RowFactory.create(p.segmentId(), p.name(), p.description(), p.customers(), p.shareOfCustomers(),
          p.shareOfRevenue(), p.avgPredictedValue(), p.avgChurnProbability(), p.x(), p.y(),
          p.neighbours().toArray(Integer[]::new), p.contrasts().toArray(String[]::new)));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * One row per pair of segments with customers between them over the last horizon (from a segment
   * to itself: those who stayed; no {@code from_segment_id}: customers new since {@code since});
   * no rows where the run had no earlier cut-off to compare with.
   */
  public Dataset<Row> segmentFlows(SegmentFlows flows, List<SegmentProfile> segments) {
    StructType schema = new StructType()
        .add("since", DataTypes.DateType, false)
        .add("from_segment_id", DataTypes.IntegerType, true)
        .add("from_name", DataTypes.StringType, false)
        .add("to_segment_id", DataTypes.IntegerType, false)
        .add("to_name", DataTypes.StringType, false)
        .add("customers", DataTypes.LongType, false)
        .add("share_of_from", DataTypes.DoubleType, true)
        .add("predicted_value", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    if (flows != null) {
      java.sql.Date since = java.sql.Date.valueOf(flows.since());
      java.util.Map<Integer, String> names = new java.util.HashMap<>();
      for (SegmentProfile p : segments) {
        names.put(p.segmentId(), p.name());
      }
      for (SegmentFlows.Flow f : flows.flows()) {
        Integer from = f.fromSegment();
        long before = from == null ? 0 : flows.before(from);
        rows.add(RowFactory.create(since, from, from == null ? "new customers" : names.get(from), f.toSegment(),
            names.get(f.toSegment()), f.customers(), before > 0 ? f.customers() / (double) before : null,
            f.predictedValue()));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  public Dataset<Row> segmentSignals(List<SegmentProfile> segments) {
    StructType schema = new StructType()
        .add("segment_id", DataTypes.IntegerType, false)
        .add("signal", DataTypes.StringType, false)
        .add("segment_value", DataTypes.DoubleType, true)
        .add("population_value", DataTypes.DoubleType, true)
        .add("effect_size", DataTypes.DoubleType, false)
        .add("rank", DataTypes.IntegerType, false)
        .add("label", DataTypes.StringType, true);
    List<Row> rows = new ArrayList<>();
    for (SegmentProfile p : segments) {
      for (SegmentSignal s : p.signals()) {
        rows.add(RowFactory.create(s.segmentId(), s.signal(), nan(s.segmentValue()), nan(s.populationValue()),
            s.effectSize(), s.rank(), s.label()));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  public Dataset<Row> opportunities(List<Opportunity> opportunities) {
    StructType schema = new StructType()
        .add("opportunity_id", DataTypes.StringType, false)
        .add("type", DataTypes.StringType, false)
        .add("title", DataTypes.StringType, false)
        .add("segment_id", DataTypes.IntegerType, true)
        .add("customers", DataTypes.LongType, false)
        .add("expected_value", DataTypes.DoubleType, false)
        .add("confidence", DataTypes.DoubleType, false)
        .add("evidence", DataTypes.StringType, false)
        .add("action", DataTypes.StringType, false)
        .add("kpi", DataTypes.StringType, false)
        .add("rank", DataTypes.IntegerType, false)
        .add("value_formula", DataTypes.StringType, false);
    List<Row> rows = new ArrayList<>();
    for (Opportunity o : opportunities) {
      rows.add(RowFactory.create(o.opportunityId(), o.type().key(), o.title(), o.segmentId(), o.customers(),
          o.expectedValue(), o.confidence(), o.evidence(), o.action(), o.kpi(), o.rank(), o.valueFormula()));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * One row per opportunity and member.
   *
   * @param inHoldout decides, from (opportunity id, customer id), whether a member is held out
   */
  public Rows opportunityMembers(List<Opportunity> opportunities, BiPredicate<String, String> inHoldout) {
    StructType schema = new StructType()
        .add("opportunity_id", DataTypes.StringType, false)
        .add("customer_id", DataTypes.StringType, false)
        .add("score", DataTypes.DoubleType, false)
        .add("group", DataTypes.StringType, false);
    int total = 0;
    for (Opportunity op : opportunities) {
      total += op.memberIds().size();
    }
    int[] owner = new int[total];
    int[] position = new int[total];
    for (int o = 0, i = 0; o < opportunities.size(); o++) {
      for (int k = 0; k < opportunities.get(o).memberIds().size(); k++, i++) {
        owner[i] = o;
        position[i] = k;
      }
    }
    return new Rows(schema, total, i -> {
      Opportunity op = opportunities.get(owner[i]);
      int k = position[i];
      String id = op.memberIds().get(k);
      return RowFactory.create(op.opportunityId(), id, op.memberScores()[k],
          inHoldout.test(op.opportunityId(), id) ? "holdout" : "treatment");
    });
  }

  private static Double nan(double x) {
    return Double.isNaN(x) ? null : x;
  }

  /** Percentile rank in [0, 1] (average rank for ties). */
  public static double[] percentiles(double[] v) {
    int n = v.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    double[] out = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      double rank = n == 1 ? 1 : ((i + j) / 2.0) / (n - 1);
      for (int k = i; k <= j; k++) {
        out[idx[k]] = rank;
      }
      i = j + 1;
    }
    return out;
  }
}
