package dev.undercurrent.core.generate;

import java.nio.charset.StandardCharsets;

/**
 * The product catalogue: ten categories with price levels and margins, 200 products each priced
 * on a ladder, and the category bundles that make cross-selling learnable (customers of a bundle
 * who buy two of its categories usually buy the third).
 */
final class Catalog {
  static final String[] CATEGORIES = {
    "apparel", "footwear", "accessories", "beauty", "home", "kitchen", "electronics", "toys", "sports",
    "books"
  };
  static final int APPAREL = 0;
  static final int FOOTWEAR = 1;
  static final int ACCESSORIES = 2;
  static final int BEAUTY = 3;
  static final int HOME = 4;
  static final int KITCHEN = 5;
  static final int ELECTRONICS = 6;
  static final int TOYS = 7;
  static final int SPORTS = 8;
  static final int BOOKS = 9;

  /** Typical unit price per category, in cents. */
  private static final int[] TYPICAL_PRICE = {4500, 7800, 2900, 2400, 5600, 3800, 14000, 3000, 5200, 1600};

  /** Gross margin per category before discounts. */
  static final double[] MARGIN = {0.55, 0.48, 0.62, 0.58, 0.45, 0.42, 0.22, 0.40, 0.44, 0.30};

  /** Three categories each: fashion, home, active, beauty, family. */
  static final int[][] BUNDLES = {
    {APPAREL, FOOTWEAR, ACCESSORIES},
    {HOME, KITCHEN, BOOKS},
    {SPORTS, FOOTWEAR, ELECTRONICS},
    {BEAUTY, APPAREL, ACCESSORIES},
    {TOYS, BOOKS, HOME}
  };

  static final int PRODUCTS = 200;

  /** Unit price in cents by category and product; products are sorted from cheap to dear. */
  static final long[][] UNIT_PRICE = new long[CATEGORIES.length][PRODUCTS];

  /** {@code P<category>-<product>}, e.g. {@code P06-0123}. */
  static final byte[][][] PRODUCT_ID = new byte[CATEGORIES.length][PRODUCTS][];

  static {
    for (int c = 0; c < CATEGORIES.length; c++) {
      for (int p = 0; p < PRODUCTS; p++) {
        double ladder = Math.exp(-1.0 + 2.0 * p / (PRODUCTS - 1));
        long cents = Math.round(TYPICAL_PRICE[c] * ladder);
        UNIT_PRICE[c][p] = (cents / 100) * 100 + 99;
        PRODUCT_ID[c][p] =
            String.format("P%02d-%04d", c, p).getBytes(StandardCharsets.US_ASCII);
      }
    }
  }

  private Catalog() {}
}
