package dev.undercurrent.core.neighbours;

/**
 * How {@link NearestNeighbours} searches.
 *
 * @param k neighbours per customer, excluding the customer herself
 * @param exactLimit at most this many points are searched exactly (brute force, O(n²·d)); above
 *     it the HNSW graph is used. 20,000 points of 16 dimensions take about 2 s on 2 cores exactly.
 * @param m HNSW: links per node (hnswlib's M); 16 is the paper's usual value for low dimension
 * @param efConstruction HNSW: candidate list size while building
 * @param ef HNSW: candidate list size while searching (at least k + 1 is used)
 * @param referenceLimit HNSW: when there are more points than this, the graph is built over an
 *     evenly strided sample of this many points and every point's neighbours are searched among
 *     that sample. Building the graph and querying it are what cost (1,000,000 customers against
 *     100,000 references: 132 CPU-seconds, recall@10 0.95 within the sample; see
 *     bench/opportunities); the detectors use neighbours for aggregates (the neighbours' mean
 *     value, the share of neighbours buying a category), for which a large sample serves as well
 *     as the whole population. 0 means no limit.
 * @param threads HNSW: threads that insert into the graph. With 1 the graph, and so every result,
 *     is the same on every run; with more the graph depends on the order in which the threads
 *     interleave (the library offers no seeded parallel build), so a few neighbours near ties
 *     may differ between runs. Queries are always run in parallel and are deterministic for a
 *     given graph.
 */
public record NeighbourOptions(
    int k, int exactLimit, int m, int efConstruction, int ef, int referenceLimit, int threads) {

  public NeighbourOptions {
    if (k < 1) {
      throw new IllegalArgumentException("k: " + k + " found, expected at least 1");
    }
    if (exactLimit < 0) {
      throw new IllegalArgumentException("exactLimit: " + exactLimit + " found, expected >= 0");
    }
    if (m < 2 || efConstruction < 1 || ef < 1) {
      throw new IllegalArgumentException(
          "HNSW parameters: m=" + m + ", efConstruction=" + efConstruction + ", ef=" + ef
              + " found, expected m >= 2 and ef, efConstruction >= 1");
    }
    if (referenceLimit < 0) {
      throw new IllegalArgumentException("referenceLimit: " + referenceLimit
          + " found, expected >= 0 (0 = no limit)");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " found, expected at least 1");
    }
  }

  /**
   * k neighbours, exact up to 20,000 points, HNSW with M=16, efConstruction=100, ef=max(24, 2k)
   * over at most 100,000 reference points, all cores. On 100,000 clustered 16-d points these
   * settings gave recall@10 0.98 (ef=50: 0.995 at twice the query time).
   */
  public static NeighbourOptions defaults(int k) {
    return new NeighbourOptions(k, 20_000, 16, 100, Math.max(24, 2 * k), 100_000,
        Runtime.getRuntime().availableProcessors());
  }

  /** The same options with a single inserting thread: fully reproducible, slower to build. */
  public NeighbourOptions reproducible() {
    return new NeighbourOptions(k, exactLimit, m, efConstruction, ef, referenceLimit, 1);
  }

  public NeighbourOptions withReferenceLimit(int limit) {
    return new NeighbourOptions(k, exactLimit, m, efConstruction, ef, limit, threads);
  }

  public NeighbourOptions withExactLimit(int limit) {
    return new NeighbourOptions(k, limit, m, efConstruction, ef, referenceLimit, threads);
  }
}
