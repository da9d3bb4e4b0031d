package dev.undercurrent.core.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.record.CanonicalColumn;
import dev.undercurrent.core.record.Source;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Writes a synthetic retailer lake with planted, known structure: the five canonical sources as
 * CSV files, a ready-to-run {@code undercurrent.yaml}, and under {@code _truth/} what every
 * customer really is (its planted kind and opportunity flags) and really does in the withheld
 * horizon after {@code as_of}.
 *
 * <p>Why a generator rather than a public data set: discovery needs ground truth for every
 * opportunity type of the contract, and no public retail data set says which customers are
 * recoverable, over-contacted or about to adopt a category. The truth flags are read off the
 * generative state of each customer (its kind, its lifecycle draws, its planted category gap),
 * never off thresholds of the rows it wrote, so a method can only find them by learning the
 * behaviour the rows carry. Kinds overlap because every customer draws its own parameters and
 * about one in eight mixes in a second kind.
 *
 * <p>It streams: customers are simulated in blocks of {@value #BLOCK} on {@code threads} workers
 * and the blocks are written in order, so memory is bounded by a few blocks whatever the customer
 * count, and the files are byte-identical for the same options whatever the thread count. The
 * one global quantity, the {@code lookalike_seed} threshold (top 5% of horizon net revenue), is
 * found from a fixed-size log histogram and applied in a second pass over the truth file.
 *
 * <p>Limits: CSV only (parquet and Delta are a conversion at the Spark edge); one currency; phone
 * numbers repeat beyond ten million customers; the behavioural centres are invented, not fitted
 * to a real retailer.
 */
public final class LakeGenerator {
  /** The version of the {@code _truth/} layout; readers refuse newer ones. */
  public static final int FORMAT_VERSION = 1;

  /** The share of customers planted as {@code lookalike_seed}. */
  public static final double LOOKALIKE_SHARE = 0.05;

  static final int BLOCK = 2000;
  private static final int BINS = 6000;
  private static final double BINS_PER_LOG = 200;

  static final String TRUTH_DIR = "_truth";
  static final String[] FILE_NAMES = {
    "customers.csv",
    "orders.csv",
    "order_items.csv",
    "events.csv",
    "marketing.csv",
    TRUTH_DIR + "/future_orders.csv",
    TRUTH_DIR + "/future_order_items.csv",
    TRUTH_DIR + "/customers.partial"
  };
  private static final Source[] FILE_SOURCES = {
    Source.CUSTOMERS,
    Source.ORDERS,
    Source.ORDER_ITEMS,
    Source.EVENTS,
    Source.MARKETING,
    Source.ORDERS,
    Source.ORDER_ITEMS
  };

  /** The columns of {@code _truth/customers.csv}, the flags named as in contract section 5. */
  public static final List<String> TRUTH_COLUMNS;

  static {
    List<String> cols =
        new ArrayList<>(
            List.of("customer_id", "kind", "secondary_kind", "future_revenue", "future_orders"));
    for (OpportunityType t : OpportunityType.values()) {
      cols.add(t.key());
    }
    TRUTH_COLUMNS = List.copyOf(cols);
  }

  private final GeneratorOptions options;

  public LakeGenerator(GeneratorOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options: missing");
    }
    this.options = options;
  }

  public GeneratorOptions options() {
    return options;
  }

  /**
   * Writes the lake into {@code dir} (created if needed; files of the same names are replaced).
   *
   * @throws IOException when a file cannot be written
   */
  public GenerationSummary generate(Path dir) throws IOException {
    if (dir == null) {
      throw new IllegalArgumentException("dir: missing (expected the folder to write the lake to)");
    }
    long started = System.nanoTime();
    Files.createDirectories(dir.resolve(TRUTH_DIR));
    Timeline tl =
        new Timeline(options.asOf(), options.historyDays(), options.horizonDays(), options.seed());
    int idWidth = Math.max(7, Long.toString(options.customers()).length());
    long[] histogram = new long[BINS];
    long[] rows = new long[Block.FILES];

    OutputStream[] outs = new OutputStream[Block.FILES];
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "lake-generator");
              t.setDaemon(true);
              return t;
            });
    try {
      for (int f = 0; f < Block.FILES; f++) {
        outs[f] = Files.newOutputStream(dir.resolve(FILE_NAMES[f]));
        String header =
            f < FILE_SOURCES.length
                ? FILE_SOURCES[f].columns().stream()
                    .map(CanonicalColumn::name)
                    .collect(Collectors.joining(","))
                : TRUTH_COLUMNS.stream()
                    .filter(c -> !c.equals(OpportunityType.LOOKALIKE_SEED.key()))
                    .collect(Collectors.joining(","));
        outs[f].write((header + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      ThreadLocal<CustomerSimulator> simulators =
          ThreadLocal.withInitial(() -> new CustomerSimulator(tl, options.seed(), options.horizonSeed(), idWidth, options.shares()));
      long n = options.customers();
      long blocks = (n + BLOCK - 1) / BLOCK;
      int window = options.threads() * 2 + 1;
      Deque<Future<Block>> inFlight = new ArrayDeque<>();
      for (long b = 0; b < blocks; b++) {
        long from = b * BLOCK;
        long to = Math.min(n, from + BLOCK);
        inFlight.add(
            pool.submit(
                () -> {
                  Block block = new Block((int) (to - from));
                  CustomerSimulator sim = simulators.get();
                  for (long i = from; i < to; i++) {
                    sim.simulate(i, block);
                  }
                  return block;
                }));
        if (inFlight.size() >= window) {
          write(await(inFlight.poll()), outs, rows, histogram);
        }
      }
      while (!inFlight.isEmpty()) {
        write(await(inFlight.poll()), outs, rows, histogram);
      }
    } finally {
      pool.shutdownNow();
      IOException failure = null;
      for (OutputStream o : outs) {
        if (o != null) {
          try {
            o.close();
          } catch (IOException e) {
            failure = e;
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }

    int thresholdBin = thresholdBin(histogram, options.customers());
    long seeds = finishTruth(dir, thresholdBin);
    double threshold = Math.exp((thresholdBin - 1) / BINS_PER_LOG) / 100;

    Map<String, Long> counts = new LinkedHashMap<>();
    for (int f = 0; f < Block.TRUTH; f++) {
      counts.put(FILE_NAMES[f], rows[f]);
    }
    counts.put(TRUTH_DIR + "/customers.csv", rows[Block.TRUTH]);
    writeMeta(dir, counts, threshold, seeds);
    writeReadme(dir);
    writeConfig(dir);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new GenerationSummary(dir, options.customers(), counts, threshold, seconds);
  }

  private static Block await(Future<Block> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("lake generation interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException("lake generation failed: " + c, c);
    }
  }

  private static void write(Block block, OutputStream[] outs, long[] rows, long[] histogram)
      throws IOException {
    for (int f = 0; f < Block.FILES; f++) {
      block.buffer(f).writeTo(outs[f]);
      rows[f] += f == Block.TRUTH ? block.customers : block.rows[f];
    }
    for (int i = 0; i < block.customers; i++) {
      histogram[bin(block.futureCents[i])]++;
    }
  }

  /** A log-scale bin of an amount in cents; bin 0 holds nothing-or-less. */
  static int bin(long cents) {
    if (cents <= 0) {
      return 0;
    }
    return (int) Math.min(BINS - 1, 1 + Math.floor(Math.log(cents) * BINS_PER_LOG));
  }

  /** The lowest bin such that the bins from it upwards hold at least 5% of customers. */
  static int thresholdBin(long[] histogram, long customers) {
    long target = (long) Math.ceil(LOOKALIKE_SHARE * customers);
    long acc = 0;
    for (int b = histogram.length - 1; b >= 1; b--) {
      acc += histogram[b];
      if (acc >= target) {
        return b;
      }
    }
    return 1;
  }

  /** Adds the {@code lookalike_seed} column to the truth file; returns how many were flagged. */
  private static long finishTruth(Path dir, int thresholdBin) throws IOException {
    Path partial = dir.resolve(FILE_NAMES[Block.TRUTH]);
    Path done = dir.resolve(TRUTH_DIR + "/customers.csv");
    long seeds = 0;
    try (BufferedReader in = Files.newBufferedReader(partial, StandardCharsets.US_ASCII);
        BufferedWriter out = Files.newBufferedWriter(done, StandardCharsets.US_ASCII)) {
      in.readLine();
      out.write(String.join(",", TRUTH_COLUMNS));
      out.write('\n');
      String line;
      while ((line = in.readLine()) != null) {
        int c1 = line.indexOf(',');
        int c2 = line.indexOf(',', c1 + 1);
        int c3 = line.indexOf(',', c2 + 1);
        int c4 = line.indexOf(',', c3 + 1);
        long cents = Math.round(Double.parseDouble(line.substring(c3 + 1, c4)) * 100);
        boolean seed = bin(cents) >= thresholdBin;
        seeds += seed ? 1 : 0;
        int last = line.lastIndexOf(',');
        out.write(line, 0, last);
        out.write(seed ? ",1" : ",0");
        out.write(line, last, line.length() - last);
        out.write('\n');
      }
    }
    Files.delete(partial);
    return seeds;
  }

  private void writeMeta(Path dir, Map<String, Long> counts, double threshold, long seeds)
      throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("format_version", FORMAT_VERSION);
    meta.put("as_of", options.asOf().toString());
    meta.put("horizon_days", options.horizonDays());
    meta.put("history_start", options.asOf().minusDays(options.historyDays()).toString());
    meta.put("seed", options.seed());
    meta.put("customers", options.customers());
    meta.put("kinds", Arrays.stream(CustomerKind.values()).map(CustomerKind::key).toList());
    Map<String, Double> shares = new LinkedHashMap<>();
    double[] drawn = options.shares();
    for (CustomerKind k : CustomerKind.values()) {
      shares.put(k.key(), drawn[k.ordinal()]);
    }
    meta.put("kind_shares", shares);
    meta.put("opportunity_types", Arrays.stream(OpportunityType.values()).map(OpportunityType::key).toList());
    meta.put("lookalike_seed_min_future_revenue", Math.round(threshold * 100) / 100.0);
    meta.put("lookalike_seed_customers", seeds);
    meta.put("rows", counts);
    meta.put("generator", LakeGenerator.class.getName());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(TRUTH_DIR + "/meta.json").toFile(), meta);
  }

  private void writeConfig(Path dir) throws IOException {
    writeConfig(dir, options, "csv");
  }

  /**
   * Writes {@code dir/undercurrent.yaml}, a config for discovering this lake. The generator
   * writes it for CSV; an edge that converts the sources to parquet or Delta calls this again
   * with that format, and each source is then expected in a folder named after it ({@code
   * orders/}, {@code events/}, …) instead of {@code orders.csv}.
   *
   * @param sourceFormat {@code csv}, {@code parquet} or {@code delta}
   */
  public static void writeConfig(Path dir, GeneratorOptions options, String sourceFormat)
      throws IOException {
    if (!List.of("csv", "parquet", "delta").contains(sourceFormat)) {
      throw new IllegalArgumentException(
          "sourceFormat: '" + sourceFormat + "' is not supported (expected csv, parquet or delta)");
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("# A synthetic lake written by `undercurrent generate`: ")
        .append(options.customers())
        .append(" customers, seed ")
        .append(options.seed())
        .append(".\n")
        .append("# Paths are relative to this file; the truth in _truth/ is not a source.\n")
        .append("as_of: ").append(options.asOf()).append('\n')
        .append("horizon_days: ").append(options.horizonDays()).append('\n')
        .append("seed: ").append(options.seed()).append('\n')
        .append("sources:\n");
    for (Source s : Source.values()) {
      String path = sourceFormat.equals("csv") ? s.key() + ".csv" : s.key();
      yaml.append("  ")
          .append(String.format("%-13s", s.key() + ":"))
          .append("{path: ")
          .append(path)
          .append(", format: ")
          .append(sourceFormat)
          .append("}\n");
    }
    yaml.append("output: {path: out, format: delta}\n");
    Files.writeString(dir.resolve("undercurrent.yaml"), yaml.toString(), StandardCharsets.UTF_8);
  }

  private void writeReadme(Path dir) throws IOException {
    String text =
        TRUTH_README
            .replace("${as_of}", options.asOf().toString())
            .replace("${horizon_days}", Integer.toString(options.horizonDays()))
            .replace("${seed}", Long.toString(options.seed()))
            .replace("${customers}", Long.toString(options.customers()));
    Files.writeString(dir.resolve(TRUTH_DIR + "/README.md"), text, StandardCharsets.UTF_8);
  }

  private static final String TRUTH_README =
      """
      # The truth of this synthetic lake

      ${customers} customers, seed ${seed}. The lake (`../*.csv`) holds only rows strictly before
      `as_of` = ${as_of}; this folder holds what discovery is scored against. Same customers and
      seed give byte-identical files.

      | file | what |
      | --- | --- |
      | `meta.json` | as_of, horizon_days, seed, customers, kinds, row counts, format_version |
      | `customers.csv` | one row per customer: planted kind, secondary kind, horizon outcome, one 0/1 column per opportunity type |
      | `future_orders.csv` | every order in the withheld horizon [as_of, as_of + ${horizon_days} days), columns as `orders.csv` |
      | `future_order_items.csv` | the items of those orders, columns as `order_items.csv` |

      `future_revenue` is the net revenue (revenue minus returned_amount) of the customer's horizon
      orders; `future_orders` their count.

      ## Kinds

      Every customer has a primary kind; about 13% mix in a secondary kind (one of loyal, steady,
      discount, over_contacted, browser, holiday) with a weight of 0.3 to 0.5, which blends its
      rhythm, spend, engagement, channel and marketing-response parameters. Within a kind every
      customer draws its own rate, spend level, gap regularity, channel and category preferences
      and engagement from distributions around the kind's centre, so kinds overlap.

      - `loyal`: short regular gaps (gamma shape ~4), large baskets, engaged; ramps up over its first 200-400 days.
      - `steady`: the ordinary repeat customer.
      - `rising`: joined 60-300 days ago and is on the loyal kind's early ramp (rate and basket growing).
      - `slipping`: a loyal-like customer whose order rate decays exponentially after a change point 100-300 days before as_of, whose engagement fades and who (65% of them) raises support tickets, about one every two months.
      - `lapsed`: stopped buying at a lapse day at least max(150 days, 3 usual gaps) before as_of.
      - `discount`: deep discounts on most orders, responds to offers, returns often.
      - `over_contacted`: marketing pressure rising from ~0.5x to ~3x its base over the last year; opens fall with the sends of the last 30 days; some unsubscribe.
      - `browser`: many sessions, views and cart adds, high opens, but few and cheap orders.
      - `holiday`: orders concentrated from mid-November to Christmas.
      - `one_time`: one order, sometimes a second.

      Everybody's demand rises in November-December (Black Friday to mid-December strongest) and dips in January.

      ## How each flag is planted

      Flags come from the generative state, not from thresholds on the rows.

      - `win_back`: primary kind lapsed and drawn *recoverable* (45% of lapsed). Recoverable customers keep ~30% of their browsing and half their opens after lapsing, and return in the horizon with a probability drawn around 0.5; gone customers return with ~0.02.
      - `retain`: primary kind slipping (valuable by construction; most of their value decays away in the horizon).
      - `nurture_rising`: primary kind rising and drawn *ascending* (70%); the others stall at 30-45% of the mature pace.
      - `protect_margin`: discount as primary or secondary kind.
      - `reduce_frequency`: over_contacted as primary or secondary kind and not unsubscribed from email before as_of. Another 8% of the other customers are mailed as hard, with the same rising pressure, but hardly tire of it (fatigue 0.003-0.015 per send of the last 30 days against 0.03-0.07, and no extra unsubscribes), so pressure alone does not tell the two apart; the fall of opens does.
      - `grow_wallet`: browser as primary or secondary kind.
      - `cross_sell`: a planted category gap: 30% of loyal, steady, rising, discount, over_contacted and browser customers never buy one category of their bundle (fashion: apparel-footwear-accessories; home: home-kitchen-books; active: sports-footwear-electronics; beauty: beauty-apparel-accessories; family: toys-books-home) before as_of, though they view it; in the horizon the first item of each order is that category with probability 0.6.
      - `lookalike_seed`: the top ~5% of customers by `future_revenue` (threshold from a log-scale histogram with 0.5% resolution, so the share can exceed 5% slightly).
      - `suppress`: lapsed and not recoverable (often unsubscribed, no engagement), or one_time and drawn *dormant* (55% of one_time: no engagement, returns with probability 0.004).
      """;
}
