import dev.undercurrent.core.lookup.CustomerIndex;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.model.Opportunity;
import dev.undercurrent.core.model.OpportunityType;
import dev.undercurrent.core.signals.SignalCatalog;
import dev.undercurrent.core.signals.SignalGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times the customer index a run writes for lookups (customers.idx): writing it for N customers
 * with a 16-dimensional embedding and nine audiences holding a third of them, reading it back, and
 * looking customers up with their ten nearest others. Usage: java … CustomerIndexBench [N=1000000]
 */
public final class CustomerIndexBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int dim = 16;
    SplittableRandom rnd = new SplittableRandom(42);
    String[] ids = new String[n];
    int[] seg = new int[n];
    double[] value = new double[n];
    double[] churn = new double[n];
    double[] pct = new double[n];
    float[][] emb = new float[n][dim];
    for (int i = 0; i < n; i++) {
      ids[i] = String.format("C%07d", i);
      seg[i] = rnd.nextInt(5);
      value[i] = rnd.nextDouble() * 500;
      churn[i] = rnd.nextDouble();
      pct[i] = (double) i / n;
      for (int d = 0; d < dim; d++) {
        emb[i][d] = (float) rnd.nextGaussian();
      }
    }
    List<Opportunity> opps = new ArrayList<>();
    for (OpportunityType t : OpportunityType.values()) {
      List<String> members = new ArrayList<>();
      for (int i = t.ordinal(); i < n; i += 27) {
        members.add(ids[i]);
      }
      opps.add(new Opportunity("opp-" + t.key(), t, t.key(), null, 1, "f", 0.5, "e", "a", "k", 1, members,
          new double[members.size()]));
    }
    Path file = Files.createTempFile("customers", ".idx");
    System.out.println("customers drawn; writing");
    long t0 = System.nanoTime();
    CustomerIndex.write(file, ids, seg, value, churn, pct, emb, opps, (o, c) -> c.hashCode() % 10 == 0, signals(ids, rnd));
    double write = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    CustomerIndex index = CustomerIndex.read(file);
    double read = (System.nanoTime() - t0) / 1e9;
    int lookups = 50;
    t0 = System.nanoTime();
    for (int q = 0; q < lookups; q++) {
      index.customer(index.find(ids[(int) ((long) q * n / lookups)]).orElseThrow(), 10);
    }
    double lookup = (System.nanoTime() - t0) / 1e9 / lookups;
    System.out.printf("%,d customers: file %.1f MB, write %.2f s, read %.2f s, lookup with 10 neighbours %.1f ms%n",
        n, Files.size(file) / 1e6, write, read, lookup * 1e3);
    Files.delete(file);
  }

  /** Every signal of the four sources' catalogue (five categories, two channels), long-tailed with many zeros. */
  private static CustomerSignals signals(String[] ids, SplittableRandom rnd) {
    SignalCatalog catalog = SignalCatalog.of(EnumSet.of(SignalGroup.ORDERS, SignalGroup.ORDER_ITEMS, SignalGroup.EVENTS,
        SignalGroup.MARKETING), List.of("apparel", "home", "books", "toys", "beauty"), List.of("web", "app"));
    double[][] v = new double[ids.length][catalog.size()];
    for (double[] row : v) {
      for (int j = 0; j < row.length; j++) {
        row[j] = rnd.nextDouble() < 0.4 ? 0 : Math.exp(rnd.nextGaussian());
      }
    }
    return new CustomerSignals(ids, catalog, v);
  }
}
