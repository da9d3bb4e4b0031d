package dev.undercurrent.core.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelQualityTest {
  private static final double EPS = 1e-12;

  @Test
  void spearmanOfAMonotoneTransformIsOne() {
    double[] x = {0.5, 3, 1, 7, 2, 10};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.exp(x[i]) + 4;
    }
    assertEquals(1.0, ModelQuality.spearman(x, y), EPS);
    double[] reversed = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      reversed[i] = -x[i] * x[i] * x[i];
    }
    assertEquals(-1.0, ModelQuality.spearman(x, reversed), EPS);
  }

  @Test
  void spearmanGivesTiesTheirAverageRank() {
    // ranks of y: 1, 2, 3.5, 5, 3.5; Pearson of (1..5) with those by hand: 8 / sqrt(10 * 9.5)
    double[] x = {1, 2, 3, 4, 5};
    double[] y = {5, 6, 7, 8, 7};
    assertEquals(8 / Math.sqrt(95), ModelQuality.spearman(x, y), EPS);
  }

  @Test
  void spearmanOfAConstantIsUndefined() {
    assertTrue(Double.isNaN(ModelQuality.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
  }

  @Test
  void aucOfSeparatingReversedAndTiedScores() {
    boolean[] y = {false, false, true, true, true};
    assertEquals(1.0, ModelQuality.rocAuc(new double[] {0.1, 0.2, 0.3, 0.8, 0.9}, y), EPS);
    assertEquals(0.0, ModelQuality.rocAuc(new double[] {0.9, 0.8, 0.3, 0.2, 0.1}, y), EPS);
    assertEquals(0.5, ModelQuality.rocAuc(new double[] {0.4, 0.4, 0.4, 0.4, 0.4}, y), EPS);
  }

  @Test
  void aucMatchesTheScikitLearnDocumentationExample() {
    // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    assertEquals(
        0.75,
        ModelQuality.rocAuc(
            new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}),
        EPS);
  }

  @Test
  void aucOfOneClassIsUndefined() {
    assertTrue(
        Double.isNaN(ModelQuality.rocAuc(new double[] {0.1, 0.2}, new boolean[] {true, true})));
  }

  @Test
  void topDecileCaptureCountsTheTopTenPercent() {
    double[] actual = new double[20];
    double[] predicted = new double[20];
    for (int i = 0; i < 20; i++) {
      actual[i] = 1;
      predicted[i] = i;
    }
    actual[19] = 31; // total 50; top 2 by prediction are rows 19 and 18: 31 + 1
    assertEquals(32.0 / 50, ModelQuality.topDecileCapture(actual, predicted), EPS);
    double[] wrongWay = new double[20];
    for (int i = 0; i < 20; i++) {
      wrongWay[i] = -i;
    }
    assertEquals(2.0 / 50, ModelQuality.topDecileCapture(actual, wrongWay), EPS);
  }

  @Test
  void topDecileCaptureOfAllTiedPredictionsIsTheShare() {
    double[] actual = {5, 0, 0, 0, 0, 0, 0, 0, 0, 5};
    double[] tied = new double[10];
    assertEquals(0.1, ModelQuality.topDecileCapture(actual, tied), EPS);
  }

  @Test
  void meanAbsoluteError() {
    assertEquals(
        (1 + 2 + 0.5) / 3,
        ModelQuality.meanAbsoluteError(new double[] {1, 2, 3}, new double[] {2, 0, 3.5}),
        EPS);
  }

  @Test
  void totalRatioComparesTheSums() {
    assertEquals(0.5, ModelQuality.totalRatio(new double[] {10, 0, 30}, new double[] {5, 5, 10}), EPS);
    assertTrue(Double.isNaN(ModelQuality.totalRatio(new double[] {0, 0}, new double[] {1, 2})));
    assertEquals(1.5, ModelQuality.valueMetrics("x.", new double[] {2, 2}, new double[] {3, 3}).get("x.value.total_ratio"), EPS);
  }

  @Test
  void calibrationOfCalibratedAndOverconfidentForecasts() {
    double[] p = {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75};
    boolean[] y = {true, false, false, false, true, true, true, false};
    assertEquals(0.0, ModelQuality.expectedCalibrationError(p, y, 10), EPS);
    assertEquals(0.1875, ModelQuality.brierScore(p, y), EPS);

    double[] sure = {0.9, 0.9, 0.9, 0.9};
    boolean[] never = new boolean[4];
    assertEquals(0.9, ModelQuality.expectedCalibrationError(sure, never, 10), EPS);
    assertEquals(0.81, ModelQuality.brierScore(sure, never), EPS);
  }

  @Test
  void reliabilityBinsHoldEachRowOnceInBinOrder() {
    double[] p = {0.02, 0.08, 0.55, 0.95, 1.0, 0.5};
    boolean[] y = {false, true, true, true, false, false};
    Map<String, Double> bins = ModelQuality.reliabilityBins("churn.calibration", p, y, 10);
    assertEquals(List.of("churn.calibration.bin_01.predicted", "churn.calibration.bin_01.observed",
        "churn.calibration.bin_01.count", "churn.calibration.bin_06.predicted",
        "churn.calibration.bin_06.observed", "churn.calibration.bin_06.count",
        "churn.calibration.bin_10.predicted", "churn.calibration.bin_10.observed",
        "churn.calibration.bin_10.count"), List.copyOf(bins.keySet()));
    assertEquals(0.05, bins.get("churn.calibration.bin_01.predicted"), EPS);
    assertEquals(0.5, bins.get("churn.calibration.bin_01.observed"), EPS);
    assertEquals(0.525, bins.get("churn.calibration.bin_06.predicted"), EPS);
    assertEquals(2, bins.get("churn.calibration.bin_10.count"), EPS); // 1.0 falls in the last bin
    assertThrows(IllegalArgumentException.class,
        () -> ModelQuality.reliabilityBins("x", new double[] {1.5}, new boolean[] {true}, 10));
  }

  @Test
  void rejectsBadInputWithAMessage() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelQuality.brierScore(new double[] {1.5}, new boolean[] {true}));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ModelQuality.spearman(new double[] {1, 2}, new double[] {1}));
  }

  @Test
  void aCaptureDifferenceComesWithAnIntervalThatExcludesZeroOnlyWhereTheLiftIsReal() {
    java.util.Random r = new java.util.Random(5);
    int n = 5000;
    double[] actual = new double[n];
    double[] good = new double[n];
    double[] noise = new double[n];
    for (int i = 0; i < n; i++) {
      actual[i] = r.nextDouble() < 0.3 ? Math.exp(3 + r.nextGaussian()) : 0;
      good[i] = actual[i] + 20 * r.nextGaussian(); // informative, noisy
      noise[i] = r.nextGaussian();
    }
    double[] d = ModelQuality.topDecileCaptureDifference(actual, good, noise, 200, 1);
    assertEquals(ModelQuality.topDecileCapture(actual, good)
        - ModelQuality.topDecileCapture(actual, noise), d[0], 1e-12);
    assertTrue(d[1] > 0 && d[1] < d[0] && d[0] < d[2], java.util.Arrays.toString(d));
    // the same prediction twice: no difference in any replicate
    double[] same = ModelQuality.topDecileCaptureDifference(actual, good, good.clone(), 50, 1);
    assertEquals(0, same[0], 1e-12);
    assertEquals(0, same[1], 1e-12);
    assertEquals(0, same[2], 1e-12);
    // two predictions of one quality: the interval straddles zero
    double[] other = new double[n];
    for (int i = 0; i < n; i++) {
      other[i] = actual[i] + 20 * r.nextGaussian();
    }
    double[] tie = ModelQuality.topDecileCaptureDifference(actual, good, other, 200, 1);
    assertTrue(tie[1] < 0 && tie[2] > 0, java.util.Arrays.toString(tie));
    // deterministic for a seed
    assertEquals(d[1], ModelQuality.topDecileCaptureDifference(actual, good, noise, 200, 1)[1]);
  }
}
