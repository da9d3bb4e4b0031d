package dev.undercurrent.core.evaluation;

import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.segments.ClusteringAgreement;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The planted truth of a synthetic lake ({@code _truth/customers.csv}: {@code customer_id, kind,
 * future_revenue, …, one 0/1 column per opportunity type}) and the measures of a run against it.
 *
 * <p>Only {@code customer_id} and one of {@code kind} or {@code future_revenue} are required: a
 * truth of real data with a withheld period (each customer's revenue in it) judges the value and
 * churn predictions alone, without kinds or planted audiences.
 *
 * <p>Limits: the file is read with a plain comma split, which is enough for the generator's own
 * output (ids and kinds never hold commas) and is not a general CSV reader.
 */
public final class TruthEvaluation {
  private final Map<String, String> kindOf;
  private final Map<OpportunityType, Set<String>> planted;
  private final Map<String, Double> futureRevenue;
  private final Map<String, Integer> futureOrders;

  private TruthEvaluation(Map<String, String> kindOf, Map<OpportunityType, Set<String>> planted,
      Map<String, Double> futureRevenue, Map<String, Integer> futureOrders) {
    this.kindOf = kindOf;
    this.planted = planted;
    this.futureRevenue = futureRevenue;
    this.futureOrders = futureOrders;
  }

  /** Reads {@code dir/customers.csv} where the folder exists. */
  public static Optional<TruthEvaluation> read(Path dir) throws IOException {
    Path f = dir.resolve("customers.csv");
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    Map<String, String> kinds = new HashMap<>();
    Map<OpportunityType, Set<String>> planted = new LinkedHashMap<>();
    Map<String, Double> future = new HashMap<>();
    Map<String, Integer> orders = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      String[] header = r.readLine().split(",", -1);
      Map<String, Integer> col = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        col.put(header[i].trim(), i);
      }
      Integer id = col.get("customer_id");
      Integer kind = col.get("kind");
      Integer rev = col.get("future_revenue");
      Integer ord = col.get("future_orders");
      if (id == null || (kind == null && rev == null)) {
        throw new IOException(f + ": expected columns customer_id and kind or future_revenue (found "
            + String.join(", ", header) + ")");
      }
      for (OpportunityType t : OpportunityType.values()) {
        if (col.containsKey(t.key())) {
          planted.put(t, new HashSet<>());
        }
      }
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] v = line.split(",", -1);
        if (kind != null) {
          kinds.put(v[id], v[kind]);
        }
        if (rev != null && !v[rev].isEmpty()) {
          future.put(v[id], Double.parseDouble(v[rev]));
        }
        if (ord != null && !v[ord].isEmpty()) {
          orders.put(v[id], Integer.parseInt(v[ord].trim()));
        }
        for (Map.Entry<OpportunityType, Set<String>> e : planted.entrySet()) {
          String flag = v[col.get(e.getKey().key())].trim();
          if (flag.equals("1") || flag.equalsIgnoreCase("true")) {
            e.getValue().add(v[id]);
          }
        }
      }
    }
    return Optional.of(new TruthEvaluation(kinds, planted, future, orders));
  }

  /** Whether the truth plants kinds (a synthetic lake) rather than only a withheld period's revenue. */
  public boolean hasKinds() {
    return !kindOf.isEmpty();
  }

  /** Whether the truth plants an audience for at least one opportunity type. */
  public boolean hasAudiences() {
    return !planted.isEmpty();
  }

  /**
   * Why this truth cannot judge a run of these customers, or null where it can: where not one of
   * them appears in it (ids written otherwise, or hashed as email addresses are), every figure
   * would be computed over nobody and read as a result (an ARI of 1.000 over no customer).
   */
  public String unmatched(String[] customerIds) {
    for (String id : customerIds) {
      if (kindOf.containsKey(id) || futureRevenue.containsKey(id) || futureOrders.containsKey(id)) {
        return null;
      }
    }
    String example = java.util.stream.Stream.of(kindOf.keySet(), futureRevenue.keySet(), futureOrders.keySet())
        .flatMap(Set::stream).sorted().findFirst().orElse(null);
    return "none of the run's " + customerIds.length + " customers is in the truth"
        + (example == null ? "" : " (whose ids read like '" + dev.undercurrent.core.model.CustomerMatch.shown(example) + "')");
  }

  /** Adjusted Rand index of the segments against the planted kinds, over the customers in both. */
  public double segmentAri(String[] customerIds, int[] segmentOf) {
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    Map<String, Integer> kindIndex = new HashMap<>();
    for (int i = 0; i < customerIds.length; i++) {
      String k = kindOf.get(customerIds[i]);
      if (k == null) {
        continue;
      }
      a.add(segmentOf[i]);
      b.add(kindIndex.computeIfAbsent(k, x -> kindIndex.size()));
    }
    return ClusteringAgreement.adjustedRandIndex(a.stream().mapToInt(Integer::intValue).toArray(),
        b.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Precision, recall and F1 of each type's audience (the union of the run's opportunities of that
   * type) against the customers planted for the type, among the customers the run scored.
   */
  public Map<String, Map<String, Double>> audienceScores(List<Opportunity> opportunities, Set<String> scored) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (Map.Entry<OpportunityType, Set<String>> e : planted.entrySet()) {
      Set<String> truth = new HashSet<>(e.getValue());
      truth.retainAll(scored);
      Set<String> found = new HashSet<>();
      for (Opportunity o : opportunities) {
        if (o.type() == e.getKey()) {
          found.addAll(o.memberIds());
        }
      }
      long hit = found.stream().filter(truth::contains).count();
      double precision = found.isEmpty() ? 0 : hit / (double) found.size();
      double recall = truth.isEmpty() ? 0 : hit / (double) truth.size();
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("precision", precision);
      m.put("recall", recall);
      m.put("f1", f1);
      m.put("audience", (double) found.size());
      m.put("planted", (double) truth.size());
      out.put(e.getKey().key(), m);
    }
    return out;
  }

  /** What each customer really spent in the withheld horizon, where the truth has it. */
  public Map<String, Double> futureRevenue() {
    return futureRevenue;
  }

  /**
   * Whether each customer churned in the withheld horizon in the sense the model predicts it: no
   * order at all. Where the truth counts orders ({@code future_orders}) that count decides, so a
   * customer who ordered and sent everything back has not churned; where it has only revenue, a
   * customer churned whose net revenue is zero or who is absent from it.
   */
  public boolean[] churned(String[] customerIds) {
    boolean[] out = new boolean[customerIds.length];
    for (int i = 0; i < out.length; i++) {
      Integer n = futureOrders.get(customerIds[i]);
      if (n != null) {
        out[i] = n == 0;
      } else {
        Double r = futureRevenue.get(customerIds[i]);
        out[i] = r == null || r == 0;
      }
    }
    return out;
  }
}
