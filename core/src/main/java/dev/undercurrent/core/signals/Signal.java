package dev.undercurrent.core.signals;

/**
 * A named signal and what it means to a marketer.
 *
 * @param name snake_case name, as written to {@code customer_signals}
 * @param group the source it needs
 * @param label a short phrase for explanations, e.g. "days since last order"
 * @param kind what sort of signal: timing, sequence, trend, intensity, affinity, margin, response
 */
public record Signal(String name, SignalGroup group, String label, String kind)
    implements java.io.Serializable {}
