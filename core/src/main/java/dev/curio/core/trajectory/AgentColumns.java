package dev.curio.core.trajectory;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One agent's share of an array whose entries along one axis are the agents of envs, env-major
 * (entry {@code env * M + agent}, as a {@link Trajectory}'s columns and an actor's rows are), and the
 * way back. Both are a reshape plus one strided native copy per array, with no loop over the entries:
 * the axis of length {@code E * M} is read as {@code [E, M]} and agent m is index m of the inner axis.
 *
 * <p>Example, M = 2 agents of E = 3 envs along axis 0: rows {@code [a0 b0 a1 b1 a2 b2]};
 * {@code select(x, 0, 1, 2)} is {@code [b0 b1 b2]}; {@code interleave([a, b], 0)} gives the rows back.
 */
public final class AgentColumns {
  private AgentColumns() {}

  /**
   * Agent {@code agent}'s entries along {@code axis} of {@code a}: indices {@code agent, agent + M,
   * agent + 2M, ...}, in env order, as a new row-major array with that axis {@code M} times shorter.
   *
   * @param a any array whose {@code axis} has a length that is a multiple of {@code agents}
   * @throws IllegalArgumentException when it is not, or {@code agent} is not in {@code 0 .. agents-1}
   */
  public static INDArray select(INDArray a, int axis, int agent, int agents) {
    Objects.requireNonNull(a, "a");
    check(a, axis, agents);
    if (agent < 0 || agent >= agents) {
      throw new IllegalArgumentException("agent " + agent + " is outside 0.." + (agents - 1));
    }
    if (agents == 1) {
      return a.dup('c');
    }
    long[] shape = a.shape();
    long[] split = split(shape, axis, agents);
    INDArrayIndex[] at = new INDArrayIndex[split.length];
    Arrays.fill(at, NDArrayIndex.all());
    at[axis + 1] = NDArrayIndex.point(agent);
    long[] out = shape.clone();
    out[axis] = shape[axis] / agents;
    return a.reshape('c', split).get(at).dup('c').reshape('c', out);
  }

  /**
   * The inverse of {@link #select}: {@code parts.get(m)} holds agent m's entries along {@code axis}
   * (all parts of one shape and data type); the result has them interleaved, env-major, along an
   * axis {@code parts.size()} times longer.
   *
   * @throws IllegalArgumentException when the parts differ in shape or data type, or there are none
   */
  public static INDArray interleave(List<INDArray> parts, int axis) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("interleave needs at least one part");
    }
    INDArray first = parts.get(0);
    if (axis < 0 || axis >= first.rank()) {
      throw new IllegalArgumentException("axis " + axis + " is outside an array of rank " + first.rank());
    }
    for (int m = 1; m < parts.size(); m++) {
      INDArray p = parts.get(m);
      if (!Arrays.equals(p.shape(), first.shape()) || p.dataType() != first.dataType()) {
        throw new IllegalArgumentException("agent " + m + "'s part is " + p.dataType() + " " + Arrays.toString(p.shape())
            + ", agent 0's " + first.dataType() + " " + Arrays.toString(first.shape()) + "; interleave needs one shape");
      }
    }
    int agents = parts.size();
    if (agents == 1) {
      return first.dup('c');
    }
    long[] shape = first.shape();
    // [..., E, M, ...]: agent m's part goes to index m of the inner axis, then the two axes are read as one
    long[] split = new long[shape.length + 1];
    System.arraycopy(shape, 0, split, 0, axis + 1);
    split[axis + 1] = agents;
    System.arraycopy(shape, axis + 1, split, axis + 2, shape.length - axis - 1);
    INDArray out = Nd4j.create(first.dataType(), split, 'c');
    INDArrayIndex[] at = new INDArrayIndex[split.length];
    Arrays.fill(at, NDArrayIndex.all());
    for (int m = 0; m < agents; m++) {
      at[axis + 1] = NDArrayIndex.point(m);
      out.get(at).assign(parts.get(m));
    }
    long[] joined = shape.clone();
    joined[axis] = shape[axis] * agents;
    return out.reshape('c', joined);
  }

  private static void check(INDArray a, int axis, int agents) {
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be >= 1, got " + agents);
    }
    if (axis < 0 || axis >= a.rank()) {
      throw new IllegalArgumentException("axis " + axis + " is outside an array of rank " + a.rank() + " "
          + Arrays.toString(a.shape()));
    }
    if (a.size(axis) % agents != 0) {
      throw new IllegalArgumentException("axis " + axis + " of " + Arrays.toString(a.shape()) + " has " + a.size(axis)
          + " entries, not a whole number of envs of " + agents + " agents");
    }
  }

  /** {@code shape} with {@code axis} read as {@code [shape[axis] / agents, agents]}. */
  private static long[] split(long[] shape, int axis, int agents) {
    long[] split = new long[shape.length + 1];
    System.arraycopy(shape, 0, split, 0, axis);
    split[axis] = shape[axis] / agents;
    split[axis + 1] = agents;
    System.arraycopy(shape, axis + 1, split, axis + 2, shape.length - axis - 1);
    return split;
  }
}
