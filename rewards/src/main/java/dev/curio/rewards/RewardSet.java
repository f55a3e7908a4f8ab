package dev.curio.rewards;

import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Any number of intrinsic reward modules used together, in a fixed order. Stream names must be
 * unique (they key the rewards, the stats and the checkpoint).
 *
 * <p>Per iteration: {@link #observe} and {@link #onEpisodeEnd} while collecting; {@link #compute}
 * (every module computes on the rollout before any module updates); {@link #update}; then
 * {@link #addTo} hands the rewards to the learner next to the extrinsic stream.
 */
public final class RewardSet implements AutoCloseable {
  private final List<IntrinsicReward> modules;

  public RewardSet(List<? extends IntrinsicReward> modules) {
    this.modules = List.copyOf(modules);
    Set<String> names = new HashSet<>();
    for (IntrinsicReward m : this.modules) {
      String name = m.stream().name();
      if (RewardStream.EXTRINSIC.equals(name) || !names.add(name)) {
        throw new IllegalArgumentException("reward stream names must be unique and not '" + RewardStream.EXTRINSIC
            + "', got " + streams());
      }
    }
  }

  /** No modules: extrinsic reward only. */
  public static RewardSet empty() {
    return new RewardSet(List.of());
  }

  public List<IntrinsicReward> modules() {
    return modules;
  }

  /** The modules' streams, in order. */
  public List<RewardStream> streams() {
    List<RewardStream> s = new ArrayList<>();
    for (IntrinsicReward m : modules) {
      s.add(m.stream());
    }
    return s;
  }

  public void observe(StepBatch step) {
    for (IntrinsicReward m : modules) {
      m.observe(step);
    }
  }

  public void onEpisodeEnd(int envIndex) {
    for (IntrinsicReward m : modules) {
      m.onEpisodeEnd(envIndex);
    }
  }

  /** Every module's rewards {@code [T, N]} by stream name, in module order; changes nothing. */
  public Map<String, INDArray> compute(Trajectory rollout) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (IntrinsicReward m : modules) {
      INDArray r = m.compute(rollout);
      String name = m.stream().name();
      long t = rollout.steps();
      long n = rollout.envs();
      if (r == null) {
        throw new IllegalStateException("reward module '" + name + "' (" + m.getClass().getSimpleName()
            + ") returned null from compute; it must return [T, N] = [" + t + ", " + n + "]");
      }
      if (r.rank() != 2 || r.size(0) != t || r.size(1) != n) {
        throw new IllegalStateException("reward module '" + name + "' (" + m.getClass().getSimpleName()
            + ") returned rewards of shape " + Arrays.toString(r.shape()) + " from compute; it must return [T, N] = ["
            + t + ", " + n + "] (time-major: row t holds step t of every env)");
      }
      out.put(name, r);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Updates every module on {@code rollout}; stats named {@code <stream>.<stat>}. */
  public UpdateStats update(Trajectory rollout) {
    UpdateStats all = UpdateStats.EMPTY;
    for (IntrinsicReward m : modules) {
      all = all.plus(m.update(rollout).prefixed(m.stream().name()));
    }
    return all;
  }

  /** {@code base} (e.g. the extrinsic stream) followed by one stream per module, in module order. */
  public RewardStreams addTo(RewardStreams base, Map<String, INDArray> rewards) {
    RewardStreams s = base;
    for (IntrinsicReward m : modules) {
      INDArray r = rewards.get(m.stream().name());
      if (r == null) {
        throw new IllegalArgumentException("no rewards for stream '" + m.stream().name() + "' (have "
            + rewards.keySet() + ")");
      }
      s = s.plus(m.stream(), r);
    }
    return s;
  }

  /** One child per module, named by its stream. */
  public Snapshot state() {
    Snapshot s = new Snapshot();
    for (IntrinsicReward m : modules) {
      s.putChild(m.stream().name(), m.state());
    }
    return s;
  }

  public void restore(Snapshot state) {
    List<String> expected = new ArrayList<>();
    for (IntrinsicReward m : modules) {
      expected.add(m.stream().name());
    }
    if (!state.names().equals(expected)) {
      throw new IllegalArgumentException("snapshot holds reward streams " + state.names() + ", this set has "
          + expected);
    }
    for (IntrinsicReward m : modules) {
      m.restore(state.child(m.stream().name()));
    }
  }

  /** {@link IntrinsicReward#envsRestarted} of every module. */
  public void envsRestarted() {
    for (IntrinsicReward m : modules) {
      m.envsRestarted();
    }
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (IntrinsicReward m : modules) {
      try {
        m.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
