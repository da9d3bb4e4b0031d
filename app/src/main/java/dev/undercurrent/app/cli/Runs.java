package dev.undercurrent.app.cli;

import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.spark.output.RunOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening a finished run from the command line, with a user's message when it is not one. */
final class Runs {
  private Runs() {}

  static RunSummary open(Path run) {
    try {
      RunOutput.recover(run.toAbsolutePath().normalize());
      if (!Files.isDirectory(run)) {
        throw new UserInputException("--run: folder not found: " + run);
      }
      return RunSummary.read(run);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // one line naming the file, not Jackson's two with its source description
      var at = e.getLocation();
      throw new UserInputException("--run: " + run.resolve("run.json") + " is not a readable run summary ("
          + (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
          + e.getOriginalMessage().replaceAll("\\s+", " ").trim() + ")", e);
    } catch (IOException e) {
      throw new UserInputException("--run: " + e.getMessage(), e);
    }
  }
}
