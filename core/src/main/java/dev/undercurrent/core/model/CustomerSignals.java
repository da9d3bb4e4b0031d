package dev.undercurrent.core.model;

import dev.undercurrent.core.signals.SignalCatalog;

/**
 * The signal matrix of a run: one row per customer, one column per signal of the catalog.
 * Column-major would be faster for some stages; row-major matches how Spark hands rows over and
 * how the network consumes them. Values are raw (not standardized); {@code margin_rate} and the
 * lifetime-value signals may be {@code NaN} where unknown.
 */
public record CustomerSignals(String[] customerIds, SignalCatalog catalog, double[][] values) {
  public CustomerSignals {
    if (customerIds.length != values.length) {
      throw new IllegalArgumentException(
          "customerIds has " + customerIds.length + " rows but values has " + values.length);
    }
  }

  public int size() {
    return customerIds.length;
  }

  /** One signal's column, copied. */
  public double[] column(String signal) {
    int j = catalog.indexOf(signal);
    if (j < 0) {
      throw new IllegalArgumentException("signal '" + signal + "' is not in this run's catalog");
    }
    double[] c = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      c[i] = values[i][j];
    }
    return c;
  }

  /**
   * The same customers without the context signals (those describing the cut-off rather than the
   * customer), for profiles and evidence; the rows are copied.
   */
  public CustomerSignals customerOnly() {
    SignalCatalog kept = catalog.without(SignalCatalog.CONTEXT);
    if (kept.size() == catalog.size()) {
      return this;
    }
    int[] from = new int[kept.size()];
    for (int j = 0; j < from.length; j++) {
      from[j] = catalog.indexOf(kept.get(j).name());
    }
    double[][] v = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      double[] r = new double[from.length];
      for (int j = 0; j < from.length; j++) {
        r[j] = values[i][from[j]];
      }
      v[i] = r;
    }
    return new CustomerSignals(customerIds, kept, v);
  }

  public boolean has(String signal) {
    return catalog.indexOf(signal) >= 0;
  }
}
