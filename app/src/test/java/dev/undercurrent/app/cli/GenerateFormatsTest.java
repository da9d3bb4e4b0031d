package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.spark.session.Sessions;
import dev.undercurrent.spark.sources.LakeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --format delta|parquet} writes the same lake as CSV, and its config reads it. */
class GenerateFormatsTest {
  @TempDir Path dir;

  @Test
  void deltaAndParquetLakesHoldTheSameRowsAsCsv() throws Exception {
    Sessions.getOrCreate("local[2]");
    List<SourceCounts> reference = null;
    for (String format : List.of("csv", "delta", "parquet")) {
      Path lake = dir.resolve(format);
      CliEndToEndTest.Result r = CliEndToEndTest.cli("generate", "--customers", "200", "--seed", "3", "--out",
          lake.toString(), "--format", format);
      assertEquals(0, r.code(), r.err());
      if (!format.equals("csv")) {
        assertTrue(Files.isDirectory(lake.resolve("orders")), "orders folder in " + format);
        assertFalse(Files.exists(lake.resolve("orders.csv")));
      }
      RunConfig cfg = RunConfig.load(lake.resolve("undercurrent.yaml"));
      List<SourceCounts> counts = new LakeReader(Sessions.getOrCreate(null), Instant.now()).read(cfg).counts();
      for (SourceCounts c : counts) {
        assertEquals(format.equals("csv") ? "csv" : format, c.format(), c.toString());
        assertEquals(0, c.quarantined(), c.toString());
      }
      if (reference == null) {
        reference = counts;
      } else {
        for (int i = 0; i < counts.size(); i++) {
          assertEquals(reference.get(i).read(), counts.get(i).read(), counts.get(i).source() + " in " + format);
        }
      }
    }
    assertEquals(2, CliEndToEndTest.cli("generate", "--customers", "10", "--out", dir.resolve("x").toString(),
        "--format", "orc").code());
  }
}
