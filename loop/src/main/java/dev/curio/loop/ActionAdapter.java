package dev.curio.loop;

import dev.curio.agents.ActionBatch;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.MultiDiscrete;
import dev.curio.core.space.Space;
import java.util.List;

/**
 * Turns a row of an {@link ActionBatch} into the action object an env of a given action space
 * takes, and actions back into numbers for checkpoints.
 *
 * <ul>
 *   <li>{@code Discrete}: an {@code Integer};
 *   <li>{@code Box} of rank 1: a fresh {@code float[D]}, <b>clipped</b> to the box's bounds (the
 *       trajectory keeps the unclipped sample, so its log-probability stays exact; CleanRL's
 *       continuous PPO does the same);
 *   <li>{@code MultiDiscrete}: an {@code int[D]}.
 * </ul>
 */
public final class ActionAdapter {
  private final Space<?> space;
  private final int dim;
  private final float[] low;
  private final float[] high;

  private ActionAdapter(Space<?> space, int dim, float[] low, float[] high) {
    this.space = space;
    this.dim = dim;
    this.low = low;
    this.high = high;
  }

  /** The adapter of {@code space}; other spaces are refused with a message naming it. */
  public static ActionAdapter forSpace(Space<?> space) {
    if (space instanceof Discrete) {
      return new ActionAdapter(space, 1, null, null);
    }
    if (space instanceof Box b && b.shape().length == 1) {
      return new ActionAdapter(space, b.size(), b.low(), b.high());
    }
    if (space instanceof MultiDiscrete m) {
      return new ActionAdapter(space, m.nvec().length, null, null);
    }
    throw new IllegalArgumentException("the training loop takes Discrete, MultiDiscrete and one-dimensional Box action"
        + " spaces, got " + space);
  }

  /** Values per action D (1 for Discrete). */
  public int dim() {
    return dim;
  }

  /** Whether the space is {@code Discrete}. */
  public boolean discrete() {
    return space instanceof Discrete;
  }

  /** An array for N env actions, of the element type the env takes ({@code Integer[]}, {@code float[][]}, {@code int[][]}). */
  public Object[] newArray(int n) {
    if (space instanceof Discrete) {
      return new Integer[n];
    }
    return low != null ? new float[n][] : new int[n][];
  }

  /** Row {@code i}'s action as the env takes it. */
  public Object toEnv(ActionBatch batch, int i) {
    if (batch.actionDim() != dim) {
      throw new IllegalArgumentException("the actor gave " + batch.actionDim() + " value(s) per action; the action space "
          + space + " needs " + dim);
    }
    if (space instanceof Discrete) {
      return batch.discrete(i);
    }
    float[] a = batch.action(i);
    if (low != null) {
      for (int d = 0; d < dim; d++) {
        a[d] = Math.max(low[d], Math.min(high[d], a[d]));
      }
      return a;
    }
    int[] m = new int[dim];
    for (int d = 0; d < dim; d++) {
      m[d] = (int) a[d];
    }
    return m;
  }

  /** Actions as numbers, D per action, for a checkpoint. */
  public float[] encode(List<?> actions) {
    float[] out = new float[actions.size() * dim];
    for (int j = 0; j < actions.size(); j++) {
      Object a = actions.get(j);
      if (a instanceof Integer k) {
        out[j] = k;
      } else if (a instanceof float[] f) {
        System.arraycopy(f, 0, out, j * dim, dim);
      } else if (a instanceof int[] m) {
        for (int d = 0; d < dim; d++) {
          out[j * dim + d] = m[d];
        }
      } else {
        throw new IllegalArgumentException("cannot encode action " + a + " of " + space);
      }
    }
    return out;
  }

  /** The actions {@link #encode} wrote. */
  public List<Object> decode(float[] values) {
    if (values.length % dim != 0) {
      throw new IllegalArgumentException("checkpoint holds " + values.length + " action values, not a multiple of "
          + dim + " for " + space);
    }
    Object[] out = new Object[values.length / dim];
    for (int j = 0; j < out.length; j++) {
      if (space instanceof Discrete) {
        out[j] = (int) values[j];
      } else if (low != null) {
        float[] f = new float[dim];
        System.arraycopy(values, j * dim, f, 0, dim);
        out[j] = f;
      } else {
        int[] m = new int[dim];
        for (int d = 0; d < dim; d++) {
          m[d] = (int) values[j * dim + d];
        }
        out[j] = m;
      }
    }
    return List.of(out);
  }
}
