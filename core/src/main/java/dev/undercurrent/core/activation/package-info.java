/**
 * Activation: turning an opportunity's audience into something a channel can use, measurably.
 * {@link dev.undercurrent.core.activation.HoldoutAssigner} splits every audience into treatment
 * and a stable random holdout, drawn once per customer so that overlapping audiences share it;
 * {@link dev.undercurrent.core.activation.AudienceHashing} normalizes and hashes emails and phone
 * numbers the way Google Customer Match and Meta Custom Audiences specify, so that plain PII never
 * leaves the run. No I/O here.
 */
package dev.undercurrent.core.activation;
