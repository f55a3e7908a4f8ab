package dev.curio.envs.wrappers;

import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.MultiDiscrete;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import java.util.Arrays;

/**
 * Tells a policy trained on several worlds which one it is in: adds the task to every observation.
 *
 * <ul>
 *   <li>a flat observation (rank 1, {@code [D]}, and any space that is not a {@code Box}, as its
 *       flattened vector) gets a one-hot of length {@code tasks} appended: {@code [D + tasks]}, element
 *       {@code D + task} is 1;
 *   <li>an observation of rank 2 or more, {@code [..., C]} (an image {@code [H, W, C]}), gets {@code tasks}
 *       constant channels on its last axis: {@code [..., C + tasks]}, channel {@code C + task} all 1 and
 *       the other added channels all 0.
 * </ul>
 *
 * The envs of one multi-task run must share one observation space after this wrapper (a vector env
 * holds one), so it can take a {@code shared} inner space, e.g. the element-wise union of the tasks'
 * bounds ({@link #union}); the added elements are bounded by {@code [0, 1]}.
 *
 * @param <A> the action type, passed through
 */
public final class TaskObservation<A> extends ObservationWrapper<float[], A, Object> {
  private final int task;
  private final int tasks;
  private final Space<Object> innerSpace;
  private final int[] innerShape;
  private final Box shared;

  /**
   * @param env the world of task {@code task}
   * @param task its index, in {@code [0, tasks)}
   * @param tasks how many tasks the run has (at least 1)
   * @param shared the inner observations' space as the encoded space is built from (the same shape as
   *     {@code env}'s, bounds that hold every task's observations), or null for {@code env}'s own
   */
  @SuppressWarnings("unchecked")
  public TaskObservation(Env<?, A> env, int task, int tasks, Box shared) {
    super((Env<Object, A>) env);
    if (tasks < 1 || task < 0 || task >= tasks) {
      throw new IllegalArgumentException("TaskObservation on " + env.spec().id() + ": task " + task
          + " is not one of " + tasks + " tasks");
    }
    this.task = task;
    this.tasks = tasks;
    this.innerSpace = (Space<Object>) env.spec().observationSpace();
    this.innerShape = shapeOf(innerSpace);
    if (shared != null && !Arrays.equals(shared.shape(), innerShape)) {
      throw new IllegalArgumentException("TaskObservation on " + env.spec().id() + ": the shared space " + shared
          + " has another shape than the env's observations " + Arrays.toString(innerShape));
    }
    this.shared = shared != null ? shared : bounds(innerSpace);
    spec();
  }

  /** {@link #TaskObservation(Env, int, int, Box)} on the env's own observation space. */
  public TaskObservation(Env<?, A> env, int task, int tasks) {
    this(env, task, tasks, null);
  }

  /** The shape the loop sees of an observation space: a {@code Box}'s own, else {@code [flatDim]}. */
  public static int[] shapeOf(Space<?> space) {
    return space instanceof Box b ? b.shape() : new int[] {space.flatDim()};
  }

  /** {@code shape} with the task added: {@code [D + tasks]} for rank 1, else the last axis grown by {@code tasks}. */
  public static int[] encodedShape(int[] shape, int tasks) {
    int[] out = shape.clone();
    out[out.length - 1] += tasks;
    return out;
  }

  /**
   * Writes {@code obs} (flat, row-major, of {@code shape}) with task {@code task} of {@code tasks}
   * added into {@code dst} from {@code offset}, {@code product(encodedShape)} floats. The one place the
   * encoding is defined; the wrapper and its bounds use it.
   */
  public static void encode(float[] obs, int[] shape, int task, int tasks, float[] dst, int offset) {
    int channels = shape[shape.length - 1];
    int cells = obs.length / channels;
    int width = channels + tasks;
    for (int c = 0; c < cells; c++) {
      int to = offset + c * width;
      System.arraycopy(obs, c * channels, dst, to, channels);
      Arrays.fill(dst, to + channels, to + width, 0f);
      dst[to + channels + task] = 1f;
    }
  }

  /** {@link #encode} into a new array. */
  public static float[] encode(float[] obs, int[] shape, int task, int tasks) {
    float[] out = new float[obs.length / shape[shape.length - 1] * (shape[shape.length - 1] + tasks)];
    encode(obs, shape, task, tasks, out, 0);
    return out;
  }

  /**
   * The element-wise union of the bounds of observation spaces of one shape: the smallest {@code Box}
   * holding every one's flattened observations ({@link #bounds} of each).
   *
   * @throws IllegalArgumentException when their shapes differ
   */
  public static Box union(Iterable<? extends Space<?>> spaces) {
    float[] low = null;
    float[] high = null;
    int[] shape = null;
    for (Space<?> s : spaces) {
      Box b = bounds(s);
      if (shape == null) {
        shape = b.shape();
        low = b.low();
        high = b.high();
        continue;
      }
      if (!Arrays.equals(shape, b.shape())) {
        throw new IllegalArgumentException("observation shapes differ: " + Arrays.toString(shape) + " and "
            + Arrays.toString(b.shape()));
      }
      for (int i = 0; i < low.length; i++) {
        low[i] = Math.min(low[i], b.low(i));
        high[i] = Math.max(high[i], b.high(i));
      }
    }
    if (shape == null) {
      throw new IllegalArgumentException("no observation spaces to join");
    }
    return new Box(low, high, shape);
  }

  /**
   * A space's flattened observations as a {@code Box}: a {@code Box} itself; {@code Discrete} and
   * {@code MultiDiscrete} flatten to one-hots in {@code [0, 1]}; any other space is unbounded.
   */
  public static Box bounds(Space<?> space) {
    if (space instanceof Box b) {
      return b;
    }
    boolean oneHot = space instanceof Discrete || space instanceof MultiDiscrete;
    return new Box(oneHot ? 0f : Float.NEGATIVE_INFINITY, oneHot ? 1f : Float.POSITIVE_INFINITY, space.flatDim());
  }

  public int task() {
    return task;
  }

  public int tasks() {
    return tasks;
  }

  @Override
  protected Space<float[]> observationSpace(Space<Object> inner) {
    int[] shape = encodedShape(shared.shape(), tasks);
    int channels = innerShape[innerShape.length - 1];
    int cells = shared.size() / channels;
    int width = channels + tasks;
    float[] low = new float[cells * width];
    float[] high = new float[cells * width];
    // the added elements' bounds are [0, 1]: the encoding of a task's zeros and ones
    float[] sharedLow = shared.low();
    float[] sharedHigh = shared.high();
    for (int c = 0; c < cells; c++) {
      System.arraycopy(sharedLow, c * channels, low, c * width, channels);
      System.arraycopy(sharedHigh, c * channels, high, c * width, channels);
      Arrays.fill(high, c * width + channels, (c + 1) * width, 1f);
    }
    return new Box(low, high, shape);
  }

  @Override
  protected float[] observation(Object inner) {
    float[] flat = innerSpace.flatten(inner);
    return encode(flat, innerShape, task, tasks);
  }
}
