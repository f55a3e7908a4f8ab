package dev.curio.representation.net;

import dev.curio.core.trajectory.Host;
import dev.curio.core.state.Snapshot;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * All trainable parameters of one component as a single flat vector {@code [1, size]}, with a
 * gradient vector of the same layout and Adam's state. Networks ({@link Mlp}) claim consecutive
 * slices and see them as matrix views, so one optimiser step is a couple of ND4J ops for all of
 * them, however many networks share the vector (ND4J's per-op overhead dominates small networks).
 *
 * <p>Call order: build the vector with its total size, let each network {@link #claim} its slice,
 * then alternate "write gradients" and {@link #adamStep}. Not thread-safe.
 */
public final class Parameters {
  static {
    NativeHelpers.onednn(); // oneDNN for the convolutions only, before any network computes anything
  }

  private final INDArray values;
  private final INDArray gradient;
  private final DataType dataType;
  private int claimed;
  private AdamUpdater adam;
  private INDArray adamState;
  private double learningRate = Double.NaN;
  private double epsilon = Double.NaN;
  private long steps;

  /** A zero vector of {@code size} FLOAT parameters. */
  public Parameters(int size) {
    this(size, DataType.FLOAT);
  }

  /** A zero vector of {@code size} parameters of {@code dataType} (DOUBLE for gradient checks). */
  public Parameters(int size, DataType dataType) {
    if (size <= 0) {
      throw new IllegalArgumentException("a parameter vector needs size >= 1, got " + size);
    }
    this.dataType = dataType;
    this.values = Nd4j.zeros(dataType, 1, size);
    this.gradient = Nd4j.zeros(dataType, 1, size);
  }

  /**
   * A claimed slice of {@code length} parameters starting at {@code offset} of the flat vector.
   * {@link #values(int, int, int)} and {@link #gradient(int, int, int)} hand out matrix views into it.
   */
  public final class Slice {
    private final int offset;
    private final int length;

    private Slice(int offset, int length) {
      this.offset = offset;
      this.length = length;
    }

    /** A live {@code [rows, cols]} row-major view of the values at {@code at} within this slice. */
    public INDArray values(int at, int rows, int cols) {
      return matrixView(values, offset + checked(at, rows, cols), rows, cols);
    }

    /** The gradient view matching {@link #values(int, int, int)}. */
    public INDArray gradient(int at, int rows, int cols) {
      return matrixView(gradient, offset + checked(at, rows, cols), rows, cols);
    }

    /**
     * The values and gradient views of one weight tensor of {@code shape} (row-major) at {@code at}
     * within this slice, to be used on a {@link Tape} through {@link Weight#on}.
     */
    public Weight weight(int at, long... shape) {
      long n = 1;
      for (long d : shape) {
        if (d <= 0) {
          throw new IllegalArgumentException("weight shape " + java.util.Arrays.toString(shape));
        }
        n *= d;
      }
      if (at < 0 || at + n > length) {
        throw new IllegalArgumentException("weight " + java.util.Arrays.toString(shape) + " at " + at
            + " leaves a slice of " + length);
      }
      return new Weight(Parameters.this, tensorView(values, offset + at, shape), tensorView(gradient, offset + at, shape));
    }

    private int checked(int at, int rows, int cols) {
      if (at < 0 || rows <= 0 || cols <= 0 || at + (long) rows * cols > length) {
        throw new IllegalArgumentException("view [" + rows + ", " + cols + "] at " + at + " leaves a slice of "
            + length);
      }
      return at;
    }

    public int offset() {
      return offset;
    }

    public int length() {
      return length;
    }
  }

  /** Claims the next {@code length} parameters. */
  public Slice claim(int length) {
    if (length <= 0 || claimed + length > size()) {
      throw new IllegalArgumentException("cannot claim " + length + " parameters: " + claimed + " of " + size()
          + " already claimed");
    }
    Slice s = new Slice(claimed, length);
    claimed += length;
    return s;
  }

  /**
   * A {@code [rows, cols]} view sharing {@code flat}'s buffer from element {@code offset}. Built
   * directly on the buffer with explicit strides rather than by {@code get(interval).reshape(...)}:
   * that returns a view for a contiguous row on ND4J 1.0.0-M2.1's CPU backend, but reshape is free
   * to copy whenever it cannot express the result with strides, and a copy would silently cut the
   * weights off from the vector the optimiser updates. {@code MlpTest} guards the sharing.
   */
  static INDArray matrixView(INDArray flat, long offset, int rows, int cols) {
    return Nd4j.create(flat.data(), new long[] {rows, cols}, new long[] {cols, 1}, flat.offset() + offset, 'c',
        flat.dataType());
  }

  /** A row-major view of {@code shape} sharing {@code flat}'s buffer from element {@code offset}. */
  static INDArray tensorView(INDArray flat, long offset, long... shape) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return Nd4j.create(flat.data(), shape.clone(), strides, flat.offset() + offset, 'c', flat.dataType());
  }

  /**
   * One weight tensor of a {@link Parameters} vector: live views of its values and of its gradient.
   *
   * @param owner the vector both views belong to
   */
  public record Weight(Parameters owner, INDArray values, INDArray gradient) {
    /** This weight as a parameter of {@code tape}'s computation. */
    public Var on(Tape tape) {
      return tape.param(owner, values, gradient);
    }
  }

  public int size() {
    return (int) values.length();
  }

  public DataType dataType() {
    return dataType;
  }

  /** The live parameter vector {@code [1, size]} (views of it are the networks' weights). */
  public INDArray values() {
    return values;
  }

  /** The live gradient vector {@code [1, size]}; networks write into it on their backward pass. */
  public INDArray gradient() {
    return gradient;
  }

  /** Optimiser steps taken so far. */
  public long steps() {
    return steps;
  }

  /**
   * One Adam step (Kingma and Ba 2015; beta1 0.9, beta2 0.999, epsilon 1e-8) on the current
   * gradient, which it consumes (the gradient vector holds the applied update afterwards).
   */
  public void adamStep(double lr) {
    adamStep(lr, 1e-8);
  }

  /**
   * One Adam step with {@code epsilon} (CleanRL's PPO uses 1e-5); the same epsilon must be used for
   * every step of a run.
   */
  public void adamStep(double lr, double epsilon) {
    if (claimed != size()) {
      throw new IllegalStateException("only " + claimed + " of " + size() + " parameters were claimed");
    }
    if (adam == null || lr != learningRate || epsilon != this.epsilon) {
      boolean fresh = adamState == null;
      if (fresh) {
        // outside any workspace the caller may have open: the state lives as long as the vector
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
          adamState = Nd4j.zeros(dataType, 1, 2L * size());
        }
      }
      adam = new AdamUpdater(new Adam(lr, 0.9, 0.999, epsilon));
      adam.setStateViewArray(adamState, values.shape(), 'c', fresh);
      learningRate = lr;
      this.epsilon = epsilon;
    }
    adam.applyUpdater(gradient, (int) steps, 0);
    values.subi(gradient);
    steps++;
  }

  /** The L2 norm of the whole gradient vector. */
  public double gradientNorm() {
    return gradient.norm2Number().doubleValue();
  }

  /**
   * Scales the gradient to L2 norm {@code max} when it is longer (global-norm clipping, Pascanu et
   * al. 2013); {@code max <= 0} leaves it alone.
   *
   * @return the norm before clipping
   */
  public double clipGradientNorm(double max) {
    double norm = gradientNorm();
    if (max > 0 && norm > max) {
      gradient.muli(max / (norm + 1e-6));
    }
    return norm;
  }

  /** Values, Adam's moments and the step counter. */
  public Snapshot state() {
    Snapshot s = new Snapshot();
    s.putFloats("values", Host.floats(values));
    s.putFloats("adam", adamState == null ? new float[0] : Host.floats(adamState));
    s.putLong("steps", steps);
    return s;
  }

  public void restore(Snapshot s) {
    float[] v = s.floats("values");
    if (v.length != size()) {
      throw new IllegalArgumentException("snapshot has " + v.length + " parameters, this component has " + size()
          + " (different observation/action shapes or network sizes?)");
    }
    values.assign(Nd4j.createFromArray(v).reshape(1, v.length).castTo(dataType));
    float[] a = s.floats("adam");
    if (a.length == 0) {
      adam = null;
      adamState = null;
    } else {
      if (a.length != 2 * size()) {
        throw new IllegalArgumentException("snapshot has Adam state of " + a.length + " values, expected " + 2 * size());
      }
      if (adamState == null) {
        adamState = Nd4j.zeros(dataType, 1, 2L * size());
      }
      adamState.assign(Nd4j.createFromArray(a).reshape(1, a.length).castTo(dataType));
      adam = null; // re-bound to the restored state on the next step
    }
    steps = s.getLong("steps");
  }
}
