package dev.undercurrent.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TruthWindowTest {
  @Test
  void aRunAtAnotherCutOffIsNotScoredAgainstTheGeneratorsWindow(@TempDir Path dir) throws Exception {
    Path meta = dir.resolve("meta.json");
    assertNull(DiscoveryPipeline.truthWindowMismatch(meta, LocalDate.of(2025, 9, 1), 90),
        "a truth without meta.json (real data) is compared as before");
    Files.writeString(meta, "{\"format_version\": 1, \"as_of\": \"2025-12-29\", \"horizon_days\": 90}");
    assertNull(DiscoveryPipeline.truthWindowMismatch(meta, LocalDate.of(2025, 12, 29), 90));
    assertEquals("the truth is for as_of 2025-12-29, this run is as of 2025-09-01",
        DiscoveryPipeline.truthWindowMismatch(meta, LocalDate.of(2025, 9, 1), 90));
    assertEquals("the truth is for a 90-day horizon, this run's is 30",
        DiscoveryPipeline.truthWindowMismatch(meta, LocalDate.of(2025, 12, 29), 30));
  }
}
