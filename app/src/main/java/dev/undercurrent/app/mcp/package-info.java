/**
 * The MCP server (Model Context Protocol, MCP Java SDK 2.1) that lets an AI agent read a finished
 * run over stdio. A thin layer: each tool calls {@link dev.undercurrent.app.service.RunService}
 * and returns its answer as JSON text. Nothing may write to stdout but the protocol itself.
 */
package dev.undercurrent.app.mcp;
