package dev.undercurrent.core.opportunities;

import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.stats.Rounding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Population statistics the detectors share: columns, quantiles, robust standard scores, Otsu's
 * threshold and evidence lines. Package-private: an implementation detail of the detectors.
 */
final class Population {
  /** Quantiles on more rows than this use an evenly strided sample (deterministic). */
  static final int QUANTILE_SAMPLE = 200_000;
  /** Standard scores are clipped to this magnitude so a few extreme rows cannot dominate a sum. */
  static final double Z_CLIP = 5.0;

  private final CustomerSignals signals;
  private final Map<String, double[]> columns = new HashMap<>();
  private final Map<String, double[]> standard = new HashMap<>();

  Population(CustomerSignals signals) {
    this.signals = signals;
  }

  int size() {
    return signals.size();
  }

  /** The column, or null when the run lacks the signal. */
  double[] col(String name) {
    if (!signals.has(name)) {
      return null;
    }
    return columns.computeIfAbsent(name, signals::column);
  }

  String label(String name) {
    int j = signals.catalog().indexOf(name);
    return j < 0 ? name : signals.catalog().get(j).label();
  }

  /**
   * Robust standard score of a signal: (x − median) / (IQR / 1.349), falling back to the standard
   * deviation where the IQR is 0 (sparse counts), clipped to ±{@link #Z_CLIP}; NaN stays NaN.
   * Null when the run lacks the signal.
   */
  double[] z(String name) {
    double[] x = col(name);
    if (x == null) {
      return null;
    }
    return standard.computeIfAbsent(name, k -> standardize(x));
  }

