package dev.undercurrent.core.clv.bench;

import dev.undercurrent.core.clv.ActivityPatterns;
import dev.undercurrent.core.clv.BgNbdModel;
import dev.undercurrent.core.clv.ClvPeriod;
import dev.undercurrent.core.clv.ClvSummary;
import dev.undercurrent.core.clv.ClvTimeUnit;
import dev.undercurrent.core.clv.CustomerActivity;
import dev.undercurrent.core.clv.FitOptions;
import dev.undercurrent.core.clv.GammaGammaModel;
import dev.undercurrent.core.clv.HoldoutComparison;
import dev.undercurrent.core.clv.ParetoNbdModel;
import dev.undercurrent.core.clv.SpendObservations;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Fits BG/NBD, Pareto/NBD and Gamma-Gamma on synthetic customers drawn from known BG/NBD and
 * Gamma-Gamma parameters (CDNOW's), and prints the wall time of the fit and the peak heap.
 *
 * <p>Customers join uniformly over 12 weeks from 2025-01-01, buy as the BG/NBD process says (Fader,
 * Hardie &amp; Lee 2005, section 3) with values drawn from the Gamma-Gamma model, and each
 * customer's purchase days go through {@link CustomerActivity#fromPurchaseDays} as real data would;
 * only the compressed patterns and the spend arrays are kept, so memory stays bounded.
 *
 * <p>The recovered BG/NBD parameters differ from the truth by a few percent: purchases are recorded
 * by day and same-day purchases merge, which the continuous-time model does not know
 * (ParameterRecoveryTest checks recovery in continuous time). Pareto/NBD is fitted to BG/NBD data
 * here, so its parameters have no truth to match. On a shared machine read the fit's CPU time
 * beside its wall time.
 *
 * <p>Usage: {@code ClvBenchmark [customers=1000000] [seed=42]}.
 */
public final class ClvBenchmark {
  private ClvBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    double r = 0.243;
    double alpha = 4.414;
    double a = 0.793;
    double b = 2.426;
    double p = 6.25;
    double q = 3.74;
    double gamma = 15.44;

    LocalDate start = LocalDate.of(2025, 1, 1);
    ClvPeriod period =
        new ClvPeriod(start.plusDays(272), start.plusDays(272 + 273), ClvTimeUnit.WEEK);
    long calibrationEnd = period.calibrationEndEpochDay();
    long horizonEnd = period.holdoutEndEpochDay();

    long t0 = System.nanoTime();
    RandomGenerator rng = new Well19937c(seed);
    GammaDistribution rates = new GammaDistribution(rng, r, 1 / alpha);
    BetaDistribution dropout = new BetaDistribution(rng, a, b);
    GammaDistribution spendScale = new GammaDistribution(rng, q, 1 / gamma);
    ActivityPatterns.Builder patterns = ActivityPatterns.builder();
    int[] spendX = new int[n];
    double[] spendValue = new double[n];
    long holdoutActual = 0;
    long[] days = new long[64];
    double[] values = new double[64];
    for (int i = 0; i < n; i++) {
      long first = start.toEpochDay() + rng.nextInt(84);
      double lambda = rates.sample();
      double pDrop = dropout.sample();
      double nu = spendScale.sample();
      GammaDistribution spend = new GammaDistribution(rng, p, 1 / nu);
      int k = 0;
      days[k] = first;
      values[k++] = spend.sample();
      double t = 0;
      while (true) {
        t += -Math.log(1 - rng.nextDouble()) / lambda;
        if (t * 7 >= horizonEnd - first + 1) {
          break;
        }
        long day = first + (long) Math.floor(t * 7);
        if (k == days.length) {
          days = Arrays.copyOf(days, 2 * k);
          values = Arrays.copyOf(values, 2 * k);
        }
        days[k] = day;
        values[k++] = spend.sample();
        if (rng.nextDouble() < pDrop) {
          break;
        }
      }
      CustomerActivity c =
          CustomerActivity.fromPurchaseDays(
                  Integer.toString(i), Arrays.copyOf(days, k), Arrays.copyOf(values, k), period)
              .orElseThrow();
      patterns.add(c.frequency(), c.recency(), c.age(), 1);
      spendX[i] = c.frequency();
      spendValue[i] = c.averageRepeatValue();
      holdoutActual += c.holdoutTransactions();
      assert first <= calibrationEnd;
    }
    long t1 = System.nanoTime();
    ActivityPatterns data = patterns.build();
    SpendObservations spend = SpendObservations.of(spendX, spendValue);
    long t2 = System.nanoTime();
    long cpu2 = processCpuNanos();
    FitOptions options = FitOptions.defaults();
    BgNbdModel bg = BgNbdModel.fit(data, options);
    long tBg = System.nanoTime();
    ParetoNbdModel pareto = ParetoNbdModel.fit(data, options);
    long tPareto = System.nanoTime();
    GammaGammaModel gg = GammaGammaModel.fit(spend, options);
    long tGg = System.nanoTime();
    double h = period.holdoutLength();
    HoldoutComparison holdout =
        new HoldoutComparison(
            h,
            holdoutActual,
            bg.sumExpectedTransactionsAfterAge(data, h),
            pareto.sumExpectedTransactionsAfterAge(data, h),
            bg.sumConditionalExpectedTransactions(data, h),
            pareto.sumConditionalExpectedTransactions(data, h));
    ClvSummary summary = new ClvSummary(n, bg, pareto, gg, holdout);
    long t3 = System.nanoTime();
    long cpu3 = processCpuNanos();

    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(summary.toJson().toPrettyString());
    System.out.printf(
        "truth: BG/NBD r=%.3f alpha=%.3f a=%.3f b=%.3f; Gamma-Gamma p=%.2f q=%.2f gamma=%.2f%n",
        r, alpha, a, b, p, q, gamma);
    System.out.printf(
        "customers=%d patterns=%d repeat-buyers=%d cores=%d max-heap=%d MiB%n",
        n,
        data.size(),
        spend.size(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        "synthesize=%.2f s compress=%.2f s fit(all three + holdout)=%.2f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    System.out.printf(
        "  BG/NBD=%.2f s Pareto/NBD=%.2f s Gamma-Gamma=%.2f s holdout sums=%.2f s%n",
        (tBg - t2) / 1e9, (tPareto - tBg) / 1e9, (tGg - tPareto) / 1e9, (t3 - tGg) / 1e9);
    System.out.printf(
        "  fit CPU time (all threads)=%.2f s; load average at the end=%.1f%n",
        (cpu3 - cpu2) / 1e9, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("peak heap (sum of pool peaks)=%d MiB%n", peakHeap >> 20);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
