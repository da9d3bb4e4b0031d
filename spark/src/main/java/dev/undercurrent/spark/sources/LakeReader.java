package dev.undercurrent.spark.sources;

import static org.apache.spark.sql.functions.*;

import dev.undercurrent.core.model.CustomerMatch;
import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.CanonicalColumn;
import dev.undercurrent.core.record.ColumnType;
import dev.undercurrent.core.record.ConfigException;
import dev.undercurrent.core.record.ContactIds;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.core.record.SourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads every configured source, maps the user's columns to canonical ones, parses types and
 * sorts each row into used, after-as_of or quarantine.
 *
 * <p>All schema problems are found before any data is read, so a run with a missing table or
 * column stops with one clear message and writes nothing. Row problems never stop a run: the row
 * goes to quarantine with the first reason that applies, in this order: a required value is
 * missing, a value cannot be parsed, revenue is negative, a time lies after the run's own start,
 * the id duplicates an earlier row, an item's order is unknown.
 *
 * <p>An {@code orders} source may be at line grain ({@code grain: line}): each row is one order
 * line with {@code quantity} and {@code unit_price}, the lines are validated one by one and the
 * valid ones are summed into orders, and the lines themselves become {@code order_items}. This is
 * how invoice-line data such as UCI Online Retail is read without a copy.
 */
public final class LakeReader {
  static final String ROW = "_row";
  static final String REASON = "_reason";
  /** Words that exports write for a missing id, upper-cased; such an id is read as null. */
  static final List<String> ID_PLACEHOLDERS = List.of("NULL", "N/A", "NA", "NONE", "NAN", "\\N", "-", "UNDEFINED");
  /** Spark's corrupt-record column of a CSV source: the raw line of a row that did not parse. */
  static final String MALFORMED = "_malformed_csv_row";
  /** The empty field after a trailing delimiter of every row (see {@link #trailingDelimiter}). */
  static final String TRAILING = "_trailing_empty_field";
  static final String CODE = "_reason_code";

  private final SparkSession spark;
  private final Instant runStart;

  private boolean orderIdOptional;

  public LakeReader(SparkSession spark, Instant runStart) {
    this.spark = spark;
    this.runStart = runStart;
  }

  /**
   * Lets an {@code orders} source without {@code order_id} through, each row its own order: the
   * lifetime-value models count purchase days, not orders, so transaction logs such as CDNOW's
   * need no id. Discovery keeps the id required (duplicates are checked by it).
   */
  public LakeReader allowMissingOrderId() {
    this.orderIdOptional = true;
    return this;
  }

  /** Reads and validates the run's sources. */
  public ValidatedLake read(RunConfig config) throws ConfigException {
    Map<Source, Dataset<Row>> raw = new EnumMap<>(Source.class);
    for (SourceConfig sc : config.sources().values()) {
      raw.put(sc.source(), load(sc));
    }
    Map<Source, Dataset<Row>> typed = new EnumMap<>(Source.class);
    for (Map.Entry<Source, Dataset<Row>> e : raw.entrySet()) {
      SourceConfig sc = config.sources().get(e.getKey());
      typed.put(e.getKey(), canonical(sc, e.getValue()));
    }
    boolean lineGrain = isLineGrain(config.sources().get(Source.ORDERS));
    Dataset<Row> ordersChecked =
        withDuplicateCheck(typed.get(Source.ORDERS), lineGrain ? null : "order_id", "ordered_at")
            .persist(StorageLevel.MEMORY_AND_DISK());
    LocalDate asOf = config.asOf().isPresent() ? config.asOf().get()
        : readAction(config.sources().get(Source.ORDERS), () -> dayAfterLastOrder(ordersChecked));
    Timestamp cut = Timestamp.from(asOf.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());

    Map<Source, Dataset<Row>> checked = new EnumMap<>(Source.class);
    checked.put(Source.ORDERS, ordersChecked);
    if (typed.containsKey(Source.CUSTOMERS)) {
      checked.put(Source.CUSTOMERS, withDuplicateCheck(typed.get(Source.CUSTOMERS), "customer_id", null));
    }
    for (Source s : List.of(Source.EVENTS, Source.MARKETING)) {
      if (typed.containsKey(s)) {
        checked.put(s, typed.get(s));
      }
    }
    if (typed.containsKey(Source.ORDER_ITEMS)) {
      checked.put(Source.ORDER_ITEMS, itemsChecked(typed.get(Source.ORDER_ITEMS), ordersChecked));
    }

    Map<Source, Dataset<Row>> usable = new EnumMap<>(Source.class);
    List<Dataset<Row>> quarantines = new ArrayList<>();
    List<SourceCounts> counts = new ArrayList<>();
    for (Map.Entry<Source, Dataset<Row>> e : checked.entrySet()) {
      Source s = e.getKey();
      SourceConfig sc = config.sources().get(s);
      // the original values are kept only for the rows the quarantine shows
      Dataset<Row> d = e.getValue().withColumn(ROW, when(col(REASON).isNotNull(), col(ROW)))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Column after = afterAsOf(s, cut);
      counts.add(readAction(sc, () -> countRows(sc, d, after)));
      quarantines.add(
          d.where(col(REASON).isNotNull())
              .select(lit(s.key()).as("source"), redacted(col(REASON)).as("reason"), col(CODE).as("reason_code"),
                  redacted(col(ROW)).as("row")));
      List<Column> keep = new ArrayList<>();
      for (CanonicalColumn c : s.columns()) {
        keep.add(col(c.name()));
      }
      if (s == Source.ORDER_ITEMS) {
        keep.add(col("_order_at"));
      }
      if (s == Source.ORDERS && lineGrain) {
        for (String c : List.of("product_id", "category", "quantity", "unit_price")) {
          keep.add(col(c));
        }
      }
      usable.put(s, d.where(col(REASON).isNull()).select(keep.toArray(Column[]::new)));
    }
    if (lineGrain) {
      Dataset<Row> lines = usable.get(Source.ORDERS);
      usable.put(Source.ORDERS, linesToOrders(lines));
      if (!usable.containsKey(Source.ORDER_ITEMS)) {
        usable.put(
            Source.ORDER_ITEMS,
            lines.select(
                col("order_id"),
                col("product_id"),
                coalesce(col("category"), col("product_id")).as("category"),
                col("quantity"),
                col("unit_price"),
                col("ordered_at").as("_order_at")));
      }
    }
    Dataset<Row> quarantine = quarantines.stream().reduce(Dataset::unionByName).orElseThrow();
    Dataset<Row> buyers = usable.get(Source.ORDERS).where(col("ordered_at").lt(lit(cut)))
        .select(col("customer_id").as("_buyer")).distinct().persist(StorageLevel.MEMORY_AND_DISK());
    for (int i = 0; i < counts.size(); i++) {
      SourceCounts c = counts.get(i);
      Source s = Source.byKey(c.source()).orElseThrow();
      if (s == Source.CUSTOMERS || s == Source.EVENTS || s == Source.MARKETING) {
        Dataset<Row> before = usable.get(s).where(not(coalesce(afterAsOf(s, cut), lit(false))));
        counts.set(i, c.withCustomerMatch(customerMatch(before, buyers)));
      }
    }
    buyers.unpersist();
    counts.sort((a, b) -> Integer.compare(Source.byKey(a.source()).orElseThrow().ordinal(), Source.byKey(b.source()).orElseThrow().ordinal()));
    return new ValidatedLake(usable, quarantine, List.copyOf(counts), asOf);
  }

