package dev.undercurrent.core.neighbours;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * The k nearest neighbours of every customer in the embedding space, by Euclidean distance.
 *
 * <p>Up to {@link NeighbourOptions#exactLimit()} points the search is exhaustive: every pair is
 * compared, in parallel over rows; ties are broken by the smaller row number, so the result is
 * the same on every run and on every machine. Above it an HNSW graph (Malkov &amp; Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small
 * World graphs", IEEE TPAMI 2018) from Apache Lucene ({@code org.apache.lucene.util.hnsw}) is
 * built and queried; its recall@10 against the exact search is above 0.9 with the default options
 * (checked in the tests on 20,000 random points, which are harder than clustered embeddings).
 * Above {@link NeighbourOptions#referenceLimit()} points (50,000 by default) the graph is built
 * over an evenly strided sample and every customer's neighbours are found among that sample:
 * building the graph is the expensive part, and the detectors only use neighbours through
 * aggregates, for which a sample of that size is as informative as the whole population (see
 * bench/opportunities for the time it takes on 1,000,000 customers). Each query collects {@code
 * ef} candidates from the graph; their exact distances are recomputed and the {@code k} nearest
 * kept, ties by row.
 *
 * <p>Lucene's graph replaced hnswlib-core's on 2026-11-27: on a real run's embedding tiled to
 * 1,000,000 customers against 100,000 references (bench/opportunities/stages.sh), hnswlib took
 * 90 s for recall@10 0.932, Lucene 39 s for 0.940 (M 16, beam 64, ef 40) on the same two cores.
 * On a real run's own 1,000,000 customers (not tiled) the same search took 124 s; scoring with
 * {@link FlatVectors} and querying in {@link #spatialOrder} brought it to 68 s with the same
 * neighbours, and 50,000 references to 47 s (bench/opportunities/README.md).
 *
 * <p>Determinism: Lucene draws each node's level from a generator seeded by the options' seed,
 * and the graph is built by one thread in row order, so the graph, and every result, is the same
 * on every run; queries only read it and run in parallel, in any order. (Building the graph in
 * {@link #spatialOrder} as well was tried: 20% faster on the real run, but on the tiled one
 * the share of the exact 10 nearest references found fell from 0.78 to 0.54 (1,000 strided
 * queries, the same harness for both); inserting nearby points one after another leaves the
 * graph without its long links.)
 */
public final class NearestNeighbours {

  private NearestNeighbours() {}

  /** Exact or approximate by the number of points, as the options say. */
  public static Neighbours find(float[][] points, NeighbourOptions options) {
    checkPoints(points);
    if (points.length <= options.exactLimit()) {
      return exact(points, options.k());
    }
    return approximate(points, options);
  }

  /**
   * Brute force, parallel over rows; O(n²·d) time, O(n·k) memory.
   *
   * @param k neighbours per point; fewer (n - 1) when there are not enough points
   */
  public static Neighbours exact(float[][] points, int k) {
    checkPoints(points);
    if (k < 1) {
      throw new IllegalArgumentException("k: " + k + " found, expected at least 1");
    }
    int n = points.length;
    int kk = Math.min(k, Math.max(0, n - 1));
    int[][] idx = new int[n][];
    float[][] dist = new float[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      Object[] row = nearestRow(points[i], points, kk, i);
      idx[i] = (int[]) row[0];
      dist[i] = (float[]) row[1];
    });
    return new Neighbours(idx, dist, true, n);
  }

  /**
   * HNSW graph search (see the class comment on determinism). Above
   * {@link NeighbourOptions#referenceLimit()} points the graph holds an evenly strided sample
   * (rows 0, n/limit, 2n/limit, …) and every point's neighbours come from that sample.
   */
  public static Neighbours approximate(float[][] points, NeighbourOptions options) {
    checkPoints(points);
    int n = points.length;
    int k = Math.min(options.k(), Math.max(0, n - 1));
    if (n < 2) {
      return new Neighbours(new int[n][0], new float[n][0], false, n);
    }
    int limit = options.referenceLimit();
    int refSize = limit == 0 || n <= limit ? n : limit;
    int[] refRow = new int[refSize];
    float[][] ref = new float[refSize][];
    for (int r = 0; r < refSize; r++) {
      refRow[r] = (int) ((long) r * n / refSize);
      ref[r] = points[refRow[r]];
    }
    int kk = Math.min(k, refSize - 1);
    Graph graph = Graph.build(ref, options);
    int candidates = Math.max(options.ef(), kk + 1);
    int[][] idx = new int[n][];
    float[][] dist = new float[n][];
    int[] order = spatialOrder(points);
    IntStream.range(0, n).parallel().forEach(t -> {
      int i = order[t];
      int[] found = graph.search(points[i], candidates);
      int[] rowIdx = new int[found.length];
      float[] rowDist = new float[found.length];
      int c = 0;
      for (int r : found) {
        int j = refRow[r];
        if (j != i) {
          rowIdx[c] = j;
          rowDist[c] = (float) Math.sqrt(squaredDistance(points[i], points[j]));
          c++;
        }
      }
      sortRow(rowIdx, rowDist, c);
      idx[i] = Arrays.copyOf(rowIdx, Math.min(c, kk));
      dist[i] = Arrays.copyOf(rowDist, Math.min(c, kk));
    });
    return new Neighbours(idx, dist, false, refSize);
  }

  /**
   * The k nearest reference points of each query point (a query is not assumed to be among the
   * references, so nothing is excluded). Exhaustive when references × queries is at most
   * {@code exactLimit²}, otherwise an HNSW graph over the references.
   */
  public static Neighbours query(float[][] reference, float[][] queries, NeighbourOptions options) {
    checkPoints(reference);
    checkPoints(queries);
    int nr = reference.length;
    int k = Math.min(options.k(), nr);
    int[][] idx = new int[queries.length][];
    float[][] dist = new float[queries.length][];
    if (k == 0) {
      for (int q = 0; q < queries.length; q++) {
        idx[q] = new int[0];
        dist[q] = new float[0];
      }
      return new Neighbours(idx, dist, true, nr);
    }
    if (reference[0].length != (queries.length == 0 ? reference[0].length : queries[0].length)) {
      throw new IllegalArgumentException("queries have " + queries[0].length
          + " dimensions but references have " + reference[0].length);
    }
    boolean exhaustive = (double) nr * queries.length
        <= (double) options.exactLimit() * options.exactLimit();
    if (exhaustive) {
      IntStream.range(0, queries.length).parallel().forEach(q -> {
        Object[] row = nearestRow(queries[q], reference, k, -1);
        idx[q] = (int[]) row[0];
        dist[q] = (float[]) row[1];
      });
      return new Neighbours(idx, dist, true, nr);
    }
    Graph graph = Graph.build(reference, options);
    int candidates = Math.max(options.ef(), k);
    IntStream.range(0, queries.length).parallel().forEach(q -> {
      int[] found = graph.search(queries[q], candidates);
      int[] rowIdx = new int[found.length];
      float[] rowDist = new float[found.length];
      for (int c = 0; c < found.length; c++) {
        rowIdx[c] = found[c];
        rowDist[c] = (float) Math.sqrt(squaredDistance(queries[q], reference[rowIdx[c]]));
      }
      sortRow(rowIdx, rowDist, found.length);
      idx[q] = Arrays.copyOf(rowIdx, Math.min(found.length, k));
      dist[q] = Arrays.copyOf(rowDist, Math.min(found.length, k));
    });
    return new Neighbours(idx, dist, false, nr);
  }

  /**
   * A Lucene HNSW graph over some points, built once and searched from any thread. The points are
   * scored by {@link FlatVectors} rather than Lucene's default scorer: on Java 17 Lucene has no
   * vectorized distance, and its plain one sums a 16-value vector with one accumulator (it unrolls
   * only above 32 values); that sum was 57% of the neighbour stage's CPU at 1M customers (Java
   * Flight Recorder, 2026-11-27).
   */
  private record Graph(FlatVectors vectors, OnHeapHnswGraph graph) {

    static Graph build(float[][] points, NeighbourOptions options) {
      FlatVectors vectors = new FlatVectors(points);
      try {
        OnHeapHnswGraph graph = HnswGraphBuilder.create(
            vectors, options.m(), options.efConstruction(), options.seed()).build(points.length);
        return new Graph(vectors, graph);
      } catch (IOException e) {
        // the vectors are on the heap: Lucene's signatures declare IOException for its files
        throw new UncheckedIOException("building the neighbour graph", e);
      }
    }

    /** The rows of the {@code candidates} points the graph finds nearest to {@code query}. */
    int[] search(float[] query, int candidates) {
      try {
        ScoreDoc[] docs = HnswGraphSearcher.search(
            vectors.scorer(query), candidates, graph, null, Integer.MAX_VALUE).topDocs().scoreDocs;
        int[] rows = new int[docs.length];
        for (int i = 0; i < docs.length; i++) {
          rows[i] = docs[i].doc;
        }
        return rows;
      } catch (IOException e) {
        throw new UncheckedIOException("searching the neighbour graph", e);
      }
    }
  }

  /**
   * The graph's points in one flat array, scored as Lucene scores Euclidean similarity
   * ({@code 1 / (1 + squared distance)}, higher is nearer) with {@link #squaredDistance(float[],
   * int, float[], int, int)}. Read-only once built, so one instance serves every thread ({@link
   * #copy()} returns itself).
   */
  private static final class FlatVectors implements RandomVectorScorerSupplier {
    private final float[] flat;
    private final int dim;
    private final int size;

    FlatVectors(float[][] points) {
      size = points.length;
      dim = points[0].length;
      flat = new float[Math.multiplyExact(size, dim)];
      for (int i = 0; i < size; i++) {
        System.arraycopy(points[i], 0, flat, i * dim, dim);
      }
    }

    @Override
    public RandomVectorScorer scorer(int ord) {
      return new Scorer(flat, ord * dim);
    }

    RandomVectorScorer scorer(float[] query) {
      return new Scorer(query, 0);
    }

    @Override
    public RandomVectorScorerSupplier copy() {
      return this;
    }

    /** Scores the graph's points against one vector (a query, or a point of the graph). */
    private final class Scorer implements RandomVectorScorer {
      private final float[] from;
      private final int offset;

      Scorer(float[] from, int offset) {
        this.from = from;
        this.offset = offset;
      }

      @Override
      public float score(int node) {
        return 1 / (1 + squaredDistance(from, offset, flat, node * dim, dim));
      }

      @Override
      public int maxOrd() {
        return size;
      }
    }
  }

  /** Points per cell of {@link #spatialOrder}: cells this small are left in row order. */
  private static final int ORDER_CELL = 256;

  /**
   * The rows in an order that keeps points near in space near in the order: cells of a k-d split
   * (each cell halved at the median of its widest coordinate until it holds at most {@value
   * #ORDER_CELL} points), cell after cell. Queries searched in this order walk the same parts of
   * the graph one after another, so the graph's vectors and links are still in the processor's
   * cache from the query before; in row order (customer ids, unrelated to the embedding) each
   * query fetched them from memory again. Every query's result is independent of the order, so
   * only the time changes. Ties in the split fall by row number: the same points give the same
   * order.
   */
  static int[] spatialOrder(float[][] points) {
    int[] order = IntStream.range(0, points.length).toArray();
    if (points.length > ORDER_CELL) {
      split(points, order, 0, points.length);
    }
    return order;
  }

  private static void split(float[][] points, int[] order, int from, int to) {
    if (to - from <= ORDER_CELL) {
      return;
    }
    int dim = points[0].length;
    int widest = 0;
    float widestRange = -1;
    for (int c = 0; c < dim; c++) {
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (int t = from; t < to; t++) {
        float v = points[order[t]][c];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (hi - lo > widestRange) {
        widestRange = hi - lo;
        widest = c;
      }
    }
    int mid = (from + to) >>> 1;
    select(points, order, from, to - 1, mid, widest);
    split(points, order, from, mid);
    split(points, order, mid, to);
  }

  /** Puts the k-th smallest of order[lo..hi] by (coordinate c, row) at k, smaller before, larger after. */
  private static void select(float[][] points, int[] order, int lo, int hi, int k, int c) {
    while (hi > lo) {
      int pivot = order[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (before(points, order[i], pivot, c)) {
          i++;
        }
        while (before(points, pivot, order[j], c)) {
          j--;
        }
        if (i <= j) {
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  /** Whether row a comes before row b by (coordinate c, row). */
  private static boolean before(float[][] points, int a, int b, int c) {
    float va = points[a][c];
    float vb = points[b][c];
    return va < vb || (va == vb && a < b);
  }

  /** Share of the exact neighbours that the approximate search also found, averaged over rows. */
  public static double recall(Neighbours approximate, Neighbours exact) {
    if (approximate.size() != exact.size()) {
      throw new IllegalArgumentException("approximate has " + approximate.size()
          + " rows but exact has " + exact.size());
    }
    double sum = 0;
    int rowsCounted = 0;
    for (int i = 0; i < exact.size(); i++) {
      int[] truth = exact.indices()[i];
      if (truth.length == 0) {
        continue;
      }
      java.util.Set<Integer> got = new java.util.HashSet<>();
      for (int j : approximate.indices()[i]) {
        got.add(j);
      }
      int hit = 0;
      for (int j : truth) {
        if (got.contains(j)) {
          hit++;
        }
      }
      sum += (double) hit / truth.length;
      rowsCounted++;
    }
    return rowsCounted == 0 ? 1.0 : sum / rowsCounted;
  }

  static float squaredDistance(float[] a, float[] b) {
    return squaredDistance(a, 0, b, 0, a.length);
  }

  /**
   * The squared distance between {@code dim} values of {@code a} from {@code ao} and of {@code b}
   * from {@code bo}, summed in four interleaved parts: one running sum makes every addition wait
   * for the one before, four let the processor overlap them.
   */
  static float squaredDistance(float[] a, int ao, float[] b, int bo, int dim) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int d = 0;
    for (; d + 3 < dim; d += 4) {
      float t0 = a[ao + d] - b[bo + d];
      float t1 = a[ao + d + 1] - b[bo + d + 1];
      float t2 = a[ao + d + 2] - b[bo + d + 2];
      float t3 = a[ao + d + 3] - b[bo + d + 3];
      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
    for (; d < dim; d++) {
      float t = a[ao + d] - b[bo + d];
      s0 += t * t;
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static void checkPoints(float[][] points) {
    if (points.length == 0) {
      return;
    }
    int dim = points[0].length;
    for (int i = 0; i < points.length; i++) {
      if (points[i] == null || points[i].length != dim) {
        throw new IllegalArgumentException("embedding row " + i + ": "
            + (points[i] == null ? "null" : points[i].length + " dimensions")
            + " found, expected " + dim + " like row 0");
      }
    }
  }

  private static boolean worse(float[] d, int[] ix, int a, int b) {
    return d[a] > d[b] || (d[a] == d[b] && ix[a] > ix[b]);
  }

  private static void swap(float[] d, int[] ix, int a, int b) {
    float td = d[a];
    d[a] = d[b];
    d[b] = td;
    int ti = ix[a];
    ix[a] = ix[b];
    ix[b] = ti;
  }

  private static void siftUp(float[] d, int[] ix, int pos) {
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (worse(d, ix, pos, parent)) {
        swap(d, ix, pos, parent);
        pos = parent;
      } else {
        return;
      }
    }
  }

  private static void siftDown(float[] d, int[] ix, int size) {
    int pos = 0;
    while (true) {
      int l = 2 * pos + 1;
      int r = l + 1;
      int worst = pos;
      if (l < size && worse(d, ix, l, worst)) {
        worst = l;
      }
      if (r < size && worse(d, ix, r, worst)) {
        worst = r;
      }
      if (worst == pos) {
        return;
      }
      swap(d, ix, pos, worst);
      pos = worst;
    }
  }

  /** Insertion sort of the first {@code len} entries by (distance, row): rows are short (ef). */
  private static void sortRow(int[] ix, float[] d, int len) {
    for (int a = 1; a < len; a++) {
      for (int b = a; b > 0 && (d[b] < d[b - 1] || (d[b] == d[b - 1] && ix[b] < ix[b - 1])); b--) {
        swap(d, ix, b, b - 1);
      }
    }
  }

  /**
   * The {@code k} rows of {@code reference} nearest to {@code p}, nearest first, ties by row, as
   * {@code {int[] rows, float[] distances}}; {@code exclude} is skipped (the point itself, or -1).
   * A bounded max-heap by (squared distance, row): its root is the worst neighbour kept.
   */
  private static Object[] nearestRow(float[] p, float[][] reference, int k, int exclude) {
    float[] hd = new float[k];
    int[] hi = new int[k];
    int size = 0;
    for (int j = 0; j < reference.length; j++) {
      if (j == exclude) {
        continue;
      }
      float d = squaredDistance(p, reference[j]);
      if (size < k) {
        hd[size] = d;
        hi[size] = j;
        siftUp(hd, hi, size);
        size++;
      } else if (k > 0 && (d < hd[0] || (d == hd[0] && j < hi[0]))) {
        hd[0] = d;
        hi[0] = j;
        siftDown(hd, hi, size);
      }
    }
    int[] rowIdx = new int[size];
    float[] rowDist = new float[size];
    for (int r = size - 1; r >= 0; r--) {
      rowIdx[r] = hi[0];
      rowDist[r] = (float) Math.sqrt(hd[0]);
      hd[0] = hd[r];
      hi[0] = hi[r];
      siftDown(hd, hi, r);
    }
    return new Object[] {rowIdx, rowDist};
  }
}
