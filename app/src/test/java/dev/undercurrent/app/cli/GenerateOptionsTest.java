package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.record.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --as-of --horizon-days}: a lake cut at another date, in another season; {@code
 * --kind-mix}: another mix of the planted kinds.
 */
class GenerateOptionsTest {
  @TempDir Path dir;

  @Test
  void anotherCutOffMovesTheLakeAndItsHorizon() throws Exception {
    Path lake = dir.resolve("summer");
    CliEndToEndTest.Result r = CliEndToEndTest.cli("generate", "--customers", "60", "--seed", "4",
        "--as-of", "2025-06-30", "--horizon-days", "60", "--out", lake.toString());
    assertEquals(0, r.code(), r.err());
    RunConfig cfg = RunConfig.load(lake.resolve("undercurrent.yaml"));
    assertEquals(LocalDate.parse("2025-06-30"), cfg.asOf().orElseThrow());
    assertEquals(60, cfg.horizonDays());
    List<String> orders = Files.readAllLines(lake.resolve("orders.csv"));
    assertTrue(orders.size() > 60, "orders written: " + orders.size());
    for (String line : orders.subList(1, orders.size())) {
      String at = line.split(",")[2];
      assertTrue(at.compareTo("2025-06-30") < 0, "lake order on or after as_of: " + line);
    }
    for (String line : Files.readAllLines(lake.resolve("_truth/future_orders.csv")).subList(1, 2)) {
      String at = line.split(",")[2];
      assertTrue(at.compareTo("2025-06-30") >= 0 && at.compareTo("2025-08-29") < 0, "horizon order: " + line);
    }
  }

  @Test
  void aHorizonOutOfRangeIsRefusedByName() {
    CliEndToEndTest.Result r = CliEndToEndTest.cli("generate", "--customers", "10", "--horizon-days", "0",
        "--out", dir.resolve("x").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--horizon-days"), r.err());
  }

  @Test
  void aKindMixIsWrittenToTheTruthAndAnUnknownKindIsRefusedByName() throws Exception {
    Path lake = dir.resolve("mixed");
    CliEndToEndTest.Result ok = CliEndToEndTest.cli("generate", "--customers", "40", "--kind-mix", "one_time=1",
        "--out", lake.toString());
    assertEquals(0, ok.code(), ok.err());
    String meta = Files.readString(lake.resolve("_truth/meta.json"));
    assertTrue(meta.contains("\"kind_shares\""), meta);
    CliEndToEndTest.Result bad = CliEndToEndTest.cli("generate", "--customers", "10", "--kind-mix", "vip=0.2",
        "--out", dir.resolve("y").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--kind-mix") && bad.err().contains("vip=0.2"), bad.err());
  }
}
