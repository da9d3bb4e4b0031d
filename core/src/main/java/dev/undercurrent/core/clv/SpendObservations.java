package dev.undercurrent.core.clv;

import java.util.Arrays;
import java.util.Collection;

/**
 * What the Gamma-Gamma spend model is fitted on: for each repeat buyer, the number of repeat
 * transactions x and their average value. Customers without a repeat transaction carry no spend
 * information in this model and are left out, as are averages that are not positive (the gamma
 * density is zero there: a customer whose repeat purchases were all free).
 */
public final class SpendObservations {
  final int[] frequency;
  final double[] averageValue;
  final double[] logAverageValue;

  private SpendObservations(int[] x, double[] value) {
    this.frequency = x;
    this.averageValue = value;
    this.logAverageValue = Arrays.stream(value).map(Math::log).toArray();
  }

  /** The repeat buyers of {@code customers} with a positive average repeat value. */
  public static SpendObservations of(Collection<CustomerActivity> customers) {
    int n = 0;
    for (CustomerActivity c : customers) {
      if (usable(c.frequency(), c.averageRepeatValue())) {
        n++;
      }
    }
    int[] x = new int[n];
    double[] v = new double[n];
    int i = 0;
    for (CustomerActivity c : customers) {
      if (usable(c.frequency(), c.averageRepeatValue())) {
        x[i] = c.frequency();
        v[i++] = c.averageRepeatValue();
      }
    }
    return new SpendObservations(x, v);
  }

  /**
   * From parallel arrays, one entry per customer; entries with x = 0 or a non-positive or NaN
   * average are skipped.
   */
  public static SpendObservations of(int[] frequency, double[] averageValue) {
    if (frequency.length != averageValue.length) {
      throw new IllegalArgumentException(
          "x and average value arrays: found lengths "
              + frequency.length
              + " and "
              + averageValue.length
              + ", expected equal lengths");
    }
    int n = 0;
    for (int i = 0; i < frequency.length; i++) {
      if (usable(frequency[i], averageValue[i])) {
        n++;
      }
    }
    int[] x = new int[n];
    double[] v = new double[n];
    int k = 0;
    for (int i = 0; i < frequency.length; i++) {
      if (usable(frequency[i], averageValue[i])) {
        x[k] = frequency[i];
        v[k++] = averageValue[i];
      }
    }
    return new SpendObservations(x, v);
  }

  private static boolean usable(int x, double value) {
    return x > 0 && value > 0 && Double.isFinite(value);
  }

  /** Number of customers used. */
  public int size() {
    return frequency.length;
  }

  /** The mean of the averages, a scale for starting values. */
  double meanValue() {
    return Arrays.stream(averageValue).average().orElse(1);
  }
}
