package dev.undercurrent.core.clv;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The calibration window (up to and including {@code calibrationEnd}), the optional holdout window
 * ({@code calibrationEnd} exclusive to {@code holdoutEnd} inclusive) and the time unit. CDNOW's
 * standard split is calibration end 1997-09-30, holdout end 1998-06-30, weeks.
 *
 * @param holdoutEnd the last day of the holdout, or {@code null} for no holdout
 */
public record ClvPeriod(LocalDate calibrationEnd, LocalDate holdoutEnd, ClvTimeUnit timeUnit)
    implements Serializable {

  public ClvPeriod {
    Objects.requireNonNull(calibrationEnd, "calibrationEnd");
    Objects.requireNonNull(timeUnit, "timeUnit");
    if (holdoutEnd != null && !holdoutEnd.isAfter(calibrationEnd)) {
      throw new IllegalArgumentException(
          "holdout end: found "
              + holdoutEnd
              + ", expected a day after the calibration end "
              + calibrationEnd);
    }
  }

  /** A period without holdout. */
  public static ClvPeriod calibrationOnly(LocalDate calibrationEnd, ClvTimeUnit timeUnit) {
    return new ClvPeriod(calibrationEnd, null, timeUnit);
  }

  public long calibrationEndEpochDay() {
    return calibrationEnd.toEpochDay();
  }

  /** The holdout end as an epoch day, or {@link Long#MIN_VALUE} without holdout. */
  public long holdoutEndEpochDay() {
    return holdoutEnd == null ? Long.MIN_VALUE : holdoutEnd.toEpochDay();
  }

  public Optional<LocalDate> holdout() {
    return Optional.ofNullable(holdoutEnd);
  }

  /** The holdout length in time units (39 weeks for CDNOW), or 0 without holdout. */
  public double holdoutLength() {
    return holdoutEnd == null
        ? 0
        : timeUnit.fromDays(holdoutEnd.toEpochDay() - calibrationEnd.toEpochDay());
  }
}
