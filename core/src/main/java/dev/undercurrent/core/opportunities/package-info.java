/**
 * Opportunity discovery: the nine detectors of contract section 5, built on the learned
 * representation (embedding neighbours), the model's predictions (predicted value, churn and
 * response probabilities) and each customer's own rhythm, each sized in currency over the horizon
 * with its formula and assumptions written out.
 *
 * <p>{@link dev.undercurrent.core.opportunities.OpportunityFinder#find} is the entry point; its
 * input is a {@link dev.undercurrent.core.opportunities.DiscoveryInput} and its business
 * assumptions are the keys of {@link dev.undercurrent.core.opportunities.Assumptions}. No Spark,
 * no DJL and no I/O here: the caller computes signals, scores and neighbours and writes results.
 */
package dev.undercurrent.core.opportunities;
