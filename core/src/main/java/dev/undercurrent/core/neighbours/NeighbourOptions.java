package dev.undercurrent.core.neighbours;

/**
 * How {@link NearestNeighbours} searches.
 *
 * @param k neighbours per customer, excluding the customer herself
 * @param exactLimit at most this many points are searched exactly (brute force, O(n²·d)); above
 *     it the HNSW graph is used. 20,000 points of 16 dimensions take about 2 s on 2 cores exactly.
 * @param m HNSW: links per node (the paper's M); 16 is its usual value for low dimension
 * @param efConstruction HNSW: candidate list size while building (Lucene's beam width)
 * @param ef HNSW: candidate list size while searching (at least k + 1 is used)
 * @param referenceLimit HNSW: when there are more points than this, the graph is built over an
 *     evenly strided sample of this many points and every point's neighbours are searched among
 *     that sample. Building the graph (one thread) and querying it are what cost; the detectors
 *     use neighbours for aggregates (the neighbours' mean value, the share of neighbours buying a
 *     category), for which a large sample serves as well as the whole population: in 16
 *     dimensions halving the sample moves the distance to the 10th neighbour by about 2^(1/16),
 *     4%. On a real run's 1,000,000 customers (bench/opportunities): 100,000 references 68 s,
 *     50,000 references 47 s, recall@10 within the sample 0.998 both. 0 means no limit.
 * @param seed HNSW: seeds the draw of each node's level in the graph; the graph is built by one
 *     thread in row order, so the same points and seed give the same graph and neighbours
 */
public record NeighbourOptions(
    int k, int exactLimit, int m, int efConstruction, int ef, int referenceLimit, long seed) {

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
  }

  /**
   * k neighbours, exact up to 20,000 points, HNSW with M=16, efConstruction=64, ef=max(40, 4k)
   * over at most 50,000 reference points, seed 42. On a real run's embedding of 1,000,000 customers
   * these settings find 99.8% of the exact 10 nearest references in 47 s on two cores; on the same
   * run's 20,000 customers tiled to a million with jitter (a harder case: 50 near copies of each
   * point) M=16, efConstruction=100, ef=32 took 54 s and these settings 39 s, with 100,000
   * references (bench/opportunities).
   */
  public static NeighbourOptions defaults(int k) {
    return new NeighbourOptions(k, 20_000, 16, 64, Math.max(40, 4 * k), 50_000, 42L);
  }

  public NeighbourOptions withSeed(long newSeed) {
    return new NeighbourOptions(k, exactLimit, m, efConstruction, ef, referenceLimit, newSeed);
  }

  public NeighbourOptions withReferenceLimit(int limit) {
    return new NeighbourOptions(k, exactLimit, m, efConstruction, ef, limit, seed);
  }

  public NeighbourOptions withExactLimit(int limit) {
    return new NeighbourOptions(k, limit, m, efConstruction, ef, referenceLimit, seed);
  }
}
