package dev.undercurrent.core.report;

import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Figures derived from a {@link RunSummary} that the report, the HTTP API and the MCP server all
 * show, computed in one place so the three cannot disagree; and tolerant look-ups into the run's
 * free-form {@code metrics} map, whose keys depend on which stages ran (truth metrics exist only on
 * synthetic lakes). A missing key, a null or a value of the wrong type reads as absent, never as
 * an exception.
 */
public final class RunFigures {

  private RunFigures() {}

  /**
   * The sum of the opportunities' expected values. Audiences may overlap, so this is an upper
   * bound on what acting on all of them would add, not a forecast of the total.
   */
  public static double totalExpectedValue(RunSummary run) {
    return expectedValues(run).sum();
  }

  /**
   * The sum of the expected values that are above zero: what acting on the opportunities worth
   * acting on would add (an upper bound, as audiences may overlap). An opportunity with a negative
   * value costs more than it returns at the run's costs and response rates; acting on it would
   * lower the total, so the headline leaves it out and says how many there are.
   */
  public static double valueWorthActingOn(RunSummary run) {
    return expectedValues(run).filter(v -> v > 0).sum();
  }

  /** How many opportunities have an expected value above zero ({@link #valueWorthActingOn}). */
  public static int countWorthActingOn(RunSummary run) {
    return (int) expectedValues(run).filter(v -> v > 0).count();
  }

  /** The opportunities' finite expected values. */
  private static java.util.stream.DoubleStream expectedValues(RunSummary run) {
    return orEmpty(run.opportunities()).stream()
        .filter(java.util.Objects::nonNull)
        .mapToDouble(OpportunitySummary::expectedValue)
        .filter(Double::isFinite);
  }

  /** The value at a path of keys into nested maps, or empty where any step is missing. */
  public static Optional<Object> at(Map<String, ?> metrics, String... path) {
    Object node = metrics;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      node = map.get(key);
    }
    return Optional.ofNullable(node);
  }

  /** The number at a path, or empty where it is missing or not a finite number. */
  public static OptionalDouble number(Map<String, ?> metrics, String... path) {
    Optional<Object> v = at(metrics, path);
    if (v.isPresent() && v.get() instanceof Number n && Double.isFinite(n.doubleValue())) {
      return OptionalDouble.of(n.doubleValue());
    }
    return OptionalDouble.empty();
  }

  /** The nested map at a path, or empty where it is missing or not a map. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> map(Map<String, ?> metrics, String... path) {
    return at(metrics, path).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m);
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
