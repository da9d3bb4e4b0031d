package dev.undercurrent.spark.sources;

import dev.undercurrent.core.model.SourceCounts;
import dev.undercurrent.core.record.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The sources of a run after validation.
 *
 * @param usable per source, the valid rows in canonical columns and types, including rows at or
 *     after {@code asOf} (signals ignore those; labels and measurement may read them)
 * @param quarantine rejected rows: {@code source, reason, reason_code, row}
 * @param counts how each source's rows were accounted for
 * @param asOf the run's cut-off (configured, or the day after the last valid order)
 */
public record ValidatedLake(
    Map<Source, Dataset<Row>> usable,
    Dataset<Row> quarantine,
    List<SourceCounts> counts,
    LocalDate asOf) {

  public boolean has(Source s) {
    return usable.containsKey(s);
  }

  public Dataset<Row> get(Source s) {
    Dataset<Row> d = usable.get(s);
    if (d == null) {
      throw new IllegalStateException("source " + s.key() + " is not part of this run");
    }
    return d;
  }
}
