package dev.undercurrent.spark.output;

import static org.junit.jupiter.api.Assertions.*;

import dev.undercurrent.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOutputTest {
  @TempDir Path dir;

  private Dataset<Row> table(String value) {
    return SharedSpark.session().createDataFrame(List.of(RowFactory.create(value, List.of(1.5f, 2f).toArray(Float[]::new))),
        new StructType().add("v", "string").add("embedding", "array<float>"));
  }

  private String read(Path out, String format) {
    var r = SharedSpark.session().read();
    Dataset<Row> d = switch (format) {
      case "csv" -> r.option("header", "true").csv(out.resolve("t").toString());
      default -> r.format(format).load(out.resolve("t").toString());
    };
    return d.first().getString(0);
  }

  @Test
  void aRunRefusesAnOutputThatIsNotItsOwnBeforeAnyWork() throws Exception {
    Path lake = Files.createDirectories(dir.resolve("lake"));
    Files.writeString(lake.resolve("orders.csv"), "order_id\n");
    Files.writeString(lake.resolve("notes.txt"), "precious");
    // a folder with other files: refused, and nothing in it touched
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.undercurrent.core.record.ConfigException.class,
        () -> RunOutput.checkTarget(dir, List.of("/elsewhere/o.csv")));
    assertTrue(e.getMessage().contains("already holds files and no run.json"), e.getMessage());
    // the output holds a source (here given by a glob)
    e = org.junit.jupiter.api.Assertions.assertThrows(dev.undercurrent.core.record.ConfigException.class,
        () -> RunOutput.checkTarget(lake, List.of(lake + "/orders*.csv")));
    assertTrue(e.getMessage().startsWith("output: " + lake + " holds the source " + lake + "/orders*.csv"), e.getMessage());
    assertEquals("precious", Files.readString(lake.resolve("notes.txt")));
    // under a file
    e = org.junit.jupiter.api.Assertions.assertThrows(dev.undercurrent.core.record.ConfigException.class,
        () -> RunOutput.checkTarget(lake.resolve("notes.txt/run"), List.of()));
    assertTrue(e.getMessage().startsWith("output: cannot create the folder"), e.getMessage());
    // new, empty and an earlier run's folder are fine
    RunOutput.checkTarget(dir.resolve("new/run"), List.of(lake + "/orders.csv"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    RunOutput.checkTarget(empty, List.of());
    Path earlier = Files.createDirectories(dir.resolve("earlier"));
    Files.writeString(earlier.resolve("run.json"), "{}");
    Files.createDirectories(earlier.resolve("customer_scores"));
    RunOutput.checkTarget(earlier, List.of(lake + "/orders.csv"));
  }

  @Test
  void aRunThatFailsBeforeCommitLeavesThePreviousResults() throws Exception {
    Path out = dir.resolve("out");
    for (String format : List.of("delta", "parquet", "csv")) {
      try (RunOutput o = new RunOutput(out, "r1", format)) {
        o.table("t", table("first"));
        o.commit();
      }
      assertEquals("first", read(out, format));
      try (RunOutput o = new RunOutput(out, "r2", format)) {
        o.table("t", table("second"));
        // no commit: the run failed
      }
      assertEquals("first", read(out, format));
      assertEquals(List.of("out"), Files.list(dir).map(p -> p.getFileName().toString()).toList(), "staging is cleaned up");
      try (RunOutput o = new RunOutput(out, "r3", format)) {
        o.table("t", table("third"));
        o.commit();
      }
      assertEquals("third", read(out, format));
      RunOutput.deleteTree(out);
    }
  }

  @Test
  void aSwapInterruptedBetweenItsRenamesIsFinishedOnRecovery() throws Exception {
    Path out = dir.resolve("out");
    try (RunOutput o = new RunOutput(out, "r1", "parquet")) {
      o.table("t", table("first"));
      o.commit();
    }
    RunOutput o = new RunOutput(out, "r2", "parquet");
    o.table("t", table("second"));
    // What commit() does, stopped after its first rename.
    Path trash = out.resolveSibling(".out.previous");
    Files.writeString(out.resolveSibling(".out.swap.json"),
        "{\"staging\":\"" + o.staging() + "\",\"trash\":\"" + trash + "\"}");
    Files.move(out, trash, StandardCopyOption.ATOMIC_MOVE);
    assertFalse(Files.exists(out));
    RunOutput.recover(out);
    assertEquals("second", read(out, "parquet"));
    assertFalse(Files.exists(trash));
  }

  @Test
  void aJournalNamingFoldersElsewhereMovesAndDeletesNothing() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("t"));
    Path victim = dir.resolve("victim");
    Files.createDirectories(victim.resolve("sub"));
    Path journal = out.resolveSibling(".out.swap.json");
    Files.writeString(journal, "{\"staging\":\"" + dir.resolve("nowhere") + "\",\"trash\":\"" + victim + "\"}");
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> RunOutput.recover(out));
    assertTrue(e.getMessage().contains("names folders that are not this run's own"), e.getMessage());
    assertTrue(Files.isDirectory(victim.resolve("sub")), "the folder the journal named is still there");
    assertTrue(Files.isDirectory(out.resolve("t")), "the run is untouched");
    // nor a staging folder elsewhere moved into the run's place
    RunOutput.deleteTree(out);
    Files.writeString(journal, "{\"staging\":\"" + victim + "\",\"trash\":\"" + out.resolveSibling(".out.previous") + "\"}");
    assertThrows(java.io.IOException.class, () -> RunOutput.recover(out));
    assertTrue(Files.isDirectory(victim.resolve("sub")));
    assertFalse(Files.exists(out));
  }
}
