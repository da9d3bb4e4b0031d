package dev.undercurrent.core.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.activation.AudienceHashing;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerIndexTest {

  @TempDir Path dir;

  private static final String ANN = "sha256:" + AudienceHashing.sha256Hex("ann@example.com");
  private static final String[] IDS = {"c1", "c2", ANN, "c4", "c5"};
  // on a line: c1 at 0, c2 at 1, Ann at 1.5, c4 at 4, c5 at 10
  private static final float[][] EMB = {{0f, 0f}, {1f, 0f}, {1.5f, 0f}, {4f, 0f}, {10f, 0f}};

  private static Opportunity opportunity(String id, OpportunityType type, List<String> members, double... scores) {
    return new Opportunity(id, type, type.name(), null, 100, "formula", 0.5, "evidence", "action", "kpi", 1,
        members, scores);
  }

  /**
   * The orders catalogue over the five customers, every signal 0 but for two: days since the last
   * order 10, 20, 400, 30, 40 (Ann's is the far one) and orders to date 1, 2, 3, 4, NaN.
   */
  private static CustomerSignals signals() {
    SignalCatalog catalog = SignalCatalog.of(java.util.Set.of(SignalGroup.ORDERS), List.of(), List.of());
    double[][] v = new double[5][catalog.size()];
    double[] recency = {10, 20, 400, 30, 40};
    double[] frequency = {1, 2, 3, 4, Double.NaN};
    for (int i = 0; i < 5; i++) {
      v[i][catalog.indexOf(SignalCatalog.RECENCY_DAYS)] = recency[i];
      v[i][catalog.indexOf(SignalCatalog.FREQUENCY)] = frequency[i];
    }
    return new CustomerSignals(IDS, catalog, v);
  }

  private Path writeIndex() throws IOException {
    Path file = dir.resolve(CustomerIndex.FILE_NAME);
    List<Opportunity> opps = List.of(
        opportunity("opp-retain", OpportunityType.RETAIN, List.of(ANN, "c4"), 0.9, 0.4),
        opportunity("opp-suppress", OpportunityType.SUPPRESS, List.of("c5", ANN), 0.7, 0.2));
    CustomerIndex.write(file, IDS, new int[] {0, 0, 1, 1, 2},
        new int[] {0, 2, 1, CustomerIndex.NEW_SINCE, CustomerIndex.NOT_COMPARED}, new double[] {10, 20, 30, 40, 50},
        new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, new double[] {0, 0.25, 0.5, 0.75, 1}, EMB, opps,
        (opp, customer) -> opp.equals("opp-suppress") && customer.equals(ANN), signals());
    return file;
  }

  @Test
  void aCustomerComesBackWithScoresMembershipsAndNearestOthers() throws IOException {
    CustomerIndex index = CustomerIndex.read(writeIndex());
    assertEquals(5, index.size());
    int row = index.find(ANN).orElseThrow();
    CustomerIndex.Customer ann = index.customer(row, 3);
    assertEquals(ANN, ann.customerId());
    assertEquals(1, ann.segmentId());
    assertEquals(30, ann.predictedValue());
    assertEquals(0.3, ann.churnProbability());
    assertEquals(0.5, ann.valuePercentile());
    assertEquals(List.of(new CustomerIndex.Membership("opp-retain", false, 0.9),
        new CustomerIndex.Membership("opp-suppress", true, 0.2)), ann.opportunities());
    assertEquals("holdout", ann.opportunities().get(1).group());
    // nearest first, the customer never among them: c2 (0.5), c1 (1.5), c4 (2.5)
    assertEquals(List.of("c2", "c1", "c4"), ann.neighbours().stream().map(CustomerIndex.Neighbour::customerId).toList());
    assertEquals(List.of(0.5, 1.5, 2.5), ann.neighbours().stream().map(CustomerIndex.Neighbour::distance).toList());
    assertEquals(0, ann.neighbours().get(0).segmentId());
    assertEquals(20, ann.neighbours().get(0).predictedValue());
    assertTrue(index.customer(index.find("c1").orElseThrow(), 10).opportunities().isEmpty());
    assertEquals(4, index.customer(0, 10).neighbours().size(), "at most the other customers");
    assertEquals(0, index.customer(0, 0).neighbours().size());
    // Ann stands out first by the days since her last order (the highest of five: 0.9), then by
    // her orders (3 of 1, 2, 3, 4: 0.625); the signals all five share (0) sit at 0.5 and follow
    List<CustomerIndex.Trait> traits = ann.standsOut();
    assertEquals(CustomerIndex.TRAITS, traits.size());
    assertEquals(new CustomerIndex.Trait(SignalCatalog.RECENCY_DAYS, "days since last order", 400, 30, 0.9),
        traits.get(0), "the percentile as the decimal kept (0.9, not the float's 0.8999999761581421)");
    assertEquals(SignalCatalog.FREQUENCY, traits.get(1).signal());
    assertEquals(0.625, traits.get(1).percentile(), 1e-6);
    assertEquals(2.5, traits.get(1).populationMedian(), 1e-9, "the median of the known values");
    assertEquals(0.5, traits.get(2).percentile(), 1e-6);
    // the customer without a value of orders is not said to stand out on it
    assertTrue(index.customer(4, 0).standsOut().stream().noneMatch(t -> t.signal().equals(SignalCatalog.FREQUENCY)));
    assertEquals(0.1, index.customer(0, 0).standsOut().get(0).percentile(), 1e-6, "c1: the most recent buyer");
  }

  @Test
  void aCustomerKeptHashedIsFoundByTheAddressOrNumberAPersonKnows() throws IOException {
    CustomerIndex index = CustomerIndex.read(writeIndex());
    assertEquals(2, index.find(" Ann@Example.com ").orElseThrow());
    assertEquals(2, index.find(ANN).orElseThrow());
    assertEquals(3, index.find("c4").orElseThrow());
    assertFalse(index.find("bob@example.com").isPresent());
    assertFalse(index.find("c9").isPresent());
    assertFalse(index.find(null).isPresent());
  }

  @Test
  void aDamagedOrForeignFileIsRefusedByName() throws IOException {
    Path file = writeIndex();
    byte[] bytes = Files.readAllBytes(file);
    Path cut = dir.resolve("cut.idx");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 7));
    IOException e = assertThrows(IOException.class, () -> CustomerIndex.read(cut));
    assertTrue(e.getMessage().contains("cut.idx") && e.getMessage().contains("ends early"), e.getMessage());

    Path newer = dir.resolve("newer.idx");
    byte[] b = bytes.clone();
    b[7] = (byte) (CustomerIndex.FORMAT_VERSION + 1);
    Files.write(newer, b);
    e = assertThrows(IOException.class, () -> CustomerIndex.read(newer));
    assertTrue(e.getMessage().contains("newer than this Undercurrent reads"), e.getMessage());

    // a count damaged into something huge is refused by name before anything is allocated for it
    Path huge = dir.resolve("huge.idx");
    b = bytes.clone();
    b[8] = 0x7f; // the customer count's high byte
    Files.write(huge, b);
    e = assertThrows(IOException.class, () -> CustomerIndex.read(huge));
    assertTrue(e.getMessage().contains("huge.idx") && e.getMessage().contains("counts the file cannot hold"), e.getMessage());
    // every byte of the file damaged in turn: refused with the file's name, or read, never anything else
    for (int at = 0; at < bytes.length; at++) {
      byte[] d = bytes.clone();
      d[at] = (byte) (d[at] ^ 0xA5);
      Path damaged = dir.resolve("damaged.idx");
      Files.write(damaged, d);
      try {
        CustomerIndex.read(damaged);
      } catch (IOException x) {
        assertTrue(x.getMessage().startsWith(damaged.toString()), x.getMessage());
      }
    }

    Path text = dir.resolve("run.json");
    Files.writeString(text, "{\"formatVersion\": 1}");
    e = assertThrows(IOException.class, () -> CustomerIndex.read(text));
    assertTrue(e.getMessage().contains("not a customer index"), e.getMessage());
  }

  @Test
  void anIdOfAnyLengthIsKept() throws IOException {
    // DataOutputStream.writeUTF stops at 65,535 bytes; a user's id column holds whatever it holds
    String longId = "ü".repeat(40_000);
    String[] ids = {"c1", longId};
    Path file = dir.resolve("long.idx");
    CustomerIndex.write(file, ids, new int[2], new double[2], new double[2], new double[2],
        new float[][] {{0f}, {1f}}, List.of(), (o, c) -> false, null);
    CustomerIndex index = CustomerIndex.read(file);
    assertEquals(longId, index.customer(index.find(longId).orElseThrow(), 1).customerId());
    assertEquals(longId, index.customer(0, 1).neighbours().get(0).customerId());
  }

  @Test
  void aMemberWhoIsNotACustomerOfTheRunIsRefused() {
    List<Opportunity> opps = List.of(opportunity("opp-x", OpportunityType.RETAIN, List.of("c1", "ghost"), 1, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CustomerIndex.write(
        dir.resolve("x.idx"), IDS, new int[5], new double[5], new double[5], new double[5], EMB, opps, (o, c) -> false, null));
    assertTrue(e.getMessage().contains("ghost") && e.getMessage().contains("opp-x"), e.getMessage());
  }

  @Test
  void theNearestAreTheExactNearestOnManyCustomers() throws IOException {
    int n = 2_000;
    SplittableRandom rnd = new SplittableRandom(3);
    String[] ids = new String[n];
    float[][] emb = new float[n][8];
    for (int i = 0; i < n; i++) {
      ids[i] = "c" + i;
      for (int d = 0; d < 8; d++) {
        emb[i][d] = (float) rnd.nextGaussian();
      }
    }
    Path file = dir.resolve("many.idx");
    CustomerIndex.write(file, ids, new int[n], new double[n], new double[n], new double[n], emb, List.of(),
        (o, c) -> false, null);
    CustomerIndex index = CustomerIndex.read(file);
    for (int row : new int[] {0, 777, n - 1}) {
      double[] d = new double[n];
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < 8; k++) {
          double x = emb[row][k] - emb[j][k];
          s += x * x;
        }
        d[j] = s;
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
      List<String> expected = Arrays.stream(order).filter(j -> j != row).limit(10).map(j -> ids[j]).toList();
      assertEquals(expected, index.customer(row, 10).neighbours().stream()
          .map(CustomerIndex.Neighbour::customerId).toList());
    }
  }

  @Test
  void eachCustomersSegmentAHorizonAgoComesBackAndAnIndexOfVersionOneReadsWithout() throws IOException {
    CustomerIndex index = CustomerIndex.read(writeIndex());
    int[] was = new int[5];
    for (int i = 0; i < 5; i++) {
      CustomerIndex.Customer c = index.customer(i, 0);
      was[i] = c.priorSegmentId() != null ? c.priorSegmentId() : c.newSince() ? -1 : -2;
    }
    assertEquals(List.of(0, 2, 1, -1, -2), Arrays.stream(was).boxed().toList());
    // an index written before the prior segment existed (version 1): the same layout without it
    Path old = dir.resolve("v1.idx");
    try (var out = new java.io.DataOutputStream(Files.newOutputStream(old))) {
      out.writeInt(0x55434958);
      out.writeInt(1);
      out.writeInt(1); // customers
      out.writeInt(2); // dimensions
      out.writeInt(0); // opportunities
      out.writeInt(0); // signals
      byte[] id = "c9".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(id.length);
      out.write(id);
      out.writeInt(3); // segment
      out.writeDouble(12.5);
      out.writeDouble(0.25);
      out.writeDouble(0.5);
      out.writeFloat(1f);
      out.writeFloat(2f);
      out.writeInt(0); // memberships
      out.writeByte(0); // traits
    }
    CustomerIndex.Customer c9 = CustomerIndex.read(old).customer(0, 0);
    assertEquals("c9", c9.customerId());
    assertEquals(3, c9.segmentId());
    assertEquals(12.5, c9.predictedValue());
    assertEquals(null, c9.priorSegmentId());
    assertFalse(c9.newSince(), "a version 1 index compared no one");
  }
}
