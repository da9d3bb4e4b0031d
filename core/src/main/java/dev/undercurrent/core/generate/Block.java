package dev.undercurrent.core.generate;

/**
 * The rows of a contiguous run of customers, one buffer per output file, produced by one worker
 * and written by the writer in block order (which is what keeps the files independent of the
 * thread count).
 */
final class Block {
  static final int CUSTOMERS = 0;
  static final int ORDERS = 1;
  static final int ORDER_ITEMS = 2;
  static final int EVENTS = 3;
  static final int MARKETING = 4;
  static final int FUTURE_ORDERS = 5;
  static final int FUTURE_ORDER_ITEMS = 6;
  static final int TRUTH = 7;
  static final int FILES = 8;

  private final AsciiBuffer[] buffers = new AsciiBuffer[FILES];
  final long[] rows = new long[FILES];
  final long[] futureCents;
  int customers;

  Block(int size) {
    futureCents = new long[size];
    int[] bytesPerCustomer = {80, 450, 350, 1500, 1300, 40, 40, 60};
    for (int i = 0; i < FILES; i++) {
      buffers[i] = new AsciiBuffer(bytesPerCustomer[i] * size);
    }
  }

  AsciiBuffer buffer(int file) {
    return buffers[file];
  }
}