  static double[] standardize(double[] x) {
    double med = quantile(x, null, 0.5);
    double scale = (quantile(x, null, 0.75) - quantile(x, null, 0.25)) / 1.349;
    if (!(scale > 0)) {
      scale = sd(x, null);
    }
    if (!(scale > 0)) {
      scale = 1;
    }
    double[] z = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = (x[i] - med) / scale;
      z[i] = Double.isNaN(v) ? Double.NaN : Math.max(-Z_CLIP, Math.min(Z_CLIP, v));
    }
    return z;
  }

  /** Quantile (linear interpolation) of the finite values, over {@code rows} or all rows. */
  static double quantile(double[] x, int[] rows, double q) {
    int n = rows == null ? x.length : rows.length;
    int stride = Math.max(1, (n + QUANTILE_SAMPLE - 1) / QUANTILE_SAMPLE);
    double[] v = new double[(n + stride - 1) / stride];
    int c = 0;
    for (int r = 0; r < n; r += stride) {
      double val = x[rows == null ? r : rows[r]];
      if (Double.isFinite(val)) {
        v[c++] = val;
      }
    }
    if (c == 0) {
      return Double.NaN;
    }
    Arrays.sort(v, 0, c);
    double pos = q * (c - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(c - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }

  static double mean(double[] x, int[] rows) {
    double s = 0;
    long c = 0;
    int n = rows == null ? x.length : rows.length;
    for (int r = 0; r < n; r++) {
      double v = x[rows == null ? r : rows[r]];
      if (Double.isFinite(v)) {
        s += v;
        c++;
      }
    }
    return c == 0 ? Double.NaN : s / c;
  }

  /** The mean of {@code f} over the rows, skipping values that are not finite (NaN where none is). */
  static double mean(java.util.function.IntToDoubleFunction f, int[] rows) {
    double s = 0;
    long c = 0;
    for (int i : rows) {
      double v = f.applyAsDouble(i);
      if (Double.isFinite(v)) {
        s += v;
        c++;
      }
    }
    return c == 0 ? Double.NaN : s / c;
  }

  static double sd(double[] x, int[] rows) {
    double m = mean(x, rows);
    double s = 0;
    long c = 0;
    int n = rows == null ? x.length : rows.length;
    for (int r = 0; r < n; r++) {
      double v = x[rows == null ? r : rows[r]];
      if (Double.isFinite(v)) {
        s += (v - m) * (v - m);
        c++;
      }
    }
    return c < 2 ? Double.NaN : Math.sqrt(s / (c - 1));
  }

  /** Positive part of a clipped standard score, 0 where unknown: an adverse sign only counts. */
  static double pos(double[] z, int i) {
    if (z == null) {
      return 0;
    }
    double v = z[i];
    return v > 0 ? v : 0;
  }

  /** Positive part of the negated score: counts only when the signal is low. */
  static double neg(double[] z, int i) {
    if (z == null) {
      return 0;
    }
    double v = -z[i];
    return v > 0 ? v : 0;
  }

  /**
   * Otsu's threshold (N. Otsu, "A threshold selection method from gray-level histograms", IEEE
   * Trans. SMC 9(1), 1979): the cut of the scores of {@code rows} that maximizes the variance
   * between the two groups it makes, on a 1,024-bin histogram. It lets each audience's size follow
   * the data: a clearly separate group is cut off where it separates, not at a fixed count.
   * Returns +∞ when the scores do not vary (nothing sets anyone apart).
   */
  static double otsu(double[] score, int[] rows) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int r : rows) {
      double v = score[r];
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (!(max > min)) {
      return Double.POSITIVE_INFINITY;
    }
    int bins = 1024;
    long[] hist = new long[bins];
    double width = (max - min) / bins;
    long total = 0;
    double sumAll = 0;
    for (int r : rows) {
      double v = score[r];
      if (Double.isFinite(v)) {
        int b = Math.min(bins - 1, (int) ((v - min) / width));
        hist[b]++;
        total++;
        sumAll += b;
      }
    }
    long wB = 0;
    double sumB = 0;
    double best = -1;
    int bestBin = 0;
    for (int b = 0; b < bins - 1; b++) {
      wB += hist[b];
      if (wB == 0) {
        continue;
      }
      long wF = total - wB;
      if (wF == 0) {
        break;
      }
      sumB += (double) b * hist[b];
      double mB = sumB / wB;
      double mF = (sumAll - sumB) / wF;
      double between = (double) wB * wF * (mB - mF) * (mB - mF);
      if (between > best) {
        best = between;
        bestBin = b;
      }
    }
    return min + (bestBin + 1) * width;
  }

  /** The rows of {@code candidates} whose score is above Otsu's threshold among them. */
  static int[] aboveOtsu(double[] score, int[] candidates) {
    if (candidates.length < 2) {
      return new int[0];
    }
    double t = otsu(score, candidates);
    return Arrays.stream(candidates).filter(i -> score[i] >= t).toArray();
  }

  /** One line of evidence: a signal's audience mean against the population mean. */
  record EvidenceLine(String text, double effect) {}

  /**
   * The signals among {@code candidates} that set the audience apart most (largest standardized
   * mean difference against the population), at most {@code max}, each with both means.
   */
  List<EvidenceLine> contrast(int[] audience, List<String> candidates, int max) {
    List<EvidenceLine> lines = new ArrayList<>();
    for (String name : candidates) {
      double[] x = col(name);
      if (x == null) {
        continue;
      }
      double ma = mean(x, audience);
      double mp = mean(x, null);
      double sdp = sd(x, null);
      if (!Double.isFinite(ma) || !Double.isFinite(mp) || !(sdp > 0)) {
        continue;
      }
      if (num(ma).equals(num(mp))) {
        // Shown alike, the line tells a reader nothing, however large the standardized effect of a
        // signal that barely varies (UCI's probability alive: "1.000 vs 1.000").
        continue;
      }
      double effect = (ma - mp) / sdp;
      double neverA = SignalCatalog.countsNever(name) ? neverShare(x, audience) : Double.NaN;
      double neverP = SignalCatalog.countsNever(name) ? neverShare(x, null) : Double.NaN;
      // (a comma, not a semicolon: evidence lines are joined by "; ")
      String never = neverA > 0 || neverP > 0
          ? ", none at all for " + pct(neverA) + " vs " + pct(neverP)
          : "";
      lines.add(new EvidenceLine(label(name) + " (" + name + ") " + num(ma) + " vs " + num(mp)
          + " in the population" + never, effect));
    }
    lines.sort((a, b) -> Double.compare(Math.abs(b.effect()), Math.abs(a.effect())));
    return lines.subList(0, Math.min(max, lines.size()));
  }

  /** The share of the rows (all when null) at {@link SignalCatalog#NEVER_DAYS}, among finite values. */
  static double neverShare(double[] x, int[] rows) {
    long never = 0;
    long all = 0;
    int n = rows == null ? x.length : rows.length;
    for (int r = 0; r < n; r++) {
      double v = x[rows == null ? r : rows[r]];
      if (Double.isFinite(v)) {
        all++;
        never += v >= SignalCatalog.NEVER_DAYS ? 1 : 0;
      }
    }
    return all == 0 ? Double.NaN : (double) never / all;
  }

  /** A number for people: grouped integers when large, 2 or 3 decimals when small. */
  static String num(double x) {
    double a = Math.abs(x);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", x);
    }
    return String.format(Locale.ROOT, "%.3f", x);
  }

  /** "12.3%"; below 1%, two significant figures ("0.026%"), so that no term prints as "0.0%". */
  static String pct(double x) {
    double p = 100 * x;
    if (p != 0 && Double.isFinite(p) && Math.abs(p) < 1) {
      return Rounding.twoSignificant(p) + "%";
    }
    return String.format(Locale.ROOT, "%.1f%%", p);
  }


  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "1 lapsed customer", "2,304 lapsed customers": the count and its plural phrase, agreeing. */
  static String counted(long n, String plural) {
    String phrase = n == 1 && plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    return count(n) + " " + phrase;
  }

  /** "1,234.50"; below 0.10, two significant figures ("0.0094"), so a term never prints as 0.00. */
  static String money(double x) {
    if (x != 0 && Double.isFinite(x) && Math.abs(x) < 0.1) {
      return Rounding.twoSignificant(x);
    }
    return String.format(Locale.ROOT, "%,.2f", x);
  }
}
