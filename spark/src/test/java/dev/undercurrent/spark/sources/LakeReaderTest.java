package dev.undercurrent.spark.sources;

import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.ConfigException;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeReaderTest {
  private static final String HEADER =
      "order_id,cust_no,ordered_at,amount,cost,discount,channel,returned_amount,campaign_id\n";

  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();

  private RunConfig config(String extra) throws Exception {
    Files.writeString(dir.resolve("cfg.yaml"), """
        as_of: 2025-07-01
        sources:
          orders: {path: orders.csv, format: csv, columns: {customer_id: cust_no, revenue: amount}}
        """ + extra + "output: {path: out, format: parquet}\n");
    return RunConfig.load(dir.resolve("cfg.yaml"));
  }

  /** cfg.yaml as of 2025-07-01 with the given source lines ("  orders: {…}\n"), output as parquet. */
  private RunConfig sourcesConfig(String sources) throws Exception {
    Files.writeString(dir.resolve("cfg.yaml"),
        "as_of: 2025-07-01\nsources:\n" + sources + "output: {path: out, format: parquet}\n");
    return RunConfig.load(dir.resolve("cfg.yaml"));
  }

  /** The refusal of a config whose sources cannot be read as given. */
  private ConfigException refused(RunConfig cfg) {
    return assertThrows(ConfigException.class, () -> new LakeReader(spark, Instant.now()).read(cfg));
  }

  @Test
  void everyBadRowIsQuarantinedWithItsReasonAndCountsReconcile() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + """
        o1,c1,2025-01-05 10:00:00,100,60,0,web,0,
        o2,,2025-02-02 09:00:00,50,30,0,web,0,
        o3,c3,not-a-date,50,30,0,web,0,
        o4,c3,2025-02-03 09:00:00,12x,30,0,web,0,
        o5,c3,2025-02-04 09:00:00,-5,30,0,web,0,
        o6,c3,2099-02-04 09:00:00,5,3,0,web,0,
        o1,c1,2025-03-05 10:00:00,100,60,0,web,0,
        o7,c2,2025-07-02 09:00:00,70,30,0,store,5,
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(""));
    Map<String, String> reasons = lake.quarantine().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("row")).replaceAll(".*\"order_id\":\"(o\\d)\".*", "$1") + "/" + r.getString(r.fieldIndex("reason_code")),
            r -> r.getString(r.fieldIndex("reason")), (a, b) -> a + "|" + b));
    assertEquals(6, reasons.size(), reasons.toString());
    assertTrue(reasons.containsKey("o2/null customer_id"), reasons.toString());
    assertEquals("unparseable ordered_at: 'not-a-date'", reasons.get("o3/unparseable ordered_at"));
    assertEquals("unparseable revenue: '12x'", reasons.get("o4/unparseable revenue"));
    assertTrue(reasons.get("o5/negative revenue").contains("-5"));
    assertTrue(reasons.containsKey("o6/ordered_at later than the run"), reasons.toString());
    assertTrue(reasons.containsKey("o1/duplicate order_id"), reasons.toString());
    SourceCounts c = lake.counts().get(0);
    assertEquals(8, c.read());
    assertEquals(6, c.quarantined());
    assertEquals(1, c.afterAsOf(), "o7 is after as_of: kept out of the window, not bad");
    assertEquals(1, c.used());
    assertTrue(c.reconciles());
    // the original values travel with the quarantined row
    Row o4 = lake.quarantine().where("reason_code = 'unparseable revenue'").first();
    assertTrue(o4.getString(o4.fieldIndex("row")).contains("\"amount\":\"12x\""));
    // the earlier of the duplicate ids is the one kept
    List<Row> used = lake.get(Source.ORDERS).where("order_id = 'o1'").collectAsList();
    assertEquals(1, used.size());
    assertEquals(100.0, used.get(0).getDouble(used.get(0).fieldIndex("revenue")));
    assertEquals("2025-01-05", used.get(0).getTimestamp(used.get(0).fieldIndex("ordered_at")).toString().substring(0, 10));
  }

  @Test
  void aCsvRowWhoseFieldsDoNotLineUpWithTheHeaderIsQuarantinedNotShifted() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + """
        o1,c1,2025-01-05 10:00:00,100,60,0,web,0,
        o2,c1,2025-01-06 10:00:00,1,250.00,60,0,web,0,
        o3,c1,2025-01-07 10:00:00,"1,250.00",60,0,web,0,
        o4,c1,2025-01-08 10:00:00,40
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(""));
    Map<String, String> reasons = lake.quarantine().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("row")).replaceAll(".*\"order_id\":\"(o\\d)\".*", "$1"),
            r -> r.getString(r.fieldIndex("reason_code"))));
    // o2's unquoted comma made revenue 1 and cost 250 (read silently before); o3 quotes it, so
    // it is one field (and not a plain number); o4 leaves fields out
    assertEquals(Map.of("o2", "malformed CSV row", "o3", "unparseable revenue", "o4", "malformed CSV row"), reasons);
    Row o2 = lake.quarantine().where("row like '%o2%'").first();
    assertTrue(o2.getString(o2.fieldIndex("reason")).contains("the header's 9 columns"), o2.toString());
    SourceCounts c = lake.counts().get(0);
    assertEquals(4, c.read());
    assertEquals(1, c.used());
    assertEquals(3, c.quarantined());
    assertTrue(c.reconciles());
    assertEquals(java.util.Set.of("order_id", "customer_id", "ordered_at", "revenue", "cost", "discount", "channel",
        "returned_amount", "campaign_id"), java.util.Set.of(lake.get(Source.ORDERS).columns()),
        "the reader's own column does not reach the canonical table");
  }

  @Test
  void lineGrainItemsAreReadOncePlaceholderIdsAreNullAndDatesTakeTheSourcesFormat() throws Exception {
    Files.writeString(dir.resolve("lines.csv"), """
        invoice,cust_no,ordered_at,quantity,unit_price
        I1,c1,2025-01-05 10:00:00,2,5.0
        I1,c1,2025-01-05 10:00:00,1,10.0
        I1,c1,2025-01-05 10:00:00,3,1.0
        I2,NULL,2025-01-06 10:00:00,1,3.0
        I3,n/a,2025-01-07 10:00:00,1,3.0
        """);
    Files.writeString(dir.resolve("items.csv"), "order_id,product_id,category\nI1,p1,a\nI1,p2,b\n");
    Files.writeString(dir.resolve("people.csv"), "customer_id,signup_date\nc1,3/11/2024 0:00\n");
    Files.writeString(dir.resolve("cfg.yaml"), """
        as_of: 2025-07-01
        sources:
          orders: {path: lines.csv, format: csv, columns: {customer_id: cust_no, order_id: invoice}, options: {grain: line}}
          order_items: {path: items.csv, format: csv}
          customers: {path: people.csv, format: csv, options: {timestamp_format: "M/d/yyyy H:mm"}}
        output: {path: out, format: parquet}
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(RunConfig.load(dir.resolve("cfg.yaml")));
    Map<String, SourceCounts> c = lake.counts().stream().collect(Collectors.toMap(SourceCounts::source, x -> x));
    // each item once, though its order has three lines (it was read once per line)
    assertEquals(2, c.get("order_items").read(), c.toString());
    assertEquals(2, c.get("order_items").used(), c.toString());
    // "NULL" and "n/a" are no customer: those lines are quarantined, not one customer "NULL"
    assertEquals(Map.of("null customer_id", 2L), c.get("orders").quarantinedByReason(), c.toString());
    assertEquals(List.of("c1"), lake.get(Source.ORDERS).select("customer_id").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).toList());
    // the customers source's timestamp_format reads its signup dates too
    assertEquals(1, c.get("customers").used(), c.toString());
    assertEquals("2024-03-11", lake.get(Source.CUSTOMERS).first().getAs("signup_date").toString());
  }

  @Test
  void partsOfAFolderWithTheirColumnsInAnotherOrderStopTheRunNotReadByPosition() throws Exception {
    Path parts = Files.createDirectories(dir.resolve("orders.csv"));
    Files.writeString(parts.resolve("part-1.csv"), "order_id,cust_no,ordered_at,amount,cost\no1,c1,2025-01-05 10:00:00,100,60\n");
    Files.writeString(parts.resolve("part-2.csv"), "order_id,cust_no,ordered_at,cost,amount\no2,c2,2025-01-06 10:00:00,30,50\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config("")));
    assertTrue(e.getMessage().startsWith("orders: the files of "), e.getMessage());
    assertTrue(e.getMessage().contains("do not share one header"), e.getMessage());
    // the same columns in the same order read as one table
    Files.writeString(parts.resolve("part-2.csv"), "order_id,cust_no,ordered_at,amount,cost\no2,c2,2025-01-06 10:00:00,50,30\n");
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(""));
    assertEquals(2, lake.counts().get(0).used());
  }

  @Test
  void rowsThatAllEndWithADelimiterTheHeaderLacksAreReadAsTheyWere() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), """
        order_id,cust_no,ordered_at,amount
        o1,c1,2025-01-05 10:00:00,100,
        o2,c2,2025-01-06 10:00:00,50,
        o3,c2,2025-01-07 10:00:00,40,7,
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(""));
    SourceCounts c = lake.counts().get(0);
    assertEquals(2, c.used(), "a trailing empty field on every row is the file's style: " + c);
    assertEquals(Map.of("malformed CSV row", 1L), c.quarantinedByReason(), "o3 still has a field too many");
    assertFalse(java.util.Arrays.asList(lake.get(Source.ORDERS).columns()).contains(LakeReader.TRAILING));
  }

  @Test
  void rowsForCustomersWithoutOrdersAreCountedAndIdsWrittenOtherwiseAreNamed() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + """
        o1,30,2025-01-05 10:00:00,100,60,0,web,0,
        o2,31,2025-01-06 10:00:00,40,10,0,web,0,
        o3,32,2025-01-07 10:00:00,40,10,0,web,0,
        o4,33,2025-08-07 10:00:00,40,10,0,web,0,
        """);
    // the events carry the ids zero-padded, as another system wrote them; "33" ordered only after as_of
    Files.writeString(dir.resolve("events.csv"), """
        customer_id,occurred_at,event_type
        00030,2025-02-01 10:00:00,web_session
        00030,2025-02-02 10:00:00,web_session
        00031,2025-02-01 10:00:00,product_view
        00033,2025-02-01 10:00:00,web_session
        00031,2025-09-01 10:00:00,web_session
        """);
    // the customers hold every buyer and two prospects who never ordered: no caution for them
    Files.writeString(dir.resolve("customers.csv"), """
        customer_id,signup_date
        30,2024-01-01
        31,2024-01-01
        32,2024-01-01
        p1,2024-01-01
        p2,2024-01-01
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(
        "  events: {path: events.csv, format: csv}\n  customers: {path: customers.csv, format: csv}\n"));
    Map<String, SourceCounts> counts = lake.counts().stream().collect(Collectors.toMap(SourceCounts::source, c -> c));
    SourceCounts events = counts.get("events");
    assertEquals(4, events.used());
    assertEquals(1, events.afterAsOf());
    assertTrue(events.reconciles());
    assertEquals(4, events.customerMatch().rowsForOthers(), "no events row names a customer as the orders write them");
    assertEquals(3, events.customerMatch().idsForOthers());
    assertEquals(0, events.customerMatch().customersCovered());
    assertEquals(3, events.customerMatch().customersWithOrders(), "33 ordered only after as_of");
    assertEquals("00030", events.customerMatch().examples().get(0), "the commonest first");
    assertEquals(2, events.customerMatch().idsMatchingWhenAlike(), "00030 and 00031; 00033 has no order before as_of");
    String caution = events.idCaution();
    assertNotNull(caution);
    assertTrue(caution.startsWith("events: 3 customer_id values (4 rows) match no customer with orders, but 2 of them"
        + " would if written alike"), caution);
    assertTrue(caution.contains("'00030' for orders' '30'"), caution);

    SourceCounts customers = counts.get("customers");
    assertEquals(2, customers.customerMatch().rowsForOthers());
    assertEquals(3, customers.customerMatch().customersCovered());
    assertNull(customers.idCaution(), "prospects who never ordered are data, not a mistake");
    assertNull(counts.get("orders").customerMatch());
  }

  @Test
  void amountsThatAreNoNumberOrBelowZeroAreQuarantinedAndTheFirstOfADuplicateCustomerIsKept() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + """
        o1,c1,2025-01-05 10:00:00,100,60,0,web,0,
        o2,c1,2025-01-06 10:00:00,NaN,60,0,web,0,
        o3,c1,2025-01-07 10:00:00,Infinity,60,0,web,0,
        o4,c1,2025-01-08 10:00:00,40,-100,0,web,0,
        o5,c1,2025-01-09 10:00:00,40,10,-3,web,0,
        o6,c1,2025-01-10 10:00:00,40,10,0,web,-7,
        o7,c1,2025-01-11 10:00:00,40,-Infinity,0,web,0,
        """);
    Files.writeString(dir.resolve("customers.csv"), """
        customer_id,signup_date,country
        c9,2024-01-01,US
        c1,2024-03-01,GB
        c1,2020-01-01,DE
        c8,2031-01-01,FR
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(
        "  customers: {path: customers.csv, format: csv}\n"));
    Map<String, String> reasons = lake.quarantine().where("source = 'orders'").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(r.fieldIndex("row")).replaceAll(".*\"order_id\":\"(o\\d)\".*", "$1"),
            r -> r.getString(r.fieldIndex("reason"))));
    assertEquals(Map.of(
        "o2", "unparseable revenue: 'NaN'",
        "o3", "unparseable revenue: 'Infinity'",
        "o4", "negative cost: -100.0",
        "o5", "negative discount: -3.0",
        "o6", "negative returned_amount: -7.0",
        "o7", "unparseable cost: '-Infinity'"), reasons);
    assertEquals(1, lake.get(Source.ORDERS).count());
    List<Row> kept = lake.get(Source.CUSTOMERS).where("customer_id = 'c1'").collectAsList();
    assertEquals(1, kept.size());
    assertEquals("GB", kept.get(0).getString(kept.get(0).fieldIndex("country")), "the first row as read is kept");
    List<String> future = lake.quarantine().where("source = 'customers' and row like '%c8%'").collectAsList().stream()
        .map(r -> r.getString(r.fieldIndex("reason"))).toList();
    assertEquals(1, future.size(), "a sign-up after the run is quarantined");
    assertTrue(future.get(0).startsWith("signup_date later than the run itself: 2031-01-01"), future.get(0));
  }

  @Test
  void aMappedOptionalColumnThatIsNotThereStopsTheRun() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + "o1,c1,2025-01-05 10:00:00,100,60,0,web,0,\n");
    Files.writeString(dir.resolve("cfg.yaml"), """
        as_of: 2025-07-01
        sources:
          orders: {path: orders.csv, format: csv, columns: {customer_id: cust_no, revenue: amount, cost: costt}}
        output: {path: out, format: parquet}
        """);
    ConfigException e = assertThrows(ConfigException.class,
        () -> new LakeReader(spark, Instant.now()).read(RunConfig.load(dir.resolve("cfg.yaml"))));
    assertTrue(e.getMessage().startsWith("orders.cost (mapped from 'costt'): column not found in "), e.getMessage());
  }

  @Test
  void quarantinedRowsCarryNoPlainEmailOrPhone() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + "o1,c1,2025-01-05 10:00:00,100,60,0,web,0,\n"
        + "o2,c1,2025-01-06 10:00:00,Bob.Roe@Example.com,60,0,web,0,\n");
    Files.writeString(dir.resolve("customers.csv"), """
        id,signup_date,mail,phone,country,work_email,tel,notes
        c1,2024-01-01,ann@example.com,+1 415 555 0101,US,ann@work.example,020 7946 0958,
        c1,2024-02-01,ann.b@example.com,+1 415 555 0102,US,,,call me on +1 (650) 253-0000 or mail Jane.Doe@Example.com
        c6,not-a-date,eve.secret@example.com,+1 415 555 9999,GB,eve@work.example,020 7946 0000,"prefers (020) 7946 1234 or 650.253.0001; paid +1234.56 on 2025-01-05, order 12-345-6789"
        """);
    ValidatedLake lake = new LakeReader(spark, Instant.parse("2026-01-01T00:00:00Z")).read(config(
        "  customers: {path: customers.csv, format: csv, columns: {customer_id: id, email: mail}}\n"));
    List<String> rows = lake.quarantine().where("source = 'customers'").collectAsList().stream()
        .map(r -> r.getString(r.fieldIndex("row"))).toList();
    assertEquals(2, rows.size(), rows.toString());
    for (String row : rows) {
      assertFalse(row.contains("@"), "no plain email: " + row);
      assertFalse(row.matches(".*\\d{3} \\d{4}.*"), "no plain phone: " + row);
      assertTrue(row.contains("\"id\":\"c"), "the rest of the row is kept: " + row);
      assertTrue(row.contains("\"country\":"), row);
    }
    String eve = rows.stream().filter(r -> r.contains("not-a-date")).findFirst().orElseThrow();
    assertTrue(eve.contains("\"mail\":\"sha256:" + dev.undercurrent.core.activation.AudienceHashing.sha256Hex(
        "eve.secret@example.com") + "\""), "found again by hashing the value the source holds: " + eve);
    assertEquals(1, rows.stream().filter(r -> r.contains("\"id\":\"c1\"")).count(), "one of the duplicate ids: " + rows);
    // a free-text column holds contact details under no contact name: they are removed, the rest kept
    String ann = rows.stream().filter(r -> r.contains("\"id\":\"c1\"")).findFirst().orElseThrow();
    assertTrue(ann.contains("\"notes\":\"call me on [phone removed] or mail [email removed]\""), ann);
    assertTrue(eve.contains("\"notes\":\"prefers [phone removed] or [phone removed]; paid +1234.56 on 2025-01-05, order"
        + " 12-345-6789\""), "amounts, dates and ids are not numbers to remove: " + eve);
    // a reason quotes the value it could not read: an email there is removed too
    Row order = lake.quarantine().where("source = 'orders'").first();
    assertEquals("unparseable revenue: '[email removed]'", order.getAs("reason"));
    assertFalse(order.<String>getAs("row").contains("@"), order.<String>getAs("row"));
  }

  @Test
  void missingRequiredColumnStopsWithSourceColumnAndFoundColumns() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), "order_id,cust_no,ordered_at\no1,c1,2025-01-05\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> new LakeReader(spark, Instant.now()).read(config("")));
    assertTrue(e.getMessage().startsWith("orders.revenue (mapped from 'amount'): column not found in "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(columns: order_id, cust_no, ordered_at)"), e.getMessage());
  }

  @Test
  void missingSourceFileStopsNamingTheSource() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER);
    ConfigException e = assertThrows(ConfigException.class,
        () -> new LakeReader(spark, Instant.now()).read(config("  events: {path: nowhere.csv, format: csv}\n".replace("  events", "  events"))));
    assertTrue(e.getMessage().contains("not a valid") || e.getMessage().startsWith("events: file not found"), e.getMessage());
  }

  @Test
  void itemsOfUnknownOrdersAreQuarantinedAndDeltaInputsCarryTheirVersion() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), HEADER + "o1,c1,2025-01-05 10:00:00,100,60,0,web,0,\n");
    spark.createDataFrame(List.of(
            org.apache.spark.sql.RowFactory.create("o1", "p1", "kitchen", 1.0, 100.0),
            org.apache.spark.sql.RowFactory.create("o9", "p2", "garden", 1.0, 10.0)),
        new org.apache.spark.sql.types.StructType()
            .add("order_id", "string").add("product_id", "string").add("category", "string")
            .add("quantity", "double").add("unit_price", "double"))
        .write().format("delta").save(dir.resolve("items").toString());
    ValidatedLake lake = new LakeReader(spark, Instant.now())
        .read(config("  order_items: {path: items, format: delta}\n"));
    SourceCounts items = lake.counts().stream().filter(c -> c.source().equals("order_items")).findFirst().orElseThrow();
    assertEquals(2, items.read());
    assertEquals(1, items.quarantined());
    assertEquals(Map.of("order_id not among valid orders", 1L), items.quarantinedByReason());
    assertEquals(0L, items.version());

    // A later version appended; the source's options reach the Delta reader, and the version
    // recorded is the one read.
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("o1", "p3", "garden", 2.0, 5.0)),
        new org.apache.spark.sql.types.StructType()
            .add("order_id", "string").add("product_id", "string").add("category", "string")
            .add("quantity", "double").add("unit_price", "double"))
        .write().format("delta").mode("append").save(dir.resolve("items").toString());
    SourceCounts latest = new LakeReader(spark, Instant.now()).read(config("  order_items: {path: items, format: delta}\n"))
        .counts().stream().filter(c -> c.source().equals("order_items")).findFirst().orElseThrow();
    assertEquals(3, latest.read());
    assertEquals(1L, latest.version());
    SourceCounts pinned = new LakeReader(spark, Instant.now())
        .read(config("  order_items: {path: items, format: delta, options: {versionAsOf: '0'}}\n"))
        .counts().stream().filter(c -> c.source().equals("order_items")).findFirst().orElseThrow();
    assertEquals(2, pinned.read(), "options reach the Delta reader");
    assertEquals(0L, pinned.version());
  }

  @Test
  void aDataFileThatCannotBeReadStopsTheRunNamingTheSource() throws Exception {
    // Delta takes the schema from its log, so the missing file shows only when Spark reads the rows
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("o1", "c1", "2025-01-05 10:00:00", 10.0)),
            new org.apache.spark.sql.types.StructType().add("order_id", "string").add("cust_no", "string")
                .add("ordered_at", "string").add("amount", "double"))
        .write().format("delta").save(dir.resolve("dl").toString());
    try (var files = Files.list(dir.resolve("dl"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
        Files.delete(f);
      }
    }
    Files.writeString(dir.resolve("cfg.yaml"), """
        as_of: 2025-07-01
        sources:
          orders: {path: dl, format: delta, columns: {customer_id: cust_no, revenue: amount}}
        output: {path: out, format: parquet}
        """);
    ConfigException e = assertThrows(ConfigException.class,
        () -> new LakeReader(spark, Instant.now()).read(RunConfig.load(dir.resolve("cfg.yaml"))));
    assertTrue(e.getMessage().startsWith("orders: cannot read " + dir.resolve("dl") + " as delta: "), e.getMessage());
  }

  @Test
  void aCsvFileConfiguredAsParquetIsSaidToBeNoParquetFile() throws Exception {
    // Spark's first line here ends in "Exception thrown in awaitResult:"; the cause is deep inside
    Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,ordered_at,revenue\no1,c1,2025-01-05,10.0\n");
    RunConfig cfg = sourcesConfig("  orders: {path: orders.csv, format: parquet}\n");
    ConfigException e = refused(cfg);
    assertEquals("orders: cannot read " + dir.resolve("orders.csv") + " as parquet: it is not a Parquet file (it"
        + " lacks Parquet's footer); if it holds CSV, give the source format: csv", e.getMessage());
  }

  @Test
  void aSemicolonSeparatedFileIsNamedWithTheOptionThatReadsIt() throws Exception {
    Files.writeString(dir.resolve("orders.csv"), "order_id;customer_id;ordered_at;revenue\no1;c1;2025-01-05;10,5\n");
    RunConfig cfg = sourcesConfig("  orders: {path: orders.csv, format: csv}\n");
    ConfigException e = refused(cfg);
    assertEquals("orders.order_id: column not found in " + dir.resolve("orders.csv") + " (columns:"
        + " order_id;customer_id;ordered_at;revenue); the header holds ';': if the file is separated by them, give"
        + " the source options: {delimiter: ';'}", e.getMessage());
    RunConfig cfg2 = sourcesConfig("  orders: {path: orders.csv, format: csv, options: {delimiter: ';'}}\n");
    assertEquals(1, new LakeReader(spark, Instant.now()).read(cfg2).counts().get(0)
        .read(), "the option the message gives reads the file");
  }

  @Test
  void aHeaderPaddedWithSpacesIsReadAndOneNamingAColumnTwiceIsSaidSo() throws Exception {
    Files.writeString(dir.resolve("orders.csv"),
        "order_id, Customer ID ,ordered_at, Revenue \no1,c1,2025-01-05,10.5\no2,c2,2025-01-06,7\n");
    RunConfig cfg = sourcesConfig("  orders: {path: orders.csv, format: csv, columns: {customer_id: Customer ID}}\n");
    ValidatedLake lake = new LakeReader(spark, Instant.now()).read(cfg);
    assertEquals(2, lake.counts().get(0).used(), "the padded names are the columns meant");
    assertEquals(17.5, lake.get(Source.ORDERS).agg(org.apache.spark.sql.functions.sum("revenue")).first().getDouble(0));

    Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,ordered_at,revenue,revenue\no1,c1,2025-01-05,10.5,3\n");
    RunConfig cfg2 = sourcesConfig("  orders: {path: orders.csv, format: csv}\n");
    ConfigException e = refused(cfg2);
    assertEquals("orders.revenue: column not found in " + dir.resolve("orders.csv") + " (columns: order_id, customer_id,"
        + " ordered_at, revenue3, revenue4); the header names 'revenue' 2 times, read as revenue3 and revenue4: rename"
        + " all but one, or map the one to use (columns: {revenue: revenue3})", e.getMessage());
  }

  @Test
  void aTypedLakehouseTableWithNumericIdsDatesAndDecimalsMeetsATextCustomersFile() throws Exception {
    // the shape a warehouse table usually has: BIGINT ids, a DATE, DECIMAL(18,2) amounts
    spark.sql("SELECT CAST(id AS STRING) AS order_id, CAST(100 + id % 3 AS BIGINT) AS customer_id,"
            + " DATE_ADD(DATE'2025-01-01', CAST(id AS INT)) AS ordered_at, CAST(12.345 * (id + 1) AS DECIMAL(18,2)) AS revenue"
            + " FROM range(6)")
        .write().format("delta").save(dir.resolve("orders_typed").toString());
    Files.writeString(dir.resolve("customers.csv"), "customer_id,country\n100,UK\n101,FR\n102,DE\n");
    RunConfig cfg = sourcesConfig("  orders: {path: orders_typed, format: delta}\n"
        + "  customers: {path: customers.csv, format: csv}\n");
    ValidatedLake lake = new LakeReader(spark, Instant.now()).read(cfg);
    SourceCounts orders = lake.counts().get(0);
    assertEquals(6, orders.used(), orders.toString());
    SourceCounts customers = lake.counts().stream().filter(c -> c.source().equals("customers")).findFirst().orElseThrow();
    assertEquals(0, customers.customerMatch().rowsForOthers(), "BIGINT 100 and text '100' are one customer");
    assertEquals(3, customers.customerMatch().customersCovered());
    Row first = lake.get(Source.ORDERS).orderBy("ordered_at").first();
    assertEquals("100", first.getAs("customer_id"));
    assertEquals(java.sql.Timestamp.valueOf("2025-01-01 00:00:00"), first.getAs("ordered_at"), "a DATE is its midnight");
    assertEquals(12.35, (double) first.getAs("revenue"), 1e-9);
  }

  @Test
  void epochSecondsAndMillisAreReadWhereTheSourceSaysSo() throws Exception {
    // 1736071200 s = 2025-01-05 10:00:00 UTC; a BIGINT event time as warehouses and APIs write it
    Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,ordered_at,revenue\n"
        + "o1,c1,1736071200,10\no2,c1,1736071200.5,5\no3,c2,2025-01-06 08:00:00,7\no4,c2,soon,3\no5,c3,1e30,1\n");
    Files.writeString(dir.resolve("events.csv"), "customer_id,occurred_at,event_type\nc1,1736071200000,web_session\n");
    RunConfig cfg = sourcesConfig("  orders: {path: orders.csv, format: csv, options: {timestamp_format: epoch_seconds}}\n"
        + "  events: {path: events.csv, format: csv, options: {timestamp_format: epoch_millis}}\n");
    ValidatedLake lake = new LakeReader(spark, Instant.now()).read(cfg);
    Map<String, java.sql.Timestamp> at = lake.get(Source.ORDERS).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("order_id"), r -> r.<java.sql.Timestamp>getAs("ordered_at")));
    assertEquals(java.sql.Timestamp.valueOf("2025-01-05 10:00:00"), at.get("o1"));
    assertEquals(java.sql.Timestamp.valueOf("2025-01-05 10:00:00.5"), at.get("o2"));
    assertEquals(java.sql.Timestamp.valueOf("2025-01-06 08:00:00"), at.get("o3"), "ISO text still reads");
    SourceCounts orders = lake.counts().get(0);
    assertEquals(3, orders.used());
    assertEquals(2, orders.quarantined(), "a word and a number past the year 5000 are unparseable, not a failed run");
    assertEquals(java.sql.Timestamp.valueOf("2025-01-05 10:00:00"),
        lake.get(Source.EVENTS).first().getAs("occurred_at"), "milliseconds");
  }

  /** Orders (order_id, customer_id, ordered_at, revenue) and events (customer_id, occurred_at, event_type) read as CSV. */
  private ValidatedLake ordersAndEvents(String orderRows, String eventRows) throws Exception {
    Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id,ordered_at,revenue\n" + orderRows);
    Files.writeString(dir.resolve("events.csv"), "customer_id,occurred_at,event_type\n" + eventRows);
    return new LakeReader(spark, Instant.now()).read(sourcesConfig("  orders: {path: orders.csv, format: csv}\n"
        + "  events: {path: events.csv, format: csv}\n"));
  }

  /** The customer ids of the valid orders, in order id order. */
  private static List<String> validOrderCustomers(ValidatedLake lake) {
    return lake.get(Source.ORDERS).where("revenue >= 0").orderBy("order_id").collectAsList().stream()
        .map(r -> r.<String>getAs("customer_id")).toList();
  }

  @Test
  void customerIdsThatAreEmailAddressesAreKeptHashedInEverySourceAndInQuarantine() throws Exception {
    // a store keyed by the shopper's email: no output may carry the address, and the customer must
    // stay one customer across sources written in another case
    ValidatedLake lake = ordersAndEvents(
        "o1,Ann.Lee@Example.com,2025-01-05,10\no2,ann.lee@example.com ,2025-02-05,5\no3,bob@example.org,2025-01-06,-7\n"
        + "o4,C000123,2025-01-07,3\n", "ANN.LEE@EXAMPLE.COM,2025-01-04,web_session\n");
    String ann = "sha256:" + dev.undercurrent.core.activation.AudienceHashing.sha256Hex("ann.lee@example.com");
    assertEquals(List.of(ann, ann, "C000123"), validOrderCustomers(lake), "one customer whatever the case; other ids as written");
    assertEquals(ann, lake.get(Source.EVENTS).first().getAs("customer_id"));
    SourceCounts events = lake.counts().stream().filter(c -> c.source().equals("events")).findFirst().orElseThrow();
    assertEquals(1, events.customerMatch().customersCovered(), "the events meet the orders' customer");
    List<Row> quarantined = lake.quarantine().collectAsList();
    assertEquals(1, quarantined.size());
    String row = quarantined.get(0).getAs("row");
    assertFalse(row.contains("@"), row);
    assertTrue(row.contains("sha256:" + dev.undercurrent.core.activation.AudienceHashing.sha256Hex("bob@example.org")), row);
  }

  @Test
  void customerIdsThatArePhoneNumbersAreKeptHashedAndOtherIdsAsWritten() throws Exception {
    // a store keyed by the shopper's mobile number: the number may be written with or without its
    // separators, and ids that only look numeric (or dated, or dashed) must stay as written
    ValidatedLake lake = ordersAndEvents(
        "o1,+1 415-555-0100,2025-01-05,10\no2,+14155550100,2025-02-05,5\no3,(020) 7946 0958,2025-01-06,4\n"
        + "o4,415.555.0199,2025-01-06,4\no5,12346,2025-01-07,3\no6,2025-0001,2025-01-07,3\no7,AB-123-4567,2025-01-07,3\n"
        + "o8,+44 20 7946 0958,2025-01-08,-2\n", "+1 (415) 555 0100,2025-01-04,web_session\n");
    java.util.function.Function<String, String> hashed =
        digits -> "sha256:" + dev.undercurrent.core.activation.AudienceHashing.sha256Hex(digits);
    List<String> ids = validOrderCustomers(lake);
    assertEquals(List.of(hashed.apply("14155550100"), hashed.apply("14155550100"), hashed.apply("02079460958"),
        hashed.apply("4155550199"), "12346", "2025-0001", "AB-123-4567"), ids);
    assertEquals(hashed.apply("14155550100"), lake.get(Source.EVENTS).first().getAs("customer_id"));
    List<Row> quarantined = lake.quarantine().collectAsList();
    assertEquals(1, quarantined.size());
    String row = quarantined.get(0).getAs("row");
    assertFalse(row.contains("7946"), row);
    assertTrue(row.contains(hashed.apply("442079460958")), row);
  }

  @Test
  void theRuleForOneIdIsTheReadersRule() {
    // a customer looked up by the address or number a person knows must find the id the run kept
    List<String> ids = List.of("Ann.Lee@Example.com", "+1 415-555-0100", "+14155550100", "(020) 7946 0958",
        "415.555.0199", "415-555.0199", "12346", "2025-0001", "AB-123-4567", "+123", "a@b", "x@y.z", " 4155550100 ",
        "+44 (0)20 7946 0958", "c42");
    List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
    ids.forEach(i -> rows.add(org.apache.spark.sql.RowFactory.create(i)));
    var df = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType().add("id", "string"));
    List<org.apache.spark.sql.Row> kept = df.select(LakeReader.pseudonymousId(org.apache.spark.sql.functions.trim(
        org.apache.spark.sql.functions.col("id")))).collectAsList();
    int hashed = 0;
    for (int i = 0; i < ids.size(); i++) {
      String spark = kept.get(i).getString(0);
      assertEquals(spark, dev.undercurrent.core.record.ContactIds.pseudonymous(ids.get(i)), ids.get(i));
      hashed += spark.startsWith("sha256:") ? 1 : 0;
    }
    assertEquals(7, hashed, "two emails and five written phone numbers, not the other ids");
  }

  @Test
  void catalogTablesAndIcebergAndParquetSourcesReadTheSame() throws Exception {
    var rows = List.of(
        org.apache.spark.sql.RowFactory.create("o1", "c1", java.sql.Timestamp.valueOf("2025-01-05 10:00:00"), 100.0),
        org.apache.spark.sql.RowFactory.create("o2", "c2", java.sql.Timestamp.valueOf("2025-02-05 10:00:00"), -3.0));
    var schema = new org.apache.spark.sql.types.StructType()
        .add("order_id", "string").add("cust_no", "string").add("ordered_at", "timestamp").add("amount", "double");
    var df = spark.createDataFrame(rows, schema);
    df.write().parquet(dir.resolve("orders.parquet").toString());
    spark.sql("CREATE NAMESPACE IF NOT EXISTS ice.shop");
    spark.sql("DROP TABLE IF EXISTS ice.shop.orders");
    df.writeTo("ice.shop.orders").using("iceberg").create();
    df.createOrReplaceTempView("orders_view");
    String icebergPath = java.net.URI.create(spark.conf().get("spark.sql.catalog.ice.warehouse")).getPath()
        .replaceFirst("/$", "") + "/shop/orders";
    assertTrue(Files.isDirectory(Path.of(icebergPath, "metadata")), icebergPath);
    for (String source : List.of("{path: orders.parquet, format: parquet", "{table: ice.shop.orders", "{table: orders_view",
        "{path: '" + icebergPath + "', format: iceberg")) {
      Files.writeString(dir.resolve("cfg.yaml"), "as_of: 2025-07-01\nsources:\n  orders: " + source
          + ", columns: {customer_id: cust_no, revenue: amount}}\n");
      ValidatedLake lake = new LakeReader(spark, Instant.now()).read(RunConfig.load(dir.resolve("cfg.yaml")));
      SourceCounts c = lake.counts().get(0);
      assertEquals(2, c.read(), source);
      assertEquals(1, c.used(), source);
      assertEquals(Map.of("negative revenue", 1L), c.quarantinedByReason(), source);
    }
    ConfigException e = assertThrows(ConfigException.class, () -> {
      Files.writeString(dir.resolve("cfg.yaml"), "sources: {orders: {table: ice.shop.nothing}}\n");
      new LakeReader(spark, Instant.now()).read(RunConfig.load(dir.resolve("cfg.yaml")));
    });
    assertEquals("orders: table not found: ice.shop.nothing", e.getMessage());
  }

  @Test
  void lineGrainOrdersSumTheSameWhateverOrderTheLinesArriveIn() {
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit as doubles.
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("order_id", "string").add("customer_id", "string").add("ordered_at", "timestamp")
        .add("revenue", "double").add("cost", "double").add("discount", "double").add("channel", "string")
        .add("returned_amount", "double").add("campaign_id", "string");
    java.sql.Timestamp t = java.sql.Timestamp.valueOf("2025-01-05 10:00:00");
    List<Row> lines = List.of(
        org.apache.spark.sql.RowFactory.create("o1", "c1", t, 0.1, 0.1, 0.0, "web", 0.0, null),
        org.apache.spark.sql.RowFactory.create("o1", "c1", t, 0.2, 0.2, 0.0, "app", 0.0, "k2"),
        org.apache.spark.sql.RowFactory.create("o1", "c1", t, 0.3, 0.3, 0.0, null, 0.0, "k1"));
    List<Row> reversed = new java.util.ArrayList<>(lines);
    java.util.Collections.reverse(reversed);
    Row a = LakeReader.linesToOrders(spark.createDataFrame(lines, schema).coalesce(1)).first();
    Row b = LakeReader.linesToOrders(spark.createDataFrame(reversed, schema).coalesce(1)).first();
    assertEquals(a, b);
    assertEquals(0.6, a.getDouble(a.fieldIndex("revenue")), 0);
    assertEquals("app", a.getString(a.fieldIndex("channel")));
    assertEquals("k1", a.getString(a.fieldIndex("campaign_id")));
  }
}
