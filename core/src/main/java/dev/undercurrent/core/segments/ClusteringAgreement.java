package dev.undercurrent.core.segments;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How much two clusterings agree, and how well one clustering separates its points: the two
 * criteria by which the number of segments is chosen.
 *
 * <p>Hand-written: commons-math3 has neither the adjusted Rand index nor the silhouette.
 */
public final class ClusteringAgreement {
  private ClusteringAgreement() {}

  /**
   * The adjusted Rand index of two labelings of the same points (Hubert &amp; Arabie, "Comparing
   * partitions", Journal of Classification 2, 1985): the Rand index corrected for chance, 1 for
   * identical partitions (whatever the label values), about 0 for independent ones, negative when
   * worse than chance. Labels are any ints; only equality matters.
   *
   * <p>Where the index is undefined (both labelings put every point in one cluster, or every point
   * in its own) the partitions are identical and 1 is returned, as scikit-learn does.
   */
  public static double adjustedRandIndex(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "adjusted Rand index: labelings of " + a.length + " and " + b.length
              + " points; expected the same points");
    }
    int n = a.length;
    if (n < 2) {
      return 1.0;
    }
    int[] ra = dense(a);
    int[] rb = dense(b);
    int ka = max(ra) + 1;
    int kb = max(rb) + 1;
    long[] rowSums = new long[ka];
    long[] colSums = new long[kb];
    for (int i = 0; i < n; i++) {
      rowSums[ra[i]]++;
      colSums[rb[i]]++;
    }
    double index = 0;
    if ((long) ka * kb <= (1 << 22)) {
      long[] cells = new long[ka * kb];
      for (int i = 0; i < n; i++) {
        cells[ra[i] * kb + rb[i]]++;
      }
      for (long c : cells) {
        index += pairs(c);
      }
    } else {
      Map<Long, long[]> cells = new HashMap<>();
      for (int i = 0; i < n; i++) {
        cells.computeIfAbsent((long) ra[i] * kb + rb[i], x -> new long[1])[0]++;
      }
      for (long[] c : cells.values()) {
        index += pairs(c[0]);
      }
    }
    double sumA = 0;
    for (long r : rowSums) {
      sumA += pairs(r);
    }
    double sumB = 0;
    for (long c : colSums) {
      sumB += pairs(c);
    }
    double expected = sumA * sumB / pairs(n);
    double maxIndex = 0.5 * (sumA + sumB);
    double denominator = maxIndex - expected;
    if (denominator == 0) {
      return 1.0;
    }
    return (index - expected) / denominator;
  }

  /**
   * The mean silhouette width of all the given points (Rousseeuw, "Silhouettes: a graphical aid to
   * the interpretation and validation of cluster analysis", J. Comput. Appl. Math. 20, 1987), with
   * Euclidean distances: for each point, (b − a) / max(a, b) where a is its mean distance to the
   * rest of its cluster and b the smallest mean distance to another cluster; 0 for a point alone
   * in its cluster. Between −1 and 1, higher is better separated.
   *
   * <p>Costs {@code n² × dim}: call it on a sample ({@link #sampledSilhouette}) beyond a few
   * thousand points. NaN when fewer than two clusters are present.
   *
   * @param labels non-negative cluster labels, one per row of {@code points}
   */
  public static double silhouette(EmbeddingMatrix points, int[] labels) {
    int n = points.rows();
    int dim = points.dim();
    float[] v = points.values();
    return silhouette(n, labels,
        (i, j) -> Math.sqrt(EmbeddingMatrix.squaredDistance(v, i * dim, v, j * dim, dim)));
  }

  /** Distance between two rows of the points a silhouette is taken over. */
  @FunctionalInterface
  private interface RowDistance {
    double between(int i, int j);
  }

  private static double silhouette(int n, int[] labels, RowDistance distance) {
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "silhouette: " + labels.length + " labels for " + n + " points; expected one per point");
    }
    int k = 0;
    for (int l : labels) {
      if (l < 0) {
        throw new IllegalArgumentException("silhouette: label " + l + "; expected labels >= 0");
      }
      k = Math.max(k, l + 1);
    }
    long[] sizes = new long[k];
    for (int l : labels) {
      sizes[l]++;
    }
    int present = 0;
    for (long s : sizes) {
      if (s > 0) {
        present++;
      }
    }
    if (present < 2) {
      return Double.NaN;
    }
    int clusters = k;
    double[] width = new double[n];
    IntStream.range(0, n)
        .parallel()
        .forEach(i -> {
          int own = labels[i];
          if (sizes[own] == 1) {
            width[i] = 0;
            return;
          }
          double[] sum = new double[clusters];
          for (int j = 0; j < n; j++) {
            if (j != i) {
              sum[labels[j]] += distance.between(i, j);
            }
          }
          double a = sum[own] / (sizes[own] - 1);
          double b = Double.POSITIVE_INFINITY;
          for (int c = 0; c < clusters; c++) {
            if (c != own && sizes[c] > 0) {
              b = Math.min(b, sum[c] / sizes[c]);
            }
          }
          double m = Math.max(a, b);
          width[i] = m == 0 ? 0 : (b - a) / m;
        });
    double total = 0;
    for (double w : width) {
      total += w;
    }
    return total / n;
  }

  /**
   * The silhouettes of many labelings of the same points, on the seeded sample {@link
   * #sampledSilhouette} would draw, with the sample's pairwise distances computed once (n² / 2
   * square roots, held as n² doubles: keep the sample to a few thousand points). Each value is
   * bit for bit what {@link #sampledSilhouette} returns for the same arguments: the distances are
   * the same expressions summed in the same order. k-means restarts are rated this way (see
   * {@code SegmentCountSelector.separatedFit}), where the distances were most of the cost.
   */
  static final class SampleSilhouettes {
    private final int pointRows;
    private final int[] rows;
    private final int n;
    private final double[] distance;

    SampleSilhouettes(EmbeddingMatrix points, int maxPoints, long seed) {
      if (maxPoints < 2) {
        throw new IllegalArgumentException(
            "silhouette sample of " + maxPoints + " points; expected at least 2");
      }
      pointRows = points.rows();
      EmbeddingMatrix sample;
      if (points.rows() <= maxPoints) {
        rows = null;
        sample = points;
      } else {
        rows = sampleWithoutReplacement(points.rows(), maxPoints, seed);
        sample = points.select(rows);
      }
      n = sample.rows();
      int dim = sample.dim();
      float[] v = sample.values();
      distance = new double[Math.multiplyExact(n, n)];
      IntStream.range(0, n).parallel().forEach(i -> {
        for (int j = i + 1; j < n; j++) {
          // (a - b)² equals (b - a)² exactly, so one computation serves both orders
          double d = Math.sqrt(EmbeddingMatrix.squaredDistance(v, i * dim, v, j * dim, dim));
          distance[i * n + j] = d;
          distance[j * n + i] = d;
        }
      });
    }

    /** The silhouette of {@code labels} (one per point of the original points) on the sample. */
    double of(int[] labels) {
      if (labels.length != pointRows) {
        throw new IllegalArgumentException("silhouette: " + labels.length + " labels for " + pointRows
            + " points; expected one per point");
      }
      int[] sampled = labels;
      if (rows != null) {
        sampled = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
          sampled[i] = labels[rows[i]];
        }
      }
      return silhouette(n, sampled, (i, j) -> distance[i * n + j]);
    }
  }

  /**
   * The silhouette of a seeded random sample of at most {@code maxPoints} points (all of them when
   * there are fewer), the distances taken within the sample.
   */
  public static double sampledSilhouette(
      EmbeddingMatrix points, int[] labels, int maxPoints, long seed) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException(
          "silhouette sample of " + maxPoints + " points; expected at least 2");
    }
    if (labels.length != points.rows()) {
      throw new IllegalArgumentException(
          "silhouette: " + labels.length + " labels for " + points.rows()
              + " points; expected one per point");
    }
    if (points.rows() <= maxPoints) {
      return silhouette(points, labels);
    }
    int[] rows = sampleWithoutReplacement(points.rows(), maxPoints, seed);
    int[] sampled = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      sampled[i] = labels[rows[i]];
    }
    return silhouette(points.select(rows), sampled);
  }

  /** {@code m} distinct indices of {@code [0, n)}, seeded (a partial Fisher–Yates shuffle), in ascending order. */
  public static int[] sampleWithoutReplacement(int n, int m, long seed) {
    int[] idx = IntStream.range(0, n).toArray();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int j = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = java.util.Arrays.copyOf(idx, m);
    java.util.Arrays.sort(out);
    return out;
  }

  private static double pairs(long count) {
    return count * (count - 1) / 2.0;
  }

  private static int[] dense(int[] labels) {
    Map<Integer, Integer> ids = new HashMap<>();
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = ids.computeIfAbsent(labels[i], x -> ids.size());
    }
    return out;
  }

  private static int max(int[] xs) {
    int m = 0;
    for (int x : xs) {
      m = Math.max(m, x);
    }
    return m;
  }
}
