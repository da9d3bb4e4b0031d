package dev.undercurrent.spark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.generate.GeneratorOptions;
import dev.undercurrent.core.generate.LakeGenerator;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.spark.SharedSpark;
import dev.undercurrent.spark.signals.SignalJob;
import dev.undercurrent.spark.sources.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {
  @TempDir Path dir;

  /**
   * Where the labelled rows are a sample ({@code training_sample_cap}), the segment flows still
   * read every customer's signals at the latest labelled cut-off: the sampled customers' rows are
   * the very rows the sample holds, and the others are there too; and every labelled snapshot's
   * totals (for the seasonal level) are those of all its customers, not of the sample.
   */
  @Test
  void theLatestCutOffKeepsEveryCustomerWhenTheTrainingRowsAreASample() throws Exception {
    GeneratorOptions options = GeneratorOptions.of(300, 5);
    new LakeGenerator(options).generate(dir);
    // the orders alone: the other sources add signals, not rows
    Files.writeString(dir.resolve("orders.yaml"), "as_of: " + options.asOf() + "\nhorizon_days: 90\n"
        + "sources: {orders: {path: orders.csv, format: csv}}\n");
    SignalJob.Result signals = SignalJob.run(
        new LakeReader(SharedSpark.session(), Instant.now()).read(RunConfig.load(dir.resolve("orders.yaml"))),
        90, 6);
    Dataset<Row> rows = signals.rows().cache();
    try {
      long atLatest = rows.where(col("cut_index").equalTo(1)).count();
      long labelled = rows.where(col("cut_index").gt(0)).count();
      assertTrue(atLatest > 200, "most of the 300 customers had ordered a horizon before as_of: " + atLatest);

      Snapshots sampled = Snapshots.collect(rows, signals.catalog(), 90, (int) (labelled / 5), 42L);
      double[][] sample = sampled.alignedAt(1);
      double[][] all = sampled.latest();
      long inSample = Arrays.stream(sample).filter(r -> r != null).count();
      long inAll = Arrays.stream(all).filter(r -> r != null).count();
      assertTrue(inSample < atLatest / 2, "a fifth of the labelled rows is a sample: " + inSample + " of " + atLatest);
      assertEquals(atLatest, inAll, "every customer with a row at the latest cut-off");
      for (int i = 0; i < all.length; i++) {
        if (sample[i] != null) {
          assertArrayEquals(sample[i], all[i], "customer " + sampled.current.customerIds()[i]);
        }
      }

      // the seasonal level reads every snapshot's totals over all its customers, not the sample's
      java.util.Map<Integer, double[]> direct = new java.util.TreeMap<>();
      for (Row r : rows.where(col("cut_index").gt(0)).collectAsList()) {
        double[] t = direct.computeIfAbsent(r.getInt(1), k -> new double[3]);
        t[0]++;
        t[1] += r.getDouble(3);
        t[2] += r.getBoolean(4) ? 1 : 0;
      }
      assertEquals(direct.keySet(), sampled.totals.keySet());
      double sampledValue = 0;
      for (Snapshots.Labelled l : sampled.labelled) {
        sampledValue += l.cutIndex() == 1 ? l.value() : 0;
      }
      assertTrue(sampledValue < direct.get(1)[1] / 2, "the sample's revenue " + sampledValue + " is not the total");
      for (java.util.Map.Entry<Integer, double[]> e : direct.entrySet()) {
        Snapshots.CutTotal t = sampled.totals.get(e.getKey());
        assertEquals((long) e.getValue()[0], t.customers(), "cut " + e.getKey());
        assertEquals(e.getValue()[1], t.value(), 1e-6 * Math.abs(e.getValue()[1]), "cut " + e.getKey());
        assertEquals((long) e.getValue()[2], t.buyers(), "cut " + e.getKey());
      }
      java.util.List<dev.undercurrent.core.learning.SeasonalLevel.SnapshotTotal> dated =
          sampled.snapshotTotals(signals.cutoffs());
      assertEquals(direct.size(), dated.size());
      assertEquals(Math.floorDiv(signals.cutoffs()[1], 86_400L), dated.get(0).cutoffDay(), "cut 1 is the latest");

      Snapshots whole = Snapshots.collect(rows, signals.catalog(), 90, (int) labelled, 42L);
      assertEquals(sampled.totals, whole.totals, "the same totals with or without a sample");
      assertNull(whole.latestOfAll, "nothing kept twice where no row was left out");
      // the same customers with the same behavioural signals; the three lifetime-value signals come
      // from models fitted on each run's own rows of that cut-off (the sample, or all of them)
      double[][] fromAll = whole.latest();
      int behavioural = signals.catalog().size();
      for (int i = 0; i < all.length; i++) {
        assertEquals(fromAll[i] == null, all[i] == null, "customer " + whole.current.customerIds()[i]);
        if (all[i] != null) {
          assertArrayEquals(Arrays.copyOf(fromAll[i], behavioural), Arrays.copyOf(all[i], behavioural),
              "customer " + whole.current.customerIds()[i]);
        }
      }
    } finally {
      rows.unpersist();
    }
  }
}
