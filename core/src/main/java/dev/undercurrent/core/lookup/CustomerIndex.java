package dev.undercurrent.core.lookup;

import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.NeighbourOptions;
import dev.undercurrent.core.neighbours.Neighbours;
import dev.undercurrent.core.record.ContactIds;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Every customer of a run, for lookups one at a time: the scores of {@code customer_scores}, the
 * embedding of {@code customer_embeddings} and the memberships of {@code opportunity_members},
 * in one file ({@value #FILE_NAME}) in the run directory. The tables stay the governed output; the
 * index lets the HTTP API and the MCP server answer "who is this customer, what should we do with
 * them, and who is like them" without starting Spark (a Delta table cannot be read without it).
 *
 * <p>Format (version {@value #FORMAT_VERSION}, big-endian, {@link DataOutputStream}, texts as a
 * length and UTF-8 bytes): a magic number and the version; the customer count, the embedding's
 * dimension and the opportunity ids; the signals (name, label, median); then per customer its id,
 * segment, its segment one horizon earlier (from version 2: -1 where the customer is new since, -2
 * where not compared; files of version 1 read as not compared), predicted value, churn probability,
 * value percentile, embedding, its memberships (opportunity number, holdout flag, member score) and the signals it stands out on (signal
 * number, value, percentile). About 150 bytes a customer with a 16-dimensional embedding: 150 MB
 * for a million, read in a few seconds. Every count is checked against the file's size before
 * anything is allocated for it, so a damaged file is refused with its name, not run out of memory on.
 *
 * <p>Neighbours are found exactly, by Euclidean distance in the embedding as the detectors' are,
 * over every customer of the run (one query costs n × dimension operations: milliseconds at a
 * million); ties go to the earlier customer in the run's order.
 */
public final class CustomerIndex {
  /** The file's name in a run directory. */
  public static final String FILE_NAME = "customers.idx";
  /** Written into the file; a reader refuses a newer one. */
  public static final int FORMAT_VERSION = 2;
  /** The prior segment of a customer whose first order came after the earlier cut-off (the flows' code). */
  public static final int NEW_SINCE = dev.undercurrent.core.model.SegmentFlows.NEW;
  /** The prior segment of a customer not compared at the earlier cut-off (the flows' code). */
  public static final int NOT_COMPARED = dev.undercurrent.core.model.SegmentFlows.UNKNOWN;
  private static final int MAGIC = 0x55434958; // "UCIX"

  private final String[] ids;
  private final int[] segment;
  private final int[] prior;
  private final double[] predictedValue;
  private final double[] churnProbability;
  private final double[] valuePercentile;
  private final float[][] embedding;
  private final String[] opportunityIds;
  private final int[] memberStart;
  private final int[] memberOpportunity;
  private final boolean[] memberHoldout;
  private final float[] memberScore;
  private final String[] signalNames;
  private final String[] signalLabels;
  private final double[] signalMedians;
  private final short[][] traitSignal;
  private final float[][] traitValue;
  private final float[][] traitPercentile;
  private final Map<String, Integer> rowOf;

  private CustomerIndex(String[] ids, int[] segment, int[] prior, double[] predictedValue, double[] churnProbability,
      double[] valuePercentile, float[][] embedding, String[] opportunityIds, int[] memberStart,
      int[] memberOpportunity, boolean[] memberHoldout, float[] memberScore, String[] signalNames,
      String[] signalLabels, double[] signalMedians, short[][] traitSignal, float[][] traitValue,
      float[][] traitPercentile) {
    this.ids = ids;
    this.segment = segment;
    this.prior = prior;
    this.predictedValue = predictedValue;
    this.churnProbability = churnProbability;
    this.valuePercentile = valuePercentile;
    this.embedding = embedding;
    this.opportunityIds = opportunityIds;
    this.memberStart = memberStart;
    this.memberOpportunity = memberOpportunity;
    this.memberHoldout = memberHoldout;
    this.memberScore = memberScore;
    this.signalNames = signalNames;
    this.signalLabels = signalLabels;
    this.signalMedians = signalMedians;
    this.traitSignal = traitSignal;
    this.traitValue = traitValue;
    this.traitPercentile = traitPercentile;
    this.rowOf = new HashMap<>(ids.length * 4 / 3 + 1);
    for (int i = 0; i < ids.length; i++) {
      rowOf.put(ids[i], i);
    }
  }

  /** An opportunity the customer is in, as {@code opportunity_members} has it. */
  public record Membership(String opportunityId, boolean holdout, double score) {
    /** {@code treatment} or {@code holdout}, the words of the table's {@code group} column. */
    public String group() {
      return holdout ? "holdout" : "treatment";
    }
  }

  /** Another customer near this one in the learned space. */
  public record Neighbour(String customerId, double distance, int segmentId, double predictedValue,
      double churnProbability) {}

  /**
   * A float the file keeps as the shortest decimal that reads back as it (0.9927979, not the
   * 0.9927978515625 its widening to double would print in JSON).
   */
  private static double decimal(float f) {
    return Float.isFinite(f) ? Double.parseDouble(Float.toString(f)) : f;
  }

  /**
   * A signal on which the customer stands out from the run's customers.
   *
   * @param percentile the share of the run's customers below the customer's value (ties counted
   *     half), 0 to 1
   */
  public record Trait(String signal, String label, double value, double populationMedian, double percentile) {}

  /**
   * One customer as the run saw them.
   *
   * @param standsOut the signals on which the customer is furthest from the middle of the run's
   *     customers (by percentile), furthest first, at most {@value #TRAITS}
   */
  /**
   * One customer.
   *
   * @param priorSegmentId the customer's segment one horizon before {@code as_of} (segment flows);
   *     null where new since ({@code newSince}) or not compared
   */
  public record Customer(String customerId, int segmentId, Integer priorSegmentId, boolean newSince, double predictedValue,
      double churnProbability, double valuePercentile, List<Trait> standsOut, List<Membership> opportunities,
      List<Neighbour> neighbours) {
    public Customer {
      standsOut = List.copyOf(standsOut);
      opportunities = List.copyOf(opportunities);
      neighbours = List.copyOf(neighbours);
    }
  }

  /** How many signals a customer's {@link Customer#standsOut} keeps. */
  public static final int TRAITS = 5;

  /**
   * Writes the index of a run's customers.
   *
   * @param ids the run's customers, in its order; every array below is aligned with it
   * @param opportunities the run's opportunities, their members given by id
   * @param inHoldout from (opportunity id, customer id), whether the member is held out
   * @param signals the customers' signals in the same order, for what sets each apart; null for none
   */
  public static void write(Path file, String[] ids, int[] segmentOf, double[] predictedValue, double[] churn,
      double[] valuePercentile, float[][] embedding, List<Opportunity> opportunities,
      BiPredicate<String, String> inHoldout, CustomerSignals signals) throws IOException {
    write(file, ids, segmentOf, null, predictedValue, churn, valuePercentile, embedding, opportunities, inHoldout,
        signals);
  }

  /**
   * As {@link #write(Path, String[], int[], double[], double[], double[], float[][], List, BiPredicate,
   * CustomerSignals)}, with each customer's segment one horizon before {@code as_of}.
   *
   * @param priorSegment {@link #NEW_SINCE} where the customer is new since, {@link #NOT_COMPARED}
   *     (or any other negative) where not compared; null where the run has none
   */
  public static void write(Path file, String[] ids, int[] segmentOf, int[] priorSegment, double[] predictedValue,
      double[] churn, double[] valuePercentile, float[][] embedding, List<Opportunity> opportunities,
      BiPredicate<String, String> inHoldout, CustomerSignals signals) throws IOException {
    int n = ids.length;
    if (priorSegment != null && priorSegment.length != n) {
      throw new IllegalArgumentException("customer index: " + n + " ids but " + priorSegment.length
          + " prior segments; expected one per customer");
    }
    if (segmentOf.length != n || predictedValue.length != n || churn.length != n || valuePercentile.length != n
        || embedding.length != n) {
      throw new IllegalArgumentException("customer index: " + n + " ids but arrays of "
          + List.of(segmentOf.length, predictedValue.length, churn.length, valuePercentile.length, embedding.length)
          + "; expected one entry per customer");
    }
    int dim = n == 0 ? 0 : embedding[0].length;
    Map<String, Integer> row = new HashMap<>(n * 4 / 3 + 1);
    for (int i = 0; i < n; i++) {
      row.put(ids[i], i);
    }
    // memberships grouped by customer, each customer's in the opportunities' order
    int[] count = new int[n + 1];
    for (Opportunity o : opportunities) {
      for (String c : o.memberIds()) {
        count[rowIn(row, c, o) + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      count[i + 1] += count[i];
    }
    int total = count[n];
    int[] next = java.util.Arrays.copyOf(count, n);
    int[] opp = new int[total];
    boolean[] holdout = new boolean[total];
    float[] score = new float[total];
    for (int o = 0; o < opportunities.size(); o++) {
      Opportunity op = opportunities.get(o);
      for (int k = 0; k < op.memberIds().size(); k++) {
        String c = op.memberIds().get(k);
        int at = next[row.get(c)]++;
        opp[at] = o;
        holdout[at] = inHoldout.test(op.opportunityId(), c);
        score[at] = (float) op.memberScores()[k];
      }
    }
    if (signals != null && !java.util.Arrays.equals(signals.customerIds(), ids)) {
      throw new IllegalArgumentException("customer index: the signals' customers are not the run's, in its order");
    }
    Traits traits = signals == null ? Traits.NONE : Traits.of(signals);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(n);
      out.writeInt(dim);
      out.writeInt(opportunities.size());
      for (Opportunity o : opportunities) {
        writeString(out, o.opportunityId());
      }
      out.writeInt(traits.names.length);
      for (int j = 0; j < traits.names.length; j++) {
        writeString(out, traits.names[j]);
        writeString(out, traits.labels[j]);
        out.writeDouble(traits.medians[j]);
      }
      for (int i = 0; i < n; i++) {
        writeString(out, ids[i]);
        out.writeInt(segmentOf[i]);
        out.writeInt(priorSegment == null ? NOT_COMPARED : Math.max(NOT_COMPARED, priorSegment[i]));
        out.writeDouble(predictedValue[i]);
        out.writeDouble(churn[i]);
        out.writeDouble(valuePercentile[i]);
        if (embedding[i].length != dim) {
          throw new IllegalArgumentException("customer index: customer " + ids[i] + " has an embedding of "
              + embedding[i].length + " values; expected " + dim);
        }
        for (float x : embedding[i]) {
          out.writeFloat(x);
        }
        out.writeInt(count[i + 1] - count[i]);
        for (int m = count[i]; m < count[i + 1]; m++) {
          out.writeInt(opp[m]);
          out.writeBoolean(holdout[m]);
          out.writeFloat(score[m]);
        }
        short[] sig = traits.signal(i);
        out.writeByte(sig.length);
        for (int t = 0; t < sig.length; t++) {
          out.writeShort(sig[t]);
          out.writeFloat((float) signals.values()[i][sig[t]]);
          out.writeFloat(traits.percentile(i, t));
        }
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static int rowIn(Map<String, Integer> row, String customer, Opportunity o) {
    Integer r = row.get(customer);
    if (r == null) {
      throw new IllegalArgumentException("customer index: opportunity " + o.opportunityId() + " has member "
          + customer + ", who is not among the run's customers");
    }
    return r;
  }

  /**
   * Reads an index written by {@link #write}.
   *
   * @throws IOException when the file is missing, is not an index, is cut short, or was written by a
   *     newer Undercurrent; the message names the file
   */
  public static CustomerIndex read(Path file) throws IOException {
    long size = Files.size(file);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      return read(in, size, file);
    } catch (EOFException e) {
      throw new IOException(file + ": the customer index ends early; the file is damaged or was cut short", e);
    } catch (RuntimeException e) {
      // a count damaged into something no check below foresaw: the file, not the reader, is at fault
      throw new IOException(file + ": the customer index cannot be read (" + e + "); the file is damaged", e);
    }
  }

  private static CustomerIndex read(DataInputStream in, long size, Path file) throws IOException {
    {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + ": not a customer index (no Undercurrent header)");
      }
      int version = in.readInt();
      if (version > FORMAT_VERSION) {
        throw new IOException(file + ": customer index format " + version + ", newer than this Undercurrent reads ("
            + FORMAT_VERSION + "); upgrade, or run discover again with this version");
      }
      int n = in.readInt();
      int dim = in.readInt();
      int opportunities = in.readInt();
      // every count is checked against the file's size before anything is allocated for it: each
      // customer takes at least 37 bytes and 4 per embedding value, each opportunity 4
      if (n < 0 || dim < 0 || dim > 65_536 || opportunities < 0 || (long) opportunities * 4 > size
          || (long) n * (37 + 4L * dim) > size) {
        throw new IOException(file + ": customer index header holds counts the file cannot hold (" + n
            + " customers of " + dim + " dimensions, " + opportunities + " opportunities in " + size
            + " bytes); the file is damaged");
      }
      String[] oppIds = new String[opportunities];
      for (int o = 0; o < opportunities; o++) {
        oppIds[o] = readString(in, size, file);
      }
      int signalCount = in.readInt();
      if (signalCount < 0 || signalCount > Short.MAX_VALUE || (long) signalCount * 16 > size) {
        throw new IOException(file + ": customer index header holds " + signalCount + " signals; the file is damaged");
      }
      String[] names = new String[signalCount];
      String[] labels = new String[signalCount];
      double[] medians = new double[signalCount];
      for (int j = 0; j < signalCount; j++) {
        names[j] = readString(in, size, file);
        labels[j] = readString(in, size, file);
        medians[j] = in.readDouble();
      }
      short[][] tSig = new short[n][];
      float[][] tVal = new float[n][];
      float[][] tPct = new float[n][];
      String[] ids = new String[n];
      int[] seg = new int[n];
      int[] prior = new int[n];
      double[] value = new double[n];
      double[] churn = new double[n];
      double[] pct = new double[n];
      float[][] emb = new float[n][dim];
      int[] start = new int[n + 1];
      List<int[]> opp = new ArrayList<>();
      List<boolean[]> hold = new ArrayList<>();
      List<float[]> score = new ArrayList<>();
      int total = 0;
      for (int i = 0; i < n; i++) {
        ids[i] = readString(in, size, file);
        seg[i] = in.readInt();
        prior[i] = version >= 2 ? in.readInt() : NOT_COMPARED;
        value[i] = in.readDouble();
        churn[i] = in.readDouble();
        pct[i] = in.readDouble();
        for (int d = 0; d < dim; d++) {
          emb[i][d] = in.readFloat();
        }
        int m = in.readInt();
        if (m < 0 || m > opportunities) {
          throw new IOException(file + ": customer " + ids[i] + " is in " + m + " of " + opportunities
              + " opportunities; the file is damaged");
        }
        int[] o = new int[m];
        boolean[] h = new boolean[m];
        float[] s = new float[m];
        for (int j = 0; j < m; j++) {
          o[j] = in.readInt();
          if (o[j] < 0 || o[j] >= opportunities) {
            throw new IOException(file + ": customer " + ids[i] + " is in opportunity number " + o[j] + " of "
                + opportunities + "; the file is damaged");
          }
          h[j] = in.readBoolean();
          s[j] = in.readFloat();
        }
        opp.add(o);
        hold.add(h);
        score.add(s);
        int t = in.readUnsignedByte();
        if (t > Math.min(TRAITS, signalCount)) {
          throw new IOException(file + ": customer " + ids[i] + " stands out on " + t + " signals of " + signalCount
              + "; the file is damaged");
        }
        tSig[i] = new short[t];
        tVal[i] = new float[t];
        tPct[i] = new float[t];
        for (int k = 0; k < t; k++) {
          tSig[i][k] = in.readShort();
          if (tSig[i][k] < 0 || tSig[i][k] >= signalCount) {
            throw new IOException(file + ": customer " + ids[i] + " stands out on signal number " + tSig[i][k]
                + " of " + signalCount + "; the file is damaged");
          }
          tVal[i][k] = in.readFloat();
          tPct[i][k] = in.readFloat();
        }
        total += m;
        start[i + 1] = total;
      }
      int[] memberOpp = new int[total];
      boolean[] memberHold = new boolean[total];
      float[] memberScore = new float[total];
      for (int i = 0; i < n; i++) {
        System.arraycopy(opp.get(i), 0, memberOpp, start[i], start[i + 1] - start[i]);
        System.arraycopy(hold.get(i), 0, memberHold, start[i], start[i + 1] - start[i]);
        System.arraycopy(score.get(i), 0, memberScore, start[i], start[i + 1] - start[i]);
      }
      return new CustomerIndex(ids, seg, prior, value, churn, pct, emb, oppIds, start, memberOpp, memberHold, memberScore,
          names, labels, medians, tSig, tVal, tPct);
    }
  }

  /**
   * A string as its UTF-8 length and bytes: {@link DataOutputStream#writeUTF} stops at 65,535
   * bytes, and an id is whatever the user's table holds.
   */
  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in, long size, Path file) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > size) {
      throw new IOException(file + ": customer index holds a text of " + length + " bytes in a file of " + size
          + "; the file is damaged");
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** How many customers the run scored. */
  public int size() {
    return ids.length;
  }

  /**
   * The row of a customer: by the id as the run keeps it, or, for an email address or a phone
   * number, by the {@code sha256:} id the run made of it ({@link ContactIds}).
   */
  public Optional<Integer> find(String idOrContact) {
    if (idOrContact == null) {
      return Optional.empty();
    }
    Integer r = rowOf.get(idOrContact);
    if (r == null) {
      r = rowOf.get(ContactIds.pseudonymous(idOrContact));
    }
    return Optional.ofNullable(r);
  }

  /**
   * One customer with their {@code neighbours} nearest others in the learned space (fewer when the
   * run has fewer customers).
   */
  public Customer customer(int row, int neighbours) {
    if (row < 0 || row >= ids.length) {
      throw new IndexOutOfBoundsException("customer row " + row + " of " + ids.length);
    }
    if (neighbours < 0) {
      throw new IllegalArgumentException("neighbours: " + neighbours + "; expected 0 or more");
    }
    List<Membership> in = new ArrayList<>();
    for (int m = memberStart[row]; m < memberStart[row + 1]; m++) {
      in.add(new Membership(opportunityIds[memberOpportunity[m]], memberHoldout[m], decimal(memberScore[m])));
    }
    List<Neighbour> near = new ArrayList<>();
    if (neighbours > 0 && ids.length > 1) {
      // one more than asked: the customer is among the references, at distance 0 (or tied with
      // another customer of the same embedding), and is dropped wherever it comes
      Neighbours found = NearestNeighbours.query(embedding, new float[][] {embedding[row]},
          NeighbourOptions.defaults(Math.min(neighbours + 1, ids.length)));
      int[] idx = found.indices()[0];
      float[] dist = found.distances()[0];
      for (int j = 0; j < idx.length && near.size() < neighbours; j++) {
        int r = idx[j];
        if (r != row) {
          near.add(new Neighbour(ids[r], dist[j], segment[r], predictedValue[r], churnProbability[r]));
        }
      }
    }
    List<Trait> traits = new ArrayList<>();
    for (int k = 0; k < traitSignal[row].length; k++) {
      int j = traitSignal[row][k];
      traits.add(new Trait(signalNames[j], signalLabels[j], decimal(traitValue[row][k]), signalMedians[j],
          decimal(traitPercentile[row][k])));
    }
    return new Customer(ids[row], segment[row], prior[row] < 0 ? null : prior[row], prior[row] == NEW_SINCE,
        predictedValue[row], churnProbability[row], valuePercentile[row],
        traits, in, near);
  }

  /**
   * Where each customer stands on each signal among the run's customers: a percentile with ties
   * counted half (so a value most customers share, such as no sessions, sits near its middle and
   * does not stand out), and per customer the {@value #TRAITS} signals furthest from the middle,
   * furthest first, ties by the catalog's order. Signals the customer has no value of are skipped.
   * Customer by customer, each row read once, against per-signal references of at most {@value
   * #REFERENCE} values (above that many customers, the percentiles and medians are those of an
   * evenly strided sample), so nothing the size of the signal matrix is copied.
   */
  private static final class Traits {
    static final Traits NONE = new Traits(new String[0], new String[0], new double[0], new short[0][], new float[0][]);

    final String[] names;
    final String[] labels;
    final double[] medians;
    private final short[][] signal;
    private final float[][] percentile;

    private Traits(String[] names, String[] labels, double[] medians, short[][] signal, float[][] percentile) {
      this.names = names;
      this.labels = labels;
      this.medians = medians;
      this.signal = signal;
      this.percentile = percentile;
    }

    static Traits of(CustomerSignals s) {
      int m = s.catalog().size();
      int n = s.size();
      int keep = Math.min(TRAITS, m);
      String[] names = new String[m];
      String[] labels = new String[m];
      double[] medians = new double[m];
      double[][] rows = s.values();
      // the rows the percentiles are read against: all of them, or an evenly strided sample
      int refRows = Math.min(n, REFERENCE);
      double[][] ref = new double[m][];
      for (int j = 0; j < m; j++) {
        names[j] = s.catalog().get(j).name();
        String label = s.catalog().get(j).label();
        labels[j] = label == null || label.isBlank() ? names[j] : label;
        double[] v = new double[refRows];
        int known = 0;
        for (int r = 0; r < refRows; r++) {
          double x = rows[(int) ((long) r * n / refRows)][j];
          if (!Double.isNaN(x)) {
            v[known++] = x;
          }
        }
        ref[j] = java.util.Arrays.copyOf(v, known);
        java.util.Arrays.sort(ref[j]);
        medians[j] = known == 0 ? Double.NaN
            : known % 2 == 1 ? ref[j][known / 2] : (ref[j][known / 2 - 1] + ref[j][known / 2]) / 2;
      }
      short[][] best = new short[n][];
      float[][] pct = new float[n][];
      // customer by customer, each row read once and in order (the matrix is row-major)
      java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
        short[] b = new short[keep];
        float[] p = new float[keep];
        float[] far = new float[keep];
        int kept = 0;
        double[] row = rows[i];
        for (int j = 0; j < m; j++) {
          double v = row[j];
          double[] sorted = ref[j];
          if (Double.isNaN(v) || sorted.length == 0) {
            continue;
          }
          int below = lowerBound(sorted, v);
          int notAbove = below < sorted.length && sorted[below] == v ? lowerBound(sorted, Math.nextUp(v)) : below;
          float q = (float) ((below + (notAbove - below) / 2.0) / sorted.length);
          float d = Math.abs(q - 0.5f);
          int at = kept;
          while (at > 0 && far[at - 1] < d) {
            at--;
          }
          if (at >= keep) {
            continue;
          }
          int last = Math.min(kept, keep - 1);
          System.arraycopy(b, at, b, at + 1, last - at);
          System.arraycopy(p, at, p, at + 1, last - at);
          System.arraycopy(far, at, far, at + 1, last - at);
          b[at] = (short) j;
          p[at] = q;
          far[at] = d;
          kept = Math.min(kept + 1, keep);
        }
        best[i] = kept == keep ? b : java.util.Arrays.copyOf(b, kept);
        pct[i] = kept == keep ? p : java.util.Arrays.copyOf(p, kept);
      });
      return new Traits(names, labels, medians, best, pct);
    }

    /**
     * The most rows percentiles are read against: above it, an evenly strided sample of that many
     * rows (the same on every run). A percentile read against 4,096 values is off by at most about
     * 1.5 points (two standard errors at the median), which does not change which signals a
     * customer stands out on in any way a reader would notice. Measured at a million customers and
     * 78 signals (bench/lookup): every value, column by column, 19 s; a reference of 65,536 values
     * 14 s; of 4,096, 10 s, most of it the binary searches, at about 9 ns a step.
     */
    private static final int REFERENCE = 1 << 12;

    /** The signals customer {@code i} stands out on, furthest from the middle first. */
    short[] signal(int i) {
      return signal.length == 0 ? new short[0] : signal[i];
    }

    /** The percentile of the customer on its {@code k}-th signal of {@link #signal}. */
    float percentile(int i, int k) {
      return percentile[i][k];
    }

    /**
     * How many of the sorted values are below {@code v}. Written without a data-dependent branch in
     * the loop (the step is a conditional move), since a classic binary search mispredicted about
     * every other step and was most of the index's writing time.
     */
    private static int lowerBound(double[] a, double v) {
      int n = a.length;
      if (n == 0) {
        return 0;
      }
      int lo = 0;
      while (n > 1) {
        int half = n >>> 1;
        lo = a[lo + half - 1] < v ? lo + half : lo;
        n -= half;
      }
      return a[lo] < v ? lo + 1 : lo;
    }
  }
}
