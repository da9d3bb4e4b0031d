package dev.undercurrent.core.generate;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.IsoFields;

/**
 * The calendar shared by every customer: day 0 is the first day of history, day {@link #asOf} the
 * cut-off and {@link #end} the first day after the horizon. Precomputes the date text, the
 * seasonal demand curves and the campaign calendar once, so that simulating a customer only
 * indexes arrays.
 */
final class Timeline {
  static final int DAY = 86_400;
  static final String[] CHANNELS = {"email", "sms", "push"};
  static final String[] OFFERS = {"none", "10pct", "20pct", "free_shipping"};
  static final int SLOTS = 3;

  final LocalDate start;
  final int asOf;
  final int end;
  final byte[][] dayText;
  /** Demand multiplier for everyone: a November–December lift, a January lull. */
  final float[] season;
  /** Demand multiplier for gift buyers: high from mid-November to Christmas, near zero else. */
  final float[] giftSeason;
  /** Campaign ids by channel, week and slot; weeks count from day 0. */
  final byte[][][][] campaignId;
  final byte[][][] campaignOffer;
  /** The days of history inside a gift season, where gift buyers make their first order. */
  final int[] giftDays;
  private final int[] orderClock = new int[1024];

  Timeline(LocalDate asOfDate, int historyDays, int horizonDays, long seed) {
    this.start = asOfDate.minusDays(historyDays);
    this.asOf = historyDays;
    this.end = historyDays + horizonDays;
    int days = end + 8;
    dayText = new byte[days][];
    season = new float[days];
    giftSeason = new float[days];
    for (int d = 0; d < days; d++) {
      LocalDate date = start.plusDays(d);
      dayText[d] = date.toString().getBytes(StandardCharsets.US_ASCII);
      season[d] = (float) seasonOf(date);
      giftSeason[d] = (float) giftSeasonOf(date);
    }
    giftDays =
        java.util.stream.IntStream.range(0, asOf).filter(d -> giftSeason[d] > 1).toArray();
    int weeks = days / 7 + 1;
    campaignId = new byte[CHANNELS.length][weeks][SLOTS][];
    campaignOffer = new byte[CHANNELS.length][weeks][SLOTS];
    for (int c = 0; c < CHANNELS.length; c++) {
      for (int w = 0; w < weeks; w++) {
        LocalDate weekStart = start.plusDays(7L * w);
        int isoYear = weekStart.get(IsoFields.WEEK_BASED_YEAR);
        int isoWeek = weekStart.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        boolean holidays = weekStart.getMonth() == Month.NOVEMBER || weekStart.getMonth() == Month.DECEMBER;
        for (int s = 0; s < SLOTS; s++) {
          String id = String.format("%s-%dw%02d-%c", CHANNELS[c].substring(0, 2), isoYear, isoWeek, (char) ('a' + s));
          campaignId[c][w][s] = id.getBytes(StandardCharsets.US_ASCII);
          double u = (Draws.mix64(seed ^ (c * 1_000_003L + w * 31L + s)) >>> 11) * 0x1.0p-53;
          campaignOffer[c][w][s] = offerFor(u, holidays);
        }
      }
    }
    // Orders: quiet at night, a lunchtime bump and an evening peak (minutes of the day, weighted).
    double[] weight = new double[1440];
    double total = 0;
    for (int m = 0; m < 1440; m++) {
      double h = m / 60.0;
      double w = 0.05 + bump(h, 12.5, 1.5) * 0.6 + bump(h, 20.5, 2.2) + bump(h, 9.5, 1.5) * 0.4;
      weight[m] = w;
      total += w;
    }
    double acc = 0;
    int m = 0;
    for (int q = 0; q < orderClock.length; q++) {
      double target = (q + 0.5) / orderClock.length * total;
      while (acc + weight[m] < target && m < 1439) {
        acc += weight[m];
        m++;
      }
      orderClock[q] = m * 60;
    }
  }

  private static double bump(double h, double centre, double width) {
    double z = (h - centre) / width;
    return Math.exp(-0.5 * z * z);
  }

  private static byte offerFor(double u, boolean holidays) {
    if (holidays) {
      return (byte) (u < 0.30 ? 0 : u < 0.50 ? 1 : u < 0.80 ? 2 : 3);
    }
    return (byte) (u < 0.50 ? 0 : u < 0.72 ? 1 : u < 0.80 ? 2 : 3);
  }

  private static double seasonOf(LocalDate d) {
    int dom = d.getDayOfMonth();
    switch (d.getMonth()) {
      case JANUARY:
        return 0.8;
      case FEBRUARY:
        return 0.9;
      case JULY:
        return 1.05;
      case NOVEMBER:
        return dom < 21 ? 1.25 : 2.0;
      case DECEMBER:
        return dom <= 2 ? 2.0 : dom <= 22 ? 1.6 : 0.9;
      default:
        return 1.0;
    }
  }

  private static double giftSeasonOf(LocalDate d) {
    int dom = d.getDayOfMonth();
    if (d.getMonth() == Month.NOVEMBER && dom >= 12) {
      return dom >= 21 ? 2.2 : 1.3;
    }
    if (d.getMonth() == Month.DECEMBER && dom <= 23) {
      return 1.8;
    }
    return 0.02;
  }

  /** A second of the day for an order, following the diurnal profile. */
  int orderSecond(double u) {
    int q = (int) (u * orderClock.length);
    return orderClock[Math.min(q, orderClock.length - 1)] + (int) ((u * orderClock.length - q) * 60);
  }

  int weekOf(int day) {
    return day / 7;
  }
}
