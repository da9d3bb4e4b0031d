package dev.undercurrent.core.lookup;

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
 * <p>Format (version {@value #FORMAT_VERSION}, big-endian, {@link DataOutputStream}): a magic
 * number and the version; the customer count, the embedding's dimension and the opportunity ids;
 * then per customer its id, segment, predicted value, churn probability, value percentile,
 * embedding, and its memberships (opportunity number, holdout flag, member score). About 120 bytes
 * a customer with a 16-dimensional embedding: 120 MB for a million, read in a second or two.
 *
 * <p>Neighbours are found exactly, by Euclidean distance in the embedding as the detectors' are,
 * over every customer of the run (one query costs n × dimension operations: milliseconds at a
 * million); ties go to the earlier customer in the run's order.
 */
public final class CustomerIndex {
  /** The file's name in a run directory. */
  public static final String FILE_NAME = "customers.idx";
  /** Written into the file; a reader refuses a newer one. */
  public static final int FORMAT_VERSION = 1;
  private static final int MAGIC = 0x55434958; // "UCIX"

  private final String[] ids;
  private final int[] segment;
  private final double[] predictedValue;
  private final double[] churnProbability;
  private final double[] valuePercentile;
  private final float[][] embedding;
  private final String[] opportunityIds;
  private final int[] memberStart;
  private final int[] memberOpportunity;
  private final boolean[] memberHoldout;
  private final float[] memberScore;
  private final Map<String, Integer> rowOf;

  private CustomerIndex(String[] ids, int[] segment, double[] predictedValue, double[] churnProbability,
      double[] valuePercentile, float[][] embedding, String[] opportunityIds, int[] memberStart,
      int[] memberOpportunity, boolean[] memberHoldout, float[] memberScore) {
    this.ids = ids;
    this.segment = segment;
    this.predictedValue = predictedValue;
    this.churnProbability = churnProbability;
    this.valuePercentile = valuePercentile;
    this.embedding = embedding;
    this.opportunityIds = opportunityIds;
    this.memberStart = memberStart;
    this.memberOpportunity = memberOpportunity;
    this.memberHoldout = memberHoldout;
    this.memberScore = memberScore;
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

  /** One customer as the run saw them. */
  public record Customer(String customerId, int segmentId, double predictedValue, double churnProbability,
      double valuePercentile, List<Membership> opportunities, List<Neighbour> neighbours) {
    public Customer {
      opportunities = List.copyOf(opportunities);
      neighbours = List.copyOf(neighbours);
    }
  }

  /**
   * Writes the index of a run's customers.
   *
   * @param ids the run's customers, in its order; every array below is aligned with it
   * @param opportunities the run's opportunities, their members given by id
   * @param inHoldout from (opportunity id, customer id), whether the member is held out
   */
  public static void write(Path file, String[] ids, int[] segmentOf, double[] predictedValue, double[] churn,
      double[] valuePercentile, float[][] embedding, List<Opportunity> opportunities,
      BiPredicate<String, String> inHoldout) throws IOException {
    int n = ids.length;
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
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(n);
      out.writeInt(dim);
      out.writeInt(opportunities.size());
      for (Opportunity o : opportunities) {
        out.writeUTF(o.opportunityId());
      }
      for (int i = 0; i < n; i++) {
        out.writeUTF(ids[i]);
        out.writeInt(segmentOf[i]);
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
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
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
      if (n < 0 || dim < 0 || opportunities < 0) {
        throw new IOException(file + ": customer index header holds negative counts; the file is damaged");
      }
      String[] oppIds = new String[opportunities];
      for (int o = 0; o < opportunities; o++) {
        oppIds[o] = in.readUTF();
      }
      String[] ids = new String[n];
      int[] seg = new int[n];
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
        ids[i] = in.readUTF();
        seg[i] = in.readInt();
        value[i] = in.readDouble();
        churn[i] = in.readDouble();
        pct[i] = in.readDouble();
        for (int d = 0; d < dim; d++) {
          emb[i][d] = in.readFloat();
        }
        int m = in.readInt();
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
      return new CustomerIndex(ids, seg, value, churn, pct, emb, oppIds, start, memberOpp, memberHold, memberScore);
    } catch (EOFException e) {
      throw new IOException(file + ": the customer index ends early; the file is damaged or was cut short", e);
    }
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
      in.add(new Membership(opportunityIds[memberOpportunity[m]], memberHoldout[m], memberScore[m]));
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
    return new Customer(ids[row], segment[row], predictedValue[row], churnProbability[row], valuePercentile[row],
        in, near);
  }
}
