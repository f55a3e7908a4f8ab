package dev.curio.representation.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SigmoidDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Min;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Curio's one way to train networks: reverse-mode automatic differentiation over ND4J arrays,
 * recorded as the forward pass runs (define by run). Every network (the policy and its critic, the
 * reward modules' networks, encoders) is written as a forward pass of the operations here, its loss
 * too; {@link #backward} then writes {@code dLoss/dParameter} into each {@link Parameters} vector
 * the pass used, and the owner takes one optimiser step on the whole vector.
 *
 * <p>Why this and not SameDiff or a DL4J {@code ComputationGraph}: docs/architecture.md, "One
 * network stack" (measured: at the loop's sizes, the operations here cost what the ND4J calls cost,
 * while SameDiff adds 8-13 µs per op, and SameDiff 1.0.0-M2.1's gradients of {@code min}, {@code
 * max} and {@code gather} are wrong on ties and repeated indices). Each operation's gradient is
 * written once, below, and checked against finite differences in {@code TapeTest}; networks and
 * losses compose them and never derive a gradient by hand.
 *
 * <p>Rules: every array operation is batched (no per-element loops); values and gradients are never
 * modified in place once made, so one array may feed several operations; gradients with respect to
 * a value used twice add up (weight sharing, two losses into one encoder); ties in {@link #minimum}
 * and {@link #maximum} send the gradient to the first argument only; {@link #clip} passes the
 * gradient where {@code lo <= x <= hi}. A tape records one forward pass and is back-propagated at
 * most once; {@link #inference()} records nothing and is what acting uses. Not thread-safe.
 */
public final class Tape {
  /** How an operation sends {@code dLoss/dOutput} to its inputs. */
  interface Backward {
    void run(INDArray gradOut);
  }

  static {
    NativeHelpers.onednn(); // keeps oneDNN to the convolutions from the first network on
  }

  private final boolean recording;
  private final Arena arena;
  private final List<Var> nodes = new ArrayList<>();
  private final Set<Parameters> owners = Collections.newSetFromMap(new IdentityHashMap<>());
  private final IdentityHashMap<INDArray, Var> params = new IdentityHashMap<>();
  private final IdentityHashMap<Var, Var> logSoftmaxOf = new IdentityHashMap<>();
  private boolean used;

  /**
   * Tape operations run in this process so far: one per forward operation (on any tape, inference
   * too) and one per backward step. Each is one to four ND4J calls. A plain counter for benchmarks
   * ({@code curio bench ceiling} reads the difference around one call): not synchronised, so it
   * undercounts when several threads run networks at once.
   */
  private static long operations;

  private Tape(boolean recording, Arena arena) {
    this.recording = recording;
    this.arena = arena;
    if (arena != null) {
      arena.rewind();
    }
  }

  private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.2)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policyMirroring(MirroringPolicy.FULL)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  /**
   * Opens a scratch memory workspace for one forward or training pass on this thread (named
   * {@code id}; one per call site), so its intermediate arrays reuse one native block instead of
   * being allocated and freed one by one. Everything created inside dies when the scope closes:
   * {@link INDArray#detach()} what must outlive it. Parameters and their gradients live outside and
   * are only written in place. Use with try-with-resources.
   */
  public static MemoryWorkspace scratch(String id) {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, id);
  }

  /** A tape that records what {@link #backward} needs. */
  public static Tape training() {
    return new Tape(true, null);
  }

  /**
   * A training tape whose operations write into {@code arena}'s arrays, reused from the previous
   * tape on it (see {@link Arena} for the rules): for a network called again and again at one
   * batch size.
   */
  public static Tape training(Arena arena) {
    return new Tape(true, java.util.Objects.requireNonNull(arena, "arena"));
  }

  /** A tape that computes values only (acting, evaluation): no gradients, nothing kept. */
  public static Tape inference() {
    return new Tape(false, null);
  }

  /** An inference tape on {@code arena}, as {@link #training(Arena)}. */
  public static Tape inference(Arena arena) {
    return new Tape(false, java.util.Objects.requireNonNull(arena, "arena"));
  }

  public boolean recording() {
    return recording;
  }

  /** Tape operations run so far in this process (forward operations and backward steps): see {@link #operations}. */
  public static long operationCount() {
    return operations;
  }

  /** An input or target: no gradient flows into it. */
  public Var constant(INDArray value) {
    return new Var(this, value, false, null);
  }

  /**
   * A parameter: a live view of {@code owner}'s values whose gradient is {@code gradient}, the
   * matching view of {@code owner}'s gradient vector. Asking twice for the same view gives the same
   * variable, so a network applied twice (weight sharing) sums both uses' gradients.
   */
  public Var param(Parameters owner, INDArray values, INDArray gradient) {
    Var known = params.get(values);
    if (known != null) {
      return known;
    }
    if (!Arrays.equals(values.shape(), gradient.shape())) {
      throw new IllegalArgumentException("parameter " + Arrays.toString(values.shape()) + " has a gradient view of "
          + Arrays.toString(gradient.shape()));
    }
    Var v = new Var(this, values, recording, gradient);
    params.put(values, v);
    if (recording) {
      owners.add(owner);
    }
    return v;
  }

  /**
   * Back-propagates {@code loss} (one element): zeroes the gradient vector of every
   * {@link Parameters} this tape used, then writes {@code dLoss/dTheta} into it (0 for parameters
   * the loss does not reach). Afterwards every variable's {@link Var#grad()} holds its gradient.
   */
  public void backward(Var loss) {
    if (!recording) {
      throw new IllegalStateException("an inference tape records no gradients; use Tape.training()");
    }
    if (used) {
      throw new IllegalStateException("a tape is back-propagated once");
    }
    if (loss.tape != this) {
      throw new IllegalArgumentException("the loss was computed on another tape");
    }
    if (loss.value.length() != 1) {
      throw new IllegalArgumentException("backward needs a scalar loss, got " + Arrays.toString(loss.value.shape()));
    }
    used = true;
    for (Parameters p : owners) {
      p.gradient().assign(0);
    }
    if (!loss.requiresGrad) {
      return;
    }
    loss.grad = filled(loss.value.dataType(), loss.value.shape(), 1);
    if (loss.sink != null) {
      loss.sink.addi(loss.grad);
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Var n = nodes.get(i);
      if (n.grad != null) {
        operations++;
        n.backward.run(n.grad);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private Var node(INDArray value, Backward backward, Var... inputs) {
    operations++;
    boolean requires = false;
    for (Var in : inputs) {
      if (in.tape != this) {
        throw new IllegalArgumentException("a variable from another tape was used");
      }
      requires |= in.requiresGrad;
    }
    Var v = new Var(this, value, recording && requires, null);
    if (v.requiresGrad) {
      v.backward = backward;
      nodes.add(v);
    }
    return v;
  }

  /**
   * An uninitialised array for an operation's result: the arena's when this tape has one, else a
   * new one in the current workspace.
   */
  private INDArray alloc(DataType type, char order, long... shape) {
    return arena != null ? arena.take(type, order, shape) : Nd4j.createUninitialized(type, shape, order);
  }

  /** An uninitialised array of {@code a}'s type, order and shape (contiguous even where {@code a} is a view). */
  private INDArray like(INDArray a) {
    return alloc(a.dataType(), a.ordering(), a.shape());
  }

  /** A row-major array of {@code shape} with every element {@code value} (zeros, a mean's gradient). */
  private INDArray filled(DataType type, long[] shape, double value) {
    return alloc(type, 'c', shape).assign(value);
  }

  /** The sum of {@code x [n, m]} along {@code dim}, kept as a row {@code [1, m]} (dim 0) or a column {@code [n, 1]} (dim 1). */
  private INDArray sumAlong(INDArray x, int dim) {
    INDArray out = dim == 0 ? alloc(x.dataType(), 'c', 1, x.columns()) : alloc(x.dataType(), 'c', x.rows(), 1);
    return x.sum(out, true, dim);
  }

  private void accumulate(Var v, INDArray g) {
    if (!v.requiresGrad) {
      return;
    }
    if (v.sink != null) {
      v.sink.addi(g.reshape(v.sink.shape()));
      v.grad = v.sink;
    } else if (v.grad == null) {
      v.grad = g;
    } else {
      v.grad = v.grad.add(g, like(v.grad));
    }
  }

  private static void sameShape(String op, Var a, Var b) {
    if (!Arrays.equals(a.value.shape(), b.value.shape())) {
      throw new IllegalArgumentException(op + " needs equal shapes, got " + Arrays.toString(a.value.shape()) + " and "
          + Arrays.toString(b.value.shape()));
    }
  }

  private static void matrix(String op, Var a) {
    if (a.value.rank() != 2) {
      throw new IllegalArgumentException(op + " needs a matrix, got " + Arrays.toString(a.value.shape()));
    }
  }

  private static INDArray mask(INDArray condition, DataType type) {
    return condition.castTo(type);
  }

  // ---------------------------------------------------------------------------------------------
  // linear algebra and broadcasting

  /**
   * {@code op(a) x op(b)} into a new column-major array in one native call. {@code INDArray.mmul}
   * computes the same product into a column-major temporary and then copies it into a row-major
   * result: a second call per product, which at the loop's sizes costs about as much as the product.
   * Same floats as {@code mmul} (the product itself is the same call; only the copy is gone).
   */
  private INDArray gemmF(INDArray a, INDArray b, boolean ta, boolean tb) {
    long rows = ta ? a.columns() : a.rows();
    long cols = tb ? b.rows() : b.columns();
    return Nd4j.gemm(a, b, alloc(a.dataType(), 'f', rows, cols), ta, tb, 1.0, 0.0);
  }

  /** {@code a [n, k] x b [k, m]}. */
  public Var mmul(Var a, Var b) {
    matrix("mmul", a);
    matrix("mmul", b);
    if (a.value.columns() != b.value.rows()) {
      throw new IllegalArgumentException("mmul of " + Arrays.toString(a.value.shape()) + " by "
          + Arrays.toString(b.value.shape()));
    }
    INDArray out = gemmF(a.value, b.value, false, false);
    return node(out, g -> {
      if (a.requiresGrad) {
        accumulate(a, gemmF(g, b.value, false, true));
      }
      if (b.requiresGrad) {
        if (b.sink != null) {
          Nd4j.gemm(a.value, g, b.sink, true, false, 1.0, 1.0);
          b.grad = b.sink;
        } else {
          accumulate(b, gemmF(a.value, g, true, false));
        }
      }
    }, a, b);
  }

  /**
   * A dense layer, {@code act(x W + b)} for {@code x [n, k]}, {@code w [k, m]}, {@code b [1, m]}:
   * the same as {@code act(addRow(mmul(x, w), b))} in fewer native calls (the bias is added to the
   * product in place, and the activation too; at the loop's sizes each saved
   * allocation is worth a few microseconds).
   */
  public Var dense(Var x, Var w, Var b, Activation act) {
    matrix("dense", x);
    matrix("dense", w);
    if (x.value.columns() != w.value.rows()) {
      throw new IllegalArgumentException("dense layer of " + Arrays.toString(x.value.shape()) + " by "
          + Arrays.toString(w.value.shape()));
    }
    if (b.value.rank() != 2 || b.value.rows() != 1 || b.value.columns() != w.value.columns()) {
      throw new IllegalArgumentException("dense layer bias " + Arrays.toString(b.value.shape()) + " for "
          + Arrays.toString(w.value.shape()));
    }
    INDArray z = gemmF(x.value, w.value, false, false).addiRowVector(b.value);
    // in place: both derivatives read the output (relu's is positive where z is)
    INDArray out = switch (act) {
      case IDENTITY -> z;
      case RELU -> Nd4j.exec(new RectifiedLinear(z, z, 0.0));
      case TANH -> Nd4j.exec(new Tanh(z, z));
    };
    return node(out, g -> {
      INDArray dz = switch (act) {
        case IDENTITY -> g;
        case RELU -> Nd4j.exec(new RectifiedLinearDerivative(out, g, like(g)))[0];
        case TANH -> tanhGradient(out, g);
      };
      if (x.requiresGrad) {
        accumulate(x, gemmF(dz, w.value, false, true));
      }
      if (w.requiresGrad) {
        if (w.sink != null) {
          Nd4j.gemm(x.value, dz, w.sink, true, false, 1.0, 1.0);
          w.grad = w.sink;
        } else {
          accumulate(w, gemmF(x.value, dz, true, false));
        }
      }
      if (b.requiresGrad) {
        accumulate(b, sumAlong(dz, 0));
      }
    }, x, w, b);
  }

  /** {@code a [n, m] + row [1, m]} on every row. */
  public Var addRow(Var a, Var row) {
    checkRow("addRow", a, row);
    INDArray out = Nd4j.exec(new BroadcastAddOp(a.value, row.value, like(a.value), 1));
    return node(out, g -> {
      accumulate(a, g);
      if (row.requiresGrad) {
        accumulate(row, sumAlong(g, 0));
      }
    }, a, row);
  }

  /** {@code a [n, m] * row [1, m]} on every row. */
  public Var mulRow(Var a, Var row) {
    checkRow("mulRow", a, row);
    INDArray out = Nd4j.exec(new BroadcastMulOp(a.value, row.value, like(a.value), 1));
    return node(out, g -> {
      if (a.requiresGrad) {
        accumulate(a, Nd4j.exec(new BroadcastMulOp(g, row.value, like(g), 1)));
      }
      if (row.requiresGrad) {
        accumulate(row, sumAlong(g.mul(a.value, like(g)), 0));
      }
    }, a, row);
  }

  /** {@code a [n, m] * column [n, 1]} on every column. */
  public Var mulColumn(Var a, Var column) {
    matrix("mulColumn", a);
    if (column.value.rank() != 2 || column.value.columns() != 1 || column.value.rows() != a.value.rows()) {
      throw new IllegalArgumentException("mulColumn of " + Arrays.toString(a.value.shape()) + " by "
          + Arrays.toString(column.value.shape()) + " (needs [" + a.value.rows() + ", 1])");
    }
    INDArray out = Nd4j.exec(new BroadcastMulOp(a.value, column.value, like(a.value), 0));
    return node(out, g -> {
      if (a.requiresGrad) {
        accumulate(a, Nd4j.exec(new BroadcastMulOp(g, column.value, like(g), 0)));
      }
      if (column.requiresGrad) {
        accumulate(column, sumAlong(g.mul(a.value, like(g)), 1));
      }
    }, a, column);
  }

  private static void checkRow(String op, Var a, Var row) {
    matrix(op, a);
    if (row.value.rank() != 2 || row.value.rows() != 1 || row.value.columns() != a.value.columns()) {
      throw new IllegalArgumentException(op + " of " + Arrays.toString(a.value.shape()) + " by "
          + Arrays.toString(row.value.shape()) + " (needs [1, " + a.value.columns() + "])");
    }
  }

  public Var add(Var a, Var b) {
    sameShape("add", a, b);
    return node(a.value.add(b.value, like(a.value)), g -> {
      accumulate(a, g);
      accumulate(b, g);
    }, a, b);
  }

  public Var sub(Var a, Var b) {
    sameShape("sub", a, b);
    return node(a.value.sub(b.value, like(a.value)), g -> {
      accumulate(a, g);
      if (b.requiresGrad) {
        accumulate(b, g.mul(-1.0, like(g)));
      }
    }, a, b);
  }

  /** Element-wise product. */
  public Var mul(Var a, Var b) {
    sameShape("mul", a, b);
    return node(a.value.mul(b.value, like(a.value)), g -> {
      if (a.requiresGrad) {
        accumulate(a, g.mul(b.value, like(g)));
      }
      if (b.requiresGrad) {
        accumulate(b, g.mul(a.value, like(g)));
      }
    }, a, b);
  }

  /** {@code c * a}. */
  public Var scale(Var a, double c) {
    return node(a.value.mul(c, like(a.value)), g -> accumulate(a, g.mul(c, like(g))), a);
  }

  /** {@code a + c}. */
  public Var addScalar(Var a, double c) {
    return node(a.value.add(c, like(a.value)), g -> accumulate(a, g), a);
  }

  // ---------------------------------------------------------------------------------------------
  // element-wise functions

  public Var relu(Var a) {
    INDArray out = Nd4j.exec(new RectifiedLinear(a.value, like(a.value), 0.0));
    return node(out, g -> accumulate(a,
        Nd4j.exec(new RectifiedLinearDerivative(a.value, g, like(g)))[0]), a);
  }

  public Var tanh(Var a) {
    INDArray out = Nd4j.exec(new Tanh(a.value, like(a.value)));
    return node(out, g -> accumulate(a, tanhGradient(out, g)), a);
  }

  /**
   * {@code g * (1 - y^2)} for {@code y = tanh(z)}: three cheap element-wise calls on the forward
   * output instead of ND4J's {@code TanhDerivative}, which computes tanh of z again (libnd4j's own
   * kernel, which Curio runs with oneDNN off outside convolutions, took 4 times as long at 128 x 64
   * and 17 times at 1024 x 64 on an AMD EPYC). The same products in the same order as that kernel,
   * so the same floats.
   */
  private INDArray tanhGradient(INDArray y, INDArray g) {
    INDArray d = Nd4j.exec(new MulOp(y, y, like(g)))[0];
    Nd4j.exec(new ScalarReverseSubtraction(d, d, 1.0));
    return Nd4j.exec(new MulOp(d, g, d))[0];
  }

  public Var sigmoid(Var a) {
    INDArray out = Nd4j.exec(new Sigmoid(a.value, like(a.value)));
    return node(out, g -> accumulate(a, Nd4j.exec(new SigmoidDerivative(a.value, g, like(g)))[0]), a);
  }

  public Var exp(Var a) {
    INDArray out = Nd4j.exec(new Exp(a.value, like(a.value)));
    return node(out, g -> accumulate(a, g.mul(out, like(g))), a);
  }

  public Var square(Var a) {
    INDArray out = a.value.mul(a.value, like(a.value));
    return node(out, g -> accumulate(a, g.mul(a.value, like(g)).muli(2.0)), a);
  }

  /** {@code log(1 + e^a)}, the softplus; its gradient is {@code sigmoid(a)}. */
  public Var softplus(Var a) {
    INDArray out = Transforms.softPlus(a.value, true);
    return node(out, g -> accumulate(a, Transforms.sigmoid(a.value, true).muli(g)), a);
  }

  /** {@code a^p} element-wise (for a non-integer {@code p}, {@code a} must be positive). */
  public Var pow(Var a, double p) {
    INDArray out = Transforms.pow(a.value, p, true);
    return node(out, g -> accumulate(a, Transforms.pow(a.value, p - 1, true).muli(p).muli(g)), a);
  }

  /** {@code |a|}; the gradient at 0 is 0. */
  public Var abs(Var a) {
    INDArray out = Transforms.abs(a.value, true);
    return node(out, g -> accumulate(a, g.mul(Transforms.sign(a.value, true))), a);
  }

  /** {@code min(a, b)} element-wise; where equal, the gradient goes to {@code a}. */
  public Var minimum(Var a, Var b) {
    sameShape("minimum", a, b);
    INDArray out = Nd4j.exec(new Min(a.value, b.value, like(a.value)))[0];
    return select(out, mask(a.value.gt(b.value), a.value.dataType()).rsubi(1.0), a, b);
  }

  /** {@code max(a, b)} element-wise; where equal, the gradient goes to {@code a}. */
  public Var maximum(Var a, Var b) {
    sameShape("maximum", a, b);
    INDArray out = Nd4j.exec(new Max(a.value, b.value, like(a.value)))[0];
    return select(out, mask(a.value.lt(b.value), a.value.dataType()).rsubi(1.0), a, b);
  }

  /** {@code out}, taken from {@code a} where {@code first} is 1 and from {@code b} where it is 0. */
  private Var select(INDArray out, INDArray first, Var a, Var b) {
    return node(out, g -> {
      if (a.requiresGrad) {
        accumulate(a, g.mul(first, like(g)));
      }
      if (b.requiresGrad) {
        accumulate(b, g.mul(first.rsub(1.0, like(first)), like(g)));
      }
    }, a, b);
  }

  /** {@code a} clamped to {@code [lo, hi]}; the gradient passes where {@code lo <= a <= hi}. */
  public Var clip(Var a, double lo, double hi) {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("clip needs lo <= hi, got " + lo + " and " + hi);
    }
    INDArray out = Nd4j.exec(new ScalarMin(a.value, null, like(a.value), hi));
    Nd4j.exec(new ScalarMax(out, null, out, lo));
    return node(out, g -> {
      // lo <= a <= hi exactly where clamping left a as it was (NaN equals nothing, so it passes none)
      accumulate(a, g.mul(mask(a.value.eq(out), g.dataType()), like(g)));
    }, a);
  }

  /**
   * The value of {@code quantised} with the gradient of {@code x} (the straight-through estimator
   * of vector quantisation, van den Oord et al. 2017): {@code dL/dx = dL/dOutput}, none to
   * {@code quantised}.
   */
  public Var straightThrough(Var x, Var quantised) {
    sameShape("straightThrough", x, quantised);
    return node(quantised.value, g -> accumulate(x, g), x);
  }

  // ---------------------------------------------------------------------------------------------
  // reductions and row-wise functions

  /** {@code log softmax} of every row of {@code a [n, m]}, computed from the row's maximum for stability. */
  public Var logSoftmax(Var a) {
    matrix("logSoftmax", a);
    Var known = logSoftmaxOf.get(a);
    if (known != null) {
      return known; // a loss asking twice (log-probability and entropy) shares one node
    }
    INDArray z = Nd4j.exec(new BroadcastSubOp(a.value, a.value.max(true, 1), like(a.value), 0));
    INDArray lse = Transforms.log(sumAlong(Nd4j.exec(new Exp(z, like(z))), 1), false);
    INDArray out = z.subiColumnVector(lse);
    Var v = node(out, g -> {
      INDArray p = Nd4j.exec(new Exp(out, like(out)));
      accumulate(a, g.sub(p.muliColumnVector(sumAlong(g, 1)), like(g)));
    }, a);
    logSoftmaxOf.put(a, v);
    return v;
  }

  /** The sum of each row of {@code a [n, m]}: {@code [n, 1]}. */
  public Var sumRows(Var a) {
    matrix("sumRows", a);
    return node(sumAlong(a.value, 1), g -> accumulate(a,
        filled(g.dataType(), a.value.shape(), 0).addiColumnVector(g)), a);
  }

  /** The sum of all elements, {@code [1, 1]}. */
  public Var sum(Var a) {
    INDArray out = a.value.sum().reshape(1, 1);
    return node(out, g -> accumulate(a, filled(g.dataType(), a.value.shape(), g.getDouble(0))), a);
  }

  /** The mean of all elements, {@code [1, 1]}. */
  public Var mean(Var a) {
    long n = a.value.length();
    INDArray out = a.value.mean().reshape(1, 1);
    return node(out, g -> accumulate(a, filled(g.dataType(), a.value.shape(), g.getDouble(0) / n)), a);
  }

  // ---------------------------------------------------------------------------------------------
  // shapes

  public Var reshape(Var a, long... shape) {
    long[] from = a.value.shape();
    INDArray out = a.value.reshape('c', shape);
    return node(out, g -> accumulate(a, g.reshape('c', from)), a);
  }

  /** Columns {@code [from, to)} of a matrix. */
  public Var columns(Var a, int from, int to) {
    matrix("columns", a);
    if (from < 0 || to > a.value.columns() || from >= to) {
      throw new IllegalArgumentException("columns [" + from + ", " + to + ") of " + Arrays.toString(a.value.shape()));
    }
    INDArray out = a.value.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    return node(out, g -> {
      INDArray d = filled(g.dataType(), a.value.shape(), 0);
      d.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).assign(g);
      accumulate(a, d);
    }, a);
  }

  /** Rows {@code [from, to)} of a matrix. */
  public Var rows(Var a, int from, int to) {
    matrix("rows", a);
    if (from < 0 || to > a.value.rows() || from >= to) {
      throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + Arrays.toString(a.value.shape()));
    }
    INDArray out = a.value.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    return node(out, g -> {
      INDArray d = filled(g.dataType(), a.value.shape(), 0);
      d.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(g);
      accumulate(a, d);
    }, a);
  }

  /** Matrices side by side (equal row counts). */
  public Var hstack(Var... parts) {
    return stack("hstack", 1, parts);
  }

  /** Matrices one above the other (equal column counts). */
  public Var vstack(Var... parts) {
    return stack("vstack", 0, parts);
  }

  /** {@code parts} joined along {@code axis} (0: rows, 1: columns); the gradient is cut back into the parts. */
  private Var stack(String op, int axis, Var... parts) {
    INDArray[] values = new INDArray[parts.length];
    for (int i = 0; i < parts.length; i++) {
      matrix(op, parts[i]);
      values[i] = parts[i].value;
    }
    INDArray out = axis == 0 ? Nd4j.vstack(values) : Nd4j.hstack(values);
    return node(out, g -> {
      long at = 0;
      for (Var p : parts) {
        long size = p.value.size(axis);
        if (p.requiresGrad) {
          INDArrayIndex range = NDArrayIndex.interval(at, at + size);
          accumulate(p, axis == 0 ? g.get(range, NDArrayIndex.all()) : g.get(NDArrayIndex.all(), range));
        }
        at += size;
      }
    }, parts);
  }

  // ---------------------------------------------------------------------------------------------
  // convolution (NHWC, libnd4j's conv2d and maxpool2d and their _bp ops; on oneDNN where the build has it)

  /**
   * A 2-D convolution with stride 1 and no padding of {@code x [B, H, W, C]} by
   * {@code kernel [kH, kW, C, O]} plus {@code bias [1, O]}: {@code [B, H-kH+1, W-kW+1, O]}.
   */
  public Var conv2d(Var x, Var kernel, Var bias) {
    long[] xs = x.value.shape();
    long[] ks = kernel.value.shape();
    if (xs.length != 4 || ks.length != 4 || ks[2] != xs[3] || bias.value.length() != ks[3]
        || xs[1] < ks[0] || xs[2] < ks[1]) {
      throw new IllegalArgumentException("conv2d of " + Arrays.toString(xs) + " by kernel " + Arrays.toString(ks)
          + " and bias " + Arrays.toString(bias.value.shape()));
    }
    int[] args = convArgs((int) ks[0], (int) ks[1]);
    INDArray b = bias.value.reshape(ks[3]);
    INDArray out = alloc(x.value.dataType(), 'c', xs[0], xs[1] - ks[0] + 1, xs[2] - ks[1] + 1, ks[3]);
    NativeHelpers.convolution(() -> Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x.value, kernel.value, b)
        .addOutputs(out).addIntegerArguments(args).build()));
    return node(out, g -> {
      INDArray gx = like(x.value);
      INDArray gk = like(kernel.value);
      INDArray gb = like(b);
      NativeHelpers.convolution(() -> Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
          .addInputs(x.value, kernel.value, b, g).addOutputs(gx, gk, gb).addIntegerArguments(args).build()));
      accumulate(x, gx);
      accumulate(kernel, gk);
      accumulate(bias, gb);
    }, x, kernel, bias);
  }

  private static int[] convArgs(int kh, int kw) {
    // kH, kW, sH, sW, pH, pW, dH, dW, padding (0 valid), data format (1 NHWC), weights (0 [kH, kW, iC, oC])
    return new int[] {kh, kw, 1, 1, 0, 0, 1, 1, 0, 1, 0};
  }

  /** Max pooling of {@code x [B, H, W, C]} over {@code k x k} windows with stride {@code k}, no padding. */
  public Var maxPool(Var x, int k) {
    long[] xs = x.value.shape();
    if (xs.length != 4 || k < 1 || xs[1] < k || xs[2] < k) {
      throw new IllegalArgumentException("maxPool " + k + "x" + k + " of " + Arrays.toString(xs));
    }
    // kH, kW, sH, sW, pH, pW, dH, dW, padding (0 valid), extra (unused), data format (1 NHWC)
    int[] args = {k, k, k, k, 0, 0, 1, 1, 0, 0, 1};
    INDArray out = alloc(x.value.dataType(), 'c', xs[0], xs[1] / k, xs[2] / k, xs[3]);
    NativeHelpers.convolution(() -> Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(x.value).addOutputs(out)
        .addIntegerArguments(args).build()));
    return node(out, g -> {
      INDArray gx = like(x.value);
      NativeHelpers.convolution(() -> Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(x.value, g)
          .addOutputs(gx).addIntegerArguments(args).build()));
      accumulate(x, gx);
    }, x);
  }
}
