package dev.curio.testkit;

import java.util.Locale;

/** Numbers in messages. */
final class Format {
  private Format() {}

  static String steps(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Short, without trailing zeros: 195, 0.9, -0.25. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
