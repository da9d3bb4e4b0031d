package dev.undercurrent.core.clv;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One purchase as the lifetime-value models see it: who, which day, how much. Purchases of one
 * customer on one day are merged into one transaction by {@link CustomerActivity}.
 *
 * @param epochDay the purchase day as {@link LocalDate#toEpochDay()}
 * @param amount the purchase value in the run's currency (0 allowed)
 */
public record Purchase(String customerId, long epochDay, double amount) implements Serializable {

  public Purchase {
    Objects.requireNonNull(customerId, "customerId");
    if (!Double.isFinite(amount)) {
      throw new IllegalArgumentException(
          "purchase amount of customer " + customerId + ": found " + amount + ", expected finite");
    }
  }

  public static Purchase of(String customerId, LocalDate day, double amount) {
    return new Purchase(customerId, day.toEpochDay(), amount);
  }
}
