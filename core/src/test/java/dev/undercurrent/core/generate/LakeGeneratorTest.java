package dev.undercurrent.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.record.CanonicalColumn;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.record.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeGeneratorTest {
  private static final int CUSTOMERS = 1500;
  private static final long SEED = 11;
  private static final LocalDateTime AS_OF = LocalDateTime.of(2025, 12, 29, 0, 0);
  private static final String AS_OF_TEXT = "2025-12-29 00:00:00";
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-[01]\\d-[0-3]\\d [0-2]\\d:[0-5]\\d:[0-5]\\d");
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir static Path tmp;
  static Path lake;
  static GenerationSummary summary;
  static Table truth;

  @BeforeAll
  static void generate() throws IOException {
    lake = tmp.resolve("lake");
    GeneratorOptions options = GeneratorOptions.of(CUSTOMERS, SEED).withThreads(2);
    summary = new LakeGenerator(options).generate(lake);
    truth = Table.read(lake.resolve("_truth/customers.csv"));
  }

  /** A CSV file as written by the generator (no quoting: no value contains a comma). */
  record Table(List<String> header, List<String[]> rows) {
    static Table read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      List<String[]> rows = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) {
        rows.add(l.split(",", -1));
      }
      return new Table(List.of(lines.get(0).split(",")), rows);
    }

    int col(String name) {
      int i = header.indexOf(name);
      assertTrue(i >= 0, () -> "column " + name + " not in " + header);
      return i;
    }
  }

  private static final Map<String, Table> TABLES = new HashMap<>();

  private static Table read(String name) throws IOException {
    Table t = TABLES.get(name);
    if (t == null) {
      t = Table.read(lake.resolve(name));
      TABLES.put(name, t);
    }
    return t;
  }

  /** Checks the timestamp layout; such timestamps then order as their text does. */
  private static String timestamp(String text) {
    assertTrue(
        TIMESTAMP.matcher(text).matches(), () -> "not a timestamp: " + text);
    return text;
  }

  @Test
  void sameOptionsGiveIdenticalBytesWhateverTheThreadCount() throws IOException {
    Path again = tmp.resolve("again");
    new LakeGenerator(GeneratorOptions.of(CUSTOMERS, SEED).withThreads(1)).generate(again);
    List<Path> files;
    try (Stream<Path> s = Files.walk(lake)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.size() >= 10, () -> "files: " + files);
    for (Path f : files) {
      Path other = again.resolve(lake.relativize(f));
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), "differs: " + other);
    }
  }

  @Test
  void anotherSeedGivesAnotherLake() throws IOException {
    Path other = tmp.resolve("other-seed");
    new LakeGenerator(GeneratorOptions.of(300, SEED + 1).withThreads(2)).generate(other);
    Path small = tmp.resolve("small");
    new LakeGenerator(GeneratorOptions.of(300, SEED).withThreads(2)).generate(small);
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(other.resolve("orders.csv")),
            Files.readAllBytes(small.resolve("orders.csv"))));
  }

  @Test
  void aHorizonSeedRedrawsTheHorizonAndKeepsTheHistory() throws IOException {
    GeneratorOptions options = GeneratorOptions.of(CUSTOMERS, SEED).withThreads(2);
    Path one = tmp.resolve("horizon-1");
    Path two = tmp.resolve("horizon-2");
    new LakeGenerator(options.withHorizonSeed(1)).generate(one);
    new LakeGenerator(options.withHorizonSeed(2)).generate(two);
    for (String file : new String[] {"customers.csv", "orders.csv", "order_items.csv", "events.csv", "marketing.csv"}) {
      assertArrayEquals(Files.readAllBytes(one.resolve(file)), Files.readAllBytes(two.resolve(file)),
          file + " differs between two horizon seeds");
    }
    Table a = Table.read(one.resolve("_truth/customers.csv"));
    Table b = Table.read(two.resolve("_truth/customers.csv"));
    int kind = a.col("kind");
    int revenue = a.col("future_revenue");
    int orders = a.col("future_orders");
    int same = 0;
    int buyersA = 0;
    int buyersB = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
      assertEquals(a.rows().get(i)[kind], b.rows().get(i)[kind], "kind of row " + i);
      same += a.rows().get(i)[revenue].equals(b.rows().get(i)[revenue]) ? 1 : 0;
      buyersA += Integer.parseInt(a.rows().get(i)[orders]) > 0 ? 1 : 0;
      buyersB += Integer.parseInt(b.rows().get(i)[orders]) > 0 ? 1 : 0;
    }
    // Customers who buy in neither horizon agree (zero revenue); the buyers' revenue is redrawn.
    int sameShown = same;
    assertTrue(same < CUSTOMERS - Math.min(buyersA, buyersB) / 2,
        () -> sameShown + " of " + CUSTOMERS + " horizon revenues identical");
    // The redraw keeps the customers' propensity: the share buying stays that of the ordinary lake.
    int ordinary = 0;
    for (String[] r : truth.rows()) {
      ordinary += Integer.parseInt(r[truth.col("future_orders")]) > 0 ? 1 : 0;
    }
    for (int buyers : new int[] {buyersA, buyersB}) {
      assertEquals(ordinary / (double) CUSTOMERS, buyers / (double) CUSTOMERS, 0.05,
          "share buying in the horizon: " + buyers + " vs " + ordinary + " in the ordinary lake");
    }
  }

  @Test
  void headersAreTheCanonicalColumns() throws IOException {
    Map<String, Source> files =
        Map.of(
            "orders.csv", Source.ORDERS,
            "customers.csv", Source.CUSTOMERS,
            "order_items.csv", Source.ORDER_ITEMS,
            "events.csv", Source.EVENTS,
            "marketing.csv", Source.MARKETING,
            "_truth/future_orders.csv", Source.ORDERS);
    for (Map.Entry<String, Source> e : files.entrySet()) {
      List<String> expected = e.getValue().columns().stream().map(CanonicalColumn::name).toList();
      assertEquals(expected, read(e.getKey()).header(), e.getKey());
    }
    List<String> truthColumns =
        new ArrayList<>(
            List.of("customer_id", "kind", "secondary_kind", "future_revenue", "future_orders"));
    for (OpportunityType t : OpportunityType.values()) {
      truthColumns.add(t.key());
    }
    assertEquals(truthColumns, truth.header());
  }

  @Test
  void lakeRowsLieStrictlyBeforeAsOf() throws IOException {
    Map<String, String> timeColumns =
        Map.of("orders.csv", "ordered_at", "events.csv", "occurred_at", "marketing.csv", "sent_at");
    for (Map.Entry<String, String> e : timeColumns.entrySet()) {
      Table t = read(e.getKey());
      int c = t.col(e.getValue());
      assertFalse(t.rows().isEmpty(), e.getKey());
      for (String[] r : t.rows()) {
        String at = timestamp(r[c]);
        assertTrue(at.compareTo(AS_OF_TEXT) < 0, () -> e.getKey() + ": " + at + " is not before as_of");
        assertTrue(at.compareTo("2022-12-01") > 0, () -> e.getKey() + ": " + at + " is too old");
      }
    }
    Table customers = read("customers.csv");
    int signup = customers.col("signup_date");
    for (String[] r : customers.rows()) {
      assertTrue(LocalDate.parse(r[signup]).isBefore(AS_OF.toLocalDate()), r[signup]);
    }
  }

  @Test
  void futureOrdersLieInTheHorizon() throws IOException {
    Table f = read("_truth/future_orders.csv");
    assertFalse(f.rows().isEmpty());
    int c = f.col("ordered_at");
    for (String[] r : f.rows()) {
      String at = timestamp(r[c]);
      assertTrue(at.compareTo(AS_OF_TEXT) >= 0, () -> at + " is before as_of");
      assertTrue(at.compareTo("2026-03-29 00:00:00") < 0, () -> at + " is past the 90-day horizon");
    }
  }

  @Test
  void amountsAreNonNegativeAndIdsConsistent() throws IOException {
    Table orders = read("orders.csv");
    Set<String> customerIds = new HashSet<>();
    for (String[] r : read("customers.csv").rows()) {
      assertTrue(customerIds.add(r[0]), () -> "duplicate customer " + r[0]);
    }
    assertEquals(CUSTOMERS, customerIds.size());
    Set<String> orderIds = new HashSet<>();
    int rev = orders.col("revenue");
    int ret = orders.col("returned_amount");
    for (String[] r : orders.rows()) {
      assertTrue(orderIds.add(r[0]), () -> "duplicate order " + r[0]);
      assertTrue(customerIds.contains(r[1]), () -> "unknown customer " + r[1]);
      for (String col : List.of("revenue", "cost", "discount", "returned_amount")) {
        assertTrue(Double.parseDouble(r[orders.col(col)]) >= 0, () -> col + " negative in " + r[0]);
      }
      assertTrue(Double.parseDouble(r[ret]) <= Double.parseDouble(r[rev]), () -> "returned > paid: " + r[0]);
    }
    for (String[] r : read("_truth/future_orders.csv").rows()) {
      assertTrue(orderIds.add(r[0]), () -> "future order id reuses a lake id: " + r[0]);
    }
    Table items = read("order_items.csv");
    Set<String> categories = new HashSet<>();
    for (String[] r : items.rows()) {
      assertTrue(orderIds.contains(r[0]), () -> "item of unknown order " + r[0]);
      categories.add(r[items.col("category")]);
    }
    assertTrue(categories.size() >= 8 && categories.size() <= 12, () -> "categories: " + categories);
    Set<String> channels = new HashSet<>();
    for (String[] r : orders.rows()) {
      channels.add(r[orders.col("channel")]);
    }
    assertTrue(channels.size() >= 3, () -> "channels: " + channels);
    assertEquals(CUSTOMERS, truth.rows().size());
  }

  @Test
  void everyKindAndEveryTruthFlagHasMembers() {
    Set<String> kinds = new HashSet<>();
    int mixers = 0;
    for (String[] r : truth.rows()) {
      kinds.add(r[1]);
      mixers += r[2].isEmpty() ? 0 : 1;
    }
    for (CustomerKind k : CustomerKind.values()) {
      assertTrue(kinds.contains(k.key()), () -> "no customer of kind " + k.key());
    }
    double mixShare = mixers / (double) CUSTOMERS;
    assertTrue(mixShare > 0.08 && mixShare < 0.18, () -> "share of mixers " + mixShare);
    for (OpportunityType t : OpportunityType.values()) {
      int c = truth.col(t.key());
      long members = truth.rows().stream().filter(r -> r[c].equals("1")).count();
      assertTrue(members >= CUSTOMERS / 100, () -> t.key() + ": only " + members + " members");
      assertTrue(members <= CUSTOMERS / 4, () -> t.key() + ": " + members + " members");
    }
  }

  @Test
  void aKindMixChangesWhoIsDrawnAndSaysSoInTheMeta() throws IOException {
    Path mixed = tmp.resolve("mixed");
    GeneratorOptions options = GeneratorOptions.of(2000, SEED).withThreads(2).withKindMix("one_time=0.5, loyal=0");
    new LakeGenerator(options).generate(mixed);
    Map<String, Integer> counts = new HashMap<>();
    Table t = Table.read(mixed.resolve("_truth/customers.csv"));
    for (String[] r : t.rows()) {
      counts.merge(r[1], 1, Integer::sum);
    }
    // 0.5 against the other kinds' 0.88 of the default mix: 36% of the customers
    double oneTime = counts.getOrDefault("one_time", 0) / 2000.0;
    assertTrue(oneTime > 0.32 && oneTime < 0.40, () -> "one-time share " + oneTime + " (expected about 0.36)");
    assertEquals(0, counts.getOrDefault("loyal", 0), "a kind given 0 is never a customer's primary kind");
    String meta = Files.readString(mixed.resolve("_truth/meta.json"));
    assertTrue(meta.contains("\"loyal\" : 0.0"), meta);
  }

  @Test
  void aKindMixNamesWhatItCannotRead() {
    GeneratorOptions o = GeneratorOptions.of(10, SEED);
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> o.withKindMix("loyal=0.1,vip=0.2"));
    assertTrue(unknown.getMessage().contains("'vip=0.2'"), unknown.getMessage());
    IllegalArgumentException share =
        assertThrows(IllegalArgumentException.class, () -> o.withKindMix("loyal=1.5"));
    assertTrue(share.getMessage().contains("'loyal=1.5'"), share.getMessage());
    assertThrows(IllegalArgumentException.class, () -> o.withKindMix(String.join(",",
        java.util.Arrays.stream(CustomerKind.values()).map(k -> k.key() + "=0").toList())));
  }

  @Test
  void rowsPerCustomerAreInTheIntendedRange() {
    double perCustomer = summary.lakeRows() / (double) CUSTOMERS;
    assertTrue(perCustomer > 40 && perCustomer < 90, () -> "rows per customer " + perCustomer);
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static Map<String, String[]> truthById() {
    Map<String, String[]> m = new HashMap<>();
    for (String[] r : truth.rows()) {
      m.put(r[0], r);
    }
    return m;
  }

  @Test
  void lookalikeSeedsCarryTheFutureValue() {
    int seed = truth.col("lookalike_seed");
    int fut = truth.col("future_revenue");
    List<Double> in = new ArrayList<>();
    List<Double> out = new ArrayList<>();
    for (String[] r : truth.rows()) {
      (r[seed].equals("1") ? in : out).add(Double.parseDouble(r[fut]));
    }
    double share = in.size() / (double) CUSTOMERS;
    assertTrue(share >= 0.045 && share <= 0.07, () -> "lookalike share " + share);
    assertTrue(mean(in) > 5 * mean(out), () -> "seeds " + mean(in) + " vs others " + mean(out));
    assertTrue(in.stream().allMatch(v -> v > 0));
  }

  @Test
  void winBackMembersAreLapsedAndLikelierToReturnThanSuppressed() throws IOException {
    Map<String, LocalDateTime> lastOrder = new HashMap<>();
    for (String[] r : read("orders.csv").rows()) {
      LocalDateTime at = LocalDateTime.parse(r[2], TS);
      lastOrder.merge(r[1], at, (a, b) -> a.isAfter(b) ? a : b);
    }
    int wb = truth.col("win_back");
    int sup = truth.col("suppress");
    int fo = truth.col("future_orders");
    double wbBuy = 0;
    double supBuy = 0;
    int wbN = 0;
    int supN = 0;
    for (String[] r : truth.rows()) {
      boolean bought = Integer.parseInt(r[fo]) > 0;
      if (r[wb].equals("1")) {
        wbN++;
        wbBuy += bought ? 1 : 0;
        LocalDateTime last = lastOrder.get(r[0]);
        assertNotNull(last, r[0]);
        assertTrue(last.isBefore(AS_OF.minusDays(120)), () -> r[0] + " last ordered " + last);
      }
      if (r[sup].equals("1")) {
        supN++;
        supBuy += bought ? 1 : 0;
      }
    }
    double wbRate = wbBuy / wbN;
    double supRate = supBuy / supN;
    assertTrue(wbRate > 0.25, () -> "win_back return rate " + wbRate);
    assertTrue(wbRate > 5 * supRate, () -> "win_back " + wbRate + " suppress " + supRate);
  }

  @Test
  void behaviouralFlagsShowInTheRows() throws IOException {
    Map<String, String[]> byId = truthById();
    int pm = truth.col("protect_margin");
    Table orders = read("orders.csv");
    double[] rev = new double[2];
    double[] cost = new double[2];
    for (String[] r : orders.rows()) {
      int g = byId.get(r[1])[pm].equals("1") ? 1 : 0;
      rev[g] += Double.parseDouble(r[3]);
      cost[g] += Double.parseDouble(r[4]);
    }
    double marginIn = 1 - cost[1] / rev[1];
    double marginOut = 1 - cost[0] / rev[0];
    assertTrue(marginIn < marginOut - 0.08, () -> "margin " + marginIn + " vs " + marginOut);

    int rf = truth.col("reduce_frequency");
    long[] sends = new long[2];
    long[] members = new long[2];
    for (String[] r : truth.rows()) {
      members[r[rf].equals("1") ? 1 : 0]++;
    }
    for (String[] r : read("marketing.csv").rows()) {
      sends[byId.get(r[0])[rf].equals("1") ? 1 : 0]++;
    }
    double pressureIn = sends[1] / (double) members[1];
    double pressureOut = sends[0] / (double) members[0];
    assertTrue(pressureIn > 2.5 * pressureOut, () -> "sends " + pressureIn + " vs " + pressureOut);

    int gw = truth.col("grow_wallet");
    double[] events = new double[2];
    double[] spend = new double[2];
    long[] n = new long[2];
    for (String[] r : truth.rows()) {
      n[r[gw].equals("1") ? 1 : 0]++;
    }
    for (String[] r : read("events.csv").rows()) {
      events[byId.get(r[0])[gw].equals("1") ? 1 : 0]++;
    }
    for (String[] r : orders.rows()) {
      spend[byId.get(r[1])[gw].equals("1") ? 1 : 0] += Double.parseDouble(r[3]);
    }
    double spendPerEventIn = spend[1] / events[1];
    double spendPerEventOut = spend[0] / events[0];
    assertTrue(events[1] / n[1] > 1.5 * events[0] / n[0], "events per customer");
    assertTrue(spendPerEventIn < 0.5 * spendPerEventOut, () -> spendPerEventIn + " vs " + spendPerEventOut);
  }

  @Test
  void crossSellMembersBuyNewCategoriesInTheHorizon() throws IOException {
    Map<String, String> customerOfOrder = new HashMap<>();
    for (String[] r : read("orders.csv").rows()) {
      customerOfOrder.put(r[0], r[1]);
    }
    Map<String, Set<String>> bought = new HashMap<>();
    for (String[] r : read("order_items.csv").rows()) {
      bought.computeIfAbsent(customerOfOrder.get(r[0]), k -> new HashSet<>()).add(r[2]);
    }
    Map<String, String> futureCustomer = new HashMap<>();
    for (String[] r : read("_truth/future_orders.csv").rows()) {
      futureCustomer.put(r[0], r[1]);
    }
    Map<String, String[]> byId = truthById();
    int cs = truth.col("cross_sell");
    double[] newItems = new double[2];
    double[] allItems = new double[2];
    for (String[] r : read("_truth/future_order_items.csv").rows()) {
      String c = futureCustomer.get(r[0]);
      int g = byId.get(c)[cs].equals("1") ? 1 : 0;
      allItems[g]++;
      if (!bought.getOrDefault(c, Set.of()).contains(r[2])) {
        newItems[g]++;
      }
    }
    double in = newItems[1] / allItems[1];
    double out = newItems[0] / allItems[0];
    assertTrue(in > 2 * out, () -> "new-category share of horizon items " + in + " vs " + out);
  }

  @Test
  void risingAndSlippingFollowTheirTrajectories() {
    int kind = truth.col("kind");
    int nr = truth.col("nurture_rising");
    int fut = truth.col("future_revenue");
    List<Double> ascending = new ArrayList<>();
    List<Double> stalled = new ArrayList<>();
    for (String[] r : truth.rows()) {
      if (r[kind].equals("rising")) {
        (r[nr].equals("1") ? ascending : stalled).add(Double.parseDouble(r[fut]));
      }
    }
    assertTrue(mean(ascending) > 2 * mean(stalled), () -> mean(ascending) + " vs " + mean(stalled));
  }

  @Test
  void configAndMetaAreReadable() throws Exception {
    RunConfig config = RunConfig.load(lake.resolve("undercurrent.yaml"));
    assertEquals(LocalDate.of(2025, 12, 29), config.asOf().orElseThrow());
    assertEquals(90, config.horizonDays());
    assertEquals(SEED, config.seed());
    assertEquals("delta", config.outputFormat());
    assertEquals(5, config.sources().size());
    for (Source s : Source.values()) {
      assertTrue(Files.isRegularFile(Path.of(config.source(s).orElseThrow().path())), s.key());
    }
    JsonNode meta = new ObjectMapper().readTree(lake.resolve("_truth/meta.json").toFile());
    assertEquals("2025-12-29", meta.get("as_of").asText());
    assertEquals(90, meta.get("horizon_days").asInt());
    assertEquals(SEED, meta.get("seed").asLong());
    assertEquals(CUSTOMERS, meta.get("customers").asLong());
    assertEquals(1, meta.get("format_version").asInt());
    assertEquals(CustomerKind.values().length, meta.get("kinds").size());
    assertTrue(Files.readString(lake.resolve("_truth/README.md")).contains("win_back"));
  }

  @Test
  void configCanPointAtConvertedSources() throws Exception {
    Path dir = tmp.resolve("converted");
    Files.createDirectories(dir);
    LakeGenerator.writeConfig(dir, GeneratorOptions.of(10, 3), "delta");
    RunConfig config = RunConfig.load(dir.resolve("undercurrent.yaml"));
    assertEquals("delta", config.source(Source.EVENTS).orElseThrow().format());
    assertEquals(dir.resolve("events").toAbsolutePath().normalize().toString(),
        config.source(Source.EVENTS).orElseThrow().path());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LakeGenerator.writeConfig(dir, GeneratorOptions.of(10, 3), "orc"));
    assertTrue(e.getMessage().contains("'orc'"), e.getMessage());
  }

  @Test
  void badOptionsAreRefusedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.of(0, 1));
    assertTrue(e.getMessage().contains("customers: 0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> GeneratorOptions.of(10, 1).withHorizonDays(0));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.of(10, 1).withThreads(0));
  }
}
