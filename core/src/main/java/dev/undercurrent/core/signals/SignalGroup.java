package dev.undercurrent.core.signals;

/** Which source a signal needs; a run keeps only the signals whose source is present. */
public enum SignalGroup {
  ORDERS,
  ORDER_ITEMS,
  EVENTS,
  MARKETING,
  CLV
}
