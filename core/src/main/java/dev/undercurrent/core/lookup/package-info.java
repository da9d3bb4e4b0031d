/**
 * One customer at a time from a finished run: what the run learned about them, the opportunities
 * they are in (and whether they are held out), and the customers nearest them in the learned
 * space, read from a compact index the run writes beside its tables, so that the HTTP API and the
 * MCP server answer without a Spark session.
 */
package dev.undercurrent.core.lookup;
