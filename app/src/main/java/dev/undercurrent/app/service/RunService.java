package dev.undercurrent.app.service;

import dev.undercurrent.core.lookup.CustomerIndex;
import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.ContactIds;
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
 * <p>It reads {@code run.json} when opened, so it needs no Spark session and opens in milliseconds.
 * A customer lookup ({@link #customer}) reads the run's customer index ({@link CustomerIndex}) on
 * first use and keeps it; the per-customer tables themselves are not read.
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
  private volatile CustomerIndex customers;
  private java.io.UncheckedIOException customersFailure;

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
        RunFigures.countWorthActingOn(run), RunFigures.valueWorthActingOn(run), RunFigures.totalExpectedValue(run),
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

  /** The segment with this id, with where its customers came from and went to over the last horizon. */
  public SegmentView segmentView(long id) {
    return SegmentView.of(segment(id), run.segmentFlows(), this::segmentName);
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
    String shown = echoed(id);
    throw new NotFoundException("opportunity", shown, "opportunity '" + shown + "' not found in run "
        + run.runId() + " (opportunity ids: " + opportunities.stream()
            .map(OpportunitySummary::opportunityId).collect(Collectors.joining(", ")) + ")");
  }

  /** Neighbours a customer lookup gives unless asked for another number. */
  public static final int DEFAULT_NEIGHBOURS = 10;
  /** The most neighbours a lookup gives. */
  public static final int MAX_NEIGHBOURS = 100;

  /**
   * One customer: by the id as the run keeps it (as in {@code customer_scores}), or by an email
   * address or phone number where the run keyed that customer by one (it keeps those as
   * {@code sha256:} ids, and the same rule finds them).
   *
   * @param neighbours how many of the nearest customers in the learned space to give, 0 to
   *     {@value #MAX_NEIGHBOURS}
   * @throws NotFoundException when the run has no such customer, or no customer index (a run
   *     written before lookups existed, or a service not opened from a run directory)
   */
  public CustomerView customer(String idOrContact, int neighbours) {
    if (neighbours < 0 || neighbours > MAX_NEIGHBOURS) {
      throw new IllegalArgumentException("neighbours: " + neighbours + "; expected 0 to " + MAX_NEIGHBOURS);
    }
    CustomerIndex index = customerIndex();
    String shown = echoed(idOrContact);
    int row = index.find(idOrContact).orElseThrow(() -> new NotFoundException("customer", shown, "customer "
        + shown + " not found in run " + run.runId() + " (" + String.format(java.util.Locale.ROOT, "%,d", index.size())
        + " customers; ids are as in customer_scores, and a customer keyed by an email address or phone number"
        + " is found by either)"));
    CustomerIndex.Customer c = index.customer(row, neighbours);
    Map<String, OpportunitySummary> byId = new java.util.HashMap<>();
    opportunities.forEach(o -> byId.put(o.opportunityId(), o));
    List<CustomerView.Membership> in = new ArrayList<>();
    for (CustomerIndex.Membership m : c.opportunities()) {
      OpportunitySummary o = byId.get(m.opportunityId());
      in.add(new CustomerView.Membership(m.opportunityId(), o == null ? null : o.type(), o == null ? null : o.title(),
          m.group(), m.score(), m.holdout()
              ? "held out: leave this customer out of this opportunity's action, so that measure can tell its lift"
              : "treatment: act on this customer as the opportunity says"));
    }
    List<CustomerView.Neighbour> near = c.neighbours().stream()
        .map(n -> new CustomerView.Neighbour(n.customerId(), n.distance(), n.segmentId(), segmentName(n.segmentId()),
            n.predictedValue(), n.churnProbability()))
        .toList();
    List<CustomerView.Trait> traits = c.standsOut().stream()
        .map(t -> new CustomerView.Trait(t.signal(), t.label(), t.value(), t.populationMedian(), t.percentile()))
        .toList();
    CustomerView.Movement movement = null;
    if (run.segmentFlows() != null && (c.priorSegmentId() != null || c.newSince())) {
      Integer was = c.priorSegmentId();
      movement = new CustomerView.Movement(run.segmentFlows().since(), was, was == null ? null : segmentName(was),
          was == null ? "new" : was == c.segmentId() ? "stayed" : "moved");
    }
    return new CustomerView(c.customerId(), run.runId(), run.asOf(), run.horizonDays(), run.currency(), c.segmentId(),
        segmentName(c.segmentId()), c.predictedValue(), c.churnProbability(), c.valuePercentile(), movement, traits,
        in, near);
  }

  /**
   * A value someone asked for, as an error may repeat it: one that may hold an email address or a
   * phone number is not repeated at all, and one as long as a page is cut (at a whole character),
   * so that neither lands whole in an error body or an agent's context.
   */
  private static String echoed(String given) {
    if (given == null) {
      return null;
    }
    if (ContactIds.mayHoldContact(given)) {
      return "(the email address or phone number given)";
    }
    return given.codePointCount(0, given.length()) <= 80 ? given
        : given.substring(0, given.offsetByCodePoints(0, 77)) + "...";
  }

  private String segmentName(int id) {
    for (SegmentProfile s : segments) {
      if (s.segmentId() == id) {
        return s.name();
      }
    }
    return null;
  }

  private CustomerIndex customerIndex() {
    CustomerIndex index = customers;
    if (index != null) {
      return index;
    }
    synchronized (this) {
      if (customersFailure != null) {
        // a damaged index is read once, not again on every request (seconds at a million customers)
        throw customersFailure;
      }
      if (customers == null) {
        Path file = runDir == null ? null : runDir.resolve(CustomerIndex.FILE_NAME);
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
          throw new NotFoundException("customer index", CustomerIndex.FILE_NAME, "run " + run.runId()
              + " has no customer index (" + CustomerIndex.FILE_NAME + "): it was written by an earlier Undercurrent;"
              + " run discover again to look customers up");
        }
        try {
          customers = CustomerIndex.read(file);
        } catch (IOException e) {
          customersFailure = new java.io.UncheckedIOException(e.getMessage(), e);
          throw customersFailure;
        }
      }
      return customers;
    }
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
