/**
 * The lakehouse edge: reading sources, validation and quarantine, parallel signal computation,
 * clustering and scoring in Spark, and writing governed tables. Domain rules are called from the
 * core, not restated here.
 */
package dev.undercurrent.spark;
