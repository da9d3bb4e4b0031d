/**
 * The HTML report of a finished run: one self-contained file (inline CSS and SVG, no network)
 * rendered from the run's {@link dev.undercurrent.core.model.RunSummary} alone, so it can be
 * e-mailed, archived or opened from object storage. Rendering only: nothing here computes a model,
 * a segment or an opportunity, and nothing here touches Spark, DJL or HTTP.
 */
package dev.undercurrent.core.report;
