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
}
