/**
 * The {@code bin/undercurrent} command line (picocli): one class per command, each a thin layer
 * that parses options, calls the pipeline or the run service, and turns failures into the
 * contract's exit codes (0 success, 2 bad usage or input with a one-line reason, 1 internal).
 */
package dev.undercurrent.app.cli;
