package dev.undercurrent.core.segments;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Erf;

/**
 * The space segments are found in: the customers' signals in the metric the learned representation
 * sets.
 *
 * <p>Why not the embedding's own coordinates. A rerun on 95% of the customers retrains the
 * network, and a retrained network keeps the broad shape of the learned space but not its finer
 * geometry: k-means at a fixed k on the two runs' embeddings agreed at ARI 0.45–0.53 for k = 5..12
 * on the 20k generated lake, and at 0.73 (k = 3) down to 0.45 (k = 8) on The Complete Journey; the
 * core selector on the embeddings of The Complete Journey picked k = 3 on one run and k = 12 on the
 * other (agreement 0.29). The signals do not move when the network is retrained, but unweighted
 * they give every signal the same say, the noisy ones included. So each customer is placed by
 * <ol>
 *   <li>every signal turned into a rank-Gaussian score (average rank of ties, normal quantile,
 *       then centred and scaled to unit variance): robust to skew and outliers, one scale for
 *       counts, money and shares;
 *   <li>each score weighted by how much of it the learned space keeps: its R² regressed on the
 *       embedding (least squares with an intercept). The network, trained to reconstruct the
 *       signals and predict value, churn and response, decides which behaviours matter for
 *       similarity; a signal the embedding ignores weighs nothing. The weights are averages over
 *       every customer and agree across retrainings (correlation 0.94 on the 20k lake);
 *   <li>the weighted scores reduced to their first {@link #SIGNAL_DIM} principal components
 *       (basis from a seeded sample), which keeps k-means at a million customers as fast as in
 *       the 16-dimensional embedding;
 *   <li>optionally ({@code embeddingShare > 0}) the standardized embedding appended at that share
 *       of the variance. Off by default: at a share of 0.1 or 0.2 the three-segment partition's
 *       bootstrap stability fell to about 0.8 on one of the runs below, where the rule's threshold
 *       sits, and a rerun picked another k (agreement 0.35 on The Complete Journey at 0.1).
 * </ol>
 * Measured with the core selector on a run and its 95% rerun (2026-11-27, `SpaceCheck` in
 * bench/segments): 20k December lake, k = 3 both, agreement 0.982 (embedding 0.930), stability of
 * the chosen k 0.99 in both runs; The Complete Journey k = 3 both, 0.955 (embedding 0.29). ARI
 * against the generator's planted kinds 0.129 (embedding 0.111).
 *
 * <p>Written here rather than taken from a library: the rank transform, the R² weights and a
 * principal-component basis of a 76 × 76 covariance are a few loops over flat arrays; the linear
 * algebra (Cholesky, symmetric eigen-decomposition) and the normal quantile are commons-math3's.
 * commons-math3's {@code NaturalRanking} gives the same average ranks but sorts boxed pairs: 0.7 s
 * for one column of a million values, about 27 s for 76 columns on two cores, against 6.6 s for
 * the packed primitive sort of {@link #rankGaussian} (measured 2026-11-27, AMD EPYC, 2 cores).
 * Deterministic: the same signals, embedding and seed give the same bits.
 */
public final class SegmentSpace {
  /** Principal components of the weighted signal scores kept. */
  public static final int SIGNAL_DIM = 12;

  /** Share of the space's variance the standardized embedding carries by default: none (see above). */
  public static final double EMBEDDING_SHARE = 0;

  /** Rows projected together (one task). */
  private static final int PROJECTION_BLOCK = 4_096;

  /** Customers whose weighted scores give the principal-component basis. */
  static final int BASIS_SAMPLE = 50_000;

  private SegmentSpace() {}

  /**
   * The points of every customer in the segment space.
   *
   * @param signals one row per customer, one column per signal ({@code NaN} where unknown)
   * @param embedding one row per customer, in the same order
   * @param seed draws the sample the principal-component basis is fitted on
   */
  public static EmbeddingMatrix of(double[][] signals, float[][] embedding, long seed) {
    return of(signals, embedding, seed, EMBEDDING_SHARE, SIGNAL_DIM);
  }

  /** As {@link #of(double[][], float[][], long)} with the embedding's share and the signal dimension given. */
  public static EmbeddingMatrix of(
      double[][] signals, float[][] embedding, long seed, double embeddingShare, int signalDim) {
    return fit(signals, embedding, seed, embeddingShare, signalDim).points();
  }

