package dev.undercurrent.core.opportunities;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.opportunities.PlantedPopulation.Group;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpportunityFinderTest {
  static PlantedPopulation pop;
  static List<Opportunity> found;

  @BeforeAll
  static void discover() {
    pop = new PlantedPopulation(11, true);
    found = OpportunityFinder.find(pop.input(true));
  }

  private static Opportunity byId(String id) {
    return found.stream().filter(o -> o.opportunityId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not found among " + found.stream()
            .map(Opportunity::opportunityId).toList()));
  }

  /** A copy of the planted population's signal values, to change in one test. */
  private static double[][] valuesCopy() {
    double[][] values = new double[pop.signals.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = pop.signals.values()[i].clone();
    }
    return values;
  }

  /** The detectors on changed signal values and scores, the rest of the planted input as it is. */
  private static List<Opportunity> findWith(double[][] values, CustomerScores scores) {
    return OpportunityFinder.find(new DiscoveryInput(
        new CustomerSignals(pop.signals.customerIds(), pop.signals.catalog(), values), scores,
        pop.segmentOf, List.of(), pop.neighbours, pop.earlier, 90, "EUR", Map.of()));
  }

  /** Precision and recall of an audience against the planted groups, both at least 0.7. */
  private static void assertFinds(String id, Set<Group> planted) {
    assertFinds(id, planted, i -> true);
  }

  /** As above, counting only the planted customers that also pass {@code eligible}. */
  private static void assertFinds(String id, Set<Group> planted, IntPredicate eligible) {
    Opportunity o = byId(id);
    Set<String> truth = new HashSet<>();
    for (int i = 0; i < pop.truth.length; i++) {
      if (planted.contains(pop.truth[i]) && eligible.test(i)) {
        truth.add(pop.signals.customerIds()[i]);
      }
    }
    long hits = o.memberIds().stream().filter(truth::contains).count();
    double precision = (double) hits / o.memberIds().size();
    double recall = (double) hits / truth.size();
    assertTrue(precision >= 0.7 && recall >= 0.7, id + ": precision " + precision + ", recall "
        + recall + " for " + planted + " (audience " + o.memberIds().size() + ")");
  }

  @Test
  void winBackFindsTheLapsedWhoAreLikelyToReturn() {
    assertFinds("win_back", EnumSet.of(Group.WIN_BACK_LIKELY));
    assertTrue(byId("win_back").evidence().contains("other"), byId("win_back").evidence());
  }

  /** When a lapsed customer was last seen on site and last opened a message. */
  private interface LastSeen {
    /**
     * {@code {days since the last event, days since the last open}} of the {@code k}-th lapsed
     * customer (row {@code i}, {@code recency} days since her last order).
     */
    double[] of(int i, int k, double recency);
  }

  /**
   * The win_back audience, as member ids, where the model gives every planted lapsed customer the
   * same slim chance (churn 0.97) and {@code seen} says when each was last seen.
   */
  private static Set<String> winBackWhenSeen(LastSeen seen) {
    int event = pop.signals.catalog().indexOf("days_since_last_event");
    int open = pop.signals.catalog().indexOf("days_since_last_open");
    int recency = pop.signals.catalog().indexOf("recency_days");
    double[][] values = valuesCopy();
    double[] churn = pop.scores.churnProbability().clone();
    int k = 0;
    for (int i = 0; i < values.length; i++) {
      if (pop.truth[i] == Group.WIN_BACK_LIKELY || pop.truth[i] == Group.WIN_BACK_UNLIKELY) {
        double[] last = seen.of(i, k++, values[i][recency]);
        values[i][event] = last[0];
        values[i][open] = last[1];
        churn[i] = 0.97;
      }
    }
    CustomerScores scores = new CustomerScores(pop.scores.predictedValue(), churn,
        pop.scores.responseProbability(), pop.scores.embedding());
    return Set.copyOf(findWith(values, scores).stream()
        .filter(x -> x.opportunityId().equals("win_back")).findFirst().orElseThrow().memberIds());
  }

  @Test
  void aLapsedCustomerWhoStillOpensMessagesIsStillInTouch() {
    // The likely and the unlikely have the same slim chance and neither has been seen on site
    // since her last order: only the likely still open the newsletter, and that alone must find
    // them.
    Set<String> opening = new HashSet<>();
    Set<String> audience = winBackWhenSeen((i, k, recency) -> {
      boolean likely = pop.truth[i] == Group.WIN_BACK_LIKELY;
      if (likely) {
        opening.add(pop.signals.customerIds()[i]);
      }
      return new double[] {recency, likely ? 10 : 200};
    });
    long hits = audience.stream().filter(opening::contains).count();
    assertTrue(hits >= 0.7 * opening.size() && hits >= 0.7 * audience.size(),
        hits + " of " + opening.size() + " still opening in an audience of " + audience.size());
  }

  @Test
  void aVisitCountsForMoreThanAnOpenAmongTheLapsed() {
    // All have the same slim chance. A third still visit the site (and open mail), a third only
    // open mail (as recently), a third neither, not seen since their last order: the visitors
    // come first.
    Set<String> visiting = new HashSet<>();
    Set<String> openingOnly = new HashSet<>();
    Set<String> audience = winBackWhenSeen((i, k, recency) -> {
      int third = k % 3;
      if (third < 2) {
        (third == 0 ? visiting : openingOnly).add(pop.signals.customerIds()[i]);
      }
      return new double[] {third == 0 ? 10 : recency, third == 2 ? recency : 10};
    });
    long visitors = audience.stream().filter(visiting::contains).count();
    long openers = audience.stream().filter(openingOnly::contains).count();
    assertTrue(visitors >= 0.9 * visiting.size(), visitors + " of " + visiting.size() + " visiting in the audience");
    assertTrue(openers <= 0.6 * openingOnly.size(), openers + " of " + openingOnly.size()
        + " who only open mail in the audience, beside " + visitors + " visiting");
  }

  @Test
  void protectMarginFindsTheDiscountDriven() {
    assertFinds("protect_margin", EnumSet.of(Group.DISCOUNT));
  }

  @Test
  void repeatedComplaintsAreRetainedNotWonBackOrSuppressed() {
    // the valuable at risk fall silent for five usual gaps and the model gives them up, but they
    // raised two to four support tickets in the last 180 days: still in touch, a service problem
    int g = pop.signals.catalog().indexOf("gap_ratio");
    int r = pop.signals.catalog().indexOf("recency_days");
    double[][] values = valuesCopy();
    double[] churn = pop.scores.churnProbability().clone();
    Set<String> quiet = new HashSet<>();
    for (int i = 0; i < values.length; i++) {
      if (pop.truth[i] == Group.HIGH_AT_RISK) {
        values[i][g] = 5;
        values[i][r] = 200;
        churn[i] = 0.9;
        quiet.add(pop.signals.customerIds()[i]);
      }
    }
    CustomerScores scores = new CustomerScores(pop.scores.predictedValue(), churn,
        pop.scores.responseProbability(), pop.scores.embedding());
    List<Opportunity> ops = findWith(values, scores);
    Map<String, Long> inAudience = new java.util.TreeMap<>();
    for (Opportunity o : ops) {
      inAudience.put(o.opportunityId(), o.memberIds().stream().filter(quiet::contains).count());
    }
    assertTrue(inAudience.getOrDefault("retain", 0L) >= 0.7 * quiet.size(),
        inAudience + " of " + quiet.size());
    assertEquals(0L, inAudience.getOrDefault("win_back", 0L), inAudience.toString());
    assertEquals(0L, inAudience.getOrDefault("suppress", 0L), inAudience.toString());
  }

  @Test
  void aQuietSeasonThatRepeatsLastYearsIsNoChurnRisk() {
    // the valuable at risk, had they bought nothing in the coming season a year ago, would be
    // quiet by rhythm (a gift buyer in June), not slipping
    int season = pop.signals.catalog().indexOf("revenue_same_season_last_year");
    int tenure = pop.signals.catalog().indexOf("tenure_days");
    double[][] values = valuesCopy();
    Set<String> seasonal = new HashSet<>();
    for (int i = 0; i < values.length; i++) {
      if (pop.truth[i] == Group.HIGH_AT_RISK) {
        values[i][season] = 0;
        values[i][tenure] = 700;
        seasonal.add(pop.signals.customerIds()[i]);
      }
    }
    Opportunity o = findWith(values, pop.scores).stream()
        .filter(x -> x.opportunityId().equals("retain")).findFirst().orElse(null);
    long kept = o == null ? 0 : o.memberIds().stream().filter(seasonal::contains).count();
    assertEquals(0L, kept, "seasonally quiet customers in retain, of " + seasonal.size());
  }

  @Test
  void protectMarginNeedsMoreThanOneDiscountedOrder() {
    // a single order with a deep discount (a welcome code) is no pattern of discount buying
    int f = pop.signals.catalog().indexOf("frequency");
    int g = pop.signals.catalog().indexOf("gap_ratio");
    double[][] values = valuesCopy();
    Set<String> once = new HashSet<>();
    for (int i = 0; i < values.length; i++) {
      if (pop.truth[i] == Group.DISCOUNT && once.size() < 40) {
        values[i][f] = 1;
        values[i][g] = Double.NaN;
        once.add(pop.signals.customerIds()[i]);
      }
    }
    Opportunity o = findWith(values, pop.scores).stream()
        .filter(x -> x.opportunityId().equals("protect_margin")).findFirst().orElseThrow();
    assertTrue(o.memberIds().stream().noneMatch(once::contains), "one-order customers in "
        + o.memberIds().stream().filter(once::contains).count() + " of " + once.size());
    assertTrue(o.memberIds().size() > 100, "audience " + o.memberIds().size());
  }

  @Test
  void reduceFrequencyFindsTheOverContactedWhoStillHearFromUs() {
    // 30% of the planted over-contacted have unsubscribed: fewer sends can no longer keep them
    double[] unsub = pop.signals.column("unsubscribed");
    assertFinds("reduce_frequency", EnumSet.of(Group.OVER_CONTACTED), i -> unsub[i] == 0);
    for (String id : byId("reduce_frequency").memberIds()) {
      assertEquals(0.0, unsub[Integer.parseInt(id.substring(1))], id + " has unsubscribed");
    }
  }

  @Test
  void withoutOpensClicksOrEventsFatigueIsNotProposed() {
    // Sends only (a marketing table without opened or clicked, no events): rising sends alone are
    // no sign that engagement falls.
    double[][] values = valuesCopy();
    var catalog = pop.signals.catalog();
    for (String signal : List.of("open_rate_90d", "click_rate_90d", "open_rate_trend", "engagement_90d",
        "engagement_trend")) {
      int k = catalog.indexOf(signal);
      assertTrue(k >= 0, signal);
      for (double[] row : values) {
        row[k] = 0;
      }
    }
    List<Opportunity> ops = findWith(values, pop.scores);
    assertTrue(ops.stream().noneMatch(o -> o.opportunityId().equals("reduce_frequency")),
        ops.stream().map(Opportunity::opportunityId).toList().toString());
  }

  @Test
  void growWalletFindsTheEngagedWhoSpendBelowTheirNeighbours() {
    assertFinds("grow_wallet", EnumSet.of(Group.UNDER_MONETIZED));
  }

  @Test
  void retainFindsTheValuableAtRisk() {
    assertFinds("retain", EnumSet.of(Group.HIGH_AT_RISK));
  }

  @Test
  void nurturingRegularBuyersIsNoOnboarding() {
    double[][] values = valuesCopy();
    int freq = pop.signals.catalog().indexOf("frequency");
    for (double[] row : values) {
      row[freq] = Math.max(row[freq], 13);
    }
    Opportunity o = findWith(values, pop.scores).stream()
        .filter(x -> x.opportunityId().equals("nurture_rising")).findFirst().orElseThrow();
    assertTrue(o.action().startsWith("A development journey") && !o.action().contains("second-order"), o.action());
    assertTrue(o.kpi().startsWith("Orders per customer"), o.kpi());
  }

  @Test
  void aOneTimeBuyerHasNoHabitToRetain() {
    double[][] values = valuesCopy();
    int freq = pop.signals.catalog().indexOf("frequency");
    Set<String> once = new HashSet<>();
    for (String id : byId("retain").memberIds()) {
      if (once.size() < 20) {
        values[Integer.parseInt(id.substring(1))][freq] = 1;
        once.add(id);
      }
    }
    Opportunity o = findWith(values, pop.scores).stream()
        .filter(x -> x.opportunityId().equals("retain")).findFirst().orElseThrow();
    assertTrue(o.memberIds().stream().noneMatch(once::contains), "one-time buyers in retain");
  }

  @Test
  void withoutCostsTheFormulaNamesTheAssumedMarginAndReturnsAreNotMentionedWithoutReturns() {
    double[][] values = valuesCopy();
    var catalog = pop.signals.catalog();
    int margin = catalog.indexOf("margin_rate");
    int returns = catalog.indexOf("return_rate");
    for (double[] row : values) {
      row[margin] = Double.NaN;
      row[returns] = 0;
    }
    Opportunity o = findWith(values, pop.scores).stream()
        .filter(x -> x.opportunityId().equals("protect_margin")).findFirst().orElseThrow();
    assertTrue(o.valueFormula().contains("35.0% margin (default_margin_rate: the orders carry no cost) ×"), o.valueFormula());
    assertTrue(!o.action().contains("returns"), o.action());
    assertTrue(!byId("protect_margin").valueFormula().contains("default_margin_rate"), "the planted lake has costs");
  }

  @Test
  void nurtureFindsThoseWhereTodaysBestStoodEarlier() {
    assertFinds("nurture_rising", EnumSet.of(Group.RISING));
  }

  /** The nurture audience on changed scores, as member ids (empty where none was found). */
  private static Set<String> nurtureWith(double[] pv, double[] churn) {
    CustomerScores scores = new CustomerScores(pv, churn, pop.scores.responseProbability(),
        pop.scores.embedding());
    return findWith(valuesCopy(), scores).stream()
        .filter(o -> o.opportunityId().equals("nurture_rising")).findFirst()
        .map(o -> Set.copyOf(o.memberIds())).orElse(Set.of());
  }

  @Test
  void aYoungCustomerTheModelAlreadyRanksAmongTheBestIsStillNurtured() {
    // the model puts the rising customers in today's top decile for the coming horizon, but they
    // have not spent like the best yet: they are the ones to nurture, not to leave out
    double[] pv = pop.scores.predictedValue().clone();
    Set<String> rising = new HashSet<>();
    for (int i = 0; i < pv.length; i++) {
      if (pop.truth[i] == Group.RISING) {
        pv[i] = 1000 + i % 7;
        rising.add(pop.signals.customerIds()[i]);
      }
    }
    Set<String> audience = nurtureWith(pv, pop.scores.churnProbability());
    long hits = audience.stream().filter(rising::contains).count();
    assertTrue(hits >= 0.7 * rising.size() && hits >= 0.7 * audience.size(),
        hits + " of " + rising.size() + " rising in an audience of " + audience.size());
  }

  @Test
  void whereFewAreExpectedToBuyInAHorizonTheLikelierRisingAreStillNurtured() {
    // a long buying cycle: the model gives nearly everyone a high churn probability and the rising
    // a lower one that is still above one half
    double[] churn = new double[pop.truth.length];
    Set<String> rising = new HashSet<>();
    for (int i = 0; i < churn.length; i++) {
      churn[i] = pop.truth[i] == Group.RISING ? 0.6 + 0.001 * (i % 50) : 0.7 + 0.0028 * (i * 37 % 100);
      if (pop.truth[i] == Group.RISING) {
        rising.add(pop.signals.customerIds()[i]);
      }
    }
    Set<String> audience = nurtureWith(pop.scores.predictedValue(), churn);
    long hits = audience.stream().filter(rising::contains).count();
    assertTrue(hits >= 0.7 * rising.size() && hits >= 0.7 * audience.size(),
        hits + " of " + rising.size() + " rising in an audience of " + audience.size());
  }

  @Test
  void aCustomerFurtherOnThanTodaysBestWereThenIsNotNurtured() {
    // half the rising customers look the same but have been customers for longer than nine in
    // ten of today's young best had been at the earlier cut-off (yet below the median tenure):
    // an established customer at a good pace, not an earlier stage of the best
    double[][] values = valuesCopy();
    int tenure = pop.signals.catalog().indexOf("tenure_days");
    double[] t = pop.signals.column("tenure_days");
    double median = Population.quantile(t, null, 0.5);
    double[] pv = pop.scores.predictedValue();
    double[] ranked = pv.clone();
    java.util.Arrays.sort(ranked);
    double top = ranked[(int) (0.9 * ranked.length)];
    List<Double> then = new ArrayList<>();
    for (int i = 0; i < t.length; i++) {
      if (pv[i] >= top && t[i] <= median && pop.earlier.present()[i]) {
        then.add(t[i] - pop.earlier.daysBefore());
      }
    }
    double stage = Population.quantile(then.stream().mapToDouble(Double::doubleValue).toArray(), null, 0.9);
    assertTrue(stage + 10 < median, "the planted population leaves room between the stage and the median: "
        + stage + " vs " + median);
    Set<String> established = new HashSet<>();
    Set<String> early = new HashSet<>();
    for (int i = 0; i < values.length; i++) {
      if (pop.truth[i] == Group.RISING) {
        boolean older = i % 2 == 0;
        if (older) {
          values[i][tenure] = (stage + median) / 2;
        }
        (older ? established : early).add(pop.signals.customerIds()[i]);
      }
    }
    Set<String> audience = findWith(values, pop.scores).stream()
        .filter(o -> o.opportunityId().equals("nurture_rising")).findFirst()
        .map(o -> Set.copyOf(o.memberIds())).orElse(Set.of());
    assertTrue(audience.stream().noneMatch(established::contains), "further on than the best were, yet nurtured: "
        + audience.stream().filter(established::contains).count() + " of " + established.size());
    assertTrue(audience.stream().filter(early::contains).count() >= 0.7 * early.size(),
        audience.size() + " nurtured, of them early: " + audience.stream().filter(early::contains).count()
            + " of " + early.size());
  }

  @Test
  void aFastStartTheModelExpectsToStopIsNotNurtured() {
    // half the rising customers look the same but the model expects them not to buy again (a
    // burst in a seasonal peak): only the other half are nurtured
    double[] churn = pop.scores.churnProbability().clone();
    Set<String> stopping = new HashSet<>();
    Set<String> going = new HashSet<>();
    for (int i = 0; i < churn.length; i++) {
      if (pop.truth[i] == Group.RISING) {
        boolean stops = i % 2 == 0;
        churn[i] = stops ? 0.7 : 0.2;
        (stops ? stopping : going).add(pop.signals.customerIds()[i]);
      }
    }
    Set<String> audience = nurtureWith(pop.scores.predictedValue(), churn);
    assertTrue(audience.stream().noneMatch(stopping::contains), "expected to stop, yet nurtured: "
        + audience.stream().filter(stopping::contains).count());
    assertTrue(audience.stream().filter(going::contains).count() >= 0.7 * going.size(),
        audience.size() + " nurtured, of them going on: "
            + audience.stream().filter(going::contains).count() + " of " + going.size());
  }

  @Test
  void crossSellFindsTheNonBuyersAmongBuyers() {
    assertFinds("cross_sell:kitchen", EnumSet.of(Group.KITCHEN_GAP));
    // the audience has shown interest in the category: nobody in it has never looked at kitchen
    double[] views = pop.signals.column("category_views_kitchen");
    for (String id : byId("cross_sell:kitchen").memberIds()) {
      assertTrue(views[Integer.parseInt(id.substring(1))] > 0, id + " has no kitchen views");
    }
  }

  @Test
  void crossSellWithoutCategoriesOnEventsStillUsesTheNeighbours() {
    // events without a category give all-zero view counts: they must not empty the audience
    int j = pop.signals.catalog().indexOf("category_views_kitchen");
    double[][] values = valuesCopy();
    for (double[] row : values) {
      row[j] = 0;
    }
    List<Opportunity> ops = findWith(values, pop.scores);
    Opportunity o = ops.stream().filter(x -> x.opportunityId().equals("cross_sell:kitchen")).findFirst()
        .orElseThrow(() -> new AssertionError("cross_sell:kitchen not found without category views"));
    long hits = o.memberIds().stream()
        .filter(id -> pop.truth[Integer.parseInt(id.substring(1))] == Group.KITCHEN_GAP).count();
    assertTrue(hits >= 70, hits + " of the 100 planted gap customers in " + o.memberIds().size());
  }

  @Test
  void lookalikeSeedIsDrawnFromTheHighValue() {
    Opportunity o = byId("lookalike_seed");
    long high = o.memberIds().stream()
        .map(id -> pop.truth[Integer.parseInt(id.substring(1))])
        .filter(g -> g == Group.HIGH_STABLE || g == Group.HIGH_AT_RISK).count();
    assertTrue(high >= 0.9 * o.memberIds().size(), high + " of " + o.memberIds().size());
  }

  @Test
  void suppressHoldsTheLapsedUnlikelyToReturn() {
    Opportunity o = byId("suppress");
    long hits = o.memberIds().stream()
        .map(id -> pop.truth[Integer.parseInt(id.substring(1))])
        .filter(g -> g == Group.WIN_BACK_UNLIKELY).count();
    assertTrue(hits >= 0.7 * 300, hits + " of 300 in an audience of " + o.memberIds().size());
  }

  @Test
  void noCustomerIsBothCourtedAndSuppressed() {
    Set<String> suppressed = new HashSet<>(byId("suppress").memberIds());
    for (Opportunity o : found) {
      // reduce_frequency caps the same sends suppress would stop: counted as saved once only;
      // an opportunity valued at zero or less (which the report sets aside) decides nothing
      if ((Set.of("win_back", "retain", "nurture_rising", "grow_wallet", "lookalike_seed", "reduce_frequency")
          .contains(o.opportunityId()) || o.opportunityId().startsWith("cross_sell")) && o.expectedValue() > 0) {
        Set<String> both = new HashSet<>(o.memberIds());
        both.retainAll(suppressed);
        assertTrue(both.isEmpty(), both.size() + " customers in " + o.opportunityId() + " and suppress, e.g. "
            + both.stream().sorted().limit(5).toList());
      }
    }
  }

  @Test
  void marginAtRiskIsSummedCustomerByCustomer() {
    // retain: n × mean(churn × value if active × margin) × save − contacts, not n × mean(churn) ×
    // mean(value if active × margin) × save, which is off wherever churn and value move together
    Opportunity o = byId("retain");
    double expected = retainValue(o, i -> Math.max(0, pop.scores.predictedValue()[i])
        / Math.max(0.05, 1 - pop.scores.churnProbability()[i]));
    assertEquals(expected, o.expectedValue(), 1e-6 * Math.abs(expected), o.valueFormula());
    assertTrue(o.valueFormula().contains("customer by customer"), o.valueFormula());
  }

  /**
   * retain's value recomputed from the fixture: the sum over its members of churn × value if
   * active × margin rate, times the default save rate 0.15, less three contacts at 0.10 each.
   */
  private static double retainValue(Opportunity o, java.util.function.IntToDoubleFunction valueIfActive) {
    int j = pop.signals.catalog().indexOf(dev.undercurrent.core.signals.SignalCatalog.MARGIN_RATE);
    java.util.Map<String, Integer> row = new java.util.HashMap<>();
    for (int i = 0; i < pop.signals.size(); i++) {
      row.put(pop.signals.customerIds()[i], i);
    }
    double sum = 0;
    for (String id : o.memberIds()) {
      int i = row.get(id);
      sum += pop.scores.churnProbability()[i] * valueIfActive.applyAsDouble(i) * pop.signals.values()[i][j];
    }
    return sum * 0.15 - o.memberIds().size() * 3.0 * 0.10;
  }

  @Test
  void theModelsSpendForABuyerIsTheValueIfActiveNeverBelowThePredictedValue() {
    // a buyer's spend where the model gives it: here twice the predicted value for even rows and
    // half of it for odd ones (which the bound E[value | buys] >= E[value] lifts to the value),
    // and an extrapolated amount for every fifth (held to the highest predicted value)
    double[] pv = pop.scores.predictedValue();
    double[] buying = new double[pv.length];
    double top = 0;
    for (int i = 0; i < pv.length; i++) {
      buying[i] = i % 5 == 0 ? 1e9 : (i % 2 == 0 ? 2 : 0.5) * Math.max(0, pv[i]);
      top = Math.max(top, pv[i]);
    }
    List<Opportunity> ops = findWith(valuesCopy(), new CustomerScores(pv, pop.scores.churnProbability(),
        pop.scores.responseProbability(), pop.scores.embedding(), buying));
    Opportunity o = ops.stream().filter(x -> x.opportunityId().equals("retain")).findFirst().orElseThrow();
    double cap = top;
    double expected = retainValue(o, i -> Math.max(Math.max(0, pv[i]), Math.min(buying[i], cap)));
    assertEquals(expected, o.expectedValue(), 1e-6 * Math.abs(expected), o.valueFormula());
    assertTrue(o.valueFormula().contains("value if active = the model's spend for a customer who buys"),
        o.valueFormula());
  }

  @Test
  void whereTheModelExpectsNearlyEveryoneToBuyNobodyIsGone() {
    // A grocer's customers: the churn probabilities still vary (Otsu's cut finds a split), but none
    // is above 40%, so the model expects every customer to order again and none is lapsed or gone.
    double[] churn = pop.scores.churnProbability().clone();
    for (int i = 0; i < churn.length; i++) {
      churn[i] = 0.4 * churn[i];
    }
    List<Opportunity> ops = findWith(valuesCopy(), new CustomerScores(pop.scores.predictedValue(), churn,
        pop.scores.responseProbability(), pop.scores.embedding()));
    assertTrue(ops.stream().noneMatch(o -> o.opportunityId().equals("win_back") || o.opportunityId().equals("suppress")),
        ops.stream().map(o -> o.opportunityId() + " " + o.customers()).toList().toString());
    assertTrue(ops.stream().anyMatch(o -> o.opportunityId().equals("retain")), "the rest are still found");
  }

  @Test
  void withoutAnEarlierSnapshotNurtureSaysSo() {
    List<Opportunity> fallback = OpportunityFinder.find(pop.input(false));
    fallback.stream().filter(o -> o.opportunityId().equals("nurture_rising")).forEach(o ->
        assertTrue(o.evidence().contains("no earlier snapshot"), o.evidence()));
  }

  @Test
  void rankedByExpectedValueWithFormulasAndEvidence() {
    Set<String> ids = new HashSet<>();
    for (int r = 0; r < found.size(); r++) {
      Opportunity o = found.get(r);
      assertEquals(r + 1, o.rank());
      if (r > 0) {
        assertTrue(found.get(r - 1).expectedValue() >= o.expectedValue());
      }
      assertTrue(ids.add(o.opportunityId()), "duplicate id " + o.opportunityId());
      assertTrue(o.confidence() >= 0 && o.confidence() <= 1, o.opportunityId());
      assertTrue(o.customers() > 0);
      assertTrue(o.valueFormula().contains(String.format(java.util.Locale.ROOT, "%,d",
          o.customers())), o.valueFormula());
      assertTrue(o.valueFormula().endsWith("EUR"), o.valueFormula());
      int lines = o.evidence().split("; ").length;
      assertTrue(lines >= 2 && lines <= 4, o.opportunityId() + ": " + o.evidence());
      assertNotNull(o.action());
      assertNotNull(o.kpi());
    }
    assertTrue(byId("win_back").valueFormula().contains("learned from marketing"));
  }

  @Test
  void withoutMarketingTheDefaultsAreUsedAndFatigueIsNotGuessed() {
    PlantedPopulation plain = new PlantedPopulation(11, false);
    List<Opportunity> ops = OpportunityFinder.find(plain.input(true));
    assertTrue(ops.stream().noneMatch(o -> o.opportunityId().equals("reduce_frequency")));
    Opportunity wb = ops.stream().filter(o -> o.opportunityId().equals("win_back")).findFirst()
        .orElseThrow();
    assertTrue(wb.valueFormula().contains("assumption win_back_response"), wb.valueFormula());
  }

  @Test
  void sameInputSameOpportunities() {
    List<Opportunity> again = OpportunityFinder.find(pop.input(true));
    assertEquals(found.size(), again.size());
    for (int r = 0; r < found.size(); r++) {
      Opportunity a = found.get(r);
      Opportunity b = again.get(r);
      assertEquals(a.opportunityId(), b.opportunityId());
      assertEquals(a.expectedValue(), b.expectedValue());
      assertEquals(a.memberIds(), b.memberIds());
      assertArrayEquals(a.memberScores(), b.memberScores());
      assertEquals(a.valueFormula(), b.valueFormula());
    }
  }

  @Test
  void tinyAndEmptyRunsGiveNoErrors() {
    for (int n : new int[] {0, 1, 3}) {
      dev.undercurrent.core.signals.SignalCatalog catalog = dev.undercurrent.core.signals
          .SignalCatalog.of(java.util.EnumSet.of(dev.undercurrent.core.signals.SignalGroup.ORDERS),
              List.of(), List.of());
      String[] ids = new String[n];
      double[][] values = new double[n][catalog.size()];
      float[][] emb = new float[n][2];
      double[] pv = new double[n];
      double[] churn = new double[n];
      double[] resp = new double[n];
      for (int i = 0; i < n; i++) {
        ids[i] = "c" + i;
        pv[i] = 10 * i;
        churn[i] = 0.5;
        resp[i] = Double.NaN;
        emb[i][0] = i;
      }
      DiscoveryInput in = new DiscoveryInput(
          new dev.undercurrent.core.model.CustomerSignals(ids, catalog, values),
          new dev.undercurrent.core.model.CustomerScores(pv, churn, resp, emb), new int[n],
          List.of(), dev.undercurrent.core.neighbours.NearestNeighbours.exact(emb, 10), null, 90,
          "EUR", Map.of());
      for (Opportunity o : OpportunityFinder.find(in)) {
        assertTrue(o.customers() > 0, o.opportunityId());
      }
    }
  }

  @Test
  void misalignedInputIsRejectedWithTheCounts() {
    DiscoveryInput base = pop.input(true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DiscoveryInput(base.signals(), base.scores(), new int[5], List.of(),
            base.neighbours(), null, 90, "EUR", Map.of()));
    assertTrue(e.getMessage().contains("segmentOf") && e.getMessage().contains("5"),
        e.getMessage());
  }

  @Test
  void assumptionsOverrideTheSizingAndUnknownKeysAreRejected() {
    DiscoveryInput base = pop.input(true);
    DiscoveryInput cheaper = new DiscoveryInput(base.signals(), base.scores(), base.segmentOf(),
        base.profiles(), base.neighbours(), base.earlier(), base.horizonDays(), "EUR",
        Map.of(Assumptions.DISCOUNT_RECOVERY, 0.25));
    double before = byId("protect_margin").expectedValue();
    double after = OpportunityFinder.find(cheaper).stream()
        .filter(o -> o.opportunityId().equals("protect_margin")).findFirst().orElseThrow()
        .expectedValue();
    assertTrue(after < before, after + " vs " + before);
    // customers lost to attrition recover no discount: with all of them lost, only the loss is left
    DiscoveryInput allLost = new DiscoveryInput(base.signals(), base.scores(), base.segmentOf(),
        base.profiles(), base.neighbours(), base.earlier(), base.horizonDays(), "EUR",
        Map.of(Assumptions.DISCOUNT_ATTRITION, 1.0));
    Opportunity lost = OpportunityFinder.find(allLost).stream()
        .filter(o -> o.opportunityId().equals("protect_margin")).findFirst().orElseThrow();
    assertTrue(lost.expectedValue() < 0, lost.valueFormula());
    assertTrue(lost.valueFormula().contains("× 0.0% who stay"), lost.valueFormula());
    DiscoveryInput bad = new DiscoveryInput(base.signals(), base.scores(), base.segmentOf(),
        base.profiles(), base.neighbours(), null, 90, "EUR", Map.of("win_back_rate", 0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OpportunityFinder.find(bad));
    assertTrue(e.getMessage().contains("win_back_rate"), e.getMessage());
  }
}
