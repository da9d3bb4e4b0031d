package dev.undercurrent.app.service;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.undercurrent.core.model.SegmentFlows;
import dev.undercurrent.core.model.SegmentProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One segment as the API and the MCP server give it: the profile of {@code segments} (its fields
 * at the top level, as {@code /api/segments} lists them) and where its customers came from and
 * went to over the last horizon ({@code segment_flows}).
 *
 * @param movement null where the run has no flows (no earlier cut-off kept, or a run written
 *     before them)
 */
public record SegmentView(@JsonUnwrapped SegmentProfile segment, Movement movement) {

  /**
   * The segment's flows since the earlier cut-off.
   *
   * @param since the earlier cut-off (ISO date), one horizon before {@code as_of}
   * @param sampleShare the share of the run's customers the counts are of: 1, or less where the run
   *     kept the earlier signals of a sample of its customers ({@code training_sample_cap}) and
   *     counted the new ones at the same rate
   * @param customersThen the customers compared who were in the segment then
   * @param stayed those of them still in it
   * @param cameIn customers now here who were elsewhere then, or new since (no segment), most first
   * @param left customers here then who are now in another segment, most first
   */
  public record Movement(String since, double sampleShare, long customersThen, long stayed, List<Move> cameIn,
      List<Move> left) {}

  /**
   * Customers between this segment and another.
   *
   * @param segmentId the other segment; null for customers new since then
   * @param predictedValue the sum of their predicted value for the coming horizon
   */
  public record Move(Integer segmentId, String segmentName, long customers, double predictedValue) {}

  static SegmentView of(SegmentProfile segment, SegmentFlows flows, IntFunction<String> names) {
    if (flows == null) {
      return new SegmentView(segment, null);
    }
    int id = segment.segmentId();
    List<Move> in = new ArrayList<>();
    for (SegmentFlows.Flow f : flows.into(id)) {
      in.add(new Move(f.fromSegment(), f.fromSegment() == null ? "new customers" : names.apply(f.fromSegment()),
          f.customers(), f.predictedValue()));
    }
    List<Move> out = new ArrayList<>();
    for (SegmentFlows.Flow f : flows.outOf(id)) {
      out.add(new Move(f.toSegment(), names.apply(f.toSegment()), f.customers(), f.predictedValue()));
    }
    return new SegmentView(segment, new Movement(flows.since(), flows.sampleShare(), flows.before(id), flows.stayed(id),
        in, out));
  }
}
