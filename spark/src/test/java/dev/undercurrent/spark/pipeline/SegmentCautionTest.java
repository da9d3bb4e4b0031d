package dev.undercurrent.spark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentCautionTest {
  @Test
  void stableSegmentsNeedNoWord() {
    assertEquals("", DiscoveryPipeline.segmentCaution(3, false, 3, 12, 0.95));
    assertEquals("", DiscoveryPipeline.segmentCaution(5, true, 5, 5, 0.81));
  }

  @Test
  void anUnstableChoiceInAnOpenRangeIsSaidToo() {
    // a 150-customer lake: k = 4 at 0.62 was chosen in 3..6 and nothing was said
    String c = DiscoveryPipeline.segmentCaution(4, false, 3, 6, 0.62);
    assertTrue(c.startsWith("the 4 segments chosen in 3..6 are not stable: bootstrap resamples agree at ARI 0.62,"
        + " below 0.80"), c);
  }

  @Test
  void aFixedOrForcedCountSaysWhy() {
    assertTrue(DiscoveryPipeline.segmentCaution(5, true, 5, 5, 0.5).startsWith("the 5 segments the config fixed are not stable"));
    assertTrue(DiscoveryPipeline.segmentCaution(3, false, 3, 3, 0.5).startsWith("the 3 segments this few customers allow are not stable"));
  }
}
