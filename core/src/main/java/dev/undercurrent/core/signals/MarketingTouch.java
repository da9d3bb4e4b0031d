package dev.undercurrent.core.signals;

/**
 * One marketing send and what the customer did with it.
 *
 * @param sentAt epoch seconds, UTC
 * @param offer the offer carried, or null/blank for none
 */
public record MarketingTouch(
    long sentAt,
    String channel,
    String campaignId,
    String offer,
    boolean opened,
    boolean clicked,
    boolean converted,
    boolean unsubscribed) {

  public boolean hasOffer() {
    return offer != null && !offer.isBlank() && !offer.equalsIgnoreCase("none");
  }
}
