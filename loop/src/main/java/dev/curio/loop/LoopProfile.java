package dev.curio.loop;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a training loop's wall time goes, accumulated in nanoseconds per {@link Phase} since the
 * loop was built or since {@link #reset()}. The loop adds to it with {@code System.nanoTime()} around
 * each phase (a few calls per step, well under a microsecond), so it is always on.
 */
public final class LoopProfile {
  /** The phases of one iteration; together they cover all of {@link TrainingLoop#iterate()}. */
  public enum Phase {
    /** stepping the N envs ({@code VectorEnv.step}), wrappers included */
    ENV("env stepping", false),
    /** the batched policy forward pass and action sampling while collecting */
    ACT("policy forward (acting)", true),
    /** copying steps into the rollout buffers and building the rollout and step arrays */
    BATCH("batching and copying", false),
    /** the intrinsic reward modules: observe, compute and update */
    REWARDS("intrinsic modules", true),
    /** PPO's network work: value forward passes, and forward, backward and optimiser per minibatch */
    LEARN_NETWORK("PPO forward, backward, optimiser", true),
    /** PPO's host-side work around it: GAE per stream, labels, minibatch gathering */
    LEARN_HOST("PPO advantages and labels", false),
    /** the run's observers: progress, metrics.csv, checkpoints */
    OBSERVERS("logging and IO", false);

    private final String label;
    private final boolean networkMaths;

    Phase(String label, boolean networkMaths) {
      this.label = label;
      this.networkMaths = networkMaths;
    }

    public String label() {
      return label;
    }

    /** Whether the phase is network maths (forward, backward, optimiser of some network). */
    public boolean networkMaths() {
      return networkMaths;
    }
  }

  private final long[] nanos = new long[Phase.values().length];

  void add(Phase phase, long ns) {
    nanos[phase.ordinal()] += ns;
  }

  public void reset() {
    java.util.Arrays.fill(nanos, 0);
  }

  public long nanos(Phase phase) {
    return nanos[phase.ordinal()];
  }

  public long totalNanos() {
    long sum = 0;
    for (long v : nanos) {
      sum += v;
    }
    return sum;
  }

  /** Each phase's share of the total (0 when nothing was timed yet). */
  public Map<Phase, Double> shares() {
    long total = totalNanos();
    Map<Phase, Double> out = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      out.put(p, total == 0 ? 0.0 : (double) nanos[p.ordinal()] / total);
    }
    return out;
  }

  /** The share of the total spent in phases that are network maths. */
  public double networkShare() {
    long total = totalNanos();
    long net = 0;
    for (Phase p : Phase.values()) {
      if (p.networkMaths()) {
        net += nanos[p.ordinal()];
      }
    }
    return total == 0 ? 0.0 : (double) net / total;
  }
}
