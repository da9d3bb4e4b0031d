/**
 * Point-in-time signals per customer: what is known about a customer on the evening before the
 * cut-off, and nothing after it.
 *
 * <p>A {@link dev.undercurrent.core.signals.CustomerHistory} holds one customer's rows from every
 * source; {@link dev.undercurrent.core.signals.SignalCalculator} turns it into one vector of named
 * signals for a cut-off, ignoring every row at or after the cut-off, and
 * {@link dev.undercurrent.core.signals.HorizonOutcome} measures what the customer did in the
 * horizon after it (the labels the network learns from). Spark groups rows by customer and calls
 * these; no Spark types here.
 */
package dev.undercurrent.core.signals;