  /**
   * The valid rows of one source in canonical columns, for the commands that read one source
   * after a run. Duplicate ids are left out as a run leaves them out (the same row of each id is
   * kept), so an order listed twice is not counted twice by {@code measure} and a customer listed
   * twice is not exported twice; the check that needs another source (items of unknown orders) is
   * not made.
   */
  public Dataset<Row> readOne(SourceConfig sc) throws ConfigException {
    return checkedOne(sc).where(col(REASON).isNull()).drop(ROW, REASON, CODE);
  }

  /**
   * The customers with {@code flag} true on any row that names them, quarantined rows included: a
   * flag such as {@code unsubscribed} must be honoured even where the row's date or another value
   * failed validation.
   */
  public Dataset<Row> customersFlagged(SourceConfig sc, String flag) throws ConfigException {
    return checkedOne(sc).where(col(flag).equalTo(true).and(col("customer_id").isNotNull()))
        .select(col("customer_id").cast("string").as("customer_id")).distinct();
  }

  /** {@link #readOne}'s valid rows, with how many rows were read and why the others were left out. */
  public record OneSource(Dataset<Row> valid, long read, Map<String, Long> rejectedByReason) {
    public long rejected() {
      return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** As {@link #readOne}, counting what it leaves out (one pass over the source for the counts). */
  public OneSource readOneCounted(SourceConfig sc) throws ConfigException {
    Dataset<Row> d = checkedOne(sc);
    Map<String, Long> byReason = new LinkedHashMap<>();
    long read = readAction(sc, () -> {
      long n = 0;
      for (Row x : d.groupBy(col(CODE)).count().orderBy(col("count").desc(), col(CODE)).collectAsList()) {
        n += x.getLong(1);
        if (!x.isNullAt(0)) {
          byReason.put(x.getString(0), x.getLong(1));
        }
      }
      return n;
    });
    return new OneSource(d.where(col(REASON).isNull()).drop(ROW, REASON, CODE), read, byReason);
  }

  private Dataset<Row> checkedOne(SourceConfig sc) throws ConfigException {
    Dataset<Row> d = canonical(sc, load(sc));
    if (sc.source() == Source.CUSTOMERS) {
      d = withDuplicateCheck(d, "customer_id", null);
    } else if (sc.source() == Source.ORDERS && !isLineGrain(sc)) {
      d = withDuplicateCheck(d, "order_id", "ordered_at");
    }
    return d;
  }

  static boolean isLineGrain(SourceConfig sc) {
    return "line".equalsIgnoreCase(sc.options().getOrDefault("grain", "order"));
  }

  private Dataset<Row> load(SourceConfig sc) throws ConfigException {
    String where = sc.source().key();
    Dataset<Row> d;
    try {
      if (sc.table() != null) {
        if (!spark.catalog().tableExists(sc.table())) {
          throw new ConfigException(where + ": table not found: " + sc.table());
        }
        d = spark.table(sc.table());
      } else {
        String path = sc.path();
        boolean local = !SourceConfig.isUri(path) || path.startsWith("file:");
        if (local && !exists(path.replaceFirst("^file:", ""))) {
          throw new ConfigException(where + ": file not found: " + path);
        }
        String fmt = sc.format();
        // The source's options go to every reader (e.g. Delta's versionAsOf, Parquet's
        // pathGlobFilter), not only to CSV's: the README promises them for each source.
        if ("csv".equals(fmt)) {
          var reader = spark.read().option("header", "true").option("inferSchema", "false")
              .option("mode", "PERMISSIVE").option("multiLine", "false").option("escape", "\"");
          // A row whose fields do not line up with the header (an unquoted "1,250.00", a field
          // left out) is read by PERMISSIVE mode with its extra fields dropped or the missing ones
          // null, shifting values into other columns without a word; Spark marks such rows in a
          // corrupt-record column when the schema has one, and they go to quarantine.
          var header = withOptions(reader, sc).csv(path).schema();
          if (local && trailingDelimiter(Path.of(path.replaceFirst("^file:", "")), sc)) {
            // "a,b,c" over rows "1,2,3,": every row has one empty field more than the header
            header = header.add(TRAILING, DataTypes.StringType, true);
          } else {
            // every file's header is checked against the schema read off the first: the parts of
            // a folder written with "cost,revenue" in one and "revenue,cost" in another were read
            // by position, cost as revenue (the source's own enforceSchema option still wins)
            reader = reader.option("enforceSchema", "false");
          }
          d = withOptions(reader, sc).schema(header.add(MALFORMED, DataTypes.StringType, true))
              .option("columnNameOfCorruptRecord", MALFORMED).csv(path);
        } else {
          d = withOptions(spark.read().format(fmt), sc).load(path);
        }
      }
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigException(where + ": cannot read " + sc.location() + (sc.format() == null ? " as a table" : " as " + sc.format())
          + ": " + whyUnreadable(e), e);
    }
    checkColumns(sc, d);
    return d;
  }

  /** The source's reader options, less the two the reader itself interprets. */
  private static org.apache.spark.sql.DataFrameReader withOptions(org.apache.spark.sql.DataFrameReader reader, SourceConfig sc) {
    for (Map.Entry<String, String> o : sc.options().entrySet()) {
      if (!o.getKey().equals("timestamp_format") && !o.getKey().equals("grain")) {
        reader = reader.option(o.getKey(), o.getValue());
      }
    }
    return reader;
  }

  /** A path, or a glob such as {@code data/part-*.csv.gz} that matches at least one file. */
  static boolean exists(String path) {
    if (!path.contains("*") && !path.contains("?") && !path.contains("[")) {
      return Files.exists(Path.of(path));
    }
    Path p = Path.of(path);
    Path dir = p.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return false;
    }
    var matcher = dir.getFileSystem().getPathMatcher("glob:" + p.getFileName());
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> matcher.matches(f.getFileName()));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Why a file could not be read, in words a user can act on. Spark wraps the cause in a stage
   * failure whose first line ends in "Exception thrown in awaitResult:", so the innermost cause
   * that says something is taken; a file of another format than the config says is named so.
   */
  static String whyUnreadable(Throwable e) {
    String deepest = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains("is not a Parquet file")) {
        return "it is not a Parquet file (it lacks Parquet's footer); if it holds CSV, give the source format: csv";
      }
      if (m != null && !firstLine(m).isBlank()) {
        deepest = firstLine(m).strip();
      }
    }
    if (deepest == null) {
      return "unknown error";
    }
    return deepest.endsWith(":") ? deepest.substring(0, deepest.length() - 1) : deepest;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private void checkColumns(SourceConfig sc, Dataset<Row> d) throws ConfigException {
    List<String> found = userColumns(d);
    for (CanonicalColumn c : requiredFor(sc)) {
      if (orderIdOptional && sc.source() == Source.ORDERS && c.name().equals("order_id")) {
        continue;
      }
      String user = sc.userColumn(c.name());
      if (find(found, user) == null) {
        String mapped = user.equals(c.name()) ? "" : " (mapped from '" + user + "')";
        throw new ConfigException(
            sc.source().key() + "." + c.name() + mapped + ": column not found in " + sc.location()
                + " (columns: " + String.join(", ", found) + ")" + delimiterHint(sc, found)
                + duplicateHint(found, user, c.name()));
      }
    }
    // A column the config maps by name must be there, required or not: a misspelt optional
    // column would otherwise read as empty, and the signals built on it (margin, discounts,
    // returns) would quietly be blank.
    for (Map.Entry<String, String> m : sc.columns().entrySet()) {
      if (find(found, m.getValue()) == null) {
        throw new ConfigException(
            sc.source().key() + "." + m.getKey() + " (mapped from '" + m.getValue() + "'): column not found in "
                + sc.location() + " (columns: " + String.join(", ", found) + ")" + duplicateHint(found, m.getValue(), m.getKey()));
      }
    }
  }

