package dev.undercurrent.core.opportunities;

import static dev.undercurrent.core.signals.SignalCatalog.*;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.neighbours.NearestNeighbours;
import dev.undercurrent.core.neighbours.Neighbours;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic population of 3,000 customers with planted groups whose membership is known, so a
 * detector's audience can be scored with precision and recall against the truth.
 */
final class PlantedPopulation {
  enum Group { BASE, WIN_BACK_LIKELY, WIN_BACK_UNLIKELY, DISCOUNT, OVER_CONTACTED, UNDER_MONETIZED,
    HIGH_STABLE, HIGH_AT_RISK, RISING, KITCHEN_GAP }

  static final int DIM = 8;

  final CustomerSignals signals;
  final CustomerScores scores;
  final int[] segmentOf;
  final Neighbours neighbours;
  final EarlierSnapshot earlier;
  final Group[] truth;

  PlantedPopulation(long seed, boolean marketing) {
    Random rnd = new Random(seed);
    EnumSet<SignalGroup> present = EnumSet.of(SignalGroup.ORDERS, SignalGroup.ORDER_ITEMS,
        SignalGroup.EVENTS);
    if (marketing) {
      present.add(SignalGroup.MARKETING);
    }
    SignalCatalog catalog = SignalCatalog.of(present, List.of("kitchen", "garden"), List.of());
    int n = 3000;
    truth = new Group[n];
    for (int i = 0; i < n; i++) {
      truth[i] = groupOf(i);
    }
    // Cluster centres in the learned space: three for the base, one per planted behaviour.
    int clusters = 10;
    float[][] centre = new float[clusters][DIM];
    for (float[] c : centre) {
      for (int d = 0; d < DIM; d++) {
        c[d] = (float) (rnd.nextGaussian() * 3);
      }
    }
    String[] ids = new String[n];
    double[][] values = new double[n][catalog.size()];
    double[] pv = new double[n];
    double[] churn = new double[n];
    double[] resp = new double[n];
    float[][] emb = new float[n][DIM];
    float[][] earlierEmb = new float[n][];
    boolean[] wasPresent = new boolean[n];
    segmentOf = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("c%05d", i);
      Map<String, Double> v = new java.util.HashMap<>();
      v.put(RECENCY_DAYS, u(rnd, 5, 60));
      v.put(FREQUENCY, Math.floor(u(rnd, 3, 11)));
      v.put(MONETARY_TOTAL, u(rnd, 200, 800));
      v.put(AVG_ORDER_VALUE, u(rnd, 50, 100));
      v.put(TENURE_DAYS, u(rnd, 200, 1000));
      v.put(REVENUE_365D, u(rnd, 150, 600));
      // bought in the coming season a year ago (no draw, so the planted values stay as they were)
      v.put(REVENUE_SAME_SEASON_LAST_YEAR, 0.25 * v.get(REVENUE_365D));
      v.put(GAP_RATIO, u(rnd, 0.2, 1.5));
      v.put(LAST_GAP_RATIO, Math.max(0.2, 1 + 0.2 * rnd.nextGaussian()));
      v.put(REVENUE_TREND, 0.2 * rnd.nextGaussian());
      v.put(DISCOUNT_RATE, u(rnd, 0, 0.1));
      v.put(DISCOUNT_ORDER_SHARE, u(rnd, 0, 0.3));
      v.put(MARGIN_RATE, 0.4 + 0.05 * rnd.nextGaussian());
      v.put(RETURN_RATE, u(rnd, 0, 0.05));
      v.put(ENGAGEMENT_90D, Math.max(0, 20 + 5 * rnd.nextGaussian()));
      v.put(SESSIONS_90D, Math.max(0, 10 + 3 * rnd.nextGaussian()));
      v.put(ENGAGEMENT_TREND, 0.2 * rnd.nextGaussian());
      v.put(SUPPORT_TICKETS_180D, rnd.nextDouble() < 0.9 ? 0.0 : 1.0);
      v.put(SENDS_90D, Math.max(0, 12 + 3 * rnd.nextGaussian()));
      v.put(SENDS_TREND, 0.15 * rnd.nextGaussian());
      v.put(OPEN_RATE_90D, 0.25 + 0.05 * rnd.nextGaussian());
      v.put(OPEN_RATE_TREND, 0.1 * rnd.nextGaussian());
      v.put(CONVERSION_RATE, 0.03);
      v.put(UNSUBSCRIBED, 0.0);
      boolean kitchen = rnd.nextDouble() < 0.15;
      v.put(CATEGORY_SHARE_PREFIX + "garden", rnd.nextDouble() < 0.3 ? u(rnd, 0.1, 0.5) : 0.0);
      // a third of everybody looks at kitchen products now and then, buyer or not
      v.put(CATEGORY_VIEWS_PREFIX + "kitchen", rnd.nextDouble() < 0.3 ? Math.floor(u(rnd, 1, 6)) : 0.0);
      pv[i] = 150 + 30 * rnd.nextGaussian();
      churn[i] = u(rnd, 0.3, 0.5);
      resp[i] = marketing ? 0.05 + 0.01 * rnd.nextGaussian() : Double.NaN;
      int cluster;
      switch (truth[i]) {
        case BASE -> {
          cluster = i % 3;
          // Cluster 0 buys kitchen; the planted KITCHEN_GAP customers sit in it without buying.
          kitchen = cluster == 0 ? rnd.nextDouble() < 0.95 : kitchen;
        }
        case KITCHEN_GAP -> {
          cluster = 0;
          kitchen = false;
          v.put(CATEGORY_VIEWS_PREFIX + "kitchen", Math.floor(u(rnd, 1, 6)));
        }
        case WIN_BACK_LIKELY -> {
          cluster = 3;
          v.put(GAP_RATIO, u(rnd, 4, 6));
          v.put(RECENCY_DAYS, u(rnd, 150, 250));
          // Silent four to six usual gaps: the model sees a lapse, but a less certain one than for
          // the unlikely, and they were still seen on site weeks ago.
          v.put(DAYS_SINCE_LAST_EVENT, u(rnd, 5, 40));
          churn[i] = u(rnd, 0.8, 0.9);
          pv[i] = 60 + 10 * rnd.nextGaussian();
        }
        case WIN_BACK_UNLIKELY -> {
          cluster = 4;
          v.put(GAP_RATIO, u(rnd, 4, 6));
          v.put(RECENCY_DAYS, u(rnd, 150, 250));
          v.put(ENGAGEMENT_90D, u(rnd, 0, 3));
          v.put(DAYS_SINCE_LAST_EVENT, u(rnd, 150, 250));
          churn[i] = u(rnd, 0.95, 0.99);
          pv[i] = 10 + 3 * rnd.nextGaussian();
        }
        case DISCOUNT -> {
          cluster = 5;
          v.put(DISCOUNT_RATE, u(rnd, 0.3, 0.4));
          v.put(DISCOUNT_ORDER_SHARE, u(rnd, 0.7, 1.0));
          v.put(MARGIN_RATE, u(rnd, 0.08, 0.15));
          v.put(RETURN_RATE, u(rnd, 0.15, 0.25));
        }
        case OVER_CONTACTED -> {
          cluster = 6;
          v.put(SENDS_90D, 40 + 5 * rnd.nextGaussian());
          v.put(SENDS_TREND, u(rnd, 0.6, 1.0));
          v.put(OPEN_RATE_TREND, u(rnd, -0.6, -0.3));
          v.put(ENGAGEMENT_TREND, u(rnd, -0.5, -0.2));
          v.put(UNSUBSCRIBED, rnd.nextDouble() < 0.3 ? 1.0 : 0.0);
          pv[i] = 100 + 20 * rnd.nextGaussian();
        }
        case UNDER_MONETIZED -> {
          cluster = 7;
          v.put(ENGAGEMENT_90D, 60 + 8 * rnd.nextGaussian());
          v.put(SESSIONS_90D, 30 + 5 * rnd.nextGaussian());
          pv[i] = 40 + 8 * rnd.nextGaussian();
        }
        case HIGH_STABLE, HIGH_AT_RISK -> {
          cluster = 7;
          pv[i] = 900 + 50 * rnd.nextGaussian();
          v.put(MONETARY_TOTAL, u(rnd, 3000, 5000));
          v.put(REVENUE_365D, u(rnd, 2000, 3000));
          v.put(ENGAGEMENT_90D, 45 + 6 * rnd.nextGaussian());
          churn[i] = u(rnd, 0.1, 0.2);
          if (truth[i] == Group.HIGH_AT_RISK) {
            v.put(LAST_GAP_RATIO, u(rnd, 2, 3));
            v.put(GAP_RATIO, u(rnd, 1.2, 2.0));
            v.put(ENGAGEMENT_TREND, u(rnd, -0.6, -0.3));
            v.put(REVENUE_TREND, u(rnd, -0.5, -0.3));
            v.put(SUPPORT_TICKETS_180D, Math.floor(u(rnd, 2, 5)));
            churn[i] = u(rnd, 0.45, 0.6);
          }
        }
        case RISING -> {
          cluster = 8;
          v.put(TENURE_DAYS, u(rnd, 30, 90));
          v.put(REVENUE_TREND, u(rnd, 0.4, 0.8));
        }
        default -> throw new IllegalStateException();
      }
      v.put(CATEGORY_SHARE_PREFIX + "kitchen", kitchen ? u(rnd, 0.2, 0.8) : 0.0);
      // last opened a message when last seen on site (no draw, so the planted values stay as they were)
      v.put(DAYS_SINCE_LAST_OPEN, v.getOrDefault(DAYS_SINCE_LAST_EVENT, 0.0));
      for (int j = 0; j < catalog.size(); j++) {
        Double x = v.get(catalog.get(j).name());
        values[i][j] = x == null ? 0 : x;
      }
      segmentOf[i] = cluster;
      for (int d = 0; d < DIM; d++) {
        emb[i][d] = centre[cluster][d] + (float) (0.3 * rnd.nextGaussian());
      }
      // At the earlier cut-off today's best stood where the rising customers stand now.
      wasPresent[i] = truth[i] != Group.RISING;
      if (wasPresent[i]) {
        int then = truth[i] == Group.HIGH_STABLE || truth[i] == Group.HIGH_AT_RISK ? 8 : cluster;
        earlierEmb[i] = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          earlierEmb[i][d] = centre[then][d] + (float) (0.3 * rnd.nextGaussian());
        }
      }
    }
    signals = new CustomerSignals(ids, catalog, values);
    scores = new CustomerScores(pv, churn, resp, emb);
    neighbours = NearestNeighbours.exact(emb, 10);
    earlier = new EarlierSnapshot(earlierEmb, wasPresent, 180);
  }

  /** Fixed blocks of rows per group; the base fills the rest. */
  private static Group groupOf(int i) {
    if (i < 1200) {
      return i < 100 ? Group.KITCHEN_GAP : Group.BASE;
    }
    int b = (i - 1200) / 150;
    return switch (b) {
      case 0, 1 -> Group.WIN_BACK_LIKELY;
      case 2, 3 -> Group.WIN_BACK_UNLIKELY;
      case 4, 5 -> Group.DISCOUNT;
      case 6, 7 -> Group.OVER_CONTACTED;
      case 8 -> Group.UNDER_MONETIZED;
      case 9 -> Group.HIGH_STABLE;
      case 10 -> Group.HIGH_AT_RISK;
      default -> Group.RISING;
    };
  }

  private static double u(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  DiscoveryInput input(boolean withEarlier) {
    return new DiscoveryInput(signals, scores, segmentOf, List.of(), neighbours,
        withEarlier ? earlier : null, 90, "EUR", Map.of());
  }
}
