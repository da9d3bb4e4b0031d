package dev.undercurrent.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SegmentCeilingTest {
  @Test
  void aSmallLakeIsNotCutIntoSegmentsOfAFewCustomers() {
    // a 30-customer lake was cut into 10 segments of 3
    assertEquals(3, DiscoveryPipeline.segmentCeiling(30, 3, 12), "never below the floor");
    assertEquals(8, DiscoveryPipeline.segmentCeiling(200, 3, 12));
    assertEquals(12, DiscoveryPipeline.segmentCeiling(1200, 3, 12));
    assertEquals(12, DiscoveryPipeline.segmentCeiling(20_000, 3, 12));
    assertEquals(10, DiscoveryPipeline.segmentCeiling(30, 10, 10), "a count the config fixes is kept");
  }
}
