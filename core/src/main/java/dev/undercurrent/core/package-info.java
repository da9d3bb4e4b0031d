/**
 * The domain of Undercurrent, free of Spark and DJL so that it is tested in milliseconds.
 *
 * <p>Sub-packages follow the pipeline: {@code record} (the canonical customer record and the
 * run configuration), {@code signals} (point-in-time signals per customer), {@code clv}
 * (probabilistic lifetime-value models), {@code learning} (the interface a representation
 * learner implements), {@code segments}, {@code opportunities}, {@code activation} (holdouts and
 * hashing), {@code stats}, {@code report} and {@code generate} (the synthetic lake). Nothing here
 * may import {@code org.apache.spark} or {@code ai.djl}.
 */
package dev.undercurrent.core;
