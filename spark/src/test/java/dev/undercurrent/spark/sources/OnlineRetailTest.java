package dev.undercurrent.spark.sources;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.RunConfig;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * UCI Online Retail through the example config, checked against the figures in the data set's
 * README (../shared/data/online_retail/README.md) and the UCI documentation.
 */
class OnlineRetailTest {
  @Test
  void loadsAtLineGrainWithTheReadmesCounts() throws Exception {
    Path shared = SharedSpark.shared();
    Path data = shared.resolve("data/online_retail");
    assertTrue(Files.isDirectory(data), "the shared data set is needed: " + data);
    // The example config points at ../../shared relative to examples/; rebase it on this machine's shared/.
    String cfg = Files.readString(Path.of("../examples/online_retail.yaml"))
        .replace("../../shared/data/online_retail", data.toString());
    RunConfig config = RunConfig.parse(cfg, Path.of("../examples").toAbsolutePath(), "online_retail.yaml");
    ValidatedLake lake = new LakeReader(SharedSpark.session(), Instant.now()).read(config);
    SourceCounts orders = lake.counts().get(0);
    assertEquals(541_909, orders.read(), "README: 541,909 rows");
    assertEquals(135_080L, orders.quarantinedByReason().get("null customer_id"), "README: 135,080 without a CustomerID");
    // Cancellations (C invoices, negative quantity) of known customers: 406,829 rows have a
    // CustomerID and 397,924 of them have a positive quantity (UCI documentation).
    assertEquals(406_829 - 397_924, orders.quarantinedByReason().get("negative revenue"));
    assertTrue(orders.reconciles());
    // README: rows with a CustomerID, Quantity > 0 and UnitPrice > 0 sum to 8,911,407.904;
    // the valid lines add only zero-priced lines to those, so their revenue is the same.
    double revenue = lake.get(Source.ORDERS).agg(sum(col("revenue"))).first().getDouble(0);
    assertEquals(8_911_407.904, revenue, 0.01);
    // README: 4,338 customers keep at least one such row.
    long customers = lake.get(Source.ORDERS).where(col("revenue").gt(0)).select("customer_id").distinct().count();
    assertEquals(4_338, customers);
  }
}
