package dev.undercurrent.core.opportunities;

/**
 * Where today's customers stood in the learned space at an earlier cut-off, so that
 * {@code nurture_rising} can find the customers who look today like the best customers looked
 * then. Rows align with the run's customers.
 *
 * @param embedding one row per customer, in the same space as today's embedding (the same trained
 *     encoder applied to the signals as of the earlier cut-off); rows of absent customers are
 *     ignored and may be null
 * @param present whether the customer was already a customer at the earlier cut-off
 * @param daysBefore how many days before {@code as_of} the earlier cut-off lies
 */
public record EarlierSnapshot(float[][] embedding, boolean[] present, int daysBefore) {
  public EarlierSnapshot {
    if (embedding.length != present.length) {
      throw new IllegalArgumentException("earlier snapshot: embedding has " + embedding.length
          + " rows but present has " + present.length);
    }
    if (daysBefore <= 0) {
      throw new IllegalArgumentException("earlier snapshot: daysBefore is " + daysBefore
          + "; expected a cut-off before as_of (a positive number of days)");
    }
  }
}
