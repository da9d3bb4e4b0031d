package dev.undercurrent.core.segments;

import java.util.SplittableRandom;

/** Planted Gaussian blobs with known membership, for tests. */
final class Blobs {
  final EmbeddingMatrix points;
  final int[] truth;

  private Blobs(EmbeddingMatrix points, int[] truth) {
    this.points = points;
    this.truth = truth;
  }

  /**
   * {@code k} blobs of {@code perBlob} points in {@code dim} dimensions, unit spread, centres
   * drawn uniformly in a cube of side {@code 2 × spread}.
   */
  static Blobs planted(int k, int perBlob, int dim, double spread, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] centres = new double[k][dim];
    for (double[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (rng.nextDouble() * 2 - 1) * spread;
      }
    }
    int n = k * perBlob;
    float[] v = new float[n * dim];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % k;
      truth[i] = c;
      for (int d = 0; d < dim; d++) {
        v[i * dim + d] = (float) (centres[c][d] + gaussian(rng));
      }
    }
    return new Blobs(new EmbeddingMatrix(v, n, dim), truth);
  }

  static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    double w = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }
}
