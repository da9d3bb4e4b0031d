/**
 * The synthetic retailer lake: five canonical sources with planted, known structure, and the
 * truth that discovery is scored against.
 *
 * <p>{@link dev.undercurrent.core.generate.LakeGenerator} simulates each customer from a
 * generative process of its behavioural {@link dev.undercurrent.core.generate.CustomerKind}, writes
 * the rows before {@code as_of} as CSV files and what the customer really does in the withheld
 * horizon to {@code _truth/}. It streams: customers are simulated in blocks on a few threads and
 * written in order, so memory does not grow with the customer count and the same options give
 * byte-identical files whatever the thread count.
 *
 * <p>Only CSV is written here; parquet and Delta are a conversion at the Spark edge. Nothing here
 * may import {@code org.apache.spark} or {@code ai.djl}.
 */
package dev.undercurrent.core.generate;
