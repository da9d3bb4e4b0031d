package dev.undercurrent.core.generate;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a generation wrote.
 *
 * @param dir the lake folder
 * @param customers how many customers
 * @param rows rows written per file, keyed by the file's path relative to {@code dir} (for
 *     example {@code orders.csv}, {@code _truth/future_orders.csv}), in the order written;
 *     headers not counted
 * @param lookalikeThreshold the horizon net revenue at and above which a customer is a planted
 *     {@code lookalike_seed}
 * @param seconds wall-clock time of the whole generation
 */
public record GenerationSummary(
    Path dir, long customers, Map<String, Long> rows, double lookalikeThreshold, double seconds) {

  public GenerationSummary {
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
  }

  /** Rows of the five lake sources together (the withheld truth not counted). */
  public long lakeRows() {
    return rows.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("_truth/"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
