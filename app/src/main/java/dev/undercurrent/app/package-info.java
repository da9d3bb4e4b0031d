/** The command line, the HTTP API and web page, and the MCP server, over one application service. */
package dev.undercurrent.app;
