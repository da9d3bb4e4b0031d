/**
 * The values that flow between the stages of a run: the per-customer signal matrix, the learned
 * scores and embedding, segment profiles, opportunities and the run summary that the report, the
 * HTTP API and the MCP server read. Plain records and arrays; no behaviour beyond accessors.
 */
package dev.undercurrent.core.model;
