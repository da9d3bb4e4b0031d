package dev.undercurrent.core.record;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunConfigTest {
  private static final Path BASE = Path.of("/lake");

  @Test
  void parsesTheContractsExample() throws Exception {
    RunConfig c = RunConfig.parse("""
        as_of: 2025-12-29
        horizon_days: 90
        sources:
          orders:      {path: lake/orders.csv, format: csv, columns: {customer_id: cust_no}}
          customers:   {path: lake/customers.csv, format: csv}
          events:      {table: main.web.events}
        output: {path: out/run1, format: delta}
        """, BASE, "cfg.yaml");
    assertEquals(LocalDate.of(2025, 12, 29), c.asOf().orElseThrow());
    assertEquals("/lake/lake/orders.csv", c.source(Source.ORDERS).orElseThrow().path());
    assertEquals("cust_no", c.source(Source.ORDERS).orElseThrow().userColumn("customer_id"));
    assertEquals("revenue", c.source(Source.ORDERS).orElseThrow().userColumn("revenue"));
    assertEquals("main.web.events", c.source(Source.EVENTS).orElseThrow().table());
    assertEquals("/lake/out/run1", c.outputPath());
    assertEquals(0.10, c.holdoutShare());
    assertEquals("", c.holdoutSalt(), "no salt: the same splits in every run");
  }

  @Test
  void locationsAreShownWithoutTheCredentialsAUriCanCarry() throws Exception {
    assertEquals("s3a://bucket/lake/orders", SourceConfig.redact("s3a://AKIA123:secret/key@bucket/lake/orders"));
    assertEquals("abfss://c@acct.dfs.core.windows.net/orders?…",
        SourceConfig.redact("abfss://c@acct.dfs.core.windows.net/orders?sv=2024&sig=abc"), "the container stays");
    assertEquals("https://host:8080/a@b/o.csv", SourceConfig.redact("https://host:8080/a@b/o.csv"));
    assertEquals("/data/lake/orders.csv", SourceConfig.redact("/data/lake/orders.csv"));
    assertEquals("main.sales.orders", SourceConfig.redact("main.sales.orders"));
    assertEquals("/lake/o?x.csv", SourceConfig.redact("/lake/o?x.csv"), "a local glob keeps its '?'");
    RunConfig c = RunConfig.parse("sources: {orders: {path: 'https://u:p@host/o.csv?token=t', format: csv}}", BASE, "cfg.yaml");
    assertEquals("https://host/o.csv?…", c.source(Source.ORDERS).orElseThrow().location());
    assertEquals("https://u:p@host/o.csv?token=t", c.source(Source.ORDERS).orElseThrow().path(), "read as given");
  }

  @Test
  void objectStorePathsAreReadAsGivenAndAnOutputUriIsNamed() throws Exception {
    RunConfig c = RunConfig.parse("""
        sources:
          orders: {path: 's3a://bucket/lake/orders', format: delta}
          events: {path: 'abfss://c@acct.dfs.core.windows.net/events', format: parquet}
          customers: {path: 'dbfs:/mnt/lake/customers.csv', format: csv}
          marketing: {path: lake/marketing.csv}
        output: {path: 'file:///tmp/run1'}
        """, BASE, "cfg.yaml");
    assertEquals("s3a://bucket/lake/orders", c.source(Source.ORDERS).orElseThrow().path());
    assertEquals("abfss://c@acct.dfs.core.windows.net/events", c.source(Source.EVENTS).orElseThrow().path());
    assertEquals("dbfs:/mnt/lake/customers.csv", c.source(Source.CUSTOMERS).orElseThrow().path());
    assertEquals("/lake/lake/marketing.csv", c.source(Source.MARKETING).orElseThrow().path());
    assertEquals("/tmp/run1", c.outputPath());
    assertTrue(assertThrows(ConfigException.class,
        () -> RunConfig.parse("sources: {orders: {path: o.csv}}\noutput: {path: 's3a://bucket/out'}", BASE, "cfg.yaml"))
        .getMessage().startsWith("cfg.yaml: output.path: 's3a://bucket/out' is a URI; the output must be a local"));
    // The command line's --out is held to the same rule: it would otherwise become a folder named "s3a:".
    assertTrue(assertThrows(ConfigException.class, () -> c.withOverrides(null, "s3a://key:secret@bucket/out", null))
        .getMessage().startsWith("--out: 's3a://bucket/out' is a URI; the output must be a local"));
    assertEquals("/tmp/run2", c.withOverrides(null, "file:///tmp/run2", null).outputPath());
  }

  @Test
  void theValueLevelIsTheSeasonsUnlessTheConfigKeepsTheNetworks() throws Exception {
    assertTrue(RunConfig.parse("sources: {orders: {path: o.csv}}\n", BASE, "cfg.yaml").seasonalLevel());
    assertTrue(RunConfig.parse("sources: {orders: {path: o.csv}}\nvalue_level: seasonal\n", BASE, "cfg.yaml").seasonalLevel());
    RunConfig network = RunConfig.parse("sources: {orders: {path: o.csv}}\nvalue_level: network\n", BASE, "cfg.yaml");
    assertFalse(network.seasonalLevel());
    assertFalse(network.withOverrides(null, null, null).seasonalLevel(), "kept through the command line's overrides");
    assertEquals("cfg.yaml: value_level: 'season' is not a level; expected 'seasonal' (the same season a year earlier,"
        + " the default) or 'network'", assertThrows(ConfigException.class, () -> RunConfig.parse(
            "sources: {orders: {path: o.csv}}\nvalue_level: season\n", BASE, "cfg.yaml")).getMessage());
  }

  @Test
  void anUnknownAssumptionStopsTheRunBeforeItStarts() {
    assertEquals("cfg.yaml: assumptions: unknown key 'bogus_rate', expected one of",
        assertThrows(ConfigException.class, () -> RunConfig.parse(
            "sources: {orders: {path: o.csv}}\nassumptions: {contact_cost: 0.5, bogus_rate: 1}\n", BASE, "cfg.yaml"))
            .getMessage().replaceFirst(" \\[.*", ""));
    assertTrue(assertThrows(ConfigException.class, () -> RunConfig.parse(
        "sources: {orders: {path: o.csv}}\nassumptions: {contact_cost: -1}\n", BASE, "cfg.yaml"))
        .getMessage().startsWith("cfg.yaml: assumptions.contact_cost: -1.0 found"));
  }

  @Test
  void aTimestampFormatSparkCannotParseWithStopsTheRunNamingTheSource() throws Exception {
    String week = assertThrows(ConfigException.class, () -> RunConfig.parse(
        "sources: {orders: {path: o.csv, options: {timestamp_format: YYYY-MM-dd}}}\n", BASE, "cfg.yaml")).getMessage();
    assertTrue(week.startsWith("cfg.yaml: sources.orders.options.timestamp_format: 'YYYY-MM-dd' uses 'Y'"), week);
    assertTrue(week.contains("the calendar year is y"), week);
    String letter = assertThrows(ConfigException.class, () -> RunConfig.parse(
        "sources: {orders: {path: o.csv, options: {timestamp_format: 'yyyy-MM-dd foo'}}}\n", BASE, "cfg.yaml")).getMessage();
    assertTrue(letter.startsWith("cfg.yaml: sources.orders.options.timestamp_format: 'yyyy-MM-dd foo' is not a"
        + " date-time pattern"), letter);
    RunConfig.parse("sources: {orders: {path: o.csv, options: {timestamp_format: \"M/d/yyyy H:mm\"}}}\n", BASE, "cfg.yaml");
    RunConfig.parse("sources: {orders: {path: o.csv, options: {timestamp_format: \"yyyy-MM-dd'T'HH:mm\"}}}\n", BASE,
        "cfg.yaml");
  }

  @Test
  void aHoldoutSaltDrawsNewSplits() throws Exception {
    RunConfig c = RunConfig.parse("sources: {orders: {path: o.csv}}\nholdout_salt: wave-2\n", BASE, "cfg.yaml");
    assertEquals("wave-2", c.holdoutSalt());
    assertEquals("wave-2", c.withOverrides(null, null, null).holdoutSalt());
    assertEquals("2026", RunConfig.parse("sources: {orders: {path: o.csv}}\nholdout_salt: 2026\n", BASE, "cfg.yaml").holdoutSalt());
    assertTrue(assertThrows(ConfigException.class,
        () -> RunConfig.parse("sources: {orders: {path: o.csv}}\nholdout_salt: [a]\n", BASE, "cfg.yaml"))
        .getMessage().startsWith("cfg.yaml: holdout_salt: expected a word or number"));
  }

  @Test
  void commandLineOverridesWin() throws Exception {
    RunConfig c = RunConfig.parse("sources: {orders: {path: o.csv}}\noutput: {format: delta}\n", BASE, "cfg.yaml")
        .withOverrides(LocalDate.of(2024, 1, 1), "/tmp/x", "csv");
    assertEquals("csv", c.outputFormat());
    assertEquals("/tmp/x", c.outputPath());
    assertEquals(LocalDate.of(2024, 1, 1), c.asOf().orElseThrow());
  }

  @Test
  void mistakesAreNamed() {
    assertEquals("cfg.yaml: sources.orders is missing; it is the one required source",
        assertThrows(ConfigException.class, () -> RunConfig.parse("sources: {customers: {path: c.csv}}", BASE, "cfg.yaml")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> RunConfig.parse("horizon_dayz: 3\nsources: {orders: {path: o.csv}}", BASE, "cfg.yaml"))
        .getMessage().startsWith("cfg.yaml: unknown key 'horizon_dayz'"));
    assertTrue(assertThrows(ConfigException.class,
        () -> RunConfig.parse("sources: {orders: {path: o.csv, columns: {amount: x}}}", BASE, "cfg.yaml"))
        .getMessage().startsWith("cfg.yaml: sources.orders.columns: 'amount' is not a canonical column of orders"));
    assertEquals("cfg.yaml: as_of: '2025-13-01' is not a date (expected YYYY-MM-DD)",
        assertThrows(ConfigException.class, () -> RunConfig.parse("as_of: 2025-13-01\nsources: {orders: {path: o.csv}}", BASE, "cfg.yaml")).getMessage());
  }

  @Test
  void misspeltKeysInsideASourceOrTheOutputAreNamedNotIgnored() {
    String[][] cases = {
      {"sources: {orders: {path: o.csv, colums: {cost: my_cost}}}",
        "cfg.yaml: sources.orders: unknown key 'colums' (expected one of [path, table, format, columns, options])"},
      {"sources: {orders: {path: o.parquet, fromat: csv}}", "cfg.yaml: sources.orders: unknown key 'fromat'"},
      {"sources: {orders: {path: o.csv, timestamp_format: 'dd/MM/yyyy'}}",
        "cfg.yaml: sources.orders: unknown key 'timestamp_format'"},
      {"sources: {orders: {path: o.csv}}\noutput: {pth: elsewhere}",
        "cfg.yaml: output: unknown key 'pth' (expected one of [path, format])"},
      {"sources: {orders: {path: o.csv}}\noutput: elsewhere", "cfg.yaml: output: expected a mapping"},
      {"sources: {orders: {path: o.csv, columns: {customer_id: [a, b]}}}",
        "cfg.yaml: sources.orders.columns.customer_id: expected the name of a column in the source, found [\"a\",\"b\"]"},
      {"sources: {orders: {path: o.csv, columns: {customer_id: ''}}}",
        "cfg.yaml: sources.orders.columns.customer_id: expected the name of a column in the source, found an empty name"},
    };
    for (String[] c : cases) {
      String message = assertThrows(ConfigException.class, () -> RunConfig.parse(c[0], BASE, "cfg.yaml"), c[0]).getMessage();
      assertTrue(message.startsWith(c[1]), c[0] + " -> " + message);
    }
  }

  @Test
  void segmentsAreChosenFromThreeToTwelveUnlessTheConfigSaysOtherwise() throws Exception {
    String orders = "sources: {orders: {path: o.csv}}\n";
    RunConfig plain = RunConfig.parse(orders, BASE, "cfg.yaml");
    assertEquals(3, plain.minSegments());
    assertEquals(12, plain.maxSegments());
    RunConfig fixed = RunConfig.parse(orders + "segments: {count: 8}\n", BASE, "cfg.yaml");
    assertEquals(8, fixed.minSegments());
    assertEquals(8, fixed.maxSegments());
    RunConfig range = RunConfig.parse(orders + "segments: {min_count: 5, max_count: 9}\n", BASE, "cfg.yaml");
    assertEquals(5, range.minSegments());
    assertEquals(9, range.maxSegments());
    RunConfig floor = RunConfig.parse(orders + "segments: {min_count: 15}\n", BASE, "cfg.yaml");
    assertEquals(15, floor.minSegments());
    assertEquals(15, floor.maxSegments(), "a floor above the default range is not met by a smaller ceiling");
    RunConfig kept = fixed.withOverrides(null, "/tmp/x", null);
    assertEquals(8, kept.minSegments());
    assertEquals(8, kept.maxSegments());
  }

  @Test
  void aSegmentCountOutOfRangeOrAmbiguousIsNamed() {
    String orders = "sources: {orders: {path: o.csv}}\n";
    assertEquals("cfg.yaml: segments: count 1 is out of range; expected 2 <= min_count <= max_count <= 30",
        assertThrows(ConfigException.class, () -> RunConfig.parse(orders + "segments: {count: 1}", BASE, "cfg.yaml")).getMessage());
    assertEquals("cfg.yaml: segments: min_count 9, max_count 4 is out of range; expected 2 <= min_count <= max_count <= 30",
        assertThrows(ConfigException.class,
            () -> RunConfig.parse(orders + "segments: {min_count: 9, max_count: 4}", BASE, "cfg.yaml")).getMessage());
    assertTrue(assertThrows(ConfigException.class,
            () -> RunConfig.parse(orders + "segments: {count: 6, max_count: 8}", BASE, "cfg.yaml")).getMessage()
        .startsWith("cfg.yaml: segments: count fixes the number of segments"));
    assertEquals("cfg.yaml: segments: count: expected a whole number, found 'eight'",
        assertThrows(ConfigException.class, () -> RunConfig.parse(orders + "segments: {count: eight}", BASE, "cfg.yaml")).getMessage());
    assertTrue(assertThrows(ConfigException.class,
            () -> RunConfig.parse(orders + "segments: {k: 6}", BASE, "cfg.yaml")).getMessage()
        .startsWith("cfg.yaml: segments: unknown key 'k'"));
    assertTrue(assertThrows(ConfigException.class,
            () -> RunConfig.parse(orders + "segments: 6", BASE, "cfg.yaml")).getMessage()
        .startsWith("cfg.yaml: segments: expected a mapping"));
  }

  @Test
  void aKeyGivenTwiceIsRefusedNotSilentlyOverwritten() {
    // YAML parsers keep the last of two equal keys; a config edited by hand then runs with a
    // horizon (or a source) its author did not mean, with nothing said.
    String twice = "horizon_days: 90\nsources: {orders: {path: o.csv}}\nhorizon_days: 30\n";
    String said = assertThrows(ConfigException.class, () -> RunConfig.parse(twice, BASE, "cfg.yaml")).getMessage();
    assertEquals("cfg.yaml: key 'horizon_days' is given twice (line 3); keep one", said);
    String nested = "sources:\n  orders: {path: a.csv}\n  orders: {path: b.csv}\n";
    assertEquals("cfg.yaml: key 'orders' is given twice (line 3); keep one",
        assertThrows(ConfigException.class, () -> RunConfig.parse(nested, BASE, "cfg.yaml")).getMessage());
  }

  @Test
  void aYamlSyntaxErrorIsSaidOnOneLineWithWhereItIs() {
    String broken = "sources:\n  orders: {path: o.csv\nhorizon_days: 90\n";
    String said = assertThrows(ConfigException.class, () -> RunConfig.parse(broken, BASE, "cfg.yaml")).getMessage();
    assertEquals("cfg.yaml: not valid YAML at line 3, column 13: while parsing a flow mapping: expected ',' or '}',"
        + " but got :", said);
    assertFalse(said.contains("\n"), "one line, not the parser's caret drawing: " + said);
    assertFalse(said.contains("[Source:"), said);
  }
}
