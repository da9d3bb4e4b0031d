package dev.undercurrent.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawsTest {
  private static final int N = 200_000;

  /** Gamma(k, 1/k) has mean 1 and variance 1/k; Marsaglia-Tsang must reproduce both. */
  @Test
  void gammaHasTheMomentsOfItsShape() {
    for (double k : new double[] {0.5, 1.0, 2.0, 4.0}) {
      SplittableRandom rng = new SplittableRandom(3);
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < N; i++) {
        double x = Draws.gammaMeanOne(rng, k);
        assertTrue(x > 0);
        sum += x;
        sumSq += x * x;
      }
      double mean = sum / N;
      double var = sumSq / N - mean * mean;
      assertEquals(1.0, mean, 0.01, "mean at shape " + k);
      assertEquals(1.0 / k, var, 0.04 / k, "variance at shape " + k);
    }
  }

  @Test
  void poissonHasItsMean() {
    SplittableRandom rng = new SplittableRandom(5);
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += Draws.poisson(rng, 1.7);
    }
    assertEquals(1.7, sum / (double) N, 0.02);
  }

  @Test
  void customerStreamsDependOnSeedAndIndexOnly() {
    assertEquals(
        Draws.forCustomer(9, 12345).nextLong(), Draws.forCustomer(9, 12345).nextLong());
    assertTrue(Draws.forCustomer(9, 1).nextLong() != Draws.forCustomer(9, 2).nextLong());
    assertTrue(Draws.forCustomer(9, 1).nextLong() != Draws.forCustomer(10, 1).nextLong());
  }

  @Test
  void bufferFormatsCentsClockAndIntegers() throws IOException {
    AsciiBuffer b = new AsciiBuffer(4);
    b.putCents(0).comma().putCents(7).comma().putCents(123456).comma().putCents(-250).comma();
    b.putClock(0).comma().putClock(86_399).comma().put(0L).comma().put(1234567890123L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.writeTo(out);
    assertEquals(
        "0.00,0.07,1234.56,-2.50,00:00:00,23:59:59,0,1234567890123",
        out.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void lookalikeThresholdTakesTheTopShare() {
    long[] hist = new long[6000];
    // 1000 customers: 900 with nothing, 100 with amounts 1..100 dollars.
    for (int i = 0; i < 900; i++) {
      hist[LakeGenerator.bin(0)]++;
    }
    for (int i = 1; i <= 100; i++) {
      hist[LakeGenerator.bin(i * 100L)]++;
    }
    int t = LakeGenerator.thresholdBin(hist, 1000);
    long flagged = 0;
    for (int i = 1; i <= 100; i++) {
      flagged += LakeGenerator.bin(i * 100L) >= t ? 1 : 0;
    }
    assertEquals(50, flagged);
    assertTrue(LakeGenerator.bin(0) < t);
  }
}
