package dev.undercurrent.core.record;

import static dev.undercurrent.core.record.CanonicalColumn.optional;
import static dev.undercurrent.core.record.CanonicalColumn.required;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The five canonical sources of contract section 3. Only {@link #ORDERS} is required; each other
 * source enriches the customer picture when it is present.
 */
public enum Source {
  ORDERS(
      "orders",
      "ordered_at",
      List.of(
          required("order_id", ColumnType.STRING),
          required("customer_id", ColumnType.STRING),
          required("ordered_at", ColumnType.TIMESTAMP),
          required("revenue", ColumnType.DOUBLE),
          optional("cost", ColumnType.DOUBLE),
          optional("discount", ColumnType.DOUBLE),
          optional("channel", ColumnType.STRING),
          optional("returned_amount", ColumnType.DOUBLE),
          optional("campaign_id", ColumnType.STRING))),
  CUSTOMERS(
      "customers",
      null,
      List.of(
          required("customer_id", ColumnType.STRING),
          optional("signup_date", ColumnType.DATE),
          optional("email", ColumnType.STRING),
          optional("phone", ColumnType.STRING),
          optional("country", ColumnType.STRING),
          optional("acquisition_channel", ColumnType.STRING))),
  ORDER_ITEMS(
      "order_items",
      null,
      List.of(
          required("order_id", ColumnType.STRING),
          optional("product_id", ColumnType.STRING),
          required("category", ColumnType.STRING),
          optional("quantity", ColumnType.DOUBLE),
          optional("unit_price", ColumnType.DOUBLE))),
  EVENTS(
      "events",
      "occurred_at",
      List.of(
          required("customer_id", ColumnType.STRING),
          required("occurred_at", ColumnType.TIMESTAMP),
          required("event_type", ColumnType.STRING),
          optional("category", ColumnType.STRING),
          optional("value", ColumnType.DOUBLE))),
  MARKETING(
      "marketing",
      "sent_at",
      List.of(
          required("customer_id", ColumnType.STRING),
          required("sent_at", ColumnType.TIMESTAMP),
          optional("channel", ColumnType.STRING),
          optional("campaign_id", ColumnType.STRING),
          optional("offer", ColumnType.STRING),
          optional("opened", ColumnType.BOOLEAN),
          optional("clicked", ColumnType.BOOLEAN),
          optional("converted", ColumnType.BOOLEAN),
          optional("unsubscribed", ColumnType.BOOLEAN)));

  private final String key;
  private final String timeColumn;
  private final List<CanonicalColumn> columns;

  Source(String key, String timeColumn, List<CanonicalColumn> columns) {
    this.key = key;
    this.timeColumn = timeColumn;
    this.columns = columns;
  }

  /** The name used in the config and in messages, e.g. {@code order_items}. */
  public String key() {
    return key;
  }

  /** The column that places a row in time, or empty for sources without one. */
  public Optional<String> timeColumn() {
    return Optional.ofNullable(timeColumn);
  }

  public List<CanonicalColumn> columns() {
    return columns;
  }

  public List<CanonicalColumn> requiredColumns() {
    return columns.stream().filter(CanonicalColumn::required).toList();
  }

  public Optional<CanonicalColumn> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public static Optional<Source> byKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (Source s : values()) {
      if (s.key.equals(k)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
