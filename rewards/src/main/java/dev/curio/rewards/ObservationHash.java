package dev.curio.rewards;

/**
 * A 64-bit FNV-1a hash of an observation's float bits ({@code -0} and {@code +0} alike): the identity of a
 * state for modules that count exact observations (gridworlds, discrete observations; not continuous ones).
 */
public final class ObservationHash {
  private ObservationHash() {}

  /** The hash of {@code x[from, from + length)}. */
  public static long of(float[] x, int from, int length) {
    long h = 0xcbf29ce484222325L;
    for (int j = from; j < from + length; j++) {
      int bits = Float.floatToIntBits(x[j] == 0f ? 0f : x[j]); // -0 and +0 are one state
      for (int k = 0; k < 4; k++) {
        h ^= (bits >>> (8 * k)) & 0xFF;
        h *= 0x100000001b3L;
      }
    }
    return h;
  }
}
