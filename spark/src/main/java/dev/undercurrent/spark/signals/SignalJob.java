package dev.undercurrent.spark.signals;

import static org.apache.spark.sql.functions.*;

import dev.undercurrent.core.clv.ClvPeriod;
import dev.undercurrent.core.clv.ClvTimeUnit;
import dev.undercurrent.core.clv.CustomerActivity;
import dev.undercurrent.core.record.Source;
import dev.undercurrent.core.signals.CustomerHistory;
import dev.undercurrent.core.signals.EventLine;
import dev.undercurrent.core.signals.HorizonOutcome;
import dev.undercurrent.core.signals.MarketingTouch;
import dev.undercurrent.core.signals.OrderLine;
import dev.undercurrent.core.signals.SignalCalculator;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import dev.undercurrent.spark.sources.ValidatedLake;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Computes every customer's signals at a set of cut-offs, with the horizon outcome after each.
 *
 * <p>Rows at or after {@code as_of} are dropped before histories are built, so no cut-off can see
 * past the run's own cut-off; within a history the calculator's guard keeps each earlier cut-off
 * from seeing its own future. A customer gets a row for a cut-off only if they ordered before it.
 *
 * <p>Output columns: {@code customer_id, cut_index, signals (array<double>), value, bought,
 * touches, responded}, then the customer's repeat-purchase summary in weeks as the lifetime-value
 * models read it ({@code clv_x, clv_tx, clv_age, clv_m}); cut index 0 is {@code as_of} itself
 * (its outcome is unknown and zero).
 */
public final class SignalJob {
  private static final int MAX_CATEGORIES = 12;
  private static final int MAX_CHANNELS = 6;

