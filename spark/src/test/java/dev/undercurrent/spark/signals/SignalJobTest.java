package dev.undercurrent.spark.signals;

import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.spark.SharedSpark;
import dev.undercurrent.spark.sources.LakeReader;
import dev.undercurrent.spark.sources.ValidatedLake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalJobTest {
  @TempDir Path dir;

  private static final String ORDERS = """
      order_id,customer_id,ordered_at,revenue
      a1,A,2024-01-10 10:00:00,100
      a2,A,2024-06-10 10:00:00,100
      a3,A,2024-12-01 10:00:00,100
      a4,A,2025-03-01 10:00:00,100
      b1,B,2024-11-20 10:00:00,40
      """;

  private Map<String, Row> run(String orders) throws Exception {
    Files.writeString(dir.resolve("orders.csv"), orders);
    Files.writeString(dir.resolve("cfg.yaml"), "as_of: 2025-04-01\nhorizon_days: 90\nsources: {orders: {path: orders.csv}}\n");
    ValidatedLake lake = new LakeReader(SharedSpark.session(), Instant.now()).read(RunConfig.load(dir.resolve("cfg.yaml")));
    SignalJob.Result r = SignalJob.run(lake, 90, 6);
    Map<String, Row> out = new TreeMap<>();
    for (Row row : r.rows().collectAsList()) {
      out.put(row.getString(0) + "@" + row.getInt(1), row);
    }
    return out;
  }

  private static double signal(Row r, String name, SignalCatalog catalog) {
    return r.<Double>getList(2).get(catalog.indexOf(name));
  }

  @Test
  void cutoffsGoBackOneHorizonAtATimeAndAddTheSeasonAYearEarlier() {
    long[] c = SignalJob.cutoffs(LocalDate.of(2025, 4, 1), 90, LocalDate.of(2023, 1, 1), 6);
    assertEquals(7, c.length, "as_of, six horizons back; a year back falls within 15 days of one of them");
    long[] d = SignalJob.cutoffs(LocalDate.of(2025, 4, 1), 100, LocalDate.of(2023, 1, 1), 3);
    assertEquals(5, d.length, "as_of, three horizons back, and the date a year earlier");
    assertEquals(dev.undercurrent.core.signals.SignalCalculator.cutoff(LocalDate.of(2024, 4, 1)), d[4]);
  }

  @Test
  void aHistoryTooShortForTheHorizonIsSaidWithTheLongestHorizonItAllows() {
    // the generated 300-customer lake: orders from 2023-01-04, as of 2025-12-29, a year's horizon
    LocalDate asOf = LocalDate.of(2025, 12, 29);
    LocalDate first = LocalDate.of(2023, 1, 4);
    assertEquals("horizon_days: 365 leaves one labelled cut-off in orders from 2023-01-04 to as_of 2025-12-29; training"
        + " needs two (one to learn from, the latest held out to judge it), each with a horizon of orders before it:"
        + " give horizon_days of at most 363, or more history (or score with a saved model, --model)",
        SignalJob.tooShort(asOf, 365, first, 6));
    assertNull(SignalJob.tooShort(asOf, 363, first, 6), "the longest it names is enough");
    assertEquals(3, SignalJob.cutoffs(asOf, 363, first, 6).length);
    assertNull(SignalJob.tooShort(asOf, 90, first, 6));
    assertTrue(SignalJob.tooShort(asOf, 90, asOf.minusDays(100), 6).contains("leaves no labelled cut-off"));
    assertTrue(SignalJob.tooShort(asOf, 90, asOf.minusDays(10), 6).contains("more history is needed"));
  }

  @Test
  void noTrainingCutoffSeesTheHeldOutHorizonWhateverTheHorizon() {
    LocalDate asOf = LocalDate.of(2025, 12, 29);
    long day = 86_400L;
    for (int h = 1; h <= 730; h++) {
      long[] c = SignalJob.cutoffs(asOf, h, asOf.minusYears(3), 6);
      if (c.length < 2) {
        continue;
      }
      for (int k = 2; k < c.length; k++) {
        assertTrue(c[k] < c[1], "horizon " + h + ": cut-off " + k + " is not before the held-out one");
        assertTrue(c[k] + h * day <= c[1], "horizon " + h + ": the labels of cut-off " + k
            + " run into the held-out horizon");
      }
    }
    // The year-earlier cut-off is still added where it is clear of the held-out horizon.
    assertEquals(5, SignalJob.cutoffs(LocalDate.of(2025, 4, 1), 100, LocalDate.of(2023, 1, 1), 3).length);
  }

  @Test
  void rowsAfterAsOfAndLabelWindowsNeverReachTheInputs() throws Exception {
    Map<String, Row> base = run(ORDERS);
    // after as_of: a huge order changes nothing at all
    Map<String, Row> later = run(ORDERS + "a5,A,2025-04-01 00:00:00,99999\nb2,B,2025-05-01 10:00:00,500\n");
    assertEquals(base.keySet(), later.keySet());
    for (String k : base.keySet()) {
      assertEquals(base.get(k).toString(), later.get(k).toString(), k);
    }
    // cut 1 is 2025-01-01: its label window [2025-01-01, 2025-04-01) holds a4 (100)
    Row a1 = base.get("A@1");
    assertEquals(100.0, a1.getDouble(3), 1e-9);
    assertTrue(a1.getBoolean(4));
    // raising a4 changes the label of cut 1 but not its signals
    Map<String, Row> bigger = run(ORDERS.replace("a4,A,2025-03-01 10:00:00,100", "a4,A,2025-03-01 10:00:00,700"));
    assertEquals(700.0, bigger.get("A@1").getDouble(3), 1e-9);
    assertEquals(a1.getList(2).toString(), bigger.get("A@1").getList(2).toString());
    // and the current snapshot sees a4 as the last order
    SignalCatalog catalog = SignalCatalog.of(java.util.EnumSet.of(dev.undercurrent.core.signals.SignalGroup.ORDERS), List.of(), List.of());
    assertEquals(31, signal(base.get("A@0"), SignalCatalog.RECENCY_DAYS, catalog), 0.6);
    assertFalse(base.containsKey("B@3"), "B had not ordered before the third cut-off");
  }
}
