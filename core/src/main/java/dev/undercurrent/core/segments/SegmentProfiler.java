package dev.undercurrent.core.segments;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.SegmentProfile;
import dev.undercurrent.core.model.SegmentSignal;
import dev.undercurrent.core.signals.SignalCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns segment labels into {@link SegmentProfile}s: size and shares, average predicted value and
 * churn, the signals that set each segment apart, its nearest segments in the learned space, one
 * sentence per neighbour saying what separates them, a name and a place on the segment map.
 *
 * <p>Distinguishing signals are standardized mean differences, (segment mean − population mean) /
 * population standard deviation (Cohen's d against the population), taken over the customers
 * whose value is known: NaN and infinite values are left out of both means, and a signal with zero
 * or undefined spread has no effect size and is never listed. Revenue shares use the {@code
 * monetary_total} signal (net revenue to date); without it they are NaN.
 *
 * <p>Contrasts with a neighbour pick, greedily, the signals with the largest standardized
 * difference between the two segments' means, skipping any signal correlated at |r| ≥ {@value
 * #REDUNDANT} (on a systematic sample of customers) with one already picked, so that "orders in the
 * last 90 days" and "revenue in the last 90 days" do not both fill the sentence; after the first,
 * a signal needs a difference of at least {@value #MINOR} to be named.
 *
 * <p>Limits: effect sizes of heavy-tailed signals (revenue) are driven by their tails; means, not
 * medians, are compared. Cost: two passes over the signal matrix plus one over the embedding.
 */
public final class SegmentProfiler {
  /** Distinguishing signals kept per segment. */
  public static final int TOP_SIGNALS = 8;

  /** Neighbours listed per segment. */
  public static final int NEIGHBOURS = 3;

  /** Signals named in one contrast sentence, at most. */
  public static final int CONTRAST_SIGNALS = 3;

  /** Correlation from which a signal adds nothing to a contrast that has its partner. */
  public static final double REDUNDANT = 0.8;

  /**
   * A standardized difference below which a signal is not worth a place in a contrast beside a
   * larger one (Cohen's 1988 "small" effect).
   */
  public static final double MINOR = 0.2;

  private static final int CORRELATION_SAMPLE = 5_000;

  private SegmentProfiler() {}

  /**
   * Profiles, names and places {@code k} segments.
   *
   * @param segmentOf the segment of each customer, {@code 0..k-1}, aligned with the rows of
   *     {@code signals} and {@code scores}
   * @return one profile per segment id, in id order
   */
  public static List<SegmentProfile> profile(
      CustomerSignals signals, CustomerScores scores, int[] segmentOf, int k) {
    Statistics st = Statistics.of(signals, scores, segmentOf, k);
    List<SegmentTraits> traits = st.traits();
    List<SegmentName> names = SegmentNamer.name(traits);
    double[][] map = SegmentMap.positions(st.centroids);
    double[][] correlation = st.correlations(signals);
    List<SegmentProfile> out = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      SegmentTraits t = traits.get(s);
      List<Integer> neighbours = st.neighbours(s);
      List<String> contrasts = new ArrayList<>();
      for (int other : neighbours) {
        contrasts.add(st.contrast(s, other, names.get(other).name(), correlation));
      }
      List<SegmentSignal> top = t.signals().subList(0, Math.min(TOP_SIGNALS, t.signals().size()));
      out.add(new SegmentProfile(
          s,
          names.get(s).name(),
          names.get(s).description(),
          t.customers(),
          t.shareOfCustomers(),
          t.shareOfRevenue(),
          t.avgPredictedValue(),
          t.avgChurnProbability(),
          map[s][0],
          map[s][1],
          top,
          neighbours,
          contrasts));
    }
    return out;
  }

  /** The unnamed traits of each segment, in id order: what {@link SegmentNamer} reads. */
  public static List<SegmentTraits> traits(
      CustomerSignals signals, CustomerScores scores, int[] segmentOf, int k) {
    return Statistics.of(signals, scores, segmentOf, k).traits();
  }

  /** Means and spreads per segment and overall, computed once. */
  private static final class Statistics {
    final SignalCatalog catalog;
    final int k;
    final int p;
    final long n;
    final long[] size;
    final double[] popMean;
    final double[] popSd;
    final double[][] segMean;
    /** Per segment, the share at {@link SignalCatalog#NEVER_DAYS} of each signal that counts "never" (else NaN). */
    final double[][] segNever;
    final double[] segRevenue;
    final double[] segPredicted;
    final double[] segChurn;
    final double[][] centroids;
    double totalRevenue = Double.NaN;
    double popPredicted;
    double popChurn;

    private Statistics(SignalCatalog catalog, int k, int p, long n) {
      this.catalog = catalog;
      this.k = k;
      this.p = p;
      this.n = n;
      size = new long[k];
      popMean = new double[p];
      popSd = new double[p];
      segMean = new double[k][p];
      segNever = new double[k][p];
      segRevenue = new double[k];
      segPredicted = new double[k];
      segChurn = new double[k];
      centroids = new double[k][];
    }

    static Statistics of(CustomerSignals signals, CustomerScores scores, int[] segmentOf, int k) {
      int n = signals.size();
      if (k < 1) {
        throw new IllegalArgumentException("segment profiles: k=" + k + "; expected at least 1");
      }
      if (scores.size() != n || segmentOf.length != n) {
        throw new IllegalArgumentException(
            "segment profiles: " + n + " signal rows, " + scores.size() + " score rows and "
                + segmentOf.length + " segment labels; expected the same customers in each");
      }
      int p = signals.catalog().size();
      Statistics st = new Statistics(signals.catalog(), k, p, n);
      double[] popSum = new double[p];
      long[] popCount = new long[p];
      double[][] segSum = new double[k][p];
      long[][] segCount = new long[k][p];
      long[][] segNeverCount = new long[k][p];
      boolean[] countsNever = new boolean[p];
      for (int j = 0; j < p; j++) {
        countsNever[j] = SignalCatalog.countsNever(signals.catalog().get(j).name());
      }
      double[][] values = signals.values();
      for (int i = 0; i < n; i++) {
        int s = segmentOf[i];
        if (s < 0 || s >= k) {
          throw new IllegalArgumentException(
              "segment label " + s + " for customer " + signals.customerIds()[i]
                  + "; expected 0.." + (k - 1));
        }
        st.size[s]++;
        double[] row = values[i];
        for (int j = 0; j < p; j++) {
          double x = row[j];
          if (Double.isFinite(x)) {
            popSum[j] += x;
            popCount[j]++;
            segSum[s][j] += x;
            segCount[s][j]++;
            if (countsNever[j] && x >= SignalCatalog.NEVER_DAYS) {
              segNeverCount[s][j]++;
            }
          }
        }
      }
      for (int j = 0; j < p; j++) {
        st.popMean[j] = popCount[j] > 0 ? popSum[j] / popCount[j] : Double.NaN;
      }
      double[] ss = new double[p];
      for (int i = 0; i < n; i++) {
        double[] row = values[i];
        for (int j = 0; j < p; j++) {
          double x = row[j];
          if (Double.isFinite(x)) {
            double d = x - st.popMean[j];
            ss[j] += d * d;
          }
        }
      }
      for (int j = 0; j < p; j++) {
        st.popSd[j] = popCount[j] > 1 ? Math.sqrt(ss[j] / (popCount[j] - 1)) : Double.NaN;
        for (int s = 0; s < k; s++) {
          st.segMean[s][j] = segCount[s][j] > 0 ? segSum[s][j] / segCount[s][j] : Double.NaN;
          st.segNever[s][j] = countsNever[j] && segCount[s][j] > 0
              ? (double) segNeverCount[s][j] / segCount[s][j] : Double.NaN;
        }
      }
      int revenue = signals.catalog().indexOf(SignalCatalog.MONETARY_TOTAL);
      if (revenue >= 0) {
        st.totalRevenue = popSum[revenue];
        for (int s = 0; s < k; s++) {
          st.segRevenue[s] = segSum[s][revenue];
        }
      }
      st.popPredicted = segmentMeans(scores.predictedValue(), segmentOf, st.segPredicted);
      st.popChurn = segmentMeans(scores.churnProbability(), segmentOf, st.segChurn);
      float[][] embedding = scores.embedding();
      int dim = embedding.length > 0 ? embedding[0].length : 0;
      double[][] sums = new double[k][dim];
      for (int i = 0; i < n; i++) {
        float[] e = embedding[i];
        double[] sum = sums[segmentOf[i]];
        for (int d = 0; d < dim; d++) {
          sum[d] += e[d];
        }
      }
      for (int s = 0; s < k; s++) {
        st.centroids[s] = new double[dim];
        for (int d = 0; d < dim; d++) {
          st.centroids[s][d] = st.size[s] > 0 ? sums[s][d] / st.size[s] : Double.NaN;
        }
      }
      return st;
    }

    /** Fills {@code perSegment} with NaN-robust segment means; returns the overall mean. */
    private static double segmentMeans(double[] x, int[] segmentOf, double[] perSegment) {
      double[] sum = new double[perSegment.length];
      long[] count = new long[perSegment.length];
      double total = 0;
      long all = 0;
      for (int i = 0; i < x.length; i++) {
        if (Double.isFinite(x[i])) {
          sum[segmentOf[i]] += x[i];
          count[segmentOf[i]]++;
          total += x[i];
          all++;
        }
      }
      for (int s = 0; s < perSegment.length; s++) {
        perSegment[s] = count[s] > 0 ? sum[s] / count[s] : Double.NaN;
      }
      return all > 0 ? total / all : Double.NaN;
    }

    double effect(int s, int j) {
      double sd = popSd[j];
      double m = segMean[s][j];
      if (!(sd > 0) || !Double.isFinite(m) || !Double.isFinite(popMean[j])) {
        return Double.NaN;
      }
      return (m - popMean[j]) / sd;
    }

    List<SegmentTraits> traits() {
      List<SegmentTraits> out = new ArrayList<>();
      for (int s = 0; s < k; s++) {
        List<SegmentSignal> ranked = new ArrayList<>();
        for (int j = 0; j < p; j++) {
          double e = effect(s, j);
          if (Double.isFinite(e) && e != 0) {
            ranked.add(new SegmentSignal(s, catalog.get(j).name(), catalog.get(j).label(),
                segMean[s][j], popMean[j], e, 0));
          }
        }
        ranked.sort(Comparator.comparingDouble((SegmentSignal x) -> -Math.abs(x.effectSize())));
        List<SegmentSignal> withRank = new ArrayList<>();
        for (int r = 0; r < ranked.size(); r++) {
          SegmentSignal x = ranked.get(r);
          withRank.add(new SegmentSignal(s, x.signal(), x.label(), x.segmentValue(),
              x.populationValue(), x.effectSize(), r + 1));
        }
        double revenueShare = totalRevenue > 0 ? segRevenue[s] / totalRevenue : Double.NaN;
        out.add(new SegmentTraits(s, size[s], n > 0 ? (double) size[s] / n : Double.NaN,
            revenueShare, segPredicted[s], segChurn[s], popPredicted, popChurn, withRank));
      }
      return out;
    }

    List<Integer> neighbours(int s) {
      if (size[s] == 0) {
        return List.of();
      }
      List<Integer> others = new ArrayList<>();
      for (int t = 0; t < k; t++) {
        if (t != s && size[t] > 0) {
          others.add(t);
        }
      }
      others.sort(Comparator.comparingDouble((Integer t) -> distance(centroids[s], centroids[t]))
          .thenComparingInt(t -> t));
      return List.copyOf(others.subList(0, Math.min(NEIGHBOURS, others.size())));
    }

    private static double distance(double[] a, double[] b) {
      double s = 0;
      for (int d = 0; d < a.length; d++) {
        s += (a[d] - b[d]) * (a[d] - b[d]);
      }
      return Math.sqrt(s);
    }

    /** Pearson correlations of the signals on an evenly spaced sample of customers. */
    double[][] correlations(CustomerSignals signals) {
      double[][] values = signals.values();
      int step = (int) Math.max(1, n / CORRELATION_SAMPLE);
      double[][] r = new double[p][p];
      for (int a = 0; a < p; a++) {
        r[a][a] = 1;
        for (int b = 0; b < a; b++) {
          double sa = 0;
          double sb = 0;
          double saa = 0;
          double sbb = 0;
          double sab = 0;
          long m = 0;
          for (int i = 0; i < n; i += step) {
            double x = values[i][a];
            double y = values[i][b];
            if (Double.isFinite(x) && Double.isFinite(y)) {
              sa += x;
              sb += y;
              saa += x * x;
              sbb += y * y;
              sab += x * y;
              m++;
            }
          }
          double cov = sab - sa * sb / Math.max(m, 1);
          double va = saa - sa * sa / Math.max(m, 1);
          double vb = sbb - sb * sb / Math.max(m, 1);
          double c = va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
          r[a][b] = c;
          r[b][a] = c;
        }
      }
      return r;
    }

    String contrast(int s, int t, String otherName, double[][] correlation) {
      List<Integer> order = new ArrayList<>();
      double[] d = new double[p];
      for (int j = 0; j < p; j++) {
        d[j] = popSd[j] > 0 ? (segMean[s][j] - segMean[t][j]) / popSd[j] : Double.NaN;
        if (Double.isFinite(d[j]) && d[j] != 0) {
          order.add(j);
        }
      }
      order.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(d[j])).thenComparingInt(j -> j));
      List<Integer> picked = new ArrayList<>();
      for (int j : order) {
        if (picked.size() == CONTRAST_SIGNALS || (!picked.isEmpty() && Math.abs(d[j]) < MINOR)) {
          break;
        }
        boolean redundant = false;
        for (int q : picked) {
          redundant |= Math.abs(correlation[j][q]) >= REDUNDANT;
        }
        if (!redundant) {
          picked.add(j);
        }
      }
      List<String> parts = new ArrayList<>();
      for (int j : picked) {
        String phrase = compare(segMean[s][j], segMean[t][j], catalog.get(j).label());
        if (Double.isFinite(segNever[s][j]) && Double.isFinite(segNever[t][j])
            && (segNever[s][j] > 0 || segNever[t][j] > 0)) {
          // A mean of days mixes "never" (counted as ten years) with "long ago": say how many never.
          String never = String.format(java.util.Locale.ROOT, "none at all for %.0f%% vs %.0f%%",
              100 * segNever[s][j], 100 * segNever[t][j]);
          phrase = phrase.endsWith(")")
              ? phrase.substring(0, phrase.length() - 1) + "; " + never + ")"
              : phrase + " (" + never + ")";
        }
        parts.add(phrase);
      }
      if (parts.isEmpty()) {
        return "vs " + otherName + ": no signal differs.";
      }
      return "vs " + otherName + ": " + Phrases.join(parts) + ".";
    }
  }

  /**
   * "3.1× the days since last order (186 vs 60)", "half the …", or "label a vs b". A ratio is
   * given only where both values print as non-zero and it is between a tenth and 50: "1140× the
   * conversion rate of sends (0.08 vs 0.00)" or "0.0× …" says less than the two values.
   */
  static String compare(double a, double b, String label) {
    String values = " (" + Phrases.number(a) + " vs " + Phrases.number(b) + ")";
    if (a > 0 && b > 0 && printsNonZero(a) && printsNonZero(b) && a / b >= 0.1 && a / b <= 50) {
      double r = a / b;
      if (r >= 1.15 || r <= 1 / 1.15) {
        if (Math.abs(r - 0.5) < 0.05) {
          return "half the " + label + values;
        }
        if (Math.abs(r - 1.0 / 3) < 0.03) {
          return "a third of the " + label + values;
        }
        if (Math.abs(r - 0.25) < 0.025) {
          return "a quarter of the " + label + values;
        }
        return Phrases.times(r) + " the " + label + values;
      }
    }
    return label + " " + Phrases.number(a) + " vs " + Phrases.number(b);
  }

  private static boolean printsNonZero(double x) {
    return Double.parseDouble(Phrases.number(x).replace(",", "")) != 0;
  }
}