  public static final StructType OUTPUT =
      new StructType()
          .add("customer_id", DataTypes.StringType, false)
          .add("cut_index", DataTypes.IntegerType, false)
          .add("signals", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("value", DataTypes.DoubleType, false)
          .add("bought", DataTypes.BooleanType, false)
          .add("touches", DataTypes.IntegerType, false)
          .add("responded", DataTypes.BooleanType, false)
          .add("clv_x", DataTypes.IntegerType, false)
          .add("clv_tx", DataTypes.DoubleType, false)
          .add("clv_age", DataTypes.DoubleType, false)
          .add("clv_m", DataTypes.DoubleType, false);

  private static final StructType LOG =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("k", DataTypes.StringType)
          .add("t", DataTypes.LongType)
          .add("s1", DataTypes.StringType)
          .add("s2", DataTypes.StringType)
          .add("s3", DataTypes.StringType)
          .add("d1", DataTypes.DoubleType)
          .add("d2", DataTypes.DoubleType)
          .add("d3", DataTypes.DoubleType)
          .add("d4", DataTypes.DoubleType)
          .add("flags", DataTypes.IntegerType)
          .add("cats", DataTypes.createArrayType(DataTypes.StringType));

  private SignalJob() {}

  /** The result: the catalog the run uses and the signal rows. */
  /** @param firstOrder the day of the first valid order before {@code as_of} */
  public record Result(SignalCatalog catalog, long[] cutoffs, Dataset<Row> rows, LocalDate firstOrder) {}

  /**
   * The cut-offs of a run: {@code as_of}, then one horizon back at a time while history allows
   * (at most {@code maxSnapshots}), plus the same date a year earlier so seasonal buyers are seen
   * in their season. The first cut-off before {@code as_of} is the held-out one, and no other may
   * see its horizon: the year-earlier cut-off is added only where its own horizon ends by the
   * held-out cut-off (horizons up to about half a year). With a longer horizon its labels would run
   * into the held-out period, and past a year it would itself become the latest labelled cut-off,
   * so early stopping and the reported held-out figures would read labels the network trained on.
   */
  public static long[] cutoffs(LocalDate asOf, int horizonDays, LocalDate firstOrder, int maxSnapshots) {
    List<Long> cuts = new ArrayList<>();
    cuts.add(SignalCalculator.cutoff(asOf));
    LocalDate earliest = firstOrder.plusDays(Math.max(horizonDays, 60));
    for (int k = 1; k <= maxSnapshots; k++) {
      LocalDate c = asOf.minusDays((long) k * horizonDays);
      if (c.isBefore(earliest)) {
        break;
      }
      cuts.add(SignalCalculator.cutoff(c));
    }
    LocalDate lastYear = asOf.minusYears(1);
    long ly = SignalCalculator.cutoff(lastYear);
    boolean near = cuts.stream().anyMatch(c -> Math.abs(c - ly) < 15L * 86_400);
    boolean clearOfHeldOut = cuts.size() > 1 && !lastYear.plusDays(horizonDays).isAfter(asOf.minusDays(horizonDays));
    if (!lastYear.isBefore(earliest) && !near && clearOfHeldOut) {
      cuts.add(ly);
    }
    return cuts.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Why the history is too short to train on with this horizon, or null where it is not: training
   * needs two labelled cut-offs (one to learn from, the latest held out to judge it), each with at
   * least a horizon (and 60 days) of orders before it (see {@link #cutoffs}). Names the longest
   * horizon this history allows.
   */
  public static String tooShort(LocalDate asOf, int horizonDays, LocalDate firstOrder, int maxSnapshots) {
    long[] cuts = cutoffs(asOf, horizonDays, firstOrder, maxSnapshots);
    if (cuts.length >= 3) {
      return null;
    }
    int longest = 0;
    for (int h = horizonDays - 1; h >= 1; h--) {
      if (cutoffs(asOf, h, firstOrder, maxSnapshots).length >= 3) {
        longest = h;
        break;
      }
    }
    return "horizon_days: " + horizonDays + " leaves " + (cuts.length == 1 ? "no labelled cut-off" : "one labelled"
        + " cut-off") + " in orders from " + firstOrder + " to as_of " + asOf + "; training needs two (one to learn"
        + " from, the latest held out to judge it), each with a horizon of orders before it: "
        + (longest > 0 ? "give horizon_days of at most " + longest + ", or more history"
            : "more history is needed") + " (or score with a saved model, --model)";
  }

  public static Result run(ValidatedLake lake, int horizonDays, int maxSnapshots) {
    Timestamp cut = Timestamp.from(lake.asOf().atStartOfDay(ZoneOffset.UTC).toInstant());
    Dataset<Row> orders = lake.get(Source.ORDERS).where(col("ordered_at").lt(lit(cut)));
    Set<SignalGroup> present = EnumSet.of(SignalGroup.ORDERS);
    List<String> categories = List.of();
    Dataset<Row> cats = null;
    if (lake.has(Source.ORDER_ITEMS)) {
      present.add(SignalGroup.ORDER_ITEMS);
      Dataset<Row> items = lake.get(Source.ORDER_ITEMS).where(col("_order_at").lt(lit(cut)));
      categories = top(items.select(lower(trim(col("category"))).as("v")), MAX_CATEGORIES);
      cats = items.groupBy(col("order_id")).agg(collect_list(lower(trim(col("category")))).as("cats"));
    }
    List<String> channels = top(orders.select(lower(trim(col("channel"))).as("v")), MAX_CHANNELS);
    if (lake.has(Source.EVENTS)) {
      present.add(SignalGroup.EVENTS);
    }
    if (lake.has(Source.MARKETING)) {
      present.add(SignalGroup.MARKETING);
    }
    SignalCatalog catalog = SignalCatalog.of(present, categories, channels);

    Dataset<Row> o = cats == null ? orders.withColumn("cats", lit(null).cast("array<string>"))
        : orders.join(cats, orders.col("order_id").equalTo(cats.col("order_id")), "left").drop(cats.col("order_id"));
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(o.select(col("customer_id"), lit("O").as("k"), unix_timestamp(col("ordered_at")).as("t"),
        col("order_id").as("s1"), col("channel").as("s2"), col("campaign_id").as("s3"),
        coalesce(col("revenue"), lit(0.0)).as("d1"), coalesce(col("cost"), lit(Double.NaN)).as("d2"),
        coalesce(col("discount"), lit(0.0)).as("d3"), coalesce(col("returned_amount"), lit(0.0)).as("d4"),
        lit(0).as("flags"), col("cats")));
    if (lake.has(Source.EVENTS)) {
      Dataset<Row> e = lake.get(Source.EVENTS).where(col("occurred_at").lt(lit(cut)));
      parts.add(e.select(col("customer_id"), lit("E").as("k"), unix_timestamp(col("occurred_at")).as("t"),
          col("event_type").as("s1"), col("category").as("s2"), lit(null).cast("string").as("s3"),
          coalesce(col("value"), lit(0.0)).as("d1"), lit(0.0).as("d2"), lit(0.0).as("d3"), lit(0.0).as("d4"),
          lit(0).as("flags"), lit(null).cast("array<string>").as("cats")));
    }
    if (lake.has(Source.MARKETING)) {
      Dataset<Row> m = lake.get(Source.MARKETING).where(col("sent_at").lt(lit(cut)));
      Column flags = flag("opened", 1).plus(flag("clicked", 2)).plus(flag("converted", 4)).plus(flag("unsubscribed", 8));
      parts.add(m.select(col("customer_id"), lit("M").as("k"), unix_timestamp(col("sent_at")).as("t"),
          col("channel").as("s1"), col("campaign_id").as("s2"), col("offer").as("s3"),
          lit(0.0).as("d1"), lit(0.0).as("d2"), lit(0.0).as("d3"), lit(0.0).as("d4"),
          flags.as("flags"), lit(null).cast("array<string>").as("cats")));
    }
    if (lake.has(Source.CUSTOMERS)) {
      Dataset<Row> c = lake.get(Source.CUSTOMERS);
      parts.add(c.select(col("customer_id"), lit("C").as("k"),
          coalesce(datediff(col("signup_date"), lit("1970-01-01").cast("date")).cast("long"), lit(Long.MIN_VALUE)).as("t"),
          lit(null).cast("string").as("s1"), lit(null).cast("string").as("s2"), lit(null).cast("string").as("s3"),
          lit(0.0).as("d1"), lit(0.0).as("d2"), lit(0.0).as("d3"), lit(0.0).as("d4"),
          lit(0).as("flags"), lit(null).cast("array<string>").as("cats")));
    }
    Dataset<Row> log = parts.stream().reduce(Dataset::unionByName).orElseThrow();
    Row first = orders.agg(min(col("ordered_at"))).first();
    LocalDate firstOrder = first.isNullAt(0) ? lake.asOf()
        : first.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    long[] cutoffs = cutoffs(lake.asOf(), horizonDays, firstOrder, maxSnapshots);
    Dataset<Row> rows = log.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(new PerCustomer(catalog, horizonDays, cutoffs), Encoders.row(OUTPUT));
    return new Result(catalog, cutoffs, rows, firstOrder);
  }

  private static Column flag(String c, int bit) {
    return when(col(c).equalTo(true), lit(bit)).otherwise(lit(0));
  }

  private static List<String> top(Dataset<Row> values, int n) {
    List<String> out = new ArrayList<>();
    for (Row r : values.where(col("v").isNotNull().and(col("v").notEqual("")))
        .groupBy("v").count().orderBy(col("count").desc(), col("v")).limit(n).collectAsList()) {
      out.add(r.getString(0));
    }
    return out;
  }

  /** Builds one customer's history and emits a row per cut-off the customer had ordered before. */
  static final class PerCustomer implements FlatMapGroupsFunction<String, Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;
    private final SignalCatalog catalog;
    private final int horizonDays;
    private final long[] cutoffs;
    private transient SignalCalculator calculator;

    PerCustomer(SignalCatalog catalog, int horizonDays, long[] cutoffs) {
      this.catalog = catalog;
      this.horizonDays = horizonDays;
      this.cutoffs = cutoffs;
    }

    @Override
    public Iterator<Row> call(String customerId, Iterator<Row> rows) {
      if (calculator == null) {
        calculator = new SignalCalculator(catalog, horizonDays);
      }
      CustomerHistory h = history(customerId, rows);
      List<Row> out = new ArrayList<>(cutoffs.length);
      if (h.orders().isEmpty()) {
        return out.iterator();
      }
      long firstOrder = h.orders().get(0).orderedAt();
      for (int i = 0; i < cutoffs.length; i++) {
        long c = cutoffs[i];
        if (firstOrder >= c) {
          continue;
        }
        double[] s = calculator.compute(h, c);
        HorizonOutcome y = i == 0 ? new HorizonOutcome(0, false, 0, false) : HorizonOutcome.of(h, c, horizonDays);
        Double[] boxed = new Double[s.length];
        for (int j = 0; j < s.length; j++) {
          boxed[j] = s[j];
        }
        CustomerActivity a = activity(h, c);
        out.add(RowFactory.create(customerId, i, boxed, y.netRevenue(), y.bought(), y.touches(), y.responded(),
            a.frequency(), a.recency(), a.age(), a.averageRepeatValue()));
      }
      return out.iterator();
    }

    /** The BG/NBD summary of the orders before {@code cut}, in weeks (Fader, Hardie & Lee 2005). */
    static CustomerActivity activity(CustomerHistory h, long cut) {
      int n = 0;
      for (OrderLine o : h.orders()) {
        if (o.orderedAt() < cut) {
          n++;
        }
      }
      long[] days = new long[n];
      double[] amounts = new double[n];
      int k = 0;
      for (OrderLine o : h.orders()) {
        if (o.orderedAt() < cut) {
          days[k] = Math.floorDiv(o.orderedAt(), 86_400L);
          amounts[k++] = o.netRevenueKnownAt(cut);
        }
      }
      LocalDate calibrationEnd = LocalDate.ofEpochDay(Math.floorDiv(cut, 86_400L) - 1);
      return CustomerActivity.fromPurchaseDays(h.customerId(), days, amounts,
              ClvPeriod.calibrationOnly(calibrationEnd, ClvTimeUnit.WEEK))
          .orElseThrow();
    }

    static CustomerHistory history(String customerId, Iterator<Row> rows) {
      List<OrderLine> orders = new ArrayList<>();
      List<EventLine> events = new ArrayList<>();
      List<MarketingTouch> touches = new ArrayList<>();
      long signup = Long.MIN_VALUE;
      while (rows.hasNext()) {
        Row r = rows.next();
        String k = r.getString(1);
        switch (k) {
          case "O" -> {
            List<String> cats = r.isNullAt(11) ? List.of() : r.getList(11);
            orders.add(new OrderLine(r.getString(3), r.getLong(2), r.getDouble(6), r.getDouble(7),
                r.getDouble(8), r.getDouble(9), r.getString(4), r.getString(5), cats));
          }
          case "E" -> events.add(new EventLine(r.getLong(2), r.getString(3), r.getString(4), r.getDouble(6)));
          case "M" -> {
            int f = r.getInt(10);
            touches.add(new MarketingTouch(r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                (f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0));
          }
          case "C" -> signup = r.isNullAt(2) ? Long.MIN_VALUE : r.getLong(2);
          default -> throw new IllegalStateException("unknown row kind " + k);
        }
      }
      return new CustomerHistory(customerId, signup, orders, events, touches);
    }
  }
}
