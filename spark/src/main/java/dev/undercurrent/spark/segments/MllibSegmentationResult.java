package dev.undercurrent.spark.segments;

import dev.undercurrent.core.segments.ClusteringCandidate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The chosen segments of a Spark run.
 *
 * @param method the label of the winning method (see {@link MllibMethod#label()})
 * @param k the number of segments
 * @param assignments the input rows with an int column {@value MllibSegmentation#SEGMENT_COL},
 *     {@code 0..k-1} numbered by size (0 the largest); lazily evaluated, so cache or write it once
 * @param comparison every (method, k) candidate, exactly one of them chosen
 */
public record MllibSegmentationResult(
    String method, int k, Dataset<Row> assignments, List<ClusteringCandidate> comparison) {
  public MllibSegmentationResult {
    comparison = List.copyOf(comparison);
  }
}
