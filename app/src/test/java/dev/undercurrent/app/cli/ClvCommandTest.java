package dev.undercurrent.app.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clv} on the CDNOW 1/10 sample through the example config, against Fader, Hardie &amp; Lee
 * (2005): BG/NBD r, α, a, b = 0.243, 4.414, 0.793, 2.426 (LL −9,582.4); Pareto/NBD 0.553, 10.578,
 * 0.606, 11.669 (LL −9,595.0); Gamma-Gamma 6.25, 3.74, 15.44; 39-week holdout 1,882 actual.
 */
class ClvCommandTest {
  @TempDir Path dir;

  private static void near(double expected, JsonNode actual) {
    assertEquals(expected, actual.asDouble(), Math.abs(expected) * 0.01, actual.toString());
  }

  @Test
  void fitsTheCdnowSampleToThePublishedFigures() throws Exception {
    Path shared = Path.of(System.getProperty("undercurrent.shared", "../../shared")).toAbsolutePath().normalize();
    String cfg = Files.readString(Path.of("../examples/cdnow.yaml"))
        .replace("../../shared/data/cdnow", shared.resolve("data/cdnow").toString());
    Path file = dir.resolve("cdnow.yaml");
    Files.writeString(file, cfg);
    CliEndToEndTest.Result r = CliEndToEndTest.cli("clv", "--config", file.toString(), "--calibration-end", "1997-09-30",
        "--holdout-end", "1998-06-30", "--time-unit", "week");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out().trim());
    assertEquals(2357, j.get("customers").asLong());
    near(0.243, j.at("/bgnbd/r"));
    near(4.414, j.at("/bgnbd/alpha"));
    near(0.793, j.at("/bgnbd/a"));
    near(2.426, j.at("/bgnbd/b"));
    near(-9582.4, j.at("/bgnbd/log_likelihood"));
    near(0.553, j.at("/pareto_nbd/r"));
    near(10.578, j.at("/pareto_nbd/alpha"));
    near(0.606, j.at("/pareto_nbd/s"));
    near(11.669, j.at("/pareto_nbd/beta"));
    near(-9595.0, j.at("/pareto_nbd/log_likelihood"));
    near(6.25, j.at("/gamma_gamma/p"));
    near(3.74, j.at("/gamma_gamma/q"));
    near(15.44, j.at("/gamma_gamma/gamma"));
    assertEquals(1882, j.at("/holdout/actual_repeat_transactions").asLong());
    near(1668.8, j.at("/holdout/bgnbd_predicted"));
    near(1744.9, j.at("/holdout/pareto_nbd_predicted"));
    assertEquals(2, CliEndToEndTest.cli("clv", "--config", file.toString(), "--calibration-end", "1997-09-30",
        "--time-unit", "month").code());
    CliEndToEndTest.Result early = CliEndToEndTest.cli("clv", "--config", file.toString(), "--calibration-end",
        "1996-12-31");
    assertEquals(2, early.code(), early.err());
    assertTrue(early.err().contains("--calibration-end: 1996-12-31 is before the first valid order (1997-01-01);"
        + " the calibration period must hold orders"), early.err());
  }
}
