package dev.undercurrent.core.signals;

/**
 * One behavioural event (web or app session, product view, search, cart add, support ticket, …).
 *
 * @param occurredAt epoch seconds, UTC
 * @param eventType free text, compared case-insensitively
 */
public record EventLine(long occurredAt, String eventType, String category, double value) {}
