package dev.undercurrent.core.clv;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/**
 * The {@code clv} command's result: the three models fitted on one customer base, and the holdout
 * check when there is a holdout. {@link #toJson()} writes the contract's object, keys exactly
 * {@code customers, bgnbd{r, alpha, a, b, log_likelihood}, pareto_nbd{r, alpha, s, beta,
 * log_likelihood}, gamma_gamma{p, q, gamma, log_likelihood, customers}, holdout{
 * actual_repeat_transactions, bgnbd_predicted, pareto_nbd_predicted}}.
 *
 * @param gammaGamma null when no customer has a repeat transaction with a positive value
 * @param holdout null without a holdout period
 */
public record ClvSummary(
    long customers,
    BgNbdModel bgNbd,
    ParetoNbdModel paretoNbd,
    GammaGammaModel gammaGamma,
    HoldoutComparison holdout) {

  /** Fits all three models on customers summarised by {@link CustomerActivity}. */
  public static ClvSummary fit(
      Collection<CustomerActivity> customers, ClvPeriod period, FitOptions options) {
    long actual = 0;
    for (CustomerActivity c : customers) {
      actual += c.holdoutTransactions();
    }
    return fit(
        ActivityPatterns.of(customers),
        SpendObservations.of(customers),
        period.holdoutLength(),
        actual,
        options);
  }

  /**
   * Fits all three models on already compressed statistics (the Spark path: aggregate patterns and
   * spend on the cluster, fit on the driver).
   *
   * @param holdoutLength the holdout length in time units, 0 for none
   * @param actualHoldoutTransactions the customers' repeat transactions in the holdout
   */
  public static ClvSummary fit(
      ActivityPatterns patterns,
      SpendObservations spend,
      double holdoutLength,
      long actualHoldoutTransactions,
      FitOptions options) {
    BgNbdModel bg = BgNbdModel.fit(patterns, options);
    ParetoNbdModel pareto = ParetoNbdModel.fit(patterns, options);
    GammaGammaModel gg = spend.size() == 0 ? null : GammaGammaModel.fit(spend, options);
    HoldoutComparison holdout = null;
    if (holdoutLength > 0) {
      holdout =
          new HoldoutComparison(
              holdoutLength,
              actualHoldoutTransactions,
              bg.sumExpectedTransactionsAfterAge(patterns, holdoutLength),
              pareto.sumExpectedTransactionsAfterAge(patterns, holdoutLength),
              bg.sumConditionalExpectedTransactions(patterns, holdoutLength),
              pareto.sumConditionalExpectedTransactions(patterns, holdoutLength));
    }
    return new ClvSummary(Math.round(patterns.customers()), bg, pareto, gg, holdout);
  }

  /** The contract's JSON object. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("customers", customers);
    ObjectNode bg = root.putObject("bgnbd");
    bg.put("r", bgNbd.r());
    bg.put("alpha", bgNbd.alpha());
    bg.put("a", bgNbd.a());
    bg.put("b", bgNbd.b());
    bg.put("log_likelihood", bgNbd.logLikelihood());
    ObjectNode pn = root.putObject("pareto_nbd");
    pn.put("r", paretoNbd.r());
    pn.put("alpha", paretoNbd.alpha());
    pn.put("s", paretoNbd.s());
    pn.put("beta", paretoNbd.beta());
    pn.put("log_likelihood", paretoNbd.logLikelihood());
    if (gammaGamma == null) {
      root.putNull("gamma_gamma");
    } else {
      ObjectNode gg = root.putObject("gamma_gamma");
      gg.put("p", gammaGamma.p());
      gg.put("q", gammaGamma.q());
      gg.put("gamma", gammaGamma.gamma());
      gg.put("log_likelihood", gammaGamma.logLikelihood());
      gg.put("customers", gammaGamma.customers());
    }
    if (holdout != null) {
      ObjectNode h = root.putObject("holdout");
      h.put("actual_repeat_transactions", holdout.actualRepeatTransactions());
      h.put("bgnbd_predicted", holdout.bgNbdPredicted());
      h.put("pareto_nbd_predicted", holdout.paretoNbdPredicted());
    }
    return root;
  }
}
