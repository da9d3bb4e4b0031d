package dev.undercurrent.app.cli;

import static org.apache.spark.sql.functions.col;

import dev.undercurrent.core.activation.AudienceHashing;
import dev.undercurrent.core.activation.AudienceHashing.Platform;
import dev.undercurrent.core.model.OpportunitySummary;
import dev.undercurrent.core.model.RunSummary;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.core.record.SourceConfig;
import dev.undercurrent.spark.session.Sessions;
import dev.undercurrent.spark.sources.LakeReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audience}: activation files for ad platforms. */
@Command(name = "audience", mixinStandardHelpOptions = true, description = "Audience files for ad platforms.",
    subcommands = AudienceCommand.Export.class)
public final class AudienceCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: export");
  }

  /**
   * Writes the treatment group of one opportunity with emails and phones normalized and SHA-256
   * hashed as the platform specifies; holdout members are never exported, so lift stays
   * measurable, and no plain email or phone number is ever written.
   */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Writes an opportunity's treatment group with hashed identifiers only.")
  public static final class Export implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "The run's output folder.")
    Path run;

    @Option(names = "--opportunity", required = true, description = "The opportunity id, e.g. win_back.")
    String opportunity;

    @Option(names = "--format", required = true, description = "csv, google or meta.")
    String format;

    @Option(names = "--out", required = true, description = "The file to write.")
    Path out;

    @Option(names = "--default-country-code", defaultValue = "1",
        description = "Calling code for national phone numbers of customers whose country the customers table"
            + " does not give (default: ${DEFAULT-VALUE}).")
    String countryCode;

    @Override
    public Integer call() throws Exception {
      String fmt = format.toLowerCase(Locale.ROOT);
      if (!List.of("csv", "google", "meta").contains(fmt)) {
        throw new UserInputException("--format: '" + format + "' (expected csv, google or meta)");
      }
      if (!AudienceHashing.isKnownCallingCode(countryCode)) {
        throw new UserInputException("--default-country-code: '" + countryCode
            + "' is not a country calling code; expected digits such as 1 or 44");
      }
      RunSummary s = Runs.open(run);
      OpportunitySummary o = s.opportunities().stream().filter(x -> x.opportunityId().equals(opportunity)).findFirst()
          .orElseThrow(() -> new UserInputException("--opportunity: '" + opportunity + "' is not in this run (found: "
              + String.join(", ", s.opportunities().stream().map(OpportunitySummary::opportunityId).toList()) + ")"));
      checkOut(out, run);
      var spark = Sessions.getOrCreate(null);
      Dataset<Row> members = RunTables.table(spark, run, s, "opportunity_members")
          .where(col("opportunity_id").equalTo(o.opportunityId()).and(col("group").equalTo("treatment")))
          .select(col("customer_id").cast("string").as("customer_id"), col("score").cast("double").as("score"));
      // Customers who unsubscribed from marketing are left out of every audience file: an upload
      // to an ad platform is marketing too, and Customer Match and Custom Audiences expect the
      // customers' consent to it
      // customers, except from suppress: that audience is an exclusion list (those not to reach),
      // and the unsubscribed are the first to belong on it
      long optedOut = 0;
      boolean exclusion = o.type().equals("suppress");
      SourceConfig marketing = exclusion ? null : RunTables.source(run, Source.MARKETING).orElse(null);
      if (marketing != null) { // (a marketing table without the column reads it as null: none left out)
        Dataset<Row> unsubscribed = new LakeReader(spark, Instant.now()).customersFlagged(marketing, "unsubscribed")
            .withColumnRenamed("customer_id", "oid");
        long before = members.count();
        members = members.join(unsubscribed, members.col("customer_id").equalTo(unsubscribed.col("oid")), "left_anti");
        optedOut = before - members.count();
      }
      SourceConfig customers = RunTables.source(run, Source.CUSTOMERS).orElse(null);
      Dataset<Row> rows;
      if (customers != null) {
        Dataset<Row> c = new LakeReader(spark, Instant.now()).readOne(customers)
            .select("customer_id", "email", "phone", "country");
        rows = members.join(c, members.col("customer_id").equalTo(c.col("customer_id")), "left")
            .select(members.col("customer_id"), col("score"), col("email"), col("phone"), col("country"));
      } else {
        rows = members.selectExpr("customer_id", "score", "cast(null as string) as email", "cast(null as string) as phone",
            "cast(null as string) as country");
      }
      List<Row> list = rows.orderBy(col("score").desc(), col("customer_id")).collectAsList();
      Platform platform = fmt.equals("meta") ? Platform.META : Platform.GOOGLE;
      List<String> lines = new java.util.ArrayList<>();
      long withIdentifier = 0;
      for (Row r : list) {
        String email = r.isNullAt(2) ? null : AudienceHashing.hashEmail(r.getString(2), platform);
        String phone = r.isNullAt(3) ? null : AudienceHashing.hashPhone(r.getString(3), r.isNullAt(4) ? null : r.getString(4), countryCode, platform);
        if (!fmt.equals("csv") && email == null && phone == null) {
          continue;
        }
        withIdentifier += email != null || phone != null ? 1 : 0;
        lines.add(fmt.equals("csv")
            ? String.join(",", r.getString(0), String.valueOf(r.getDouble(1)), nz(email), nz(phone))
            : nz(email) + "," + nz(phone));
      }
      if (!fmt.equals("csv") && lines.isEmpty() && !list.isEmpty()) {
        // a file of headers alone uploads as an empty audience: refused, and an earlier file kept
        throw new UserInputException("--format " + fmt + ": none of the " + list.size() + " customers of "
            + o.opportunityId() + " has an email or phone number to match on: "
            + (customers == null
                ? "the run has no customers source; map one with email and phone columns, and run discover again"
                : "the customers source " + customers.location() + " gives none that can be hashed for " + fmt
                    + " (empty, or phone numbers in no known country: see --default-country-code)")
            + "; --format csv writes the customer ids");
      }
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      long written = 0;
      // written beside --out and renamed onto it when whole: a failure halfway leaves no short,
      // valid-looking upload file (and an earlier file at --out as it was)
      // (a device or pipe such as /dev/stdout is written through, not replaced)
      boolean direct = Files.exists(out) && !Files.isRegularFile(out);
      Path partial;
      try {
        partial = direct ? out : Files.createTempFile(parent, "." + out.getFileName(), ".partial");
      } catch (IOException e) {
        throw new UserInputException("--out: cannot write in " + parent + " (" + e.getMessage() + ")", e);
      }
      try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        w.write(switch (fmt) {
          case "google" -> "Email,Phone";
          case "meta" -> "email,phone";
          default -> "customer_id,score,email_sha256,phone_sha256";
        });
        w.newLine();
        for (String line : lines) {
          w.write(line);
          w.newLine();
          written++;
        }
      } catch (IOException | RuntimeException e) {
        if (!direct) {
          Files.deleteIfExists(partial);
        }
        throw e;
      }
      if (!direct) {
        try {
          // the temporary file is private (0600); the audience file gets the mode an earlier one
          // had, or the usual rw-r--r--, for an uploader running as another user
          var mode = Files.exists(out) ? Files.getPosixFilePermissions(out)
              : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
          Files.setPosixFilePermissions(partial, mode);
        } catch (UnsupportedOperationException notPosix) {
          // the file system's own default stands
        }
        try {
          Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.deleteIfExists(partial);
          throw new UserInputException("--out: cannot write " + out + " (" + e.getMessage() + ")", e);
        }
      }
      System.out.println(out.toAbsolutePath() + ": " + written + (written == 1 ? " row (" : " rows (") + withIdentifier
          + " with a hashed email or phone) from the treatment group of " + o.opportunityId()
          + "; " + o.holdout() + " holdout members kept out"
          + (optedOut > 0 ? "; " + optedOut + " who unsubscribed from marketing left out" : "")
          + (exclusion ? "; an exclusion list: customers who unsubscribed are kept on it" : ""));
      if (o.holdout() == 0) {
        System.err.println("undercurrent: caution: " + o.opportunityId() + " has no holdout group (" + o.customers()
            + (o.customers() == 1 ? " customer" : " customers") + "), so `measure` cannot tell its lift");
      }
      return 0;
    }

    /**
     * Refuses an output that is a folder, lies inside the run, or is one of the run's sources (an
     * export written over the customers file replaced it with hashes).
     */
    static void checkOut(Path out, Path run) {
      Path o = out.toAbsolutePath().normalize();
      if (Files.isDirectory(o)) {
        throw new UserInputException("--out: " + o + " is a folder; expected a file to write, e.g. "
            + o.resolve("audience.csv"));
      }
      if (o.startsWith(run.toAbsolutePath().normalize())) {
        throw new UserInputException("--out: " + o + " is inside the run's folder, which a rerun replaces;"
            + " write it elsewhere");
      }
      for (SourceConfig sc : RunTables.sources(run)) {
        if (sc.path() != null && !SourceConfig.isUri(sc.path())) {
          Path src = Path.of(sc.path()).toAbsolutePath().normalize();
          if (o.equals(src) || o.startsWith(src)) {
            throw new UserInputException("--out: " + o + " is the run's " + sc.source().key()
                + " source; an export must not overwrite the data it came from");
          }
        }
      }
    }

    private static String nz(String s) {
      return s == null ? "" : s;
    }
  }
}
