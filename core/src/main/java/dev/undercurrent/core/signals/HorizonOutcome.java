package dev.undercurrent.core.signals;

/**
 * What a customer did in the horizon {@code [cut, cut + horizonDays)}: the labels of the
 * self-supervised training examples and the truth the validation compares predictions with.
 *
 * @param netRevenue revenue net of returns in the horizon
 * @param bought whether the customer ordered at all
 * @param touches marketing sends in the horizon
 * @param responded whether any send in the horizon converted
 */
public record HorizonOutcome(double netRevenue, boolean bought, int touches, boolean responded) {
  private static final long DAY = 86_400L;

  public static HorizonOutcome of(CustomerHistory h, long cut, int horizonDays) {
    long end = cut + horizonDays * DAY;
    double net = 0;
    boolean bought = false;
    for (OrderLine o : h.orders()) {
      if (o.orderedAt() >= cut && o.orderedAt() < end) {
        net += o.netRevenue();
        bought = true;
      }
    }
    int touches = 0;
    boolean responded = false;
    for (MarketingTouch m : h.touches()) {
      if (m.sentAt() >= cut && m.sentAt() < end) {
        touches++;
        responded |= m.converted();
      }
    }
    return new HorizonOutcome(net, bought, touches, responded);
  }
}
