package dev.undercurrent.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The summary of a finished run, written beside its tables as {@code run.json}. The report, the
 * HTTP API and the MCP server read this file, so they need no Spark session and cannot disagree.
 *
 * @param formatVersion the version of this file's layout; readers refuse newer ones
 * @param metrics quality and model metrics, nested maps of numbers and strings
 * @param stageSeconds wall-clock seconds per pipeline stage
 * @param segmentFlows how customers moved between segments over the last horizon; null where the
 *     run kept no earlier cut-off to compare with, and in runs written before it existed
 */
public record RunSummary(
    int formatVersion,
    String runId,
    String startedAt,
    String asOf,
    int horizonDays,
    String currency,
    String configHash,
    long seed,
    String outputFormat,
    long customers,
    double totalRevenue,
    List<SourceCounts> sources,
    List<SegmentProfile> segments,
    List<OpportunitySummary> opportunities,
    Map<String, Object> metrics,
    Map<String, Double> stageSeconds,
    SegmentFlows segmentFlows) {

  /** A summary without segment flows (a run whose earlier cut-off was not kept, or one written before them). */
  public RunSummary(int formatVersion, String runId, String startedAt, String asOf, int horizonDays, String currency,
      String configHash, long seed, String outputFormat, long customers, double totalRevenue, List<SourceCounts> sources,
      List<SegmentProfile> segments, List<OpportunitySummary> opportunities, Map<String, Object> metrics,
      Map<String, Double> stageSeconds) {
    this(formatVersion, runId, startedAt, asOf, horizonDays, currency, configHash, seed, outputFormat, customers,
        totalRevenue, sources, segments, opportunities, metrics, stageSeconds, null);
  }

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "run.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public void write(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    Path tmp = runDir.resolve(FILE_NAME + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, runDir.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads {@code run.json} of a finished run. */
  public static RunSummary read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      throw new IOException(runDir + ": not a finished run (no " + FILE_NAME + ")");
    }
    RunSummary s = JSON.readValue(f.toFile(), RunSummary.class);
    if (s.formatVersion() > FORMAT_VERSION) {
      throw new IOException(f + ": format version " + s.formatVersion()
          + "; this Undercurrent supports at most version " + FORMAT_VERSION);
    }
    return s;
  }

  public static ObjectMapper json() {
    return JSON;
  }
}
