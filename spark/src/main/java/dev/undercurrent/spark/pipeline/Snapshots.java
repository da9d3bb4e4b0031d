package dev.undercurrent.spark.pipeline;

import static org.apache.spark.sql.functions.*;

import dev.undercurrent.core.clv.ClvSignals;
import dev.undercurrent.core.clv.CustomerActivity;
import dev.undercurrent.core.learning.SeasonalLevel;
import dev.undercurrent.core.learning.TrainingSet;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.signals.SignalCatalog;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The signal rows of a run on the driver: the current snapshot of every customer and a sample of
 * the labelled earlier snapshots, each completed with the lifetime-value signals of a model fitted
 * at its own cut-off.
 *
 * <p>Limits: both are held in memory (1M customers × 80 signals ≈ 650 MB as doubles); the
 * training sample is capped by {@code training_sample_cap} and drawn by a hash of the customer id
 * and the seed, so it does not depend on partitioning. Where it is a sample, every customer's row
 * at the latest labelled cut-off is kept as well (as much again), for the segment flows.
 */
final class Snapshots {
  final SignalCatalog catalog;
  final CustomerSignals current;
  final List<Labelled> labelled;
  final Map<Integer, ClvSignals> clvByCut = new LinkedHashMap<>();
  /**
   * Every current customer's signals at the latest labelled cut-off (index 1), aligned with
   * {@link #current} (null where the customer had no order yet), kept only where the labelled rows
   * are a sample: the segment flows then still place every customer, not the sample alone.
   */
  double[][] latestOfAll;

  /** Every labelled snapshot's totals by cut index, over all its customers. */
  final Map<Integer, CutTotal> totals = new java.util.TreeMap<>();

  /**
   * What one labelled snapshot's customers did in the horizon after its cut-off: how many rows,
   * their revenue net of returns summed, and how many of them ordered.
   */
  record CutTotal(long customers, double value, long buyers) {}

  /** The labelled snapshots' totals with their cut-off dates, for {@link SeasonalLevel}. */
  List<SeasonalLevel.SnapshotTotal> snapshotTotals(long[] cutoffs) {
    List<SeasonalLevel.SnapshotTotal> out = new ArrayList<>();
    for (Map.Entry<Integer, CutTotal> e : totals.entrySet()) {
      if (e.getKey() > 0 && e.getKey() < cutoffs.length) {
        CutTotal t = e.getValue();
        out.add(new SeasonalLevel.SnapshotTotal(Math.floorDiv(cutoffs[e.getKey()], 86_400L), t.customers(), t.value(),
            t.buyers()));
      }
    }
    return out;
  }

  /** One labelled row. */
  record Labelled(String customerId, int cutIndex, double[] signals, double value, boolean bought, int touches,
      boolean responded) {}

  private Snapshots(SignalCatalog catalog, CustomerSignals current, List<Labelled> labelled) {
    this.catalog = catalog;
    this.current = current;
    this.labelled = labelled;
  }

  static Snapshots collect(Dataset<Row> rows, SignalCatalog base, int horizonDays, int cap, long seed) {
    SignalCatalog catalog = base.withClv();
    List<Row> cur = rows.where(col("cut_index").equalTo(0)).orderBy("customer_id").collectAsList();
    Dataset<Row> lab = rows.where(col("cut_index").gt(0));
    // every labelled snapshot's totals, over all its customers (not the training sample): the
    // seasonal level of the coming horizon is read from them (SeasonalLevel)
    Map<Integer, CutTotal> totals = new java.util.TreeMap<>();
    long total = 0;
    for (Row r : lab.groupBy("cut_index")
        .agg(count(lit(1)), sum("value"), sum(when(col("bought"), 1).otherwise(0)))
        .collectAsList()) {
      totals.put(r.getInt(0), new CutTotal(r.getLong(1), r.isNullAt(2) ? 0 : r.getDouble(2), r.isNullAt(3) ? 0 : r.getLong(3)));
      total += r.getLong(1);
    }
    if (total > cap) {
      double fraction = cap / (double) total;
      lab = lab.where(pmod(xxhash64(col("customer_id"), lit(seed)), lit(1_000_000L)).lt(lit((long) (fraction * 1_000_000))));
    }
    List<Row> labRows = lab.orderBy("cut_index", "customer_id").collectAsList();

    String[] ids = new String[cur.size()];
    double[][] values = new double[cur.size()][];
    Map<Integer, ClvSignals> clvByCut = new LinkedHashMap<>();
    ClvSignals clvNow = fitClv(cur, horizonDays);
    clvByCut.put(0, clvNow);
    for (int i = 0; i < cur.size(); i++) {
      ids[i] = cur.get(i).getString(0);
      values[i] = withClv(cur.get(i), clvNow);
    }
    Map<Integer, List<Row>> byCut = new HashMap<>();
    for (Row r : labRows) {
      byCut.computeIfAbsent(r.getInt(1), k -> new ArrayList<>()).add(r);
    }
    List<Labelled> labelled = new ArrayList<>(labRows.size());
    for (Map.Entry<Integer, List<Row>> e : new java.util.TreeMap<>(byCut).entrySet()) {
      ClvSignals clv = fitClv(e.getValue(), horizonDays);
      clvByCut.put(e.getKey(), clv);
      for (Row r : e.getValue()) {
        labelled.add(new Labelled(r.getString(0), r.getInt(1), withClv(r, clv), r.getDouble(3), r.getBoolean(4),
            r.getInt(5), r.getBoolean(6)));
      }
    }
    Snapshots out = new Snapshots(catalog, new CustomerSignals(ids, catalog, values), labelled);
    out.clvByCut.putAll(clvByCut);
    out.totals.putAll(totals);
    if (total > cap && clvByCut.containsKey(1)) {
      // the collected Spark rows (boxed values: gigabytes at a million customers) can go first
      cur = null;
      labRows = null;
      byCut = null;
      out.latestOfAll = out.allAt(rows, 1, clvByCut.get(1));
    }
    return out;
  }

