package dev.undercurrent.core.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for CSV text. Hand-written rather than a {@code StringBuilder} because
 * the generator formats some sixty rows per customer: appending ASCII bytes and whole cents
 * directly avoids building a {@code String} and encoding it again for every value.
 */
final class AsciiBuffer {
  private byte[] bytes;
  private int size;

  AsciiBuffer(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }

  AsciiBuffer put(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, size, text.length);
    size += text.length;
    return this;
  }

  /** Appends an ASCII string; other characters would be mangled, and none are ever passed. */
  AsciiBuffer put(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  AsciiBuffer put(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  AsciiBuffer comma() {
    return put(',');
  }

  AsciiBuffer newline() {
    return put('\n');
  }

  AsciiBuffer put(boolean b) {
    return put(b ? TRUE : FALSE);
  }

  AsciiBuffer put(long value) {
    if (value < 0) {
      put('-');
      value = -value;
    }
    ensure(20);
    if (value == 0) {
      bytes[size++] = '0';
      return this;
    }
    int start = size;
    while (value > 0) {
      bytes[size++] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte t = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = t;
    }
    return this;
  }

  /** Appends an amount given in cents as a decimal with two places, e.g. {@code 1234 -> 12.34}. */
  AsciiBuffer putCents(long cents) {
    if (cents < 0) {
      put('-');
      cents = -cents;
    }
    put(cents / 100);
    ensure(3);
    int c = (int) (cents % 100);
    bytes[size++] = '.';
    bytes[size++] = (byte) ('0' + c / 10);
    bytes[size++] = (byte) ('0' + c % 10);
    return this;
  }

  /** Appends {@code HH:mm:ss} for a second of the day. */
  AsciiBuffer putClock(int secondOfDay) {
    ensure(8);
    int h = secondOfDay / 3600;
    int m = (secondOfDay / 60) % 60;
    int s = secondOfDay % 60;
    bytes[size++] = (byte) ('0' + h / 10);
    bytes[size++] = (byte) ('0' + h % 10);
    bytes[size++] = ':';
    bytes[size++] = (byte) ('0' + m / 10);
    bytes[size++] = (byte) ('0' + m % 10);
    bytes[size++] = ':';
    bytes[size++] = (byte) ('0' + s / 10);
    bytes[size++] = (byte) ('0' + s % 10);
    return this;
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
}
