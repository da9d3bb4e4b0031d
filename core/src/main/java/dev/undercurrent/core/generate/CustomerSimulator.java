package dev.undercurrent.core.generate;

import static dev.undercurrent.core.generate.Timeline.DAY;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simulates one customer at a time and appends its rows to a {@link Block}.
 *
 * <p>Each customer is a small generative process. Its persona (kind, secondary kind, rhythm,
 * spend, channel and category preferences, engagement, marketing response, lifecycle) is drawn
 * around the kind's centre; orders are a renewal process with gamma gaps run in operational time,
 * so that a seasonal and lifecycle-dependent rate bends the rhythm without breaking it;
 * background sessions and support tickets are Poisson processes on their own rates; marketing
 * sends follow the customer's contact pressure, and a click can convert into an order. The process
 * runs past {@code as_of} to the end of the horizon: rows before the cut-off go to the lake, what
 * follows goes to the truth.
 *
 * <p>With a horizon seed ({@link GeneratorOptions#horizonSeed()}) every draw about the horizon
 * comes from a second stream: a send or an order at or after {@code as_of} and its attributes, the
 * one-time buyer's late order and the lapsed customer's comeback. The renewal gap that spans
 * {@code as_of} is drawn again from that stream, conditioned on exceeding the time already elapsed
 * (by rejection), so the horizon's first order is not fixed by the history's stream; sends, a
 * Poisson process, simply restart at {@code as_of}. Conversions of clicks just before
 * {@code as_of} into orders just after it stay with the history's stream.
 *
 * <p>One instance per thread: it reuses its arrays between customers and is not thread-safe.
 */
final class CustomerSimulator {
  private static final CustomerKind[] KINDS = CustomerKind.values();
  private static final CustomerKind[] TRAITS =
      Arrays.stream(KINDS).filter(CustomerKind::isTrait).toArray(CustomerKind[]::new);
  private static final double MIXER_SHARE = 0.13;
  private static final double GAP_SHARE = 0.30;
  private static final double GAP_ADOPTION = 0.6;
  private static final double HEAVILY_MAILED_SHARE = 0.08;

  private static final String[] ORDER_CHANNELS = {"web", "app", "store", "marketplace"};
  private static final String[] COUNTRIES = {"US", "CA", "GB", "AU"};
  private static final String[] DIAL = {"+1", "+1", "+44", "+61"};
  private static final String[] ACQUISITION = {
    "organic_search", "paid_search", "social", "referral", "affiliate", "email_signup", "store",
    "marketplace"
  };
  private static final String[] EVENT_TYPES = {
    "web_session", "app_session", "product_view", "search", "cart_add", "content_view",
    "store_visit", "support_ticket"
  };
  private static final byte WEB_SESSION = 0;
  private static final byte APP_SESSION = 1;
  private static final byte PRODUCT_VIEW = 2;
  private static final byte SEARCH = 3;
  private static final byte CART_ADD = 4;
  private static final byte CONTENT_VIEW = 5;
  private static final byte STORE_VISIT = 6;
  private static final byte SUPPORT_TICKET = 7;

  /** Bundle preference per kind (fashion, home, active, beauty, family), cumulative. */
  private static final double[][] BUNDLE_CUM = new double[KINDS.length][];

  static {
    for (CustomerKind k : KINDS) {
      double[] w =
          switch (k) {
            case HOLIDAY -> new double[] {0.15, 0.15, 0.10, 0.10, 0.50};
            case DISCOUNT -> new double[] {0.35, 0.15, 0.15, 0.25, 0.10};
            case BROWSER -> new double[] {0.20, 0.15, 0.35, 0.20, 0.10};
            case LOYAL, SLIPPING, RISING -> new double[] {0.28, 0.26, 0.18, 0.16, 0.12};
            default -> new double[] {0.24, 0.22, 0.18, 0.18, 0.18};
          };
      double[] cum = new double[w.length];
      double acc = 0;
      for (int i = 0; i < w.length; i++) {
        acc += w[i];
        cum[i] = acc;
      }
      BUNDLE_CUM[k.ordinal()] = cum;
    }
  }

  private final Timeline tl;
  private final long seed;
  private final Long horizonSeed;
  private final int idWidth;
  private final long asOfSecond;

  // The stream every draw takes from: the history's, or the horizon's while drawing about the
  // horizon when a horizon seed is set (otherwise there is one stream).
  private SplittableRandom rng;
  private SplittableRandom historyRng;
  private SplittableRandom horizonRng;

  // The persona of the current customer.
  private CustomerKind kind;
  private CustomerKind secondary;
  private int first;
  private double baseRate;
  private double shape;
  private double priceLevel;
  private double priceStart;
  private double itemsMean;
  private double sessionsPerDay;
  private double sendsPerWeek;
  private double openRate;
  private double clickRate;
  private double discountAffinity;
  private double returnProb;
  private double giftWeight;
  private final double[] channelCum = new double[4];
  private double appShare;
  private double storeShare;
  private boolean overContacted;
  private boolean pressureRising;
  private double fatigue;
  private boolean smsSubscribed;
  private boolean pushSubscribed;
  private int rampDays;
  private boolean ascending;
  private double plateau;
  private int changeDay;
  private boolean complains;
  private double decayDays;
  private int lapseDay;
  private boolean recoverable;
  private double comebackProb;
  private boolean dormant;
  private final double[] categoryCum = new double[Catalog.CATEGORIES.length];
  private int gapCategory;
  private int[] bundle;

  // Marketing sends of the current customer.
  private int sends;
  private long[] sendTime = new long[256];
  private byte[] sendChannel = new byte[256];
  private short[] sendWeek = new short[256];
  private byte[] sendSlot = new byte[256];
  private byte[] sendOffer = new byte[256];
  private byte[] sendFlags = new byte[256];
  private boolean emailUnsubscribed;

  // Orders: time and the send that converted into it (or -1).
  private int orders;
  private long[] orderKey = new long[256];
  private int[] orderSend = new int[256];
  private long[] orderTimeRaw = new long[256];

  // Events.
  private int events;
  private long[] eventKey = new long[1024];
  private long[] eventTime = new long[1024];
  private byte[] eventType = new byte[1024];
  private byte[] eventCategory = new byte[1024];
  private long[] eventValue = new long[1024];

  // Integrator state for the renewal processes.
  private int day;
  private double frac;

  private final byte[] id;
  private final int idLength;
  /** The share of customers of each kind, by ordinal (GeneratorOptions#shares). */
  private final double[] shares;

  CustomerSimulator(Timeline tl, long seed, Long horizonSeed, int idWidth, double[] shares) {
    this.tl = tl;
    this.shares = shares.clone();
    this.seed = seed;
    this.horizonSeed = horizonSeed;
    this.idWidth = idWidth;
    this.asOfSecond = (long) tl.asOf * DAY;
    this.id = new byte[idWidth + 1];
    this.idLength = idWidth + 1;
  }

  /** Simulates customer {@code index} (0-based) and appends its rows to {@code out}. */
  void simulate(long index, Block out) {
    historyRng = Draws.forCustomer(seed, index);
    horizonRng = horizonSeed == null ? null : Draws.forCustomer(~Draws.mix64(horizonSeed), index);
    rng = historyRng;
    makeId(index + 1);
    drawPersona();
    drawSends();
    drawOrders();
    events = 0;
    writeCustomer(out);
    long futureCents = writeOrders(out);
    drawBackground();
    writeEvents(out);
    writeSends(out);
    writeTruth(out, futureCents);
  }

  /** Draws about a moment at {@code second}: from the horizon's stream from {@code as_of} on. */
  private void drawsAt(long second) {
    if (horizonRng != null) {
      rng = second >= asOfSecond ? horizonRng : historyRng;
    }
  }

  private void drawsOnDay(int d) {
    drawsAt((long) d * DAY);
  }

  private void makeId(long number) {
    id[0] = 'C';
    long v = number;
    for (int i = idWidth; i >= 1; i--) {
      id[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
  }

  private void putId(AsciiBuffer b) {
    for (int i = 0; i < idLength; i++) {
      b.put((char) id[i]);
    }
  }

  // ---------------------------------------------------------------------------------- persona

  private void drawPersona() {
    double u = rng.nextDouble();
    kind = KINDS[KINDS.length - 1];
    double acc = 0;
    for (CustomerKind k : KINDS) {
      acc += shares[k.ordinal()];
      if (u < acc) {
        kind = k;
        break;
      }
    }
    secondary = null;
    double mix = 0;
    if (kind != CustomerKind.ONE_TIME && rng.nextDouble() < MIXER_SHARE) {
      CustomerKind s;
      do {
        s = TRAITS[rng.nextInt(TRAITS.length)];
      } while (s == kind);
      secondary = s;
      mix = Draws.uniform(rng, 0.3, 0.5);
    }
    int a = tl.asOf;
    if (kind == CustomerKind.HOLIDAY) {
      first = giftSeasonDay();
    } else {
      int maxAgo = Math.min(kind.signupMaxDaysAgo, a);
      int minAgo = Math.min(kind.signupMinDaysAgo, maxAgo);
      first = a - (minAgo + rng.nextInt(maxAgo - minAgo + 1));
    }

    double meanGap = kind.meanGapDays * Draws.spread(rng, 0.35);
    shape = kind.gapShape * Draws.spread(rng, 0.2);
    priceLevel = Draws.clamp(kind.priceLevel + 0.10 * rng.nextGaussian(), 0.05, 0.95);
    itemsMean = Math.max(1, kind.itemsMean * Draws.spread(rng, 0.2));
    sessionsPerDay = kind.sessionsPerWeek / 7 * Draws.spread(rng, 0.5);
    sendsPerWeek = kind.sendsPerWeek * Draws.spread(rng, 0.3);
    openRate = Draws.probability(rng, kind.openRate, 0.5);
    clickRate = Draws.probability(rng, kind.clickRate, 0.5);
    discountAffinity = Draws.probability(rng, kind.discountAffinity, 0.6);
    returnProb = Draws.probability(rng, kind.returnProb, 0.4);
    giftWeight = kind == CustomerKind.HOLIDAY ? Draws.uniform(rng, 0.8, 1.0) : 0;
    double web = 1 - kind.appShare - kind.storeShare - kind.marketplaceShare;
    double[] ch = {
      web * Draws.spread(rng, 0.5),
      kind.appShare * Draws.spread(rng, 0.6),
      kind.storeShare * Draws.spread(rng, 0.6),
      kind.marketplaceShare * Draws.spread(rng, 0.6)
    };
    if (secondary != null) {
      CustomerKind s = secondary;
      double w = mix;
      meanGap = blendLog(meanGap, s.meanGapDays * Draws.spread(rng, 0.35), w);
      shape = blendLog(shape, s.gapShape, w);
      priceLevel = (1 - w) * priceLevel + w * Draws.clamp(s.priceLevel + 0.1 * rng.nextGaussian(), 0.05, 0.95);
      itemsMean = blendLog(itemsMean, s.itemsMean, w);
      sessionsPerDay = blendLog(sessionsPerDay, s.sessionsPerWeek / 7 * Draws.spread(rng, 0.5), w);
      sendsPerWeek = blendLog(sendsPerWeek, s.sendsPerWeek * Draws.spread(rng, 0.3), w);
      openRate = (1 - w) * openRate + w * Draws.probability(rng, s.openRate, 0.5);
      clickRate = (1 - w) * clickRate + w * Draws.probability(rng, s.clickRate, 0.5);
      discountAffinity = (1 - w) * discountAffinity + w * Draws.probability(rng, s.discountAffinity, 0.6);
      returnProb = (1 - w) * returnProb + w * Draws.probability(rng, s.returnProb, 0.4);
      if (s == CustomerKind.HOLIDAY) {
        giftWeight = w;
      }
      ch[1] = (1 - w) * ch[1] + w * s.appShare;
      ch[2] = (1 - w) * ch[2] + w * s.storeShare;
    }
    baseRate = kind == CustomerKind.ONE_TIME ? 0 : 1 / meanGap;
    double chTotal = ch[0] + ch[1] + ch[2] + ch[3];
    double c = 0;
    for (int i = 0; i < 4; i++) {
      c += ch[i] / chTotal;
      channelCum[i] = c;
    }
    channelCum[3] = 1;
    appShare = ch[1] / chTotal;
    storeShare = ch[2] / chTotal;
    overContacted = has(CustomerKind.OVER_CONTACTED);
    // Some customers who do not tire of mail are mailed as hard (a VIP or high-intent list), so
    // that contact pressure alone does not give the over-contacted away; their fatigue does.
    pressureRising = overContacted;
    if (!overContacted && rng.nextDouble() < HEAVILY_MAILED_SHARE) {
      pressureRising = true;
      sendsPerWeek = Math.max(sendsPerWeek, CustomerKind.OVER_CONTACTED.sendsPerWeek * Draws.spread(rng, 0.3));
    }
    fatigue = overContacted ? Draws.uniform(rng, 0.03, 0.07) : Draws.uniform(rng, 0.003, 0.015);
    smsSubscribed = rng.nextDouble() < 0.3;
    pushSubscribed = rng.nextDouble() < Math.min(0.9, appShare * 2);

    // Lifecycle.
    rampDays = 0;
    ascending = false;
    plateau = 1;
    changeDay = Integer.MAX_VALUE;
    complains = false;
    decayDays = 1;
    lapseDay = Integer.MAX_VALUE;
    recoverable = false;
    comebackProb = 0;
    dormant = false;
    priceStart = priceLevel;
    switch (kind) {
      case LOYAL -> {
        rampDays = 200 + rng.nextInt(200);
        priceStart = priceLevel - 0.18;
      }
      case STEADY -> rampDays = 60 + rng.nextInt(120);
      case RISING -> {
        rampDays = (int) ((a - first) * Draws.uniform(rng, 1.25, 1.9));
        priceStart = priceLevel - 0.18;
        ascending = rng.nextDouble() < 0.7;
        plateau = ascending ? 1 : Draws.uniform(rng, 0.3, 0.45);
      }
      case SLIPPING -> {
        changeDay = a - 100 - rng.nextInt(200);
        decayDays = Draws.uniform(rng, 50, 140);
        complains = rng.nextDouble() < 0.65;
      }
      case LAPSED -> {
        int latest = a - (int) Math.max(150, 3 * meanGap);
        int earliest = first + 30;
        lapseDay = latest <= earliest ? first + 1 : earliest + rng.nextInt(latest - earliest);
        recoverable = rng.nextDouble() < 0.45;
        comebackProb =
            recoverable ? Draws.probability(rng, 0.5, 0.6) : Draws.probability(rng, 0.02, 0.5);
      }
      case ONE_TIME -> dormant = rng.nextDouble() < 0.55;
      default -> {}
    }

    // Categories: the customer's bundle gets most of the mass, the rest is spread thinly.
    double ub = rng.nextDouble();
    double[] bc = BUNDLE_CUM[kind.ordinal()];
    int b = 0;
    while (b < bc.length - 1 && ub >= bc[b]) {
      b++;
    }
    bundle = Catalog.BUNDLES[b];
    double[] w = new double[Catalog.CATEGORIES.length];
    double other = 0.12 * Draws.spread(rng, 0.4);
    for (int i = 0; i < w.length; i++) {
      w[i] = other / (w.length - bundle.length);
    }
    for (int cat : bundle) {
      w[cat] = Draws.spread(rng, 0.45) / bundle.length;
    }
    double total = 0;
    for (double x : w) {
      total += x;
    }
    double cum = 0;
    for (int i = 0; i < w.length; i++) {
      cum += w[i] / total;
      categoryCum[i] = cum;
    }
    categoryCum[w.length - 1] = 1;
    gapCategory = -1;
    boolean eligible =
        switch (kind) {
          case LOYAL, STEADY, RISING, DISCOUNT, OVER_CONTACTED, BROWSER -> true;
          default -> false;
        };
    if (eligible && rng.nextDouble() < GAP_SHARE) {
      gapCategory = bundle[rng.nextInt(bundle.length)];
    }
  }

  private static double blendLog(double a, double b, double w) {
    return Math.exp((1 - w) * Math.log(a) + w * Math.log(b));
  }

  private boolean has(CustomerKind k) {
    return kind == k || secondary == k;
  }

  /** A day inside one of the gift seasons of history (mid-November to Christmas). */
  private int giftSeasonDay() {
    int[] days = tl.giftDays;
    return days.length == 0 ? rng.nextInt(tl.asOf) : days[rng.nextInt(days.length)];
  }

  // ------------------------------------------------------------------------------- rates

  /** Where the customer stands on its lifecycle on day {@code d}: 1 is its mature pace. */
  private double lifecycle(int d) {
    double m = 1;
    if (rampDays > 0) {
      double t = (d - first) / (double) rampDays;
      m = t >= 1 ? 1 : 0.3 + 0.7 * Math.max(0, t);
    }
    switch (kind) {
      case RISING -> m = Math.min(m, plateau);
      case SLIPPING -> {
        if (d >= changeDay) {
          m *= Math.exp(-(d - changeDay) / decayDays);
        }
      }
      case LAPSED -> {
        if (d >= lapseDay) {
          m = 0;
        }
      }
      case ONE_TIME -> m = 0;
      default -> {}
    }
    return m;
  }

  private double orderRate(int d) {
    double s = (1 - giftWeight) * tl.season[d] + giftWeight * tl.giftSeason[d];
    return baseRate * s * lifecycle(d);
  }

  /** Engagement (browsing, opening mail) relative to the customer's own usual level. */
  private double engagement(int d) {
    switch (kind) {
      case RISING:
        return 0.5 + 0.5 * lifecycle(d);
      case SLIPPING:
        return d >= changeDay ? Math.max(0.1, Math.exp(-(d - changeDay) / (1.5 * decayDays))) : 1;
      case LAPSED:
        return d >= lapseDay ? (recoverable ? 0.3 : 0.0) : 1;
      case ONE_TIME:
        return d > first + 30 ? (dormant ? 0.0 : 0.4) : 1;
      default:
        return 1;
    }
  }

  private double sessionRate(int d) {
    if (d < first - 14) {
      return 0;
    }
    return sessionsPerDay * engagement(d) * (0.7 + 0.3 * tl.season[d]);
  }

  private double ticketRate(int d) {
    if (d < first) {
      return 0;
    }
    double r = 1.0 / 1500;
    if (kind == CustomerKind.SLIPPING && complains && d >= changeDay) {
      r = 1.0 / 60;
    } else if (has(CustomerKind.DISCOUNT)) {
      r = 1.0 / 500;
    }
    return r;
  }

  private double sendRate(int d) {
    int windowStart = tl.asOf - 365;
    double perDay = sendsPerWeek / 7;
    if (pressureRising) {
      perDay *= 0.5 + 2.5 * Math.max(0, d - windowStart) / 365.0;
    }
    return perDay;
  }

  private static final int ORDERS = 0;
  private static final int SESSIONS = 1;
  private static final int TICKETS = 2;
  private static final int SENDS = 3;

  private double rate(int process, int d) {
    return switch (process) {
      case ORDERS -> orderRate(d);
      case SESSIONS -> sessionRate(d);
      case TICKETS -> ticketRate(d);
      default -> sendRate(d);
    };
  }

  /**
   * Advances the renewal process {@code process} by {@code need} units of operational time,
   * walking day by day through its rate; returns false when the process reaches {@code limit}.
   */
  private boolean advance(int process, double need, int limit) {
    limit = Math.min(limit, silentFrom(process));
    while (day < limit) {
      double r = rate(process, day);
      double avail = r * (1 - frac);
      if (r > 0 && avail >= need) {
        frac += need / r;
        return true;
      }
      need -= avail;
      day++;
      frac = 0;
    }
    return false;
  }

  /** The day from which the process's rate stays zero for good (a shortcut, not a rule). */
  private int silentFrom(int process) {
    if (process == ORDERS && kind == CustomerKind.LAPSED) {
      return lapseDay;
    }
    if (process == SESSIONS) {
      if (kind == CustomerKind.LAPSED && !recoverable) {
        return lapseDay;
      }
      if (kind == CustomerKind.ONE_TIME && dormant) {
        return first + 31;
      }
    }
    return Integer.MAX_VALUE;
  }

  private long timeAt(int d, double f) {
    return (long) d * DAY + tl.orderSecond(Draws.clamp(f, 0, 0.999999));
  }

  // ---------------------------------------------------------------------------------- sends

  private void drawSends() {
    sends = 0;
    emailUnsubscribed = false;
    boolean smsOff = !smsSubscribed;
    boolean pushOff = !pushSubscribed;
    day = Math.max(first, tl.asOf - 365);
    frac = 0;
    int recentStart = 0;
    while (true) {
      drawsOnDay(day);
      int before = day;
      if (!advance(SENDS, Draws.exponential(rng, 1), tl.end)) {
        break;
      }
      if (horizonRng != null && before < tl.asOf && day >= tl.asOf) {
        // A Poisson process forgets: the horizon's sends restart at as_of from its own stream.
        day = tl.asOf;
        frac = 0;
        rng = horizonRng;
        if (!advance(SENDS, Draws.exponential(rng, 1), tl.end)) {
          break;
        }
      }
      drawsOnDay(day);
      double u = rng.nextDouble();
      int channel = u < 0.7 ? 0 : u < 0.85 ? 1 : 2;
      if (channel == 1 && smsOff || channel == 2 && pushOff) {
        channel = 0;
      }
      if (channel == 0 && emailUnsubscribed) {
        if (smsOff && pushOff) {
          break;
        }
        continue;
      }
      long t = (long) day * DAY + 8 * 3600 + rng.nextInt(11 * 3600);
      while (recentStart < sends && sendTime[recentStart] < t - 30L * DAY) {
        recentStart++;
      }
      int recent = sends - recentStart;
      int week = tl.weekOf(day);
      int slot = rng.nextInt(Timeline.SLOTS);
      byte offer = tl.campaignOffer[channel][week][slot];
      double chOpen = channel == 0 ? 1 : channel == 1 ? 1.8 : 0.6;
      double engage = engagement(day);
      if (kind == CustomerKind.LAPSED && day >= lapseDay) {
        engage = recoverable ? 0.5 : 0.04;
      }
      double pOpen = Math.min(0.97, openRate * chOpen * engage * Math.exp(-fatigue * recent));
      boolean opened = rng.nextDouble() < pOpen;
      double pClick = Math.min(0.9, clickRate * (offer != 0 ? 1 + 1.5 * discountAffinity : 1));
      boolean clicked = opened && rng.nextDouble() < pClick;
      double pUnsub = 0.0015 + (overContacted ? 0.0007 * recent : 0);
      if (kind == CustomerKind.LAPSED && day >= lapseDay && !recoverable) {
        pUnsub = 0.03;
      }
      boolean unsub = rng.nextDouble() < pUnsub;
      ensureSends();
      sendTime[sends] = t;
      sendChannel[sends] = (byte) channel;
      sendWeek[sends] = (short) week;
      sendSlot[sends] = (byte) slot;
      sendOffer[sends] = offer;
      sendFlags[sends] = (byte) ((opened ? 1 : 0) | (clicked ? 2 : 0) | (unsub ? 8 : 0));
      sends++;
      if (unsub) {
        if (channel == 0) {
          emailUnsubscribed = true;
        } else if (channel == 1) {
          smsOff = true;
        } else {
          pushOff = true;
        }
      }
    }
  }

  private boolean emailUnsubscribedBefore(long second) {
    for (int i = 0; i < sends; i++) {
      if (sendTime[i] < second && sendChannel[i] == 0 && (sendFlags[i] & 8) != 0) {
        return true;
      }
    }
    return false;
  }

  private void ensureSends() {
    if (sends == sendTime.length) {
      int n = sends * 2;
      sendTime = Arrays.copyOf(sendTime, n);
      sendChannel = Arrays.copyOf(sendChannel, n);
      sendWeek = Arrays.copyOf(sendWeek, n);
      sendSlot = Arrays.copyOf(sendSlot, n);
      sendOffer = Arrays.copyOf(sendOffer, n);
      sendFlags = Arrays.copyOf(sendFlags, n);
    }
  }

  // --------------------------------------------------------------------------------- orders

  private void addOrder(long time, int send) {
    if (orders == orderKey.length) {
      int n = orders * 2;
      orderKey = Arrays.copyOf(orderKey, n);
      orderSend = Arrays.copyOf(orderSend, n);
      orderTimeRaw = Arrays.copyOf(orderTimeRaw, n);
    }
    orderTimeRaw[orders] = time;
    orderSend[orders] = send;
    orderKey[orders] = time << 16 | orders;
    orders++;
  }

  private void drawOrders() {
    orders = 0;
    long endSecond = (long) tl.end * DAY;
    drawsAt(0);
    addOrder(timeAt(first, rng.nextDouble()), -1);
    if (kind == CustomerKind.ONE_TIME) {
      if (!dormant && rng.nextDouble() < 0.3 && first + 45 < tl.asOf) {
        int d = first + 45 + rng.nextInt(tl.asOf - first - 45);
        addOrder(timeAt(d, rng.nextDouble()), -1);
      }
      drawsOnDay(tl.asOf);
      if (rng.nextDouble() < (dormant ? 0.004 : 0.05)) {
        addOrder(timeAt(tl.asOf + rng.nextInt(tl.end - tl.asOf), rng.nextDouble()), -1);
      }
    } else {
      day = first;
      frac = 0.5;
      while (orders < 4000) {
        drawsOnDay(day);
        int before = day;
        double beforeFrac = frac;
        boolean next = advance(ORDERS, Draws.gammaMeanOne(rng, shape), tl.end);
        if (horizonRng != null && before < tl.asOf && (!next || day >= tl.asOf)) {
          // The gap spanning as_of again from the horizon's stream, given that it exceeds what has
          // elapsed since the last order (a draw landing before as_of is rejected).
          rng = horizonRng;
          for (int tries = 0; tries < 100_000; tries++) {
            day = before;
            frac = beforeFrac;
            next = advance(ORDERS, Draws.gammaMeanOne(rng, shape), tl.end);
            if (!next || day >= tl.asOf) {
              break;
            }
          }
          next = next && day >= tl.asOf;
        }
        if (!next) {
          break;
        }
        addOrder(timeAt(day, frac), -1);
      }
    }
    if (kind == CustomerKind.LAPSED) {
      drawsOnDay(tl.asOf);
      if (rng.nextDouble() < comebackProb) {
        addOrder(timeAt(tl.asOf + rng.nextInt(tl.end - tl.asOf), rng.nextDouble()), -1);
        if (rng.nextDouble() < 0.3) {
          addOrder(timeAt(tl.asOf + rng.nextInt(tl.end - tl.asOf), rng.nextDouble()), -1);
        }
      }
    }
    // Clicks that convert into orders, while the customer is still active.
    for (int i = 0; i < sends; i++) {
      if ((sendFlags[i] & 2) == 0) {
        continue;
      }
      drawsAt(sendTime[i]);
      int d = (int) (sendTime[i] / DAY);
      double active = Math.min(1, lifecycle(d));
      double p = 0.10 * (sendOffer[i] != 0 ? 1 + 4 * discountAffinity : 1) * active;
      if (rng.nextDouble() < Math.min(0.8, p)) {
        long t = sendTime[i] + (long) Math.min(3.0 * DAY, Draws.exponential(rng, 0.4 * DAY));
        if (t < endSecond) {
          addOrder(t, i);
          sendFlags[i] |= 4;
        }
      }
    }
    Arrays.sort(orderKey, 0, orders);
    drawsAt(0);
  }

  private int pickCategory(boolean allowGap) {
    double u = rng.nextDouble();
    int c = 0;
    while (c < categoryCum.length - 1 && u >= categoryCum[c]) {
      c++;
    }
    if (c == gapCategory && !allowGap) {
      for (int cat : bundle) {
        if (cat != gapCategory) {
          return cat;
        }
      }
    }
    return c;
  }

  private double rampProgress(int d) {
    if (rampDays <= 0) {
      return 1;
    }
    double t = (d - first) / (double) rampDays;
    t = Draws.clamp(t, 0, 1);
    return kind == CustomerKind.RISING && !ascending ? Math.min(t, 0.3) : t;
  }

  /** Writes orders and items; returns the customer's net revenue in the horizon, in cents. */
  private long writeOrders(Block out) {
    long futureNet = 0;
    int futureCount = 0;
    AsciiBuffer ob = out.buffer(Block.ORDERS);
    AsciiBuffer ib = out.buffer(Block.ORDER_ITEMS);
    AsciiBuffer fob = out.buffer(Block.FUTURE_ORDERS);
    AsciiBuffer fib = out.buffer(Block.FUTURE_ORDER_ITEMS);
    int[] cats = new int[12];
    int[] products = new int[12];
    int[] qtys = new int[12];
    for (int k = 0; k < orders; k++) {
      int i = (int) (orderKey[k] & 0xFFFF);
      long t = orderTimeRaw[i];
      int send = orderSend[i];
      int d = (int) (t / DAY);
      boolean lake = t < asOfSecond;
      drawsAt(t);
      int channel;
      if (send >= 0) {
        channel = rng.nextDouble() < appShare / (appShare + channelCum[0]) ? 1 : 0;
      } else {
        double u = rng.nextDouble();
        channel = 0;
        while (channel < 3 && u >= channelCum[channel]) {
          channel++;
        }
      }
      double level = priceStart + (priceLevel - priceStart) * rampProgress(d);
      int n = Math.min(cats.length, 1 + Draws.poisson(rng, itemsMean - 1));
      long list = 0;
      double cost = 0;
      for (int j = 0; j < n; j++) {
        int cat = pickCategory(!lake);
        if (!lake && j == 0 && gapCategory >= 0 && rng.nextDouble() < GAP_ADOPTION) {
          cat = gapCategory;
        }
        int p = (int) Math.round(level * (Catalog.PRODUCTS - 1) + 28 * rng.nextGaussian());
        p = Math.max(0, Math.min(Catalog.PRODUCTS - 1, p));
        double uq = rng.nextDouble();
        int q = uq < 0.85 ? 1 : uq < 0.97 ? 2 : 3;
        cats[j] = cat;
        products[j] = p;
        qtys[j] = q;
        long line = q * Catalog.UNIT_PRICE[cat][p];
        list += line;
        cost += line * (1 - Catalog.MARGIN[cat]) * Draws.uniform(rng, 0.92, 1.08);
      }
      long discount;
      byte offer = send >= 0 ? sendOffer[send] : 0;
      if (offer == 1) {
        discount = Math.round(list * 0.10);
      } else if (offer == 2) {
        discount = Math.round(list * 0.20);
      } else if (offer == 3) {
        discount = Math.min(695, Math.round(list * 0.08));
      } else if (rng.nextDouble() < discountAffinity) {
        discount = Math.round(list * Draws.uniform(rng, 0.25, 0.5));
      } else if (rng.nextDouble() < 0.12) {
        discount = Math.round(list * Draws.uniform(rng, 0.05, 0.15));
      } else {
        discount = 0;
      }
      long revenue = list - discount;
      long returned = 0;
      if (rng.nextDouble() < returnProb) {
        returned = rng.nextDouble() < 0.6 ? revenue : Math.round(revenue * Draws.uniform(rng, 0.2, 0.7));
      }
      long costCents = Math.round(cost);
      AsciiBuffer b = lake ? ob : fob;
      AsciiBuffer itemsOut = lake ? ib : fib;
      b.put('O');
      for (int x = 1; x < idLength; x++) {
        b.put((char) id[x]);
      }
      b.put('-').put(k + 1).comma();
      putId(b);
      b.comma().put(tl.dayText[d]).put(' ').putClock((int) (t % DAY)).comma();
      b.putCents(revenue).comma().putCents(costCents).comma().putCents(discount).comma();
      b.put(ORDER_CHANNELS[channel]).comma().putCents(returned).comma();
      if (send >= 0) {
        b.put(tl.campaignId[sendChannel[send]][sendWeek[send]][sendSlot[send]]);
      }
      b.newline();
      for (int j = 0; j < n; j++) {
        itemsOut.put('O');
        for (int x = 1; x < idLength; x++) {
          itemsOut.put((char) id[x]);
        }
        itemsOut.put('-').put(k + 1).comma();
        itemsOut.put(Catalog.PRODUCT_ID[cats[j]][products[j]]).comma();
        itemsOut.put(Catalog.CATEGORIES[cats[j]]).comma().put(qtys[j]).comma();
        itemsOut.putCents(Catalog.UNIT_PRICE[cats[j]][products[j]]).newline();
      }
      if (lake) {
        out.rows[Block.ORDERS]++;
        out.rows[Block.ORDER_ITEMS] += n;
        if (channel <= 2) {
          addOrderEvents(t, channel, cats, products, n);
        }
        if (returned > 0 && rng.nextDouble() < 0.2) {
          long tt = t + (2 + rng.nextInt(18)) * (long) DAY + rng.nextInt(DAY);
          addEvent(tt, SUPPORT_TICKET, cats[0], 100L * (1 + rng.nextInt(3)));
        }
      } else {
        out.rows[Block.FUTURE_ORDERS]++;
        out.rows[Block.FUTURE_ORDER_ITEMS] += n;
        futureNet += revenue - returned;
        futureCount++;
      }
    }
    this.futureOrders = futureCount;
    drawsAt(0);
    return futureNet;
  }

  private int futureOrders;

  // --------------------------------------------------------------------------------- events

  private void addEvent(long t, byte type, int category, long value) {
    if (t >= asOfSecond || t < 0) {
      return;
    }
    if (events == eventTime.length) {
      if (events >= 60_000) {
        return;
      }
      int n = events * 2;
      eventKey = Arrays.copyOf(eventKey, n);
      eventTime = Arrays.copyOf(eventTime, n);
      eventType = Arrays.copyOf(eventType, n);
      eventCategory = Arrays.copyOf(eventCategory, n);
      eventValue = Arrays.copyOf(eventValue, n);
    }
    eventTime[events] = t;
    eventType[events] = type;
    eventCategory[events] = (byte) category;
    eventValue[events] = value;
    eventKey[events] = t << 16 | events;
    events++;
  }

  private void addOrderEvents(long t, int channel, int[] cats, int[] products, int n) {
    if (channel == 2) {
      addEvent(t - rng.nextInt(900), STORE_VISIT, -1, 100L * (5 + rng.nextInt(40)));
      return;
    }
    long start = t - 300 - rng.nextInt(2400);
    addEvent(start, channel == 1 ? APP_SESSION : WEB_SESSION, -1, 100L * (3 + rng.nextInt(30)));
    for (int j = 0; j < n; j++) {
      if (rng.nextDouble() < 0.35) {
        addEvent(start + 30 + rng.nextInt(240), PRODUCT_VIEW, cats[j], Catalog.UNIT_PRICE[cats[j]][products[j]]);
      }
    }
    if (rng.nextDouble() < 0.5) {
      addEvent(t - 30 - rng.nextInt(200), CART_ADD, cats[0], Catalog.UNIT_PRICE[cats[0]][products[0]]);
    }
  }

  /** Background browsing and support tickets, up to the cut-off only. */
  private void drawBackground() {
    day = Math.max(0, first - 14);
    frac = 0;
    double depth = 1.0 + sessionsPerDay * 4;
    while (advance(SESSIONS, Draws.exponential(rng, 1), tl.asOf)) {
      long t = timeAt(day, frac);
      byte type;
      double u = rng.nextDouble();
      if (u < storeShare * 0.3) {
        addEvent(t, STORE_VISIT, -1, 100L * (5 + rng.nextInt(40)));
        continue;
      }
      type = rng.nextDouble() < appShare / (appShare + channelCum[0]) ? APP_SESSION : WEB_SESSION;
      addEvent(t, type, -1, 100L * (1 + (long) Draws.exponential(rng, 8)));
      long at = t;
      int views = Draws.poisson(rng, Math.min(4, 0.6 * depth));
      for (int v = 0; v < views; v++) {
        at += 20 + rng.nextInt(160);
        int cat = gapCategory >= 0 && rng.nextDouble() < 0.15 ? gapCategory : pickCategory(true);
        int p = (int) Math.round(priceLevel * (Catalog.PRODUCTS - 1) + 35 * rng.nextGaussian());
        p = Math.max(0, Math.min(Catalog.PRODUCTS - 1, p));
        addEvent(at, PRODUCT_VIEW, cat, Catalog.UNIT_PRICE[cat][p]);
        if (rng.nextDouble() < 0.08 * depth) {
          addEvent(at + 15 + rng.nextInt(60), CART_ADD, cat, Catalog.UNIT_PRICE[cat][p]);
        }
      }
      if (rng.nextDouble() < 0.2) {
        addEvent(t + 5 + rng.nextInt(60), SEARCH, -1, -1);
      }
      if (rng.nextDouble() < 0.1) {
        addEvent(at + 30 + rng.nextInt(300), CONTENT_VIEW, pickCategory(true), -1);
      }
    }
    day = first;
    frac = 0;
    while (advance(TICKETS, Draws.exponential(rng, 1), tl.asOf)) {
      addEvent(timeAt(day, frac), SUPPORT_TICKET, pickCategory(false), 100L * (1 + rng.nextInt(3)));
    }
    Arrays.sort(eventKey, 0, events);
  }

  private void writeEvents(Block out) {
    AsciiBuffer b = out.buffer(Block.EVENTS);
    for (int k = 0; k < events; k++) {
      int i = (int) (eventKey[k] & 0xFFFF);
      long t = eventTime[i];
      putId(b);
      b.comma().put(tl.dayText[(int) (t / DAY)]).put(' ').putClock((int) (t % DAY)).comma();
      b.put(EVENT_TYPES[eventType[i]]).comma();
      if (eventCategory[i] >= 0) {
        b.put(Catalog.CATEGORIES[eventCategory[i]]);
      }
      b.comma();
      if (eventValue[i] >= 0) {
        b.putCents(eventValue[i]);
      }
      b.newline();
    }
    out.rows[Block.EVENTS] += events;
  }

  private void writeSends(Block out) {
    AsciiBuffer b = out.buffer(Block.MARKETING);
    int written = 0;
    for (int i = 0; i < sends; i++) {
      long t = sendTime[i];
      if (t >= asOfSecond) {
        break;
      }
      int f = sendFlags[i];
      putId(b);
      b.comma().put(tl.dayText[(int) (t / DAY)]).put(' ').putClock((int) (t % DAY)).comma();
      b.put(Timeline.CHANNELS[sendChannel[i]]).comma();
      b.put(tl.campaignId[sendChannel[i]][sendWeek[i]][sendSlot[i]]).comma();
      b.put(Timeline.OFFERS[sendOffer[i]]).comma();
      b.put((f & 1) != 0).comma().put((f & 2) != 0).comma().put((f & 4) != 0).comma();
      b.put((f & 8) != 0).newline();
      written++;
    }
    out.rows[Block.MARKETING] += written;
  }

  // ------------------------------------------------------------------------- customer, truth

  private void writeCustomer(Block out) {
    AsciiBuffer b = out.buffer(Block.CUSTOMERS);
    int signup = first;
    if (rng.nextDouble() < 0.3) {
      signup = Math.max(0, first - 1 - rng.nextInt(40));
    }
    double u = rng.nextDouble();
    int country = u < 0.6 ? 0 : u < 0.72 ? 1 : u < 0.88 ? 2 : 3;
    int acquisition;
    double v = rng.nextDouble();
    if (v < storeShare * 0.8) {
      acquisition = 6;
    } else if (v < storeShare * 0.8 + 0.25 * discountAffinity) {
      acquisition = 4;
    } else {
      acquisition = rng.nextInt(ACQUISITION.length);
    }
    putId(b);
    b.comma().put(tl.dayText[signup]).comma();
    b.put('c');
    for (int x = 1; x < idLength; x++) {
      b.put((char) id[x]);
    }
    b.put("@example.com").comma();
    b.put(DIAL[country]).put("-555-");
    for (int x = Math.max(1, idLength - 7); x < idLength; x++) {
      b.put((char) id[x]);
    }
    b.comma().put(COUNTRIES[country]).comma().put(ACQUISITION[acquisition]).newline();
    out.rows[Block.CUSTOMERS]++;
  }

  private void writeTruth(Block out, long futureCents) {
    AsciiBuffer b = out.buffer(Block.TRUTH);
    putId(b);
    b.comma().put(kind.key()).comma();
    if (secondary != null) {
      b.put(secondary.key());
    }
    b.comma().putCents(futureCents).comma().put(futureOrders).comma();
    boolean winBack = kind == CustomerKind.LAPSED && recoverable;
    boolean retain = kind == CustomerKind.SLIPPING;
    boolean nurture = kind == CustomerKind.RISING && ascending;
    boolean protect = has(CustomerKind.DISCOUNT);
    boolean reduce = overContacted && !emailUnsubscribedBefore(asOfSecond);
    boolean grow = has(CustomerKind.BROWSER);
    boolean cross = gapCategory >= 0;
    boolean suppress =
        kind == CustomerKind.LAPSED && !recoverable || kind == CustomerKind.ONE_TIME && dormant;
    flag(b, winBack).comma();
    flag(b, retain).comma();
    flag(b, nurture).comma();
    flag(b, protect).comma();
    flag(b, reduce).comma();
    flag(b, grow).comma();
    flag(b, cross).comma();
    // lookalike_seed is decided once every customer's horizon value is known.
    flag(b, suppress).newline();
    out.futureCents[out.customers++] = futureCents;
  }

  private static AsciiBuffer flag(AsciiBuffer b, boolean on) {
    return b.put(on ? '1' : '0');
  }
}
