package dev.undercurrent.core.record;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.undercurrent.core.segments.SegmentCountOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The YAML configuration of a run (contract section 3), parsed and checked.
 *
 * <p>Relative paths are resolved against the folder of the config file so that a config and its
 * lake can be moved together. Unknown top-level keys are refused rather than ignored: a typo in
 * {@code horizon_days} should not silently give a 90-day horizon.
 *
 * @param asOf the run's cut-off; empty means the day after the last order
 * @param horizonDays how far ahead values and risks are predicted
 * @param sources the configured sources; {@link Source#ORDERS} is always present
 * @param outputPath where the run's tables go
 * @param outputFormat {@code delta}, {@code parquet} or {@code csv}
 * @param seed the seed of every random choice in the run
 * @param holdoutShare the share of each audience kept as holdout
 * @param holdoutSalt mixed into the holdout split: the same salt keeps every customer on the same
 *     side of each opportunity's split from run to run (a standing control group); a new one draws
 *     new splits, e.g. for a new wave of an experiment
 * @param embeddingDim the size of the learned customer embedding
 * @param currency the currency code shown beside values
 * @param trainingSampleCap the most customer snapshots the network trains on
 * @param minSegments the fewest segments the run may choose
 * @param maxSegments the most segments the run may choose; equal to {@code minSegments} when the
 *     config fixes the number ({@code segments: {count: N}})
 * @param assumptions the sizing assumptions the config overrides
 * @param seasonalLevel whether predicted values and churn probabilities are moved towards the level
 *     of the same season a year earlier where the history allows ({@code value_level: seasonal},
 *     the default) or left at the network's own level ({@code value_level: network}); see
 *     {@code SeasonalLevel}
 * @param configHash SHA-256 of the config text, for provenance
 */
public record RunConfig(
    Optional<LocalDate> asOf,
    int horizonDays,
    Map<Source, SourceConfig> sources,
    String outputPath,
    String outputFormat,
    long seed,
    double holdoutShare,
    String holdoutSalt,
    int embeddingDim,
    String currency,
    int trainingSampleCap,
    int minSegments,
    int maxSegments,
    Map<String, Double> assumptions,
    boolean seasonalLevel,
    String configHash) {

  private static final Set<String> TOP_KEYS =
      Set.of(
          "as_of",
          "horizon_days",
          "sources",
          "output",
          "seed",
          "holdout_share",
          "holdout_salt",
          "embedding_dim",
          "currency",
          "training_sample_cap",
          "segments",
          "value_level",
          "assumptions");
  /** Columns an {@code orders} source at line grain may map in addition to its own. */
  private static final Set<String> LINE_COLUMNS = Set.of("quantity", "unit_price", "product_id", "category");
  private static final Set<String> FORMATS = Set.of("csv", "parquet", "delta", "iceberg");
  private static final Set<String> OUTPUT_FORMATS = Set.of("csv", "parquet", "delta");

  public RunConfig {
    sources = Map.copyOf(sources);
    assumptions = Map.copyOf(assumptions);
  }

  public Optional<SourceConfig> source(Source s) {
    return Optional.ofNullable(sources.get(s));
  }

  /** A copy with the command line's overrides applied (they win over the file). */
  public RunConfig withOverrides(LocalDate asOfOverride, String outOverride, String formatOverride)
      throws ConfigException {
    String fmt = formatOverride == null ? outputFormat : formatOverride.toLowerCase(Locale.ROOT);
    if (!OUTPUT_FORMATS.contains(fmt)) {
      throw new ConfigException(
          "--output-format: unsupported value '" + formatOverride + "' (expected delta, parquet or csv)");
    }
    return new RunConfig(
        asOfOverride == null ? asOf : Optional.of(asOfOverride),
        horizonDays,
        sources,
        outOverride == null ? outputPath : localOutput(outOverride, "--out"),
        fmt,
        seed,
        holdoutShare,
        holdoutSalt,
        embeddingDim,
        currency,
        trainingSampleCap,
        minSegments,
        maxSegments,
        assumptions,
        seasonalLevel,
        configHash);
  }

  /** A command line's output folder, absolute; a URI is refused as it is in the config. */
  private static String localOutput(String given, String where) throws ConfigException {
    refuseUriOutput(given, where);
    return Path.of(given.replaceFirst("^file:(//)?", "")).toAbsolutePath().normalize().toString();
  }

  private static void refuseUriOutput(String given, String where) throws ConfigException {
    if (SourceConfig.isUri(given) && !given.startsWith("file:")) {
      // The run swaps its staging folder in with file-system renames, which object stores lack.
      throw new ConfigException(where + ": '" + SourceConfig.redact(given) + "' is a URI; the output must be"
          + " a local or mounted folder (on Databricks e.g. /dbfs/… or a /Volumes/… path)");
    }
  }

  /**
   * The {@code timestamp_format} values that read a number of seconds or milliseconds since
   * 1970-01-01 UTC rather than text (a warehouse's BIGINT event times, an API's export).
   */
  public static final Set<String> EPOCH_FORMATS = Set.of("epoch_seconds", "epoch_millis");

  /** Reads and checks a config file. */
  public static RunConfig load(Path file) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config: file not found: " + file);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("config: cannot read " + file + ": " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, base, file.toString());
  }

  /**
   * The parser's complaint on one line with where it is: Jackson's message draws the offending
   * line with carets over several lines and names its own reader, neither of which helps in a
   * terminal or a job log.
   */
  private static String yamlError(String name, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    boolean placed = at != null && at.getLineNr() > 0;
    String where = placed ? "line " + at.getLineNr() + ", column " + at.getColumnNr() : "";
    String said = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip();
    java.util.regex.Matcher dup = java.util.regex.Pattern.compile("^Duplicate field '(.*)'").matcher(said);
    if (dup.find()) {
      // The parser's column is past the key, so only the line is said.
      return name + ": key '" + dup.group(1) + "' is given twice"
          + (placed ? " (line " + at.getLineNr() + ")" : "") + "; keep one";
    }
    // SnakeYAML's message: context and problem at the line start, each followed by an indented
    // "in 'reader', line …", the echoed source line and a caret line; the first two are kept.
    String what =
        said.lines()
            .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
            .map(String::strip)
            .collect(java.util.stream.Collectors.joining(": "));
    return name + ": not valid YAML" + (where.isEmpty() ? "" : " at " + where) + ": "
        + (what.isEmpty() ? "unreadable" : what);
  }

  /** Parses config text; relative paths resolve against {@code base}. */
  public static RunConfig parse(String text, Path base, String name) throws ConfigException {
    JsonNode root;
    try {
      // Strict duplicates: YAML parsers keep the last of two equal keys, so a hand-edited config
      // would otherwise run with a horizon or a source its author did not mean, and say nothing.
      root =
          new ObjectMapper(new YAMLFactory())
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(yamlError(name, e), e);
    } catch (IOException e) {
      throw new ConfigException(name + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(name + ": expected a YAML mapping with 'sources'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!TOP_KEYS.contains(k)) {
        throw new ConfigException(name + ": unknown key '" + k + "' (expected one of " + TOP_KEYS + ")");
      }
    }
    Optional<LocalDate> asOf = Optional.empty();
    if (root.hasNonNull("as_of")) {
      asOf = Optional.of(parseDate(root.get("as_of").asText(), name + ": as_of"));
    }
    int horizon = intOf(root, "horizon_days", 90, name);
    if (horizon < 1 || horizon > 3650) {
      throw new ConfigException(name + ": horizon_days: " + horizon + " is out of range (1..3650)");
    }
    JsonNode src = root.get("sources");
    if (src == null || !src.isObject()) {
      throw new ConfigException(name + ": 'sources' is missing; at least 'orders' is required");
    }
    Map<Source, SourceConfig> sources = new EnumMap<>(Source.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = src.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Source s =
          Source.byKey(e.getKey())
              .orElseThrow(
                  () ->
                      new ConfigException(
                          name
                              + ": sources."
                              + e.getKey()
                              + ": unknown source (expected orders, customers, order_items, events, marketing)"));
      sources.put(s, sourceOf(s, e.getValue(), base, name));
    }
    if (!sources.containsKey(Source.ORDERS)) {
      throw new ConfigException(name + ": sources.orders is missing; it is the one required source");
    }
    JsonNode out = root.get("output");
    String outPath = base.resolve("out").toString();
    String outFormat = "delta";
    if (out != null && !out.isNull() && !out.isObject()) {
      throw new ConfigException(name + ": output: expected a mapping with 'path' and 'format'");
    }
    if (out != null && out.isObject()) {
      // A misspelt key would send the results to the default folder, over whatever is there.
      knownKeys(out, OUTPUT_KEYS, name + ": output");
      if (out.hasNonNull("path")) {
        String given = out.get("path").asText();
        refuseUriOutput(given, name + ": output.path");
        outPath = resolvePath(base, given.replaceFirst("^file:(//)?", ""));
      }
      if (out.hasNonNull("format")) {
        outFormat = out.get("format").asText().toLowerCase(Locale.ROOT);
      }
    }
    if (!OUTPUT_FORMATS.contains(outFormat)) {
      throw new ConfigException(name + ": output.format: unsupported value '" + outFormat + "' (expected delta, parquet or csv)");
    }
    double holdout = root.hasNonNull("holdout_share") ? root.get("holdout_share").asDouble() : 0.10;
    if (!(holdout >= 0 && holdout < 1)) {
      throw new ConfigException(name + ": holdout_share: " + holdout + " must be in [0, 1)");
    }
    JsonNode saltNode = root.get("holdout_salt");
    if (saltNode != null && !saltNode.isNull() && !saltNode.isValueNode()) {
      throw new ConfigException(name + ": holdout_salt: expected a word or number, found " + saltNode);
    }
    String salt = saltNode == null || saltNode.isNull() ? "" : saltNode.asText();
    int dim = intOf(root, "embedding_dim", 16, name);
    if (dim < 2 || dim > 256) {
      throw new ConfigException(name + ": embedding_dim: " + dim + " is out of range (2..256)");
    }
    int[] segments = segmentRange(root.get("segments"), name);
    Map<String, Double> assumptions = new LinkedHashMap<>();
    JsonNode as = root.get("assumptions");
    if (as != null && as.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = as.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNumber()) {
          throw new ConfigException(name + ": assumptions." + e.getKey() + ": expected a number, found '" + e.getValue().asText() + "'");
        }
        assumptions.put(e.getKey(), e.getValue().asDouble());
      }
    }
    try {
      // checked here, not when the opportunities are sized after an hour of training
      dev.undercurrent.core.opportunities.Assumptions.of(assumptions);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": " + e.getMessage());
    }
    return new RunConfig(
        asOf,
        horizon,
        sources,
        outPath,
        outFormat,
        root.hasNonNull("seed") ? root.get("seed").asLong() : 42L,
        holdout,
        salt,
        dim,
        root.hasNonNull("currency") ? root.get("currency").asText() : "USD",
        intOf(root, "training_sample_cap", 200_000, name),
        segments[0],
        segments[1],
        assumptions,
        seasonalLevel(root, name),
        sha256(text));
  }

  private static boolean seasonalLevel(JsonNode root, String name) throws ConfigException {
    if (!root.hasNonNull("value_level")) {
      return true;
    }
    String v = root.get("value_level").asText();
    return switch (v) {
      case "seasonal" -> true;
      case "network" -> false;
      default -> throw new ConfigException(name + ": value_level: '" + v
          + "' is not a level; expected 'seasonal' (the same season a year earlier, the default) or 'network'");
    };
  }

  private static SourceConfig sourceOf(Source s, JsonNode n, Path base, String name)
      throws ConfigException {
    String where = name + ": sources." + s.key();
    if (n == null || !n.isObject()) {
      throw new ConfigException(where + ": expected a mapping with 'path' and 'format', or 'table'");
    }
    knownKeys(n, SOURCE_KEYS, where);
    String path = n.hasNonNull("path") ? resolvePath(base, n.get("path").asText()) : null;
    String table = n.hasNonNull("table") ? n.get("table").asText() : null;
    if ((path == null) == (table == null)) {
      throw new ConfigException(where + ": give exactly one of 'path' or 'table'");
    }
    String format = n.hasNonNull("format") ? n.get("format").asText().toLowerCase(Locale.ROOT) : null;
    if (format == null && path != null) {
      format = guessFormat(path);
    }
    if (format != null && !FORMATS.contains(format)) {
      throw new ConfigException(where + ".format: unsupported value '" + format + "' (expected csv, parquet, delta or iceberg)");
    }
    Map<String, String> columns = new LinkedHashMap<>();
    JsonNode cols = n.get("columns");
    if (cols != null && cols.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = cols.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        boolean lineColumn = s == Source.ORDERS && LINE_COLUMNS.contains(e.getKey());
        if (s.column(e.getKey()).isEmpty() && !lineColumn) {
          throw new ConfigException(
              where + ".columns: '" + e.getKey() + "' is not a canonical column of " + s.key()
                  + " (expected one of " + s.columns().stream().map(CanonicalColumn::name).toList() + ")");
        }
        if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
          throw new ConfigException(where + ".columns." + e.getKey() + ": expected the name of a column in the source, found "
              + (e.getValue().isTextual() ? "an empty name" : e.getValue().toString()));
        }
        columns.put(e.getKey(), e.getValue().asText());
      }
    }
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode opts = n.get("options");
    if (opts != null && opts.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        options.put(e.getKey(), e.getValue().asText());
      }
    }
    if (options.containsKey("timestamp_format")) {
      checkTimestampFormat(options.get("timestamp_format"), where + ".options.timestamp_format");
    }
    return new SourceConfig(s, path, table, format, columns, options);
  }

  /**
   * Refuses a timestamp pattern Spark cannot parse with, before any work: a letter that is no
   * pattern ("yyyy-MM-dd foo" failed as "Unknown pattern letter: f", naming nothing) or a
   * week-based field ("YYYY-MM-dd", a common slip for yyyy, failed as an internal error).
   */
  static void checkTimestampFormat(String pattern, String where) throws ConfigException {
    if (EPOCH_FORMATS.contains(pattern)) {
      return;
    }
    try {
      java.time.format.DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": '" + pattern + "' is not a date-time pattern (" + e.getMessage()
          + "); e.g. yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm");
    }
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && "YwWeucFEqQ".indexOf(c) >= 0) {
        throw new ConfigException(where + ": '" + pattern + "' uses '" + c + "', which Spark does not parse"
            + (c == 'Y' ? " (Y is the week-based year; the calendar year is y)" : "")
            + "; e.g. yyyy-MM-dd HH:mm:ss or M/d/yyyy H:mm");
      }
    }
  }

  /**
   * A source path as Spark will read it: a URI (s3a://, abfss://, gs://, dbfs:/, file:/…) as given,
   * anything else relative to the config's folder. ({@code Path.resolve} would turn
   * {@code s3a://bucket/x} into {@code <folder>/s3a:/bucket/x}.)
   */
  static String resolvePath(Path base, String path) {
    return SourceConfig.isUri(path) ? path : base.resolve(path).normalize().toString();
  }

  private static final List<String> SOURCE_KEYS = List.of("path", "table", "format", "columns", "options");
  private static final List<String> OUTPUT_KEYS = List.of("path", "format");

  private static void knownKeys(JsonNode n, List<String> known, String where) throws ConfigException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new ConfigException(where + ": unknown key '" + k + "' (expected one of " + known + ")");
      }
    }
  }

  private static String guessFormat(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".csv") || p.endsWith(".csv.gz")) {
      return "csv";
    }
    if (p.endsWith(".parquet")) {
      return "parquet";
    }
    if (Files.isDirectory(Path.of(path, "_delta_log"))) {
      return "delta";
    }
    return "parquet";
  }

  /**
   * The range segments are chosen from when the config says nothing: the segment selector's own
   * default range (3 to 12), read from it so that the two cannot drift apart.
   */
  public static final int MIN_SEGMENTS = SegmentCountOptions.defaults(0).minK();

  /** See {@link #MIN_SEGMENTS}. */
  public static final int MAX_SEGMENTS = SegmentCountOptions.defaults(0).maxK();

  /** The most segments a config may ask for: each is profiled, named and explained against its neighbours. */
  public static final int SEGMENT_LIMIT = 30;

  /**
   * {@code segments: {count: N}} fixes the number of segments; {@code segments: {min_count: A,
   * max_count: B}} sets the range the run chooses from (by stability and separation); absent, the
   * range is {@link #MIN_SEGMENTS} to {@link #MAX_SEGMENTS}.
   */
  private static int[] segmentRange(JsonNode node, String name) throws ConfigException {
    if (node == null || node.isNull()) {
      return new int[] {MIN_SEGMENTS, MAX_SEGMENTS};
    }
    String where = name + ": segments";
    if (!node.isObject()) {
      throw new ConfigException(where + ": expected a mapping such as {count: 8} or {min_count: 4, max_count: 10}, found '"
          + node.asText() + "'");
    }
    Set<String> keys = Set.of("count", "min_count", "max_count");
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new ConfigException(where + ": unknown key '" + k + "' (expected count, or min_count and max_count)");
      }
    }
    int min;
    int max;
    if (node.has("count")) {
      if (node.has("min_count") || node.has("max_count")) {
        throw new ConfigException(where + ": count fixes the number of segments; give either count or min_count/max_count, not both");
      }
      min = intOf(node, "count", MIN_SEGMENTS, where);
      max = min;
    } else {
      min = intOf(node, "min_count", MIN_SEGMENTS, where);
      max = intOf(node, "max_count", Math.max(min, MAX_SEGMENTS), where);
    }
    if (min < 2 || max > SEGMENT_LIMIT || min > max) {
      throw new ConfigException(where + ": " + (min == max ? "count " + min : "min_count " + min + ", max_count " + max)
          + " is out of range; expected 2 <= min_count <= max_count <= " + SEGMENT_LIMIT);
    }
    return new int[] {min, max};
  }

  private static int intOf(JsonNode root, String key, int dflt, String name) throws ConfigException {
    if (!root.hasNonNull(key)) {
      return dflt;
    }
    JsonNode v = root.get(key);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new ConfigException(name + ": " + key + ": expected a whole number, found '" + v.asText() + "'");
    }
    return v.asInt();
  }

  public static LocalDate parseDate(String text, String what) throws ConfigException {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new ConfigException(what + ": '" + text + "' is not a date (expected YYYY-MM-DD)", e);
    }
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
