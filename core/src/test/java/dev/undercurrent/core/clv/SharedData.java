package dev.undercurrent.core.clv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Reads the public data sets under the shared folder (see each folder's README). */
final class SharedData {
  private SharedData() {}

  static Path shared() {
    String p = System.getProperty("undercurrent.shared");
    Path base = p != null ? Path.of(p) : Path.of("../shared");
    if (!Files.isDirectory(base)) {
      base = Path.of("../../shared");
    }
    return base.resolve("data");
  }

  /**
   * CDNOW_sample.txt, the 1/10 sample of 2,357 customers: master id, sample id, yyyyMMdd, CDs,
   * dollars, separated by spaces.
   */
  static List<Purchase> cdnowSample() {
    DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
    List<Purchase> out = new ArrayList<>();
    for (String line : lines(shared().resolve("cdnow/CDNOW_sample.txt"))) {
      String[] c = line.trim().split("\\s+");
      if (c.length < 5 || !c[0].chars().allMatch(Character::isDigit)) {
        continue;
      }
      out.add(Purchase.of(c[1], LocalDate.parse(c[2], f), Double.parseDouble(c[4])));
    }
    return out;
  }

  /** groceryElog.csv: cust,date (no amounts). */
  static List<Purchase> grocery() {
    List<Purchase> out = new ArrayList<>();
    for (String line : lines(shared().resolve("grocery_btydplus/groceryElog.csv"))) {
      String[] c = line.trim().split(",");
      if (c.length < 2 || c[0].equals("cust")) {
        continue;
      }
      out.add(Purchase.of(c[0], LocalDate.parse(c[1]), 0));
    }
    return out;
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p.toAbsolutePath(), e);
    }
  }
}
