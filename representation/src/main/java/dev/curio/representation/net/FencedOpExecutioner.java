package dev.curio.representation.net;

import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.aggregates.Aggregate;
import org.nd4j.linalg.api.ops.aggregates.Batch;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's CPU executioner, with every operation kept reachable until its native call has returned.
 *
 * <p>Why: an ND4J operation object owns arrays its caller never sees: the dimension list of a
 * broadcast or a reduction ({@code x.addRowVector(b)}, {@code x.sum(0)}), the scalar of a scalar
 * operation, the extra arguments. nd4j-native 1.0.0-M2.1's executioner reads their native buffers
 * into the arguments of the JNI call and does not touch the operation afterwards, so while the native
 * code runs nothing on the Java side holds them. A garbage collection at that moment queues their
 * buffers for ND4J's deallocator thread, which frees them while libnd4j still reads them: a SIGSEGV in
 * {@code sd::TadDescriptor} or {@code sd::DataBuffer::primary()} under {@code execBroadcast}, or, if
 * the freed memory is reused first, a silently wrong dimension or scalar. It needs a collection to
 * land inside one operation's few microseconds, so it is rare under G1 with its long gaps between
 * collections and common under the parallel collector with a small young generation (5 of 9 runs of
 * {@code SparseMazeExplorationTest}, two seeds on two threads, crashed that way;
 * docs/performance.md, Memory). {@link Reference#reachabilityFence} after each call keeps the
 * operation, and so everything it owns, alive until libnd4j is done with it.
 *
 * <p>{@link NativeHelpers} installs it in place of ND4J's own when the CPU backend is loaded, before
 * any Curio network computes anything; ND4J code of your own that runs earlier uses ND4J's executioner.
 * Native calls that bypass the executioner have the same hazard: {@code Nd4j.pullRows} is one, and
 * Curio calls it through {@code Host.rows}, which fences its source.
 * Nothing else changes: the same native calls with the same arguments, so the same floats.
 */
final class FencedOpExecutioner extends NativeOpExecutioner {

  private FencedOpExecutioner() {}

  /**
   * Puts a fenced executioner in place of ND4J's, carrying over its profiling mode and its verbose
   * and debug flags. Returns false (and changes nothing) if ND4J's executioner is not exactly the CPU one
   * or ND4J's field cannot be set.
   */
  static boolean install() {
    OpExecutioner current = Nd4j.getExecutioner();
    if (current instanceof FencedOpExecutioner) {
      return true;
    }
    if (current.getClass() != NativeOpExecutioner.class) {
      return false;
    }
    FencedOpExecutioner fenced = new FencedOpExecutioner();
    // the fields, not the setters: setProfilingMode resets OpProfiler's config, and the verbose and
    // debug setters also switch libnd4j's own flags, which may have been set through Nd4j.getEnvironment()
    fenced.profilingMode = current.getProfilingMode();
    fenced.verbose.set(current.isVerbose());
    fenced.debug.set(current.isDebug());
    try {
      Field field = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
      field.setAccessible(true);
      VarHandle.releaseFence(); // the constructed executioner is visible before the reference to it
      field.set(null, fenced);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("curio: warning: could not replace ND4J's executioner (" + e
          + "); native buffers of short-lived operations may be freed early under some collectors");
      return false;
    }
  }

  /**
   * Returns {@code result}; {@code first}, an argument here, stays reachable until the call that
   * produced {@code result} has returned. Two overloads rather than varargs: no array per operation.
   */
  private static <T> T kept(T result, Object first) {
    Reference.reachabilityFence(first);
    return result;
  }

  private static <T> T kept(T result, Object first, Object second) {
    Reference.reachabilityFence(first);
    Reference.reachabilityFence(second);
    return result;
  }

  @Override
  public INDArray exec(Op op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(Op op, OpContext context) {
    return kept(super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(IndexAccumulation op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(IndexAccumulation op, OpContext context) {
    return kept(super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(Variance op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(ReduceOp op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(ReduceOp op, OpContext context) {
    return kept(super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(ScalarOp op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(ScalarOp op, OpContext context) {
    return kept(super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(BroadcastOp op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(BroadcastOp op, OpContext context) {
    return kept(super.exec(op, context), op, context);
  }

  @Override
  public INDArray exec(RandomOp op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray exec(RandomOp op, Random rng) {
    return kept(super.exec(op, rng), op, rng);
  }

  @Override
  public INDArray exec(RandomOp op, OpContext context, Random rng) {
    return kept(kept(super.exec(op, context, rng), op, context), rng);
  }

  @Override
  public List<LongShapeDescriptor> calculateOutputShape(CustomOp op) {
    return kept(super.calculateOutputShape(op), op);
  }

  @Override
  public List<LongShapeDescriptor> calculateOutputShape(CustomOp op, OpContext context) {
    return kept(super.calculateOutputShape(op, context), op, context);
  }

  @Override
  public INDArray[] exec(CustomOp op) {
    return kept(super.exec(op), op);
  }

  @Override
  public INDArray[] exec(CustomOp op, OpContext context) {
    return kept(super.exec(op, context), op, context);
  }

  @Override
  public void exec(Aggregate op) {
    super.exec(op);
    Reference.reachabilityFence(op);
  }

  @Override
  public <T extends Aggregate> void exec(Batch<T> batch) {
    super.exec(batch);
    Reference.reachabilityFence(batch);
  }

  @Override
  public void exec(List<Aggregate> batch) {
    super.exec(batch);
    Reference.reachabilityFence(batch);
  }
}