  /**
   * Where a CSV header was read as one column holding another separator (a semicolon-separated
   * export, as spreadsheets write where the comma is the decimal mark), the option that reads it.
   */
  static String delimiterHint(SourceConfig sc, List<String> found) {
    if (!"csv".equals(sc.format()) || found.size() != 1 || sc.options().containsKey("delimiter")
        || sc.options().containsKey("sep")) {
      return "";
    }
    for (String sep : List.of(";", "\t", "|")) {
      if (found.get(0).contains(sep)) {
        String shown = sep.equals("\t") ? "\"\\t\"" : "'" + sep + "'";
        return "; the header holds " + (sep.equals("\t") ? "tabs" : "'" + sep + "'")
            + ": if the file is separated by them, give the source options: {delimiter: " + shown + "}";
      }
    }
    return "";
  }

  private static List<CanonicalColumn> requiredFor(SourceConfig sc) {
    if (sc.source() == Source.ORDERS && isLineGrain(sc)) {
      List<CanonicalColumn> req = new ArrayList<>();
      for (CanonicalColumn c : sc.source().requiredColumns()) {
        if (!c.name().equals("revenue") || sc.columns().containsKey("revenue")) {
          req.add(c);
        }
      }
      req.add(new CanonicalColumn("quantity", ColumnType.DOUBLE, true));
      req.add(new CanonicalColumn("unit_price", ColumnType.DOUBLE, true));
      return req;
    }
    return sc.source().requiredColumns();
  }