  /**
   * Every customer's row of one cut-off, streamed a partition at a time (the driver holds one
   * partition's rows, not all of them as Spark rows), completed with the lifetime-value signals
   * fitted on that cut-off's sample.
   */
  private double[][] allAt(Dataset<Row> rows, int cutIndex, ClvSignals clv) {
    Map<String, Integer> pos = positions();
    double[][] out = new double[current.size()][];
    java.util.Iterator<Row> it = rows.where(col("cut_index").equalTo(cutIndex)).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      Integer i = pos.get(r.getString(0));
      if (i != null) {
        out[i] = withClv(r, clv);
      }
    }
    return out;
  }

  private Map<String, Integer> positions() {
    Map<String, Integer> pos = new HashMap<>(current.size() * 2);
    for (int i = 0; i < current.size(); i++) {
      pos.put(current.customerIds()[i], i);
    }
    return pos;
  }

  /** Every current customer's signals at the latest labelled cut-off (null where absent). */
  double[][] latest() {
    return latestOfAll != null ? latestOfAll : alignedAt(1);
  }

  private static ClvSignals fitClv(List<Row> rows, int horizonDays) {
    List<CustomerActivity> acts = new ArrayList<>(rows.size());
    for (Row r : rows) {
      acts.add(new CustomerActivity(r.getString(0), r.getInt(7), r.getDouble(8), r.getDouble(9), r.getDouble(10), 0));
    }
    return ClvSignals.fit(acts, horizonDays);
  }

  private static double[] withClv(Row r, ClvSignals clv) {
    List<Double> s = r.getList(2);
    double[] out = new double[s.size() + 3];
    for (int j = 0; j < s.size(); j++) {
      Double x = s.get(j);
      out[j] = x == null ? Double.NaN : x;
    }
    double[] c = clv.of(r.getInt(7), r.getDouble(8), r.getDouble(9), r.getDouble(10));
    System.arraycopy(c, 0, out, s.size(), 3);
    return out;
  }

  /**
   * The labelled rows as a training set; snapshots are numbered by date so that the latest
   * labelled one (cut index 1, a horizon before {@code as_of}) is the one held out.
   */
  TrainingSet trainingSet(long[] cutoffs, boolean hasMarketing, int horizonDays) {
    int n = labelled.size();
    double[][] x = new double[n][];
    double[] v = new double[n];
    boolean[] b = new boolean[n];
    boolean[] resp = new boolean[n];
    boolean[] obs = new boolean[n];
    int[] snap = new int[n];
    long[] sorted = cutoffs.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      Labelled l = labelled.get(i);
      x[i] = l.signals();
      v[i] = l.value();
      b[i] = l.bought();
      resp[i] = l.responded();
      obs[i] = l.touches() > 0;
      snap[i] = Arrays.binarySearch(sorted, cutoffs[l.cutIndex()]);
    }
    StringBuilder window = new StringBuilder("cut-offs ");
    for (int i = 1; i < cutoffs.length; i++) {
      window.append(i == 1 ? "" : ", ").append(LocalDate.ofEpochDay(cutoffs[i] / 86_400));
    }
    window.append("; horizon ").append(horizonDays).append(" days");
    return new TrainingSet(catalog.names(), x, v, b, hasMarketing ? resp : null, hasMarketing ? obs : null, snap,
        window.toString());
  }

  /** The labelled rows of one cut-off, aligned with the current customers (null where absent). */
  double[][] alignedAt(int cutIndex) {
    Map<String, Integer> pos = positions();
    double[][] out = new double[current.size()][];
    for (Labelled l : labelled) {
      if (l.cutIndex() == cutIndex) {
        Integer i = pos.get(l.customerId());
        if (i != null) {
          out[i] = l.signals();
        }
      }
    }
    return out;
  }
}
