package dev.undercurrent.core.activation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic treatment/holdout split of the audiences, one draw per customer.
 *
 * <p>Why a hash and not a random draw: the group of a customer must be the same in every run,
 * on every executor and when the audience is exported again later, or the holdout would leak into
 * treatment and the measured lift would be biased. The first 8 bytes of SHA-256 over
 * {@code salt NUL customerId} (UTF-8) give a number uniform on [0, 1); the customer is held out
 * when it is below the share. A new salt re-randomizes the split (e.g. for a new experiment wave).
 *
 * <p>Why one draw per customer and not one per audience: audiences overlap (a customer may be in
 * {@code retain}, {@code protect_margin} and a cross-sell at once). With a split per audience, a
 * customer held out of one was still contacted through another, so that holdout no longer showed
 * what happens without the action (on The Complete Journey all 7 held-out members of
 * {@code retain} were treated elsewhere). Drawn per customer, the held-out customers of every
 * audience get none of the run's actions: each audience's lift is that of the run's programme on
 * its members, against business as usual. The opportunity id is kept in the signature so that
 * callers say which audience they split.
 *
 * <p>Limits: the realized share fluctuates around the target like a binomial draw (±0.3
 * percentage points at 100,000 customers for a 10% share); it is not forced to be exact, and an
 * audience of a handful of customers may have nobody held out.
 */
public final class HoldoutAssigner {
  public static final double DEFAULT_HOLDOUT_SHARE = 0.10;

  /** The {@code group} column of {@code opportunity_members}. */
  public enum Group {
    TREATMENT,
    HOLDOUT;

    public String key() {
      return this == TREATMENT ? "treatment" : "holdout";
    }
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  });

  private final double holdoutShare;
  private final String salt;

  /** A split with the given holdout share and no salt. */
  public HoldoutAssigner(double holdoutShare) {
    this(holdoutShare, "");
  }

  /**
   * @param holdoutShare share of each audience held out, in [0, 1)
   * @param salt any string; the same salt gives the same split
   */
  public HoldoutAssigner(double holdoutShare, String salt) {
    if (!(holdoutShare >= 0 && holdoutShare < 1)) {
      throw new IllegalArgumentException("holdoutShare: " + holdoutShare
          + " found, expected a share in [0, 1)");
    }
    this.holdoutShare = holdoutShare;
    this.salt = salt == null ? "" : salt;
  }

  /** The default 10% holdout. */
  public static HoldoutAssigner withDefaultShare() {
    return new HoldoutAssigner(DEFAULT_HOLDOUT_SHARE);
  }

  public double holdoutShare() {
    return holdoutShare;
  }

  public Group assign(String customerId, String opportunityId) {
    return unit(customerId, opportunityId) < holdoutShare ? Group.HOLDOUT : Group.TREATMENT;
  }

  public boolean isHoldout(String customerId, String opportunityId) {
    return assign(customerId, opportunityId) == Group.HOLDOUT;
  }

  /** The customer's uniform draw in [0, 1); the same for every opportunity. */
  public double unit(String customerId, String opportunityId) {
    if (customerId == null || opportunityId == null) {
      throw new IllegalArgumentException("customerId and opportunityId must not be null (found "
          + customerId + ", " + opportunityId + ")");
    }
    MessageDigest md = SHA256.get();
    md.reset();
    md.update((salt + '\0' + customerId).getBytes(StandardCharsets.UTF_8));
    byte[] h = md.digest();
    long bits = 0;
    for (int b = 0; b < 8; b++) {
      bits = (bits << 8) | (h[b] & 0xffL);
    }
    return (bits >>> 11) * 0x1.0p-53;
  }
}
