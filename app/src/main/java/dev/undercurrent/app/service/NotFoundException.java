package dev.undercurrent.app.service;

/**
 * A segment, opportunity or other item asked for by id is not in the run. Unchecked because every
 * caller (HTTP, MCP, CLI) turns it into its own "not found" answer at the edge, and the message,
 * which names the id and the ids that do exist, is meant for the user as is.
 */
public final class NotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;

  public NotFoundException(String kind, String id, String message) {
    super(message);
    this.kind = kind;
    this.id = id;
  }

  /** What was looked up, e.g. {@code segment}. */
  public String kind() {
    return kind;
  }

  /** The id as the caller gave it. */
  public String id() {
    return id;
  }
}
