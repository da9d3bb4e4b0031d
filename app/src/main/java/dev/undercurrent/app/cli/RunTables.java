package dev.undercurrent.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.core.record.SourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reading a finished run's tables and the sources it was run on, for export and measurement. */
final class RunTables {
  private RunTables() {}

  static Dataset<Row> table(SparkSession spark, Path run, RunSummary s, String name) {
    String p = run.resolve(name).toString();
    return switch (s.outputFormat()) {
      // every column as text: inferred, ids such as 00042 became the number 42 and matched nobody
      case "csv" -> spark.read().option("header", "true").option("escape", "\"").option("inferSchema", "false").csv(p);
      case "delta" -> spark.read().format("delta").load(p);
      default -> spark.read().parquet(p);
    };
  }

  /** The sources the run read, as {@code sources.json} records them. */
  static java.util.List<SourceConfig> sources(Path run) {
    java.util.List<SourceConfig> out = new java.util.ArrayList<>();
    for (Source source : Source.values()) {
      source(run, source).ifPresent(out::add);
    }
    return out;
  }

  /** The source as the run read it (from {@code sources.json}), if the run had it. */
  static Optional<SourceConfig> source(Path run, Source source) {
    Path f = run.resolve("sources.json");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      for (JsonNode n : RunSummary.json().readTree(f.toFile())) {
        if (source.name().equals(n.path("source").asText())) {
          return Optional.of(new SourceConfig(source, text(n, "path"), text(n, "table"), text(n, "format"),
              map(n.get("columns")), map(n.get("options"))));
        }
      }
    } catch (IOException e) {
      throw new UserInputException("--run: cannot read " + f + ": " + e.getMessage(), e);
    }
    return Optional.empty();
  }

  private static String text(JsonNode n, String k) {
    JsonNode v = n.get(k);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Map<String, String> map(JsonNode n) {
    Map<String, String> m = new HashMap<>();
    if (n != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        m.put(e.getKey(), e.getValue().asText());
      }
    }
    return m;
  }
}
