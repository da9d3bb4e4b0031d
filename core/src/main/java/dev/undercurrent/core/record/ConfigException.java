package dev.undercurrent.core.record;

/**
 * The configuration or the input it points at cannot be used. The message names the source, the
 * column and the value found, and is meant to be shown to the user as it is (exit code 2).
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
