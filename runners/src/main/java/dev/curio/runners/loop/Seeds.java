package dev.curio.runners.loop;

/**
 * Independent seeds for the parts of a run, derived from the run seed by name, so that no two parts
 * share a random stream (the envs' episode seeds come from the run seed itself, through the vector
 * env's own splits).
 */
final class Seeds {
  static final String LEARNER = "learner";
  static final String ACTOR = "actor";

  private Seeds() {}

  /** A seed for {@code purpose}: the run seed and the purpose's FNV-1a hash, mixed by SplitMix64. */
  static long derive(long runSeed, String purpose) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < purpose.length(); i++) {
      h ^= purpose.charAt(i);
      h *= 0x100000001b3L;
    }
    long z = runSeed ^ h;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
