package dev.undercurrent.core.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentDiscoveryTest {

  @Test
  void plantedGroupsBecomeNamedProfilesThatAddUp() {
    // Three planted groups in the embedding, pushed 30 units apart along their own axis so that
    // no two overlap; in the signals, group 1 is silent far beyond its
    // rhythm (gap_ratio) and group 2 buys far more often (frequency).
    Blobs blobs = Blobs.planted(3, 200, 4, 8, 13);
    int n = blobs.truth.length;
    SignalCatalog catalog = SignalCatalog.of(Set.of(SignalGroup.ORDERS), List.of(), List.of());
    double[][] v = new double[n][catalog.size()];
    float[][] embedding = new float[n][];
    double[] predicted = new double[n];
    double[] churn = new double[n];
    for (int i = 0; i < n; i++) {
      int g = blobs.truth[i];
      v[i][catalog.indexOf(SignalCatalog.GAP_RATIO)] = (g == 1 ? 5 : 1) + 0.1 * (i % 7);
      v[i][catalog.indexOf(SignalCatalog.FREQUENCY)] = (g == 2 ? 12 : 3) + (i % 3);
      v[i][catalog.indexOf(SignalCatalog.MONETARY_TOTAL)] = 100 + (i % 11);
      embedding[i] = java.util.Arrays.copyOfRange(blobs.points.values(), i * 4, i * 4 + 4);
      embedding[i][g] += 30;
      predicted[i] = 50;
      churn[i] = g == 1 ? 0.8 : 0.2;
    }
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "c" + i;
    }
    DiscoveredSegments d = SegmentDiscovery.discover(
        new CustomerSignals(ids, catalog, v),
        new CustomerScores(predicted, churn, new double[n], embedding),
        new SegmentCountOptions(2, 5, 3, 5_000, 600, 2, 50, 3));
    assertEquals(3, d.segmentation().k(), () -> d.segmentation().comparison().toString());
    assertEquals(3, d.profiles().size());
    double customers = d.profiles().stream().mapToDouble(SegmentProfile::shareOfCustomers).sum();
    double revenue = d.profiles().stream().mapToDouble(SegmentProfile::shareOfRevenue).sum();
    assertEquals(1.0, customers, 1e-9);
    assertEquals(1.0, revenue, 1e-9);
    Set<String> names = new HashSet<>();
    d.profiles().forEach(p -> names.add(p.name()));
    assertEquals(3, names.size());
    assertTrue(names.stream().anyMatch(x -> x.contains("apsed")), names.toString());
    assertTrue(names.stream().anyMatch(x -> x.contains("regulars")), names.toString());
    for (SegmentProfile p : d.profiles()) {
      assertEquals(2, p.neighbours().size());
      assertEquals(2, p.contrasts().size());
      // Revenue to date is the same in every group (100 + i mod 11): never worth a mention.
      assertTrue(p.contrasts().stream().noneMatch(c -> c.contains("net revenue")), p.contrasts().toString());
      assertTrue(!p.description().contains("net revenue"), p.description());
      assertTrue(p.x() >= 0 && p.x() <= 1 && p.y() >= 0 && p.y() <= 1);
    }
  }
}