  /**
   * The customers' points, with the {@link Placement} that puts other rows of the same signals
   * (the customers as they were at an earlier cut-off) into the same space.
   */
  public static Fitted fit(double[][] signals, float[][] embedding, long seed) {
    return fit(signals, embedding, seed, EMBEDDING_SHARE, SIGNAL_DIM);
  }

  /**
   * The points of the space and, where it holds no embedding coordinates ({@code embeddingShare}
   * 0), the placement of other rows in it; null placement otherwise, as an earlier row has no
   * embedding of the same network to append.
   */
  public record Fitted(EmbeddingMatrix points, Placement placement) {}

  /** As {@link #fit(double[][], float[][], long)} with the embedding's share and the signal dimension given. */
  public static Fitted fit(
      double[][] signals, float[][] embedding, long seed, double embeddingShare, int signalDim) {
    int n = signals.length;
    if (n == 0 || embedding.length != n) {
      throw new IllegalArgumentException(
          "segment space: " + n + " signal rows and " + embedding.length
              + " embedding rows; expected the same number, at least one");
    }
    if (!(embeddingShare >= 0 && embeddingShare < 1) || signalDim < 1) {
      throw new IllegalArgumentException(
          "segment space: embedding share " + embeddingShare + ", signal dimension " + signalDim
              + "; expected a share in [0, 1) and at least one dimension");
    }
    int p = signals[0].length;
    int d = embedding[0].length;
    float[][] scores = new float[p][];
    ColumnReference[] references = new ColumnReference[p];
    IntStream.range(0, p).parallel().forEach(j -> scores[j] = rankGaussian(signals, j, references));
    double[] weights = keptShare(scores, embedding);
    if (Arrays.stream(weights).sum() < 1e-9) {
      // an embedding that keeps nothing (collapsed, or constant) sets no metric: weigh alike
      Arrays.fill(weights, 1);
    }
    for (int j = 0; j < p; j++) {
      float w = (float) weights[j];
      float[] s = scores[j];
      for (int i = 0; i < n; i++) {
        s[i] *= w;
      }
    }
    int m = Math.min(signalDim, p);
    double[][] basis = principalBasis(scores, m, seed);
    double[] centres = new double[d];
    double[] spreads = new double[d];
    for (int c = 0; c < d; c++) {
      double sum = 0;
      for (float[] e : embedding) {
        sum += e[c];
      }
      centres[c] = sum / n;
      double ss = 0;
      for (float[] e : embedding) {
        double x = e[c] - centres[c];
        ss += x * x;
      }
      spreads[c] = Math.sqrt(ss / n);
    }
    int live = 0;
    for (double s : spreads) {
      live += s > 1e-12 ? 1 : 0;
    }
    int dim = m + (embeddingShare > 0 ? d : 0);
    float[] out = new float[Math.multiplyExact(n, dim)];
    // in blocks of rows, column after column: every pass reads one score column in order
    int blocks = (n + PROJECTION_BLOCK - 1) / PROJECTION_BLOCK;
    IntStream.range(0, blocks).parallel().forEach(blk -> {
      int from = blk * PROJECTION_BLOCK;
      int to = Math.min(n, from + PROJECTION_BLOCK);
      double[][] acc = new double[m][to - from];
      for (int j = 0; j < p; j++) {
        float[] col = scores[j];
        for (int a = 0; a < m; a++) {
          double b = basis[a][j];
          if (b == 0) {
            continue;
          }
          double[] row = acc[a];
          for (int i = from; i < to; i++) {
            row[i - from] += b * col[i];
          }
        }
      }
      for (int i = from; i < to; i++) {
        for (int a = 0; a < m; a++) {
          out[i * dim + a] = (float) acc[a][i - from];
        }
      }
    });
    if (embeddingShare > 0) {
      double signalVariance = 0;
      for (int a = 0; a < m; a++) {
        double sum = 0;
        double ss = 0;
        for (int i = 0; i < n; i++) {
          double v = out[i * dim + a];
          sum += v;
          ss += v * v;
        }
        signalVariance += ss / n - (sum / n) * (sum / n);
      }
      // each live standardized coordinate has variance 1: `live` in all
      double scale = live == 0 ? 0 : Math.sqrt(embeddingShare / (1 - embeddingShare) * signalVariance / live);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          double z = spreads[c] > 1e-12 ? (embedding[i][c] - centres[c]) / spreads[c] : 0;
          out[i * dim + m + c] = (float) (z * scale);
        }
      }
    }
    EmbeddingMatrix points = new EmbeddingMatrix(out, n, dim);
    return new Fitted(points, embeddingShare > 0 ? null : new Placement(references, weights, basis));
  }

  /**
   * Column {@code j} as rank-Gaussian scores with mean 0 and variance 1 ({@code NaN} counts as the
   * column's median rank; a constant column gives zeros; ties are exact). Each value's float bits
   * and row index are packed into one {@code long} and sorted as primitives, and values that round
   * to the same float are then put in exact order: at a million rows several times faster than
   * looking every value up in a sorted copy (15 s for 76 columns of a million on two cores).
   */
  static float[] rankGaussian(double[][] signals, int j) {
    return rankGaussian(signals, j, null);
  }

  /** As {@link #rankGaussian(double[][], int)}, keeping the column's reference in {@code references[j]} where given. */
  static float[] rankGaussian(double[][] signals, int j, ColumnReference[] references) {
    int n = signals.length;
    // the column as one array: the ties below are looked up by row in sorted order, and one
    // 8-byte value per row (8 MB at a million) stays in cache where a row of every signal does not
    double[] col = new double[n];
    for (int i = 0; i < n; i++) {
      col[i] = signals[i][j];
    }
    long[] keys = new long[n];
    int known = 0;
    for (int i = 0; i < n; i++) {
      double v = col[i];
      if (!Double.isNaN(v)) {
        int bits = Float.floatToIntBits(v == 0 ? 0f : (float) v);
        bits ^= (bits >> 31) & 0x7fffffff; // order-preserving as a signed int
        keys[known++] = ((long) bits << 32) | i;
      }
    }
    float[] out = new float[n];
    if (known == 0) {
      if (references != null) {
        references[j] = ColumnReference.CONSTANT;
      }
      return out;
    }
    Arrays.sort(keys, 0, known);
    ColumnReference.Builder reference = references == null ? null : new ColumnReference.Builder(known);
    double[] raw = new double[n]; // NaN rows keep 0: the median rank's quantile
    double sum = 0;
    for (int lo = 0; lo < known; ) {
      int hi = lo;
      int value = (int) (keys[lo] >> 32);
      while (hi + 1 < known && (int) (keys[hi + 1] >> 32) == value) {
        hi++;
      }
      if (hi > lo && !allEqual(col, keys, lo, hi)) {
        // distinct values that round to one float: put them in exact order, so that ties are
        // exact (a float tie moved the last bits of the scores, and k-means' choice with them)
        Integer[] rows = new Integer[hi - lo + 1];
        for (int k = lo; k <= hi; k++) {
          rows[k - lo] = (int) keys[k];
        }
        Arrays.sort(rows, (x, y) -> x.intValue() == y.intValue() ? 0
            : col[x] != col[y] ? Double.compare(col[x], col[y]) : Integer.compare(x, y));
        for (int k = lo; k <= hi; k++) {
          keys[k] = ((long) value << 32) | rows[k - lo];
        }
      }
      for (int a = lo; a <= hi; ) {
        int b = a;
        while (b + 1 <= hi && col[(int) keys[b + 1]] == col[(int) keys[a]]) {
          b++;
        }
        // the average rank of the ties, as a quantile of the standard normal
        double u = ((a + b) / 2.0 + 0.5) / known;
        double score = Math.sqrt(2) * Erf.erfInv(2 * u - 1);
        for (int k = a; k <= b; k++) {
          raw[(int) keys[k]] = score;
        }
        if (reference != null) {
          reference.add(col[(int) keys[a]], a, b);
        }
        sum += score * (b - a + 1);
        a = b + 1;
      }
      lo = hi + 1;
    }
    double mean = sum / n;
    double ss = 0;
    for (double s : raw) {
      ss += (s - mean) * (s - mean);
    }
    double sd = Math.sqrt(ss / n);
    if (references != null) {
      references[j] = sd > 1e-12 ? reference.build(known, mean, sd) : ColumnReference.CONSTANT;
    }
    if (!(sd > 1e-12)) {
      return out;
    }
    for (int i = 0; i < n; i++) {
      out[i] = (float) ((raw[i] - mean) / sd);
    }
    return out;
  }

  private static boolean allEqual(double[] col, long[] keys, int lo, int hi) {
    double first = col[(int) keys[lo]];
    for (int k = lo + 1; k <= hi; k++) {
      if (col[(int) keys[k]] != first) {
        return false;
      }
    }
    return true;
  }

  /**
   * For each score column, the share of its variance a least-squares fit on the embedding (with an
   * intercept) explains, in [0, 1].
   */
  static double[] keptShare(float[][] scores, float[][] embedding) {
    int n = embedding.length;
    int d = embedding[0].length;
    int p = scores.length;
    double[] mean = new double[d];
    for (float[] e : embedding) {
      for (int c = 0; c < d; c++) {
        mean[c] += e[c];
      }
    }
    for (int c = 0; c < d; c++) {
      mean[c] /= n;
    }
    double[][] gram = new double[d][d];
    double[] centred = new double[d];
    for (int i = 0; i < n; i++) {
      float[] e = embedding[i];
      for (int c = 0; c < d; c++) {
        centred[c] = e[c] - mean[c];
      }
      for (int a = 0; a < d; a++) {
        double x = centred[a];
        double[] g = gram[a];
        for (int b = a; b < d; b++) {
          g[b] += x * centred[b];
        }
      }
    }
    // each column's sums are its own (one column per task, rows in order): the same bits on any
    // number of threads
    double[][] crossByColumn = new double[p][];
    double[] variance = new double[p];
    IntStream.range(0, p).parallel().forEach(j -> {
      double[] c = new double[d];
      double v = 0;
      float[] col = scores[j];
      for (int i = 0; i < n; i++) {
        double s = col[i];
        v += s * s; // the scores are centred already
        float[] e = embedding[i];
        for (int a = 0; a < d; a++) {
          c[a] += (e[a] - mean[a]) * s;
        }
      }
      crossByColumn[j] = c;
      variance[j] = v;
    });
    double[][] cross = new double[d][p];
    for (int j = 0; j < p; j++) {
      for (int a = 0; a < d; a++) {
        cross[a][j] = crossByColumn[j][a];
      }
    }
    double trace = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) {
        gram[a][b] = gram[b][a];
      }
      trace += gram[a][a];
    }
    // a ridge of a millionth of the mean diagonal keeps a collapsed embedding coordinate solvable
    double ridge = Math.max(1e-12, 1e-6 * trace / d);
    for (int a = 0; a < d; a++) {
      gram[a][a] += ridge;
    }
    RealMatrix g = new Array2DRowRealMatrix(gram, false);
    RealMatrix coefficients = new CholeskyDecomposition(g, 1e-12, 1e-300).getSolver()
        .solve(new Array2DRowRealMatrix(cross, false));
    double[] share = new double[p];
    for (int j = 0; j < p; j++) {
      if (!(variance[j] > 0)) {
        continue;
      }
      double explained = 0;
      for (int a = 0; a < d; a++) {
        explained += coefficients.getEntry(a, j) * cross[a][j];
      }
      share[j] = Math.max(0, Math.min(1, explained / variance[j]));
    }
    return share;
  }

  /**
   * The first {@code m} principal axes (unit vectors over the {@code p} columns, largest variance
   * first) of the columns, from a seeded sample of at most {@link #BASIS_SAMPLE} rows.
   */
  static double[][] principalBasis(float[][] columns, int m, long seed) {
    int p = columns.length;
    int n = columns[0].length;
    int[] rows = n > BASIS_SAMPLE
        ? ClusteringAgreement.sampleWithoutReplacement(n, BASIS_SAMPLE, seed)
        : IntStream.range(0, n).toArray();
    double[] mean = new double[p];
    for (int j = 0; j < p; j++) {
      double s = 0;
      for (int r : rows) {
        s += columns[j][r];
      }
      mean[j] = s / rows.length;
    }
    double[][] cov = new double[p][p];
    IntStream.range(0, p).parallel().forEach(a -> {
      float[] x = columns[a];
      for (int b = a; b < p; b++) {
        float[] y = columns[b];
        double s = 0;
        for (int r : rows) {
          s += (x[r] - mean[a]) * (y[r] - mean[b]);
        }
        cov[a][b] = s / rows.length;
      }
    });
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        cov[a][b] = cov[b][a];
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[p];
    for (int j = 0; j < p; j++) {
      order[j] = j;
    }
    // largest variance first; equal variances by index, so the order never depends on the sort
    Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
    double[][] basis = new double[m][];
    for (int a = 0; a < m; a++) {
      double[] v = eigen.getEigenvector(order[a]).toArray();
      // the sign of an eigenvector is arbitrary: fix it so the largest entry is positive
      int big = 0;
      for (int j = 1; j < p; j++) {
        if (Math.abs(v[j]) > Math.abs(v[big])) {
          big = j;
        }
      }
      if (v[big] < 0) {
        for (int j = 0; j < p; j++) {
          v[j] = -v[j];
        }
      }
      basis[a] = v;
    }
    return basis;
  }
}
