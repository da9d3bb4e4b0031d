/**
 * The canonical customer record (contract section 3) and the run configuration that maps a
 * user's tables onto it. Validation rules that decide whether a row is usable live here too, so
 * the Spark reader only moves rows and the rules stay testable without Spark.
 */
package dev.undercurrent.core.record;
