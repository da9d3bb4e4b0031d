package dev.undercurrent.core.segments;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * k-means with k-means++ seeding (Arthur &amp; Vassilvitskii, "k-means++: the advantages of careful
 * seeding", SODA 2007) and Lloyd iterations (Lloyd, "Least squares quantization in PCM", 1982),
 * keeping the best of several seeded restarts.
 *
 * <p>Hand-written because the core must not depend on Spark MLlib, and commons-math3's
 * {@code KMeansPlusPlusClusterer} works on boxed {@code double[]} points (about 10× the memory of
 * a flat float array at 1M × 16) with no parallel step. This one runs on a flat
 * {@link EmbeddingMatrix} and parallelizes the assignment and the sums over a fixed number of
 * chunks whose partial results are reduced in chunk order, so a seed gives bit-identical labels
 * whatever the number of cores.
 *
 * <p>Lloyd iterations skip the scan over all centroids for a point that the triangle inequality
 * shows cannot change cluster (Hamerly's bounds, one lower bound per point), so a late iteration
 * costs about {@code n × dim} instead of {@code n × k × dim}; the labels, inertia and iterations
 * are those of the full scan (a point is skipped only with a margin over rounding).
 *
 * <p>Limits: Euclidean distance only; empty clusters are re-seeded with the point farthest from
 * its centroid.
 */
public final class KMeans {
  /** Fixed, so the order of floating-point sums does not depend on the machine. */
  private static final int CHUNKS = 64;

  /** Below this many distance terms a fit runs on the calling thread (same result, less overhead). */
  private static final long PARALLEL_WORK = 1L << 18;

  private KMeans() {}

  /** Fits {@code options.k()} clusters, keeping the restart with the lowest inertia. */
  public static KMeansFit fit(EmbeddingMatrix points, KMeansOptions options) {
    return fitBest(points, options, f -> -f.model().inertia());
  }

  /**
   * Fits {@code options.k()} clusters, keeping the restart that {@code score} rates highest (on a
   * tie, the earlier restart). Restarts are the same seeded k-means++ starts as {@link #fit}'s, so
   * only the choice among them differs.
   */
  public static KMeansFit fitBest(
      EmbeddingMatrix points, KMeansOptions options, ToDoubleFunction<KMeansFit> score) {
    return fitBest(points, options, score, null);
  }

  /**
   * {@link #fitBest(EmbeddingMatrix, KMeansOptions, ToDoubleFunction)} with one more start tried
   * first: Lloyd iterations from {@code firstStart} (k × dim centroids, e.g. a fit of another
   * sample of the same points); null for none.
   */
  public static KMeansFit fitBest(
      EmbeddingMatrix points, KMeansOptions options, ToDoubleFunction<KMeansFit> score, float[] firstStart) {
    check(points, options.k());
    KMeansFit best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    if (firstStart != null) {
      best = refine(points, firstStart, options);
      bestScore = score.applyAsDouble(best);
    }
    SplittableRandom seeds = new SplittableRandom(options.seed());
    for (int r = 0; r < options.restarts(); r++) {
      long restartSeed = seeds.nextLong();
      float[] init = kMeansPlusPlus(points, options.k(), new SplittableRandom(restartSeed));
      KMeansFit f = lloyd(points, init, options);
      double s = score.applyAsDouble(f);
      if (best == null || s > bestScore) {
        best = f;
        bestScore = s;
      }
    }
    return best;
  }

  /**
   * Runs Lloyd iterations from given centroids (e.g. fitted on a sample) instead of seeding anew;
   * the cheap way to fit a million points once the clusters are known from a sample.
   */
  public static KMeansFit refine(EmbeddingMatrix points, float[] initialCentroids, KMeansOptions options) {
    check(points, options.k());
    if (initialCentroids.length != options.k() * points.dim()) {
      throw new IllegalArgumentException(
          "initial centroids: " + initialCentroids.length + " values; expected k × dim = "
              + options.k() * points.dim());
    }
    return lloyd(points, initialCentroids.clone(), options);
  }

  private static void check(EmbeddingMatrix points, int k) {
    if (points.rows() < k) {
      throw new IllegalArgumentException(
          "k-means: " + points.rows() + " points for k=" + k + "; expected at least k points");
    }
  }

  static float[] kMeansPlusPlus(EmbeddingMatrix points, int k, SplittableRandom rng) {
    int n = points.rows();
    int dim = points.dim();
    float[] v = points.values();
    float[] centroids = new float[k * dim];
    int first = rng.nextInt(n);
    System.arraycopy(v, first * dim, centroids, 0, dim);
    double[] d2 = new double[n];
    boolean parallel = (long) n * dim * k >= PARALLEL_WORK;
    forChunks(n, parallel, (from, to, chunk) -> {
      for (int i = from; i < to; i++) {
        d2[i] = EmbeddingMatrix.squaredDistance(v, i * dim, centroids, 0, dim);
      }
    });
    double[] chunkSums = new double[CHUNKS];
    for (int c = 1; c < k; c++) {
      forChunks(n, parallel, (from, to, chunk) -> {
        double s = 0;
        for (int i = from; i < to; i++) {
          s += d2[i];
        }
        chunkSums[chunk] = s;
      });
      double total = 0;
      for (double s : chunkSums) {
        total += s;
      }
      int chosen;
      if (!(total > 0)) {
        // Every point sits on a centroid already (fewer distinct points than k): any point will do.
        chosen = rng.nextInt(n);
      } else {
        double target = rng.nextDouble() * total;
        chosen = n - 1;
        double cum = 0;
        for (int i = 0; i < n; i++) {
          cum += d2[i];
          if (cum > target && d2[i] > 0) {
            chosen = i;
            break;
          }
        }
      }
      int off = c * dim;
      System.arraycopy(v, chosen * dim, centroids, off, dim);
      forChunks(n, parallel, (from, to, chunk) -> {
        for (int i = from; i < to; i++) {
          double d = EmbeddingMatrix.squaredDistance(v, i * dim, centroids, off, dim);
          if (d < d2[i]) {
            d2[i] = d;
          }
        }
      });
    }
    return centroids;
  }

  private static KMeansFit lloyd(EmbeddingMatrix points, float[] centroids, KMeansOptions options) {
    return lloyd(points, centroids, options, true);
  }

  /** Lloyd iterations from {@code centroids} scanning every centroid for every point (tests compare). */
  static KMeansFit lloydFullScan(EmbeddingMatrix points, float[] centroids, KMeansOptions options) {
    return lloyd(points, centroids.clone(), options, false);
  }

  private static KMeansFit lloyd(EmbeddingMatrix points, float[] centroids, KMeansOptions options, boolean prune) {
    int n = points.rows();
    int dim = points.dim();
    int k = options.k();
    float[] v = points.values();
    int[] labels = new int[n];
    java.util.Arrays.fill(labels, -1);
    double[] dist = new double[n];
    boolean parallel = (long) n * dim * k >= PARALLEL_WORK;
    int[] chunkChanged = new int[CHUNKS];
    double[] chunkInertia = new double[CHUNKS];
    double[][] chunkSums = new double[CHUNKS][];
    long[][] chunkCounts = new long[CHUNKS][];
    // Hamerly's bounds: a lower bound on each point's distance to its second-nearest centroid, and
    // half the distance from each centroid to its nearest other one.
    double[] lower = new double[n];
    double[] half = new double[k];
    float[] before = new float[centroids.length];
    double previous = Double.POSITIVE_INFINITY;
    int iterations = 0;
    double inertia;
    while (true) {
      forChunks(n, parallel, (from, to, chunk) -> {
        int changed = 0;
        double s = 0;
        for (int i = from; i < to; i++) {
          int held = labels[i];
          if (prune && held >= 0) {
            // The distance to the held centroid is needed for the inertia anyway; where it is
            // below both bounds no other centroid can be nearer, and the scan is skipped.
            double d = EmbeddingMatrix.squaredDistance(centroids, held * dim, v, i * dim, dim);
            if (Math.sqrt(d) < Math.max(lower[i], half[held]) * PRUNE_MARGIN) {
              dist[i] = d;
              s += d;
              continue;
            }
          }
          int best = 0;
          double bestD = Double.POSITIVE_INFINITY;
          double secondD = Double.POSITIVE_INFINITY;
          for (int c = 0; c < k; c++) {
            double d = EmbeddingMatrix.squaredDistance(centroids, c * dim, v, i * dim, dim);
            if (d < bestD) {
              secondD = bestD;
              bestD = d;
              best = c;
            } else if (d < secondD) {
              secondD = d;
            }
          }
          lower[i] = Math.sqrt(secondD);
          if (labels[i] != best) {
            labels[i] = best;
            changed++;
          }
          dist[i] = bestD;
          s += bestD;
        }
        chunkChanged[chunk] = changed;
        chunkInertia[chunk] = s;
      });
      int changed = 0;
      inertia = 0;
      for (int c = 0; c < CHUNKS; c++) {
        changed += chunkChanged[c];
        inertia += chunkInertia[c];
      }
      if (changed == 0
          || iterations >= options.maxIterations()
          || (previous < Double.POSITIVE_INFINITY
              && previous - inertia <= options.tolerance() * previous)) {
        break;
      }
      previous = inertia;
      iterations++;
      forChunks(n, parallel, (from, to, chunk) -> {
        double[] sums = new double[k * dim];
        long[] counts = new long[k];
        for (int i = from; i < to; i++) {
          int c = labels[i];
          counts[c]++;
          int off = c * dim;
          int p = i * dim;
          for (int d = 0; d < dim; d++) {
            sums[off + d] += v[p + d];
          }
        }
        chunkSums[chunk] = sums;
        chunkCounts[chunk] = counts;
      });
      System.arraycopy(centroids, 0, before, 0, centroids.length);
      double[] sums = new double[k * dim];
      long[] counts = new long[k];
      for (int ch = 0; ch < CHUNKS; ch++) {
        if (chunkSums[ch] == null) {
          continue;
        }
        for (int j = 0; j < sums.length; j++) {
          sums[j] += chunkSums[ch][j];
        }
        for (int c = 0; c < k; c++) {
          counts[c] += chunkCounts[ch][c];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] > 0) {
          for (int d = 0; d < dim; d++) {
            centroids[c * dim + d] = (float) (sums[c * dim + d] / counts[c]);
          }
        } else {
          int far = 0;
          for (int i = 1; i < n; i++) {
            if (dist[i] > dist[far]) {
              far = i;
            }
          }
          System.arraycopy(v, far * dim, centroids, c * dim, dim);
          dist[far] = 0;
        }
      }
      updateBounds(n, k, dim, before, centroids, labels, lower, half, parallel);
    }
    return new KMeansFit(new KMeansModel(k, dim, centroids, inertia, iterations), labels);
  }

  /**
   * Pruning only where a point's distance is below its bound by more than rounding could explain,
   * so the labels are those of the full scan.
   */
  private static final double PRUNE_MARGIN = 1 - 1e-9;

  /**
   * After the centroids moved from {@code before}: each lower bound drops by the largest move of
   * a centroid other than the point's own, and the half distances are recomputed (triangle
   * inequality; Hamerly, "Making k-means even faster", SDM 2010).
   */
  private static void updateBounds(int n, int k, int dim, float[] before, float[] centroids, int[] labels,
      double[] lower, double[] half, boolean parallel) {
    double max1 = 0;
    double max2 = 0;
    int arg1 = -1;
    for (int c = 0; c < k; c++) {
      double moved = Math.sqrt(EmbeddingMatrix.squaredDistance(before, c * dim, centroids, c * dim, dim));
      if (moved > max1) {
        max2 = max1;
        max1 = moved;
        arg1 = c;
      } else if (moved > max2) {
        max2 = moved;
      }
    }
    double firstMove = max1;
    double secondMove = max2;
    int mostMoved = arg1;
    forChunks(n, parallel, (from, to, chunk) -> {
      for (int i = from; i < to; i++) {
        lower[i] -= labels[i] == mostMoved ? secondMove : firstMove;
      }
    });
    for (int c = 0; c < k; c++) {
      double nearest = Double.POSITIVE_INFINITY;
      for (int o = 0; o < k; o++) {
        if (o != c) {
          nearest = Math.min(nearest, EmbeddingMatrix.squaredDistance(centroids, c * dim, centroids, o * dim, dim));
        }
      }
      half[c] = Math.sqrt(nearest) / 2;
    }
  }

  @FunctionalInterface
  private interface ChunkTask {
    void run(int from, int to, int chunk);
  }

  /** Splits {@code [0, n)} into {@link #CHUNKS} fixed ranges; chunks past the end get none. */
  private static void forChunks(int n, boolean parallel, ChunkTask task) {
    IntStream chunks = IntStream.range(0, CHUNKS);
    if (parallel) {
      chunks = chunks.parallel();
    }
    chunks.forEach(c -> {
      int from = (int) ((long) n * c / CHUNKS);
      int to = (int) ((long) n * (c + 1) / CHUNKS);
      task.run(from, to, c);
    });
  }
}
