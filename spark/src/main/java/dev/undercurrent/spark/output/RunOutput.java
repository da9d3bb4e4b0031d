package dev.undercurrent.spark.output;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output folder of one run, written through a staging folder and swapped in at the end.
 *
 * <p>The swap is two renames on one file system, recorded first in a small journal beside the
 * output; if the process dies between them, {@link #recover(Path)} (called before every run and
 * every read) finishes the swap, so readers see either the old run or the new one, never a mix.
 * Limits: the output must be a local or mounted path (object stores have no atomic rename), and
 * Delta time travel across runs is not kept, because each run replaces the folder.
 */
public final class RunOutput implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path out;
  private final Path staging;
  private final String format;
  private boolean committed;

  public RunOutput(Path out, String runId, String format) throws IOException {
    this.out = out.toAbsolutePath().normalize();
    this.format = format;
    recover(this.out);
    Files.createDirectories(this.out.getParent());
    this.staging = this.out.resolveSibling("." + this.out.getFileName() + ".staging-" + runId);
    deleteTree(staging);
    Files.createDirectories(staging);
  }

  /**
   * Checks, before any work, that a run may write to {@code out}: a run replaces its output folder
   * as a whole, so the folder must be new, empty or an earlier run's (it holds {@code run.json}),
   * must not hold one of the run's own sources, and its parent must be a folder that can be
   * written. Without this, {@code --out .} or an output set to the lake's folder deleted the lake at
   * the end of the run, and an output under a file failed only after hours of work.
   *
   * @param sourcePaths the local paths of the sources (globs allowed), as configured
   * @throws ConfigException naming the folder and what is in the way
   */
  public static void checkTarget(Path out, java.util.Collection<String> sourcePaths)
      throws ConfigException {
    Path o = out.toAbsolutePath().normalize();
    for (String sp : sourcePaths) {
      // the part of a glob before its first wildcard is the folder it reads from
      String fixed = sp.replaceFirst("[*?\\[{].*$", "");
      Path src = Path.of(fixed.isEmpty() ? "." : fixed).toAbsolutePath().normalize();
      if (src.startsWith(o)) {
        throw new ConfigException("output: " + o + " holds the source " + sp
            + "; a run replaces its whole output folder, so give a folder of its own");
      }
    }
    if (Files.exists(o)) {
      if (!Files.isDirectory(o)) {
        throw new ConfigException("output: " + o + " is a file, not a folder");
      }
      boolean empty;
      try (var list = Files.list(o)) {
        empty = list.findAny().isEmpty();
      } catch (IOException e) {
        throw new ConfigException("output: cannot read the folder " + o + ": " + e.getMessage());
      }
      if (!empty && !Files.isRegularFile(o.resolve(RunSummary.FILE_NAME))) {
        throw new ConfigException("output: " + o + " already holds files and no " + RunSummary.FILE_NAME
            + ", so it is not an earlier run; a run replaces its whole output folder, so give a new or"
            + " empty folder (or an earlier run's)");
      }
    }
    Path parent = o.getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ConfigException("output: cannot create the folder " + parent + " (" + e + ")");
    }
    if (!Files.isWritable(parent)) {
      throw new ConfigException("output: the folder " + parent + " cannot be written");
    }
  }

  /** The folder to write this run's files to until {@link #commit()}. */
  public Path staging() {
    return staging;
  }

  public Path finalPath() {
    return out;
  }

  /** Writes one table into staging in the run's format. */
  public void table(String name, Dataset<Row> data) {
    Path p = staging.resolve(name);
    Dataset<Row> d = "csv".equals(format) ? flattenForCsv(data) : data;
    var w = d.write().mode("overwrite");
    switch (format) {
      case "csv" -> w.option("header", "true").option("escape", "\"").csv(p.toString());
      case "parquet" -> w.parquet(p.toString());
      case "delta" -> w.format("delta").save(p.toString());
      default -> throw new IllegalArgumentException("output format '" + format + "' (expected delta, parquet or csv)");
    }
  }

  /**
   * Writes a table built on the driver in chunks of {@value #CHUNK} rows, so memory holds one chunk
   * at a time however many customers the run has (a whole-table {@code createDataFrame} of a
   * million rows exhausted the heap).
   */
  public void table(String name, Tables.Rows rows) {
    Path p = staging.resolve(name);
    SparkSession spark = SparkSession.active();
    int n = rows.size();
    for (int start = 0; start == 0 || start < n; start += CHUNK) {
      int end = Math.min(n, start + CHUNK);
      List<Row> chunk = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        chunk.add(rows.row().apply(i));
      }
      Dataset<Row> d = spark.createDataFrame(chunk, rows.schema());
      d = "csv".equals(format) ? flattenForCsv(d) : d;
      var w = d.write().mode(start == 0 ? "overwrite" : "append");
      switch (format) {
        case "csv" -> w.option("header", "true").option("escape", "\"").csv(p.toString());
        case "parquet" -> w.parquet(p.toString());
        case "delta" -> w.format("delta").save(p.toString());
        default -> throw new IllegalArgumentException("output format '" + format + "' (expected delta, parquet or csv)");
      }
    }
  }

  static final int CHUNK = 100_000;

  /** CSV holds no arrays or maps: they are written as JSON text. */
  static Dataset<Row> flattenForCsv(Dataset<Row> d) {
    StructType schema = d.schema();
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      Column c = col("`" + f.name() + "`");
      boolean nested = f.dataType() instanceof ArrayType || f.dataType() instanceof MapType || f.dataType() instanceof StructType;
      cols[i] = nested ? to_json(c).as(f.name()) : c;
    }
    return d.select(cols);
  }

  /** Swaps the staging folder in place of the previous run's output. */
  public void commit() throws IOException {
    Path trash = out.resolveSibling("." + out.getFileName() + ".previous");
    Path journal = journal(out);
    deleteTree(trash);
    ObjectNode j = JSON.createObjectNode().put("staging", staging.toString()).put("trash", trash.toString());
    Files.writeString(journal, j.toString());
    if (Files.exists(out)) {
      Files.move(out, trash, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(journal);
    deleteTree(trash);
    committed = true;
  }

  /** Finishes a swap that a killed run started; does nothing when none is pending. */
  public static void recover(Path out) throws IOException {
    Path journal = journal(out);
    if (!Files.exists(journal)) {
      return;
    }
    var j = JSON.readTree(Files.readString(journal));
    Path staging = Path.of(j.path("staging").asText(""));
    Path trash = Path.of(j.path("trash").asText(""));
    // The journal is only trusted to name the two folders a commit makes beside the run: anything
    // else (a run folder handed over with a crafted journal) could make a read-only command move or
    // delete a folder elsewhere.
    Path expectedTrash = out.resolveSibling("." + out.getFileName() + ".previous");
    String stagingPrefix = "." + out.getFileName() + ".staging-";
    boolean ours = trash.equals(expectedTrash)
        && staging.getParent() != null && staging.getParent().equals(out.getParent())
        && staging.getFileName().toString().startsWith(stagingPrefix)
        && staging.getFileName().toString().length() > stagingPrefix.length();
    if (!ours) {
      throw new IOException(journal + " names folders that are not this run's own (staging " + staging
          + ", previous " + trash + "); nothing was moved or deleted: remove the file if no run is writing here");
    }
    if (!Files.exists(out) && Files.exists(staging)) {
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    } else if (!Files.exists(out) && Files.exists(trash)) {
      Files.move(trash, out, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.delete(journal);
    deleteTree(trash);
  }

  private static Path journal(Path out) {
    return out.resolveSibling("." + out.getFileName() + ".swap.json");
  }

  /** Removes the staging folder of a run that did not commit. */
  @Override
  public void close() {
    if (!committed) {
      try {
        deleteTree(staging);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
