package dev.undercurrent.spark.segments;

/** The MLlib clusterers that can compete for a run's segments, with their names in the comparison. */
public enum MllibMethod {
  /** {@code org.apache.spark.ml.clustering.KMeans} with k-means|| initialization. */
  KMEANS("mllib-kmeans"),
  /** {@code BisectingKMeans}: divisive, often steadier on uneven segment sizes. */
  BISECTING_KMEANS("mllib-bisecting-kmeans"),
  /** {@code GaussianMixture}: soft, elliptical clusters; the slowest, hard-assigned by the most likely component. */
  GAUSSIAN_MIXTURE("mllib-gaussian-mixture");

  private final String label;

  MllibMethod(String label) {
    this.label = label;
  }

  /** The method's name in {@code runs.metrics}. */
  public String label() {
    return label;
  }
}