  private static String find(List<String> cols, String name) {
    for (String c : cols) {
      if (c.equalsIgnoreCase(name)) {
        return c;
      }
    }
    // a header padded with spaces (" Revenue " from a spreadsheet export): the name as written
    // is what the reader selects, so the padded column is returned
    for (String c : cols) {
      if (c.strip().equalsIgnoreCase(name.strip())) {
        return c;
      }
    }
    return null;
  }

  /**
   * Where a CSV header names a column twice, Spark reads each copy under the name followed by its
   * position ("revenue" at positions 3 and 4 as revenue3 and revenue4), so the name itself is not
   * found; said in those terms rather than as a missing column.
   */
  static String duplicateHint(List<String> found, String name, String canonical) {
    List<String> copies = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (found.get(i).equalsIgnoreCase(name.strip() + i)) {
        copies.add(found.get(i));
      }
    }
    if (copies.size() < 2) {
      return "";
    }
    return "; the header names '" + name.strip() + "' " + copies.size() + " times, read as " + String.join(" and ", copies)
        + ": rename all but one, or map the one to use (columns: {" + canonical + ": " + copies.get(0) + "})";
  }

  /** Canonical, typed columns plus the original row as JSON and the first failing reason. */
  /** The source's own columns, without the reader's corrupt-record and trailing-field columns. */
  private static List<String> userColumns(Dataset<Row> d) {
    return Arrays.stream(d.columns()).filter(c -> !c.equals(MALFORMED) && !c.equals(TRAILING)).toList();
  }

