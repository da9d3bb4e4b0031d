/**
 * Reading the configured sources into the canonical record, with validation: rows that cannot be
 * used go to quarantine with a reason and their original values, and every source's counts
 * reconcile (read = used + after as_of + quarantined).
 */
package dev.undercurrent.spark.sources;
