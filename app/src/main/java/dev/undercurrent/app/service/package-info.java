/**
 * The one application service over a finished run. The CLI, the HTTP API and the MCP server all
 * call {@link dev.undercurrent.app.service.RunService}, so what a user sees in the browser, what
 * an agent reads over MCP and what a script fetches over HTTP cannot drift apart. It reads
 * {@code run.json} only: no Spark session, no tables; nothing here formats for a transport.
 */
package dev.undercurrent.app.service;
