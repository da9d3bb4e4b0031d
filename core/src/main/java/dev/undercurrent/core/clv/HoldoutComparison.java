package dev.undercurrent.core.clv;

/**
 * Actual against predicted repeat transactions in the holdout period, the check of Fader, Hardie
 * &amp; Lee (2005), section 7. The predictions are the models' forecasts for the cohort, {@code
 * sum_i E[X(T_i + h)] - E[X(T_i)]} with h the holdout length (see {@link
 * TransactionModel#sumExpectedTransactionsAfterAge}); on CDNOW they are 1,668.8 (BG/NBD) and
 * 1,744.9 (Pareto/NBD) against 1,882 actual. The sums of the conditional expectations given each
 * customer's history are kept beside them, because they are what a per-customer score uses.
 */
public record HoldoutComparison(
    double length,
    long actualRepeatTransactions,
    double bgNbdPredicted,
    double paretoNbdPredicted,
    double bgNbdConditional,
    double paretoNbdConditional) {}
