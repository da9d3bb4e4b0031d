/**
 * Nearest neighbours of every customer in the learned embedding space: exact (brute force) for
 * small runs and approximate (HNSW, Malkov &amp; Yashunin 2018, through Apache Lucene's graph) for large
 * ones. The opportunity detectors compare a customer with her behavioural neighbours through
 * these. Plain arrays in, plain arrays out; no customer ids, no scores, no Spark.
 */
package dev.undercurrent.core.neighbours;
