package dev.undercurrent.core.learning;

import dev.undercurrent.core.signals.HorizonOutcome;
import java.util.List;

/**
 * Labelled point-in-time examples: each row is one customer at one snapshot (cut-off date), with
 * the raw signals computed from data strictly before the cut and the labels from the horizon after
 * it ({@link dev.undercurrent.core.signals.HorizonOutcome}).
 *
 * <p>The Spark side builds these; {@link #holdOutLatestSnapshot()} gives the honest split, the most
 * recent labelled snapshot held out. Limit: the arrays are shared, not copied, so callers must not
 * change them after handing them over.
 *
 * @param signalNames the signal of each column, in order
 * @param signals raw signals, rows × signals; {@code NaN} where unknown
 * @param value revenue net of returns in the horizon (currency units; may be negative)
 * @param bought whether the customer ordered in the horizon
 * @param responded whether a marketing send in the horizon converted; {@code null} when the run
 *     has no marketing source (read as all false)
 * @param responseObserved whether {@code responded} means anything for the row (a send in the
 *     horizon); {@code null} when the run has no marketing source (read as all false)
 * @param snapshot the snapshot index of each row, higher is later
 * @param window free text naming the cut-off dates and horizon, for provenance
 */
public record TrainingSet(
    List<String> signalNames,
    double[][] signals,
    double[] value,
    boolean[] bought,
    boolean[] responded,
    boolean[] responseObserved,
    int[] snapshot,
    String window) {

  public TrainingSet {
    signalNames = List.copyOf(signalNames);
    int n = signals.length;
    responded = responded == null ? new boolean[n] : responded;
    responseObserved = responseObserved == null ? new boolean[n] : responseObserved;
    window = window == null ? "" : window;
    requireRows("value", value.length, n);
    requireRows("bought", bought.length, n);
    requireRows("responded", responded.length, n);
    requireRows("responseObserved", responseObserved.length, n);
    requireRows("snapshot", snapshot.length, n);
    for (int i = 0; i < n; i++) {
      if (signals[i].length != signalNames.size()) {
        throw new IllegalArgumentException(
            "signals[" + i + "] has " + signals[i].length + " values; expected "
                + signalNames.size() + " (one per signal name)");
      }
      if (!Double.isFinite(value[i])) {
        throw new IllegalArgumentException(
            "value[" + i + "]: found " + value[i] + ", expected a finite horizon revenue");
      }
    }
  }

  /**
   * One snapshot's rows from signals and the outcomes of the horizon after the cut.
   *
   * @param marketing whether the run has a marketing source; without one the response labels are
   *     left unobserved, with one a row's response is observed where it had a send in the horizon
   */
  public static TrainingSet fromOutcomes(
      List<String> signalNames,
      double[][] signals,
      HorizonOutcome[] outcomes,
      int snapshot,
      boolean marketing,
      String window) {
    int n = signals.length;
    requireRows("outcomes", outcomes.length, n);
    double[] value = new double[n];
    boolean[] bought = new boolean[n];
    boolean[] responded = new boolean[n];
    boolean[] observed = new boolean[n];
    int[] snapshots = new int[n];
    for (int i = 0; i < n; i++) {
      value[i] = outcomes[i].netRevenue();
      bought[i] = outcomes[i].bought();
      observed[i] = marketing && outcomes[i].touches() > 0;
      responded[i] = observed[i] && outcomes[i].responded();
      snapshots[i] = snapshot;
    }
    return new TrainingSet(
        signalNames, signals, value, bought, responded, observed, snapshots, window);
  }

  /** The rows of several sets (for example one per snapshot) in one, in order. */
  public static TrainingSet concat(List<TrainingSet> sets, String window) {
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("sets: found none, expected at least one to concatenate");
    }
    List<String> names = sets.get(0).signalNames();
    int n = 0;
    for (TrainingSet t : sets) {
      if (!t.signalNames().equals(names)) {
        throw new IllegalArgumentException(
            "sets: found signals " + t.signalNames() + ", expected " + names + " in every set");
      }
      n += t.size();
    }
    double[][] s = new double[n][];
    double[] v = new double[n];
    boolean[] b = new boolean[n];
    boolean[] r = new boolean[n];
    boolean[] o = new boolean[n];
    int[] k = new int[n];
    int at = 0;
    for (TrainingSet t : sets) {
      int m = t.size();
      System.arraycopy(t.signals(), 0, s, at, m);
      System.arraycopy(t.value(), 0, v, at, m);
      System.arraycopy(t.bought(), 0, b, at, m);
      System.arraycopy(t.responded(), 0, r, at, m);
      System.arraycopy(t.responseObserved(), 0, o, at, m);
      System.arraycopy(t.snapshot(), 0, k, at, m);
      at += m;
    }
    return new TrainingSet(names, s, v, b, r, o, k, window);
  }

  /** Rows. */
  public int size() {
    return signals.length;
  }

  /** Whether any row has an observed marketing response. */
  public boolean hasResponse() {
    for (boolean b : responseObserved) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  /** The rows at the given indices, in that order. */
  public TrainingSet rows(int[] index, String newWindow) {
    int m = index.length;
    double[][] s = new double[m][];
    double[] v = new double[m];
    boolean[] b = new boolean[m];
    boolean[] r = new boolean[m];
    boolean[] o = new boolean[m];
    int[] k = new int[m];
    for (int i = 0; i < m; i++) {
      int src = index[i];
      s[i] = signals[src];
      v[i] = value[src];
      b[i] = bought[src];
      r[i] = responded[src];
      o[i] = responseObserved[src];
      k[i] = snapshot[src];
    }
    return new TrainingSet(signalNames, s, v, b, r, o, k, newWindow);
  }

  /**
   * The honest split: the rows of the latest snapshot become the validation set, all earlier rows
   * the training set. Fails where there is only one snapshot, since then nothing would be left to
   * learn from or nothing to validate on.
   */
  public Split holdOutLatestSnapshot() {
    int latest = Integer.MIN_VALUE;
    int earliest = Integer.MAX_VALUE;
    for (int k : snapshot) {
      latest = Math.max(latest, k);
      earliest = Math.min(earliest, k);
    }
    if (size() == 0 || latest == earliest) {
      throw new IllegalArgumentException(
          "snapshot: found " + (size() == 0 ? "no rows" : "only snapshot " + latest)
              + ", expected at least two snapshots to hold the latest out");
    }
    int held = 0;
    for (int k : snapshot) {
      if (k == latest) {
        held++;
      }
    }
    int[] train = new int[size() - held];
    int[] validation = new int[held];
    int t = 0;
    int v = 0;
    for (int i = 0; i < size(); i++) {
      if (snapshot[i] == latest) {
        validation[v++] = i;
      } else {
        train[t++] = i;
      }
    }
    // named by what they hold, not by snapshot numbers: "snapshot 5" (counted from the oldest) read
    // as the fifth date of a list written newest first
    java.util.regex.Matcher m = CUT_OFFS.matcher(window);
    if (m.matches() && m.group(1).contains(", ")) {
      String[] dates = m.group(1).split(", ");
      return new Split(
          rows(train, "cut-offs " + String.join(", ", java.util.Arrays.copyOfRange(dates, 1, dates.length))
              + m.group(2)),
          rows(validation, "cut-off " + dates[0] + m.group(2)));
    }
    return new Split(
        rows(train, window + " [the earlier cut-offs]"),
        rows(validation, window + " [the latest cut-off]"));
  }

  /** A window as the pipeline names it: its cut-off dates newest first, then the horizon. */
  private static final java.util.regex.Pattern CUT_OFFS =
      java.util.regex.Pattern.compile("cut-offs? (\\d{4}-\\d{2}-\\d{2}(?:, \\d{4}-\\d{2}-\\d{2})*)(; .*)");

  /**
   * The window of a split's two parts together, as {@link #holdOutLatestSnapshot()} took it apart
   * ("cut-offs" with the held-out date first); other windows are joined with " + ".
   */
  public static String joinedWindow(String train, String validation) {
    java.util.regex.Matcher t = CUT_OFFS.matcher(train);
    java.util.regex.Matcher v = CUT_OFFS.matcher(validation);
    if (t.matches() && v.matches() && t.group(2).equals(v.group(2))) {
      return "cut-offs " + v.group(1) + ", " + t.group(1) + t.group(2);
    }
    return train + " + " + validation;
  }

  /** A training set and the validation set held out from it. */
  public record Split(TrainingSet train, TrainingSet validation) {}

  private static void requireRows(String name, int found, int expected) {
    if (found != expected) {
      throw new IllegalArgumentException(
          name + " has " + found + " rows; expected " + expected + " (one per signals row)");
    }
  }
}
