/**
 * Segment discovery in the learned embedding space: clustering, the choice of the number of
 * segments, and turning clusters into profiles a marketer can read.
 *
 * <p>{@link dev.undercurrent.core.segments.KMeans} is the plain-Java engine (k-means++ seeding and
 * Lloyd iterations) for driver-side runs and for the many small fits that bootstrap stability
 * needs; {@link dev.undercurrent.core.segments.SegmentCountSelector} scores each candidate number
 * of segments by stability across resamples and by silhouette and picks one by a documented rule;
 * {@link dev.undercurrent.core.segments.ClusteringAgreement} holds the adjusted Rand index and the
 * silhouette; {@link dev.undercurrent.core.segments.SegmentProfiler} and
 * {@link dev.undercurrent.core.segments.SegmentNamer} turn segment labels into
 * {@link dev.undercurrent.core.model.SegmentProfile}s with names, numbers, neighbours and
 * contrasts.
 *
 * <p>No Spark or DJL types here: the Spark adapter ({@code dev.undercurrent.spark.segments}) runs
 * MLlib's clusterers and reuses the criteria and the selection rule from this package.
 */
package dev.undercurrent.core.segments;
