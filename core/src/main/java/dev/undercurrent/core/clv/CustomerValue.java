package dev.undercurrent.core.clv;

import java.io.Serializable;

/**
 * One customer's predictions over a horizon: what a per-customer score table holds.
 *
 * @param probabilityAlive P(alive | x, t<sub>x</sub>, T) at the calibration end
 * @param expectedTransactions E[Y(horizon) | x, t<sub>x</sub>, T]
 * @param expectedAverageValue the Gamma-Gamma expected value of one future transaction
 * @param lifetimeValue the discounted value over the horizon ({@link LifetimeValue#of})
 */
public record CustomerValue(
    double probabilityAlive,
    double expectedTransactions,
    double expectedAverageValue,
    double lifetimeValue)
    implements Serializable {}
