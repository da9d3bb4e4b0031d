package dev.undercurrent.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunServiceTest {

  @Test
  void opensARunDirectory(@TempDir Path dir) throws IOException {
    RunService service = RunService.open(RunFixtures.writeRun(dir));
    assertEquals(RunFixtures.RUN_ID, service.summary().runId());
    assertEquals(5, service.segments().size());
    assertEquals(9, service.opportunities().size());
    assertEquals(dir, service.runDir().orElseThrow());
  }

  @Test
  void refusesADirectoryWithoutARun(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class, () -> RunService.open(dir));
    assertTrue(e.getMessage().contains("run.json"), e.getMessage());
  }

  @Test
  void refusesANewerFormat(@TempDir Path dir) throws IOException {
    RunFixtures.writeRun(dir);
    Path f = dir.resolve(RunSummary.FILE_NAME);
    Files.writeString(f, Files.readString(f).replaceFirst("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
    IOException e = assertThrows(IOException.class, () -> RunService.open(dir));
    assertTrue(e.getMessage().contains("supports at most version"), e.getMessage());
  }

  @Test
  void summaryAddsUpTheOpportunities() {
    RunOverview o = RunService.of(RunFixtures.run()).summary();
    double expected = 0;
    for (int rank = 1; rank <= 9; rank++) {
      expected += 52_000.0 / rank;
    }
    assertEquals(expected, o.totalExpectedValue(), 1e-6);
    assertEquals(expected, o.valueWorthActingOn(), 1e-6, "every fixture opportunity has a positive value");
    assertEquals(9, o.opportunitiesWorthActingOn());
    assertEquals(5, o.segments());
    assertEquals(9, o.opportunities());
  }

  @Test
  void looksUpSegmentsAndOpportunitiesById() {
    RunService service = RunService.of(RunFixtures.run());
    assertEquals("Rising app shoppers", service.segment(2).name());
    assertEquals("retain", service.opportunity("opp-retain").type());
    NotFoundException s = assertThrows(NotFoundException.class, () -> service.segment(42));
    assertTrue(s.getMessage().contains("42") && s.getMessage().contains("0, 1, 2, 3, 4"), s.getMessage());
    NotFoundException o = assertThrows(NotFoundException.class, () -> service.opportunity("nope"));
    assertEquals("nope", o.id());
    assertTrue(o.getMessage().contains("'nope'"), o.getMessage());
  }

  @Test
  void filtersOpportunitiesByType() {
    RunService service = RunService.of(RunFixtures.run());
    List<OpportunitySummary> winBack = service.opportunities("WIN_BACK");
    assertEquals(1, winBack.size());
    assertEquals("win_back", winBack.get(0).type());
    assertEquals(9, service.opportunities(null).size());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> service.opportunities("upsell"));
    assertTrue(e.getMessage().contains("'upsell'") && e.getMessage().contains("cross_sell"), e.getMessage());
  }

  @Test
  void opportunitiesAreRankOrdered() {
    List<OpportunitySummary> opps = RunService.of(RunFixtures.run()).opportunities();
    for (int i = 1; i < opps.size(); i++) {
      assertTrue(opps.get(i - 1).rank() < opps.get(i).rank());
    }
  }

  @Test
  void dataQualityTotalsReconcile() {
    DataQuality q = RunService.of(RunFixtures.run()).dataQuality();
    assertEquals(48_210 + 10_000 + 310_000, q.read());
    assertEquals(q.read(), q.used() + q.afterAsOf() + q.quarantined());
    assertTrue(q.reconciles());
    assertEquals(70L, q.quarantinedByReason().get("orders: negative revenue"));
  }

  @Test
  void dataQualityFlagsCountsThatDoNotReconcile() {
    RunSummary r = RunFixtures.run();
    RunSummary broken = new RunSummary(r.formatVersion(), r.runId(), r.startedAt(), r.asOf(),
        r.horizonDays(), r.currency(), r.configHash(), r.seed(), r.outputFormat(), r.customers(),
        r.totalRevenue(), List.of(new dev.undercurrent.core.model.SourceCounts("orders", "x", "csv",
            null, 10, 5, 0, 1, Map.of())), r.segments(), r.opportunities(), r.metrics(),
        r.stageSeconds());
    assertTrue(!RunService.of(broken).dataQuality().reconciles());
  }

  @Test
  void toleratesAnEmptyRun() {
    RunService service = RunService.of(new RunSummary(1, "empty", null, null, 30, null, null, 0,
        null, 0, 0, null, null, null, null, null));
    assertEquals(0, service.summary().totalExpectedValue());
    assertTrue(service.segments().isEmpty());
    assertTrue(service.modelQuality().isEmpty());
    assertEquals(0, service.dataQuality().read());
    assertTrue(service.reportHtml().contains("id=\"segment-map-section\""));
  }

  @Test
  void modelQualityPassesTheRecordedMetricsThrough() {
    Map<String, Object> q = RunService.of(RunFixtures.run()).modelQuality();
    assertTrue(q.keySet().containsAll(List.of("model", "segments", "truth")));
  }

  @Test
  void aCustomerComesWithTheirOpportunitiesAndTheCustomersLikeThem(@TempDir Path dir) throws IOException {
    RunService service = RunService.open(RunFixtures.writeRun(dir));
    CustomerView c011 = service.customer("c011", 3);
    assertEquals("c011", c011.customerId());
    assertEquals(RunFixtures.RUN_ID, c011.runId());
    assertEquals("EUR", c011.currency());
    assertEquals(90, c011.horizonDays());
    assertEquals(1, c011.segmentId());
    assertEquals(service.segment(1).name(), c011.segmentName());
    assertEquals(41.0, c011.predictedValue());
    assertEquals(0.66, c011.churnProbability());
    assertEquals(0.5, c011.valuePercentile());
    // where each was a horizon ago: stayed, moved, new since, not compared
    assertEquals(new CustomerView.Movement("2025-09-30", 1, service.segment(1).name(), "stayed"), c011.movement());
    assertEquals(new CustomerView.Movement("2025-09-30", 0, service.segment(0).name(), "moved"),
        service.customer("c001", 0).movement());
    assertEquals(new CustomerView.Movement("2025-09-30", null, null, "new"),
        service.customer(RunFixtures.ANN_EMAIL, 0).movement());
    assertEquals(null, service.customer("c002", 0).movement(), "not compared: no movement said");
    // c012's 600 days since the last order is the highest of the five (12, 15, 180, 200, 600)
    CustomerView.Trait first = service.customer("c012", 0).standsOutBy().get(0);
    assertEquals("recency_days", first.signal());
    assertEquals("days since last order", first.label());
    assertEquals(600, first.value());
    assertEquals(180, first.populationMedian());
    assertEquals(0.9, first.percentile(), 1e-6);
    assertEquals(5, c011.standsOutBy().size());
    assertEquals(1, c011.opportunities().size());
    CustomerView.Membership m = c011.opportunities().get(0);
    assertEquals("opp-win_back", m.opportunityId());
    assertEquals("win_back", m.type());
    assertEquals(service.opportunity("opp-win_back").title(), m.title());
    assertEquals("holdout", m.group());
    assertTrue(m.contact().startsWith("held out: leave this customer out"), m.contact());
    // nearest first: Ann at 0.5, c001 at 1, c002 at 3
    assertEquals(List.of(RunFixtures.ANN_ID, "c001", "c002"),
        c011.neighbours().stream().map(CustomerView.Neighbour::customerId).toList());
    assertEquals(List.of(0.5, 1.0, 3.0), c011.neighbours().stream().map(CustomerView.Neighbour::distance).toList());
    assertEquals(service.segment(0).name(), c011.neighbours().get(0).segmentName());
    assertEquals("treatment", service.customer("c001", 0).opportunities().get(0).group());
    assertTrue(service.customer("c012", 0).opportunities().isEmpty());
    assertTrue(service.customer("c012", 0).neighbours().isEmpty());
  }

  @Test
  void aCustomerKeyedByEmailIsFoundByTheAddressWhichNoAnswerRepeats(@TempDir Path dir) throws IOException {
    RunService service = RunService.open(RunFixtures.writeRun(dir));
    CustomerView ann = service.customer(RunFixtures.ANN_EMAIL, 2);
    assertEquals(RunFixtures.ANN_ID, ann.customerId());
    assertEquals(List.of("opp-retain"), ann.opportunities().stream().map(CustomerView.Membership::opportunityId).toList());
    assertEquals(ann, service.customer(RunFixtures.ANN_ID, 2));
    NotFoundException e = assertThrows(NotFoundException.class, () -> service.customer("bob@example.com", 2));
    assertTrue(e.getMessage().contains("(the email address or phone number given) not found in run "), e.getMessage());
    assertTrue(!e.getMessage().contains("bob") && !e.id().contains("bob"), e.getMessage());
    e = assertThrows(NotFoundException.class, () -> service.customer("c999", 2));
    assertTrue(e.getMessage().startsWith("customer c999 not found in run " + RunFixtures.RUN_ID + " (5 customers;"),
        e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> service.customer("c001", 101));
    assertTrue(bad.getMessage().contains("expected 0 to 100"), bad.getMessage());
  }

  @Test
  void aRunWithoutACustomerIndexSaysSo(@TempDir Path dir) throws IOException {
    RunFixtures.run().write(dir);
    NotFoundException e = assertThrows(NotFoundException.class, () -> RunService.open(dir).customer("c001", 1));
    assertTrue(e.getMessage().contains("has no customer index") && e.getMessage().contains("run discover again"),
        e.getMessage());
    assertThrows(NotFoundException.class, () -> RunService.of(RunFixtures.run()).customer("c001", 1));
  }

  @Test
  void aDamagedIndexIsReadOnceAndSaidByName(@TempDir Path dir) throws IOException {
    RunFixtures.writeRun(dir);
    Path index = dir.resolve(dev.undercurrent.core.lookup.CustomerIndex.FILE_NAME);
    byte[] b = Files.readAllBytes(index);
    Files.write(index, java.util.Arrays.copyOf(b, b.length / 2));
    RunService service = RunService.open(dir);
    java.io.UncheckedIOException first = assertThrows(java.io.UncheckedIOException.class, () -> service.customer("c001", 1));
    assertTrue(first.getMessage().contains(index.toString()) && first.getMessage().contains("ends early"),
        first.getMessage());
    Files.write(index, b); // mended on disk: the service keeps its answer until it is opened again
    assertEquals(first, assertThrows(java.io.UncheckedIOException.class, () -> service.customer("c001", 1)));
    assertEquals("c001", RunService.open(dir).customer("c001", 1).customerId());
  }

  @Test
  void aValueThatMayHoldAnAddressIsNotRepeated(@TempDir Path dir) throws IOException {
    RunService service = RunService.open(RunFixtures.writeRun(dir));
    for (String given : List.of("Alice <alice@example.com>", "1-415-555-0100", "alice@localhost")) {
      NotFoundException e = assertThrows(NotFoundException.class, () -> service.customer(given, 1));
      assertTrue(!e.getMessage().contains("alice") && !e.getMessage().contains("555") && !e.id().contains("alice"),
          e.getMessage());
    }
    NotFoundException opp = assertThrows(NotFoundException.class, () -> service.opportunity("ann@example.com"));
    assertTrue(!opp.getMessage().contains("ann@") && !opp.id().contains("ann@"), opp.getMessage());
    String longId = "ü".repeat(100) + "x";
    NotFoundException e = assertThrows(NotFoundException.class, () -> service.customer(longId, 1));
    assertTrue(e.id().equals("ü".repeat(77) + "..."), e.id());
  }
}
