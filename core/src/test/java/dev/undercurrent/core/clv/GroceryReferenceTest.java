package dev.undercurrent.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BTYDplus grocery event log (Platzer &amp; Reutterer 2016): calibration to 2006-12-31, a
 * 52-week holdout, weeks; figures from the BTYDplus "HowTo" vignette as collected in
 * shared/data/grocery_btydplus/README.md.
 */
class GroceryReferenceTest {
  @Test
  void paretoNbdMatchesTheBtydPlusVignette() {
    ClvPeriod period =
        new ClvPeriod(LocalDate.of(2006, 12, 31), LocalDate.of(2007, 12, 30), ClvTimeUnit.WEEK);
    List<CustomerActivity> customers = CustomerActivity.fromPurchases(SharedData.grocery(), period);
    assertEquals(1525, customers.size());
    assertEquals(5569, customers.stream().mapToInt(CustomerActivity::frequency).sum());
    assertEquals(3389, customers.stream().mapToInt(CustomerActivity::holdoutTransactions).sum());

    ActivityPatterns data = ActivityPatterns.of(customers);
    ParetoNbdModel m = ParetoNbdModel.fit(data, FitOptions.defaults());
    assertEquals(-15782.39, m.logLikelihood(), 0.01);
    assertEquals(0.786, m.r(), 0.786 * 0.01);
    assertEquals(5.679, m.alpha(), 5.679 * 0.01);
    assertEquals(0.386, m.s(), 0.386 * 0.01);
    assertEquals(5.717, m.beta(), 5.717 * 0.01);
    // the vignette's holdout forecast is the sum of the conditional expectations
    assertEquals(3991, m.sumConditionalExpectedTransactions(data, 52), 3991 * 0.001);
  }
}
