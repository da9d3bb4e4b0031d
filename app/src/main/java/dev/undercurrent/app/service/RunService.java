package dev.undercurrent.app.service;

import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.report.HtmlReport;
import dev.undercurrent.core.report.RunFigures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Answers questions about one finished run: its overview, segments, opportunities, data quality
 * and model quality. Immutable and thread-safe once opened; the HTTP server calls it from many
 * threads.
 *
 * <p>It reads {@code run.json} only, so it needs no Spark session and opens in milliseconds. The
 * per-customer tables are not loaded; a customer lookup would be added as a method here backed by
 * an index in the run directory ({@link #runDir()} is kept for that), so that the three interfaces
 * gain it together.
 *
 * <p>Unknown ids raise {@link NotFoundException}; an unknown opportunity type raises
 * {@link IllegalArgumentException}. Both messages name the value given and what exists.
 */
public final class RunService {

  private final RunSummary run;
  private final Path runDir;
  private final List<SegmentProfile> segments;
  private final List<OpportunitySummary> opportunities;
  private volatile String reportHtml;

  private RunService(RunSummary run, Path runDir) {
    this.run = Objects.requireNonNull(run, "run");
    this.runDir = runDir;
    List<SegmentProfile> segs = new ArrayList<>(nonNull(run.segments()));
    segs.sort(Comparator.comparingInt(SegmentProfile::segmentId));
    this.segments = Collections.unmodifiableList(segs);
    List<OpportunitySummary> opps = new ArrayList<>(nonNull(run.opportunities()));
    opps.sort(Comparator.comparingInt(OpportunitySummary::rank));
    this.opportunities = Collections.unmodifiableList(opps);
  }

  /**
   * Opens a finished run directory (one holding {@code run.json}).
   *
   * @throws IOException when the directory holds no finished run, the file cannot be parsed, or
   *     it was written by a newer Undercurrent
   */
  public static RunService open(Path runDir) throws IOException {
    if (runDir == null) {
      throw new IllegalArgumentException("runDir: null; expected the directory of a finished run");
    }
    return new RunService(RunSummary.read(runDir), runDir);
  }

  /** A service over a summary already in memory (tests, or a run that just finished). */
  public static RunService of(RunSummary run) {
    if (run == null) {
      throw new IllegalArgumentException("run: null; expected a RunSummary");
    }
    return new RunService(run, null);
  }

  /** The summary as read from {@code run.json}. */
  public RunSummary run() {
    return run;
  }

  /** The run directory, when the service was opened from one. */
  public Optional<Path> runDir() {
    return Optional.ofNullable(runDir);
  }

  public RunOverview summary() {
    return new RunOverview(run.runId(), run.startedAt(), run.asOf(), run.horizonDays(),
        run.currency(), run.configHash(), run.seed(), run.outputFormat(), run.customers(),
        run.totalRevenue(), segments.size(), opportunities.size(),
        RunFigures.totalExpectedValue(run), RunFigures.countWorthActingOn(run), RunFigures.valueWorthActingOn(run),
        run.stageSeconds() == null ? Map.of() : new TreeMap<>(run.stageSeconds()));
  }

  /** All segments, by id. */
  public List<SegmentProfile> segments() {
    return segments;
  }

  /** The segment with this id. */
  public SegmentProfile segment(long id) {
    for (SegmentProfile s : segments) {
      if (s.segmentId() == id) {
        return s;
      }
    }
    throw new NotFoundException("segment", Long.toString(id), "segment " + id
        + " not found in run " + run.runId() + " (segment ids: "
        + segments.stream().map(s -> Integer.toString(s.segmentId())).collect(Collectors.joining(", "))
        + ")");
  }

  /** All opportunities, best rank first. */
  public List<OpportunitySummary> opportunities() {
    return opportunities;
  }

  /**
   * The opportunities of one type (a contract {@code type} value such as {@code win_back}), best
   * rank first; all of them when {@code type} is null or blank.
   */
  public List<OpportunitySummary> opportunities(String type) {
    if (type == null || type.isBlank()) {
      return opportunities;
    }
    String key;
    try {
      key = OpportunityType.byKey(type).key();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("type: unknown opportunity type '" + type
          + "'; expected one of " + java.util.Arrays.stream(OpportunityType.values())
              .map(OpportunityType::key).collect(Collectors.joining(", ")), e);
    }
    return opportunities.stream().filter(o -> key.equals(o.type())).toList();
  }

  /** The opportunity with this id. */
  public OpportunitySummary opportunity(String id) {
    for (OpportunitySummary o : opportunities) {
      if (o.opportunityId() != null && o.opportunityId().equals(id)) {
        return o;
      }
    }
    // An id as long as a page is not echoed whole into an agent's context or an error body.
    String shown = id == null || id.length() <= 80 ? id : id.substring(0, 77) + "...";
    throw new NotFoundException("opportunity", shown, "opportunity '" + shown + "' not found in run "
        + run.runId() + " (opportunity ids: " + opportunities.stream()
            .map(OpportunitySummary::opportunityId).collect(Collectors.joining(", ")) + ")");
  }

  /** Per-source row accounting, totals and rejected rows by reason. */
  public DataQuality dataQuality() {
    List<SourceCounts> sources = nonNull(run.sources()).stream().filter(Objects::nonNull).toList();
    long read = 0;
    long used = 0;
    long after = 0;
    long quarantined = 0;
    Map<String, Long> byReason = new TreeMap<>();
    for (SourceCounts c : sources) {
      read += c.read();
      used += c.used();
      after += c.afterAsOf();
      quarantined += c.quarantined();
      c.quarantinedByReason().forEach((reason, n) ->
          byReason.merge(c.source() + ": " + reason, n == null ? 0L : n, Long::sum));
    }
    boolean reconciles = read == used + after + quarantined
        && sources.stream().allMatch(SourceCounts::reconciles);
    return new DataQuality(sources, read, used, after, quarantined, reconciles, byReason);
  }

  /**
   * The run's quality metrics as recorded (value and churn model against baselines, segmentation,
   * agreement with the planted truth on synthetic lakes): a nested map fit for JSON, with only the
   * keys the run wrote.
   */
  public Map<String, Object> modelQuality() {
    Map<String, Object> m = run.metrics() == null ? Map.of() : run.metrics();
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The HTML report of the run ({@link HtmlReport#render(RunSummary)}), rendered once. */
  public String reportHtml() {
    String html = reportHtml;
    if (html == null) {
      html = HtmlReport.render(run);
      reportHtml = html;
    }
    return html;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }
}