  /**
   * Whether a CSV file's rows end with a delimiter its header does not: the export style that
   * writes "1,2,3," under "a,b,c". Read off the first two lines of one local file (a folder, a glob
   * or a file whose lines hold quoted delimiters is read as it is).
   */
  static boolean trailingDelimiter(Path file, SourceConfig sc) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    String delimiter = sc.options().getOrDefault("delimiter", sc.options().getOrDefault("sep", ","));
    try (var in = file.toString().endsWith(".gz")
            ? new java.util.zip.GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file);
        var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
      String head = r.readLine();
      String first = r.readLine();
      if (head == null || first == null || head.contains("\"") || first.contains("\"")
          || head.endsWith(delimiter) || !first.endsWith(delimiter)) {
        return false;
      }
      int fields = head.split(java.util.regex.Pattern.quote(delimiter), -1).length;
      return first.split(java.util.regex.Pattern.quote(delimiter), -1).length == fields + 1;
    } catch (java.io.IOException e) {
      return false; // Spark's own read reports what is wrong with the file
    }
  }

  private Dataset<Row> canonical(SourceConfig sc, Dataset<Row> d) {
    Source s = sc.source();
    List<String> found = userColumns(d);
    Map<String, StructField> fields = new LinkedHashMap<>();
    for (StructField f : d.schema().fields()) {
      fields.put(f.name(), f);
    }
    Column rowJson = to_json(struct(found.stream().map(c -> quarantined(sc, fields.get(c))).toArray(Column[]::new)));
    List<Column> out = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    List<Column> codes = new ArrayList<>();
    if (d.columns().length > found.size()) {
      // first: every other reason of such a row would be read off shifted values (the raw line is
      // not kept, as it may hold an email or phone in plain text)
      Column malformed = col(MALFORMED).isNotNull();
      if (Arrays.asList(d.columns()).contains(TRAILING)) {
        // a value after the trailing delimiter is a field too many; and the column must be read
        // for Spark to tokenize every field (a column no query needs is pruned, and with it the
        // count that tells a row with a field too many)
        malformed = malformed.or(col(TRAILING).isNotNull());
      }
      reasons.add(when(malformed, lit("malformed CSV row: its fields do not line up with the header's "
          + found.size() + " columns (an unquoted comma in a value, a field left out, or a quoted value"
          + " that spans lines: options: {multiLine: true})")));
      codes.add(when(malformed, lit("malformed CSV row")));
    }
    List<CanonicalColumn> cols = new ArrayList<>(s.columns());
    boolean lines = s == Source.ORDERS && isLineGrain(sc);
    if (lines) {
      cols.add(new CanonicalColumn("product_id", ColumnType.STRING, false));
      cols.add(new CanonicalColumn("category", ColumnType.STRING, false));
      cols.add(new CanonicalColumn("quantity", ColumnType.DOUBLE, true));
      cols.add(new CanonicalColumn("unit_price", ColumnType.DOUBLE, true));
    }
    String tsFormat = sc.options().get("timestamp_format");
    Column revenueFromLines = null;
    for (CanonicalColumn c : cols) {
      String user = find(found, sc.userColumn(c.name()));
      boolean required = c.required() && !(lines && c.name().equals("revenue") && user == null);
      if (user == null) {
        out.add(lit(null).cast(sparkType(c.type())).as(c.name()));
        if (lines && c.name().equals("revenue")) {
          revenueFromLines = col("quantity").multiply(col("unit_price"));
        }
        continue;
      }
      Column src = col("`" + user + "`");
      boolean native_ = isNative(fields.get(user), c.type());
      Column rawText = trim(src.cast("string"));
      Column missing = rawText.equalTo("");
      if (c.name().equals("order_id") || c.name().equals("customer_id")) {
        // exports write a missing id as a word: twelve guest orders under "NULL" became one
        // customer, scored and put in audiences; such ids are null, and the row is quarantined
        missing = missing.or(upper(rawText).isin(ID_PLACEHOLDERS.toArray()));
      }
      Column text = when(missing, lit(null)).otherwise(rawText);
      Column parsed = native_ ? src.cast(sparkType(c.type())) : parse(text, c.type(), tsFormat);
      if (c.name().equals("customer_id")) {
        parsed = pseudonymousId(text);
      }
      if (c.type() == ColumnType.DOUBLE) {
        // NaN and infinities parse (and a parquet double may hold them), but no amount is one:
        // they are unparseable, as "abc" is, rather than failing the run far downstream.
        parsed = when(isnan(parsed).or(abs(parsed).equalTo(lit(Double.POSITIVE_INFINITY))), lit(null).cast("double"))
            .otherwise(parsed);
      }
      out.add(parsed.as(c.name()));
      if (required) {
        reasons.add(when(text.isNull(), lit("null " + c.name())));
        codes.add(when(text.isNull(), lit("null " + c.name())));
      }
      if ((!native_ && c.type() != ColumnType.STRING) || (native_ && c.type() == ColumnType.DOUBLE)) {
        Column bad = text.isNotNull().and(parsed.isNull());
        reasons.add(when(bad, concat(lit("unparseable " + c.name() + ": '"), text, lit("'"))));
        codes.add(when(bad, lit("unparseable " + c.name())));
      }
    }
    Dataset<Row> t = d.select(concatList(out, rowJson, reasons, codes));
    if (orderIdOptional && s == Source.ORDERS && find(found, sc.userColumn("order_id")) == null) {
      t = t.withColumn("order_id", concat(lit("row-"), monotonically_increasing_id().cast("string")));
    }
    if (revenueFromLines != null) {
      t = t.withColumn("revenue", revenueFromLines);
    }
    List<Column> extra = new ArrayList<>();
    List<Column> extraCodes = new ArrayList<>();
    if (s == Source.ORDERS) {
      // Amounts of an order are never below zero; a refund is a returned_amount, not a negative
      // one. At line grain this holds per line: a credit note's lines (negative quantities, as in
      // UCI Online Retail's "C" invoices) are quarantined as negative revenue, not netted against
      // the purchase they cancel, which the line does not name.
      for (String amount : List.of("revenue", "cost", "discount", "returned_amount")) {
        Column neg = col(amount).lt(0);
        extra.add(when(neg, concat(lit("negative " + amount + ": "), col(amount).cast("string"))));
        extraCodes.add(when(neg, lit("negative " + amount)));
      }
    }
    String tcol = s.timeColumn().orElse(null);
    if (s == Source.CUSTOMERS && java.util.Arrays.asList(t.columns()).contains("signup_date")) {
      // customers have no event time, but a sign-up dated after the run is as impossible as an order
      tcol = "signup_date";
    }
    if (tcol != null) {
      Column future = col(tcol).gt(lit(Timestamp.from(runStart)));
      extra.add(when(future, concat(lit(tcol + " later than the run itself: "), col(tcol).cast("string"))));
      extraCodes.add(when(future, lit(tcol + " later than the run")));
    }
    if (!extra.isEmpty()) {
      extra.add(0, col(REASON));
      extraCodes.add(0, col(CODE));
      t = t.withColumn(REASON, coalesce(extra.toArray(Column[]::new)))
          .withColumn(CODE, coalesce(extraCodes.toArray(Column[]::new)));
    }
    return t;
  }

  /**
   * One original column as the quarantine table carries it: as read, except emails and phone
   * numbers, which no output may carry in plain text. Those are replaced by {@code sha256:} and
   * the SHA-256 of the trimmed value, so the row can still be found by hashing what the source
   * holds. Which columns: the ones the customers source maps to {@code email} and {@code phone},
   * and in any source a column whose name says it holds one (email, e-mail, phone, mobile, msisdn,
   * telephone, tel), since a user's table may carry contact details beside what is mapped.
   */
  private static Column quarantined(SourceConfig sc, StructField field) {
    String column = field.name();
    Column c = col("`" + column + "`");
    if (field.dataType().equals(DataTypes.StringType) && find(List.of(column), sc.userColumn("customer_id")) != null) {
      // an id that is an email address or a phone number is shown as the run keeps it (see
      // pseudonymousId); any other id as read
      return coalesce(contactId(trim(c)), c).as(column);
    }
    boolean mapped = sc.source() == Source.CUSTOMERS
        && (column.equalsIgnoreCase(sc.userColumn("email")) || column.equalsIgnoreCase(sc.userColumn("phone")));
    if (!mapped && !CONTACT_COLUMN.matcher(column).find()) {
      // (a free-text column may hold an email or a number anyway: see redacted, applied to the
      // quarantined rows alone)
      return c;
    }
    Column text = trim(c.cast("string"));
    return when(text.isNull(), lit(null).cast("string"))
        .otherwise(concat(lit("sha256:"), sha2(text, 256))).as(column);
  }

  /**
   * A customer id as the run keeps it: an id that is an email address or a phone number (stores
   * keyed by the shopper's email or mobile number are common) becomes {@code sha256:} and a
   * SHA-256, in every source alike, so the customer is still one customer across sources and no
   * output (scores, audiences, quarantine) carries the address or number; any other id is kept as
   * written. Audience exports still reach such customers through the customers source's email and
   * phone columns.
   */
  static Column pseudonymousId(Column text) {
    return coalesce(contactId(text), text);
  }

  /**
   * The hashed form of a customer id that is an email address or a phone number, null for any
   * other id. An email is hashed in lower case ({@code Ann@X.com} and {@code ann@x.com} are one
   * shopper). A phone number is hashed as its digits alone, so {@code +1 415-555-0100} and
   * {@code +14155550100} are one; a number written without its country code in one source and
   * with it in another stays two, as nothing here knows the country. Only numbers written as
   * phone numbers are recognized: a leading {@code +} or an area code in brackets, or the
   * 3-3-4 grouping {@code 415-555-0100}, each with 7 to 15 digits. A bare run of digits is kept
   * as written: it cannot be told from the numeric ids most stores use.
   */
  static Column contactId(Column text) {
    // cheap tests first: the patterns run only on the rare id that could be one (every row of
    // every customer-keyed source passes here)
    Column email = text.contains("@").and(text.rlike(EMAIL_ID));
    Column digits = regexp_replace(text, "[^0-9]", "");
    Column phone = substring(text, 1, 1).isin("+", "(")
        .or(length(text).equalTo(12).and(substring(text, 4, 1).isin("-", ".", " ")));
    phone = phone.and(text.rlike(PHONE_ID)).and(length(digits).between(7, 15));
    return when(email, concat(lit("sha256:"), sha2(lower(text), 256)))
        .when(phone, concat(lit("sha256:"), sha2(digits, 256)));
  }

  /**
   * Text with every email address and phone number in it replaced by {@code [email removed]} or
   * {@code [phone removed]}: the quarantine's reasons and original rows (as JSON), for what is not
   * itself a contact column (a free-text note, a value in the wrong column quoted by its reason).
   * Run on the quarantined rows only, once over each row's JSON; neither pattern crosses a quote
   * or a comma, so it stays within one value. A phone number is recognized in the forms {@link
   * #contactId} knows (a leading {@code +}, here with at least eight digits; an area code in
   * brackets; the 3-3-4 grouping), so dates, times, amounts and plain numeric ids are left alone.
   */
  static Column redacted(Column text) {
    return regexp_replace(regexp_replace(text, EMAIL_IN_TEXT, "[email removed]"), PHONE_IN_TEXT, "[phone removed]");
  }

  // The forms an email address and a phone number are written in, shared with the rule for one
  // value (ContactIds).
  private static final String EMAIL_ID = ContactIds.EMAIL_ID;
  private static final String PHONE_ID = ContactIds.PHONE_ID;

  private static final String EMAIL_IN_TEXT = ContactIds.EMAIL_IN_TEXT;
  private static final String PHONE_IN_TEXT = ContactIds.PHONE_IN_TEXT;

  private static final java.util.regex.Pattern CONTACT_COLUMN = java.util.regex.Pattern.compile(
      "(?i)(e[-_ ]?mail|phone|mobile|msisdn|(^|[-_ ])tel($|[-_ ]|ephone))");

  private static Column[] concatList(List<Column> out, Column rowJson, List<Column> reasons, List<Column> codes) {
    List<Column> all = new ArrayList<>(out);
    all.add(rowJson.as(ROW));
    all.add((reasons.isEmpty() ? lit(null).cast("string") : coalesce(reasons.toArray(Column[]::new))).as(REASON));
    all.add((codes.isEmpty() ? lit(null).cast("string") : coalesce(codes.toArray(Column[]::new))).as(CODE));
    return all.toArray(Column[]::new);
  }

  private static boolean isNative(StructField f, ColumnType t) {
    var dt = f.dataType();
    return switch (t) {
      case STRING -> false;
      case DOUBLE -> dt instanceof org.apache.spark.sql.types.NumericType;
      case TIMESTAMP -> dt.equals(DataTypes.TimestampType) || dt.equals(DataTypes.TimestampNTZType) || dt.equals(DataTypes.DateType);
      case DATE -> dt.equals(DataTypes.DateType) || dt.equals(DataTypes.TimestampType);
      case BOOLEAN -> dt.equals(DataTypes.BooleanType);
    };
  }

  private static org.apache.spark.sql.types.DataType sparkType(ColumnType t) {
    return switch (t) {
      case STRING -> DataTypes.StringType;
      case DOUBLE -> DataTypes.DoubleType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DATE -> DataTypes.DateType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }

  /**
   * A number of seconds or milliseconds since 1970-01-01 UTC as a timestamp; null where the text
   * is no number or lies beyond the year 5000 (Spark's conversion would fail the run on an
   * overflow rather than give a null the row can be quarantined for).
   */
  private static Column epoch(Column text, String format) {
    Column n = text.try_cast(DataTypes.DoubleType);
    boolean millis = format.equals("epoch_millis");
    Column inRange = n.isNotNull().and(abs(n).lt(lit(millis ? 95_617_584_000_000.0 : 95_617_584_000.0)));
    return when(inRange, millis ? call_function("timestamp_millis", n.cast("long")) : call_function("timestamp_seconds", n));
  }

  private static Column parse(Column text, ColumnType t, String tsFormat) {
    return switch (t) {
      case STRING -> text;
      case DOUBLE -> text.try_cast(DataTypes.DoubleType);
      case TIMESTAMP -> {
        // ISO forms first, then compact dates such as CDNOW's 19970101.
        Column iso = coalesce(call_function("try_to_timestamp", text),
            when(text.rlike("^[0-9]{8}$"), call_function("try_to_timestamp", text, lit("yyyyMMdd"))));
        yield tsFormat == null ? iso
            : RunConfig.EPOCH_FORMATS.contains(tsFormat) ? coalesce(epoch(text, tsFormat), iso)
            : coalesce(call_function("try_to_timestamp", text, lit(tsFormat)), iso);
      }
      case DATE -> (tsFormat == null ? call_function("try_to_timestamp", text)
          : RunConfig.EPOCH_FORMATS.contains(tsFormat) ? coalesce(epoch(text, tsFormat), call_function("try_to_timestamp", text))
          : coalesce(call_function("try_to_timestamp", text, lit(tsFormat)), call_function("try_to_timestamp", text)))
          .cast("date"); // the source's timestamp_format applies to its dates too (signup_date)
      case BOOLEAN -> {
        Column l = lower(text);
        yield when(l.isin("true", "t", "1", "yes", "y"), lit(true))
            .when(l.isin("false", "f", "0", "no", "n"), lit(false))
            .otherwise(lit(null).cast("boolean"));
      }
    };
  }

  private Dataset<Row> withDuplicateCheck(Dataset<Row> d, String idColumn, String timeColumn) {
    if (idColumn == null) {
      return d;
    }
    // Of rows sharing an id, the earliest (orders) is kept, and among equals the first as read:
    // the order of the rows within a file, which is what a user means by "the original".
    var w = timeColumn == null
        ? Window.partitionBy(col(idColumn), col(REASON).isNull()).orderBy(col("_seq"))
        : Window.partitionBy(col(idColumn), col(REASON).isNull()).orderBy(col(timeColumn).asc_nulls_last(), col("_seq"));
    Column dup = col(REASON).isNull().and(col(idColumn).isNotNull()).and(row_number().over(w).gt(1));
    return d.withColumn("_seq", monotonically_increasing_id())
        .withColumn("_dup", dup)
        .withColumn(REASON, when(col("_dup"), concat(lit("duplicate " + idColumn + ": "), col(idColumn))).otherwise(col(REASON)))
        .withColumn(CODE, when(col("_dup"), lit("duplicate " + idColumn)).otherwise(col(CODE)))
        .drop("_dup", "_seq");
  }

  private Dataset<Row> itemsChecked(Dataset<Row> items, Dataset<Row> orders) {
    // one row per valid order id: at line grain the orders hold a row per line, and joining the
    // items to each would read an item once per line of its order (577 items read as 1,313)
    Dataset<Row> valid = orders.where(col(REASON).isNull()).groupBy(col("order_id").as("_oid"))
        .agg(min(col("ordered_at")).as("_order_at"));
    Dataset<Row> j = items.join(valid, items.col("order_id").equalTo(valid.col("_oid")), "left");
    Column unknown = col(REASON).isNull().and(col("_oid").isNull());
    return j.withColumn("_unknown", unknown)
        .withColumn(REASON, when(col("_unknown"), concat(lit("order_id not among valid orders: "), col("order_id"))).otherwise(col(REASON)))
        .withColumn(CODE, when(col("_unknown"), lit("order_id not among valid orders")).otherwise(col(CODE)))
        .drop("_oid", "_unknown");
  }

  private static Column afterAsOf(Source s, Timestamp cut) {
    return switch (s) {
      case ORDERS -> col("ordered_at").geq(lit(cut));
      case EVENTS -> col("occurred_at").geq(lit(cut));
      case MARKETING -> col("sent_at").geq(lit(cut));
      case ORDER_ITEMS -> col("_order_at").geq(lit(cut));
      case CUSTOMERS -> lit(false);
    };
  }

  /**
   * Runs the first Spark action over a source. Spark opens the files only then, so a deleted
   * data file, a corrupt Parquet file or a CSV read as Parquet failed there as an internal error
   * naming no source (exit 1); such read failures now stop the run naming the source.
   */
  static <T> T readAction(SourceConfig sc, java.util.function.Supplier<T> action) throws ConfigException {
    try {
      return action.get();
    } catch (Exception e) { // Spark throws its (checked) SparkException undeclared

      for (Throwable t = e; t != null; t = t.getCause()) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("does not conform to the schema")) {
          // (Spark wraps it in a FAILED_READ_FILE naming only the file: the cause says why)
          throw new ConfigException(sc.source().key() + ": the files of " + sc.location()
              + " do not share one header (" + firstLine(m) + "); give every file the same columns in the"
              + " same order", e);
        }
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("FAILED_READ_FILE") || m.contains("CANNOT_READ_FILE") || t instanceof java.io.IOException
            || t.getClass().getName().contains("Parquet")) {
          throw new ConfigException(sc.source().key() + ": cannot read " + sc.location()
              + (sc.format() == null ? " as a table" : " as " + sc.format()) + ": " + whyUnreadable(t), e);
        }
      }
      throw e;
    }
  }

  private SourceCounts countRows(SourceConfig sc, Dataset<Row> d, Column after) {
    Row r = d.agg(
            count(lit(1)),
            sum(when(col(REASON).isNotNull(), 1).otherwise(0)),
            sum(when(col(REASON).isNull().and(coalesce(after, lit(false))), 1).otherwise(0)),
            sum(when(col(REASON).isNull().and(not(coalesce(after, lit(false)))), 1).otherwise(0)))
        .first();
    long read = r.getLong(0);
    long quarantined = r.isNullAt(1) ? 0 : r.getLong(1);
    long afterAsOf = r.isNullAt(2) ? 0 : r.getLong(2);
    // counted, not derived from the others, so that "reconciles" checks the counting
    long used = r.isNullAt(3) ? 0 : r.getLong(3);
    Map<String, Long> byReason = new LinkedHashMap<>();
    if (quarantined > 0) {
      for (Row x : d.where(col(REASON).isNotNull()).groupBy(col(CODE)).count().orderBy(col("count").desc(), col(CODE)).collectAsList()) {
        byReason.put(x.getString(0), x.getLong(1));
      }
    }
    return new SourceCounts(
        sc.source().key(),
        sc.location(),
        sc.format() == null ? "table" : sc.format(),
        deltaVersion(sc),
        read,
        used,
        afterAsOf,
        quarantined,
        byReason);
  }

  /**
   * How the customer ids of one source's used rows meet the customers with a valid order before
   * {@code as_of} ({@code buyers}, one column {@code _buyer}): one pass over the source grouped by
   * id, joined to the buyers, and, where some ids match nobody, a second join of those ids to the
   * buyers with both written alike, to tell a source keyed differently ("00030" for "30") from one
   * that simply holds people who never ordered.
   */
  static CustomerMatch customerMatch(Dataset<Row> rows, Dataset<Row> buyers) {
    // read up to three times below, so grouped once
    Dataset<Row> ids = rows.groupBy(col("customer_id").as("_cid")).agg(count(lit(1)).as("_n"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> joined = ids.join(buyers, ids.col("_cid").equalTo(buyers.col("_buyer")), "full_outer");
    Row r = joined.agg(
            sum(when(col("_buyer").isNull(), col("_n")).otherwise(0)),
            sum(when(col("_buyer").isNull(), 1).otherwise(0)),
            sum(when(col("_buyer").isNotNull().and(col("_cid").isNotNull()), 1).otherwise(0)),
            sum(when(col("_buyer").isNotNull(), 1).otherwise(0)))
        .first();
    long rowsForOthers = r.isNullAt(0) ? 0 : r.getLong(0);
    long idsForOthers = r.isNullAt(1) ? 0 : r.getLong(1);
    long covered = r.isNullAt(2) ? 0 : r.getLong(2);
    long withOrders = r.isNullAt(3) ? 0 : r.getLong(3);
    List<String> examples = new ArrayList<>();
    long alike = 0;
    String alikeExample = null;
    if (idsForOthers > 0) {
      Dataset<Row> others = ids.join(buyers, ids.col("_cid").equalTo(buyers.col("_buyer")), "left_anti");
      for (Row x : others.orderBy(col("_n").desc(), col("_cid")).limit(3).collectAsList()) {
        examples.add(x.getString(0));
      }
      Dataset<Row> pairs = others.select(col("_cid"), alike(col("_cid")).as("_k"))
          .join(buyers.select(col("_buyer"), alike(col("_buyer")).as("_k")), "_k");
      alike = pairs.select(col("_cid")).distinct().count();
      if (alike > 0) {
        Row p = pairs.orderBy(col("_cid"), col("_buyer")).first();
        alikeExample = "'" + CustomerMatch.shown(p.getString(1)) + "' for orders' '"
            + CustomerMatch.shown(p.getString(2)) + "'";
      }
    }
    ids.unpersist();
    return new CustomerMatch(rowsForOthers, idsForOthers, covered, withOrders, examples, alike, alikeExample);
  }

  /** An id written as {@link CustomerMatch#ALIKE} compares: trimmed, lower case, no leading zeros or ".0". */
  private static Column alike(Column id) {
    Column t = regexp_replace(lower(trim(id)), "\\.0+$", "");
    return regexp_replace(t, "^0+(?=.)", "");
  }

  private Long deltaVersion(SourceConfig sc) {
    if (!"delta".equals(sc.format()) || sc.path() == null) {
      return null;
    }
    String asOf = sc.options().get("versionAsOf");
    if (asOf != null && asOf.trim().matches("[0-9]+")) {
      return Long.parseLong(asOf.trim()); // the version read, not the latest
    }
    try {
      Row r = io.delta.tables.DeltaTable.forPath(spark, sc.path()).history(1).select("version").first();
      return r.getLong(0);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static LocalDate dayAfterLastOrder(Dataset<Row> orders) {
    Row r = orders.where(col(REASON).isNull()).agg(max(col("ordered_at"))).first();
    if (r.isNullAt(0)) {
      return LocalDate.now(java.time.ZoneOffset.UTC);
    }
    Timestamp last = r.getTimestamp(0);
    return last.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1);
  }

  /**
   * One order per order id. Amounts are summed as decimals and channel and campaign taken as the
   * smallest value, so the result does not depend on the order in which the lines reach each
   * group: a double sum's last bits did, and moved a model trained on them.
   */
  static Dataset<Row> linesToOrders(Dataset<Row> lines) {
    return lines.groupBy(col("order_id"), col("customer_id"))
        .agg(
            min(col("ordered_at")).as("ordered_at"),
            exactSum("revenue"),
            exactSum("cost"),
            exactSum("discount"),
            min(col("channel")).as("channel"),
            exactSum("returned_amount"),
            min(col("campaign_id")).as("campaign_id"))
        .select(Source.ORDERS.columns().stream().map(c -> col(c.name())).toArray(Column[]::new));
  }

  /** The sum of an amount column as DECIMAL(38, 6), exact and order-independent, back as a double. */
  private static Column exactSum(String name) {
    return sum(col(name).cast(DataTypes.createDecimalType(38, 6))).cast(DataTypes.DoubleType).as(name);
  }
}
