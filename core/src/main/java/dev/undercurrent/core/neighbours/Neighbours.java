package dev.undercurrent.core.neighbours;

/**
 * The k nearest neighbours of every point, nearest first, never the point itself.
 *
 * @param indices {@code indices[i]} are the row numbers of point i's neighbours, nearest first
 * @param distances Euclidean distances aligned with {@code indices}
 * @param exact whether the search was exhaustive (true) or approximate (HNSW)
 * @param referenceSize how many points the neighbours were searched among: all of them, or the
 *     sample of {@link NeighbourOptions#referenceLimit()} for large runs
 */
public record Neighbours(int[][] indices, float[][] distances, boolean exact, int referenceSize) {

  public Neighbours {
    if (indices.length != distances.length) {
      throw new IllegalArgumentException(
          "indices has " + indices.length + " rows but distances has " + distances.length);
    }
  }

  public int size() {
    return indices.length;
  }

  /** Neighbours per point (the first row's count; rows are shorter only when n - 1 < k). */
  public int k() {
    return indices.length == 0 ? 0 : indices[0].length;
  }
}
