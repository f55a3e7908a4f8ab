package dev.curio.agents.math;

/** Small numeric helpers over primitive arrays. */
public final class Stats {
  private Stats() {}

  public static double mean(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v;
    }
    return a.length == 0 ? 0 : s / a.length;
  }

  /** Population standard deviation. */
  public static double std(float[] a) {
    double m = mean(a);
    double s = 0;
    for (float v : a) {
      s += (v - m) * (v - m);
    }
    return a.length == 0 ? 0 : Math.sqrt(s / a.length);
  }

  /**
   * Fraction of variance of {@code target} explained by {@code pred}: {@code 1 - Var[y - y_hat] / Var[y]}
   * (NaN when the targets have no variance).
   */
  public static double explainedVariance(float[] pred, float[] target) {
    double vy = std(target);
    if (vy == 0) {
      return Double.NaN;
    }
    float[] diff = new float[pred.length];
    for (int i = 0; i < pred.length; i++) {
      diff[i] = target[i] - pred[i];
    }
    double vd = std(diff);
    return 1 - (vd * vd) / (vy * vy);
  }
}
