package dev.curio.representation.net;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.core.state.Snapshot;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stack of dense layers {@code a_{l+1} = act_l(a_l W_l + b_l)} whose weights live in a slice of a
 * shared {@link Parameters} vector, with an explicit, hand-written backward pass.
 *
 * <p>Why not a DL4J {@code ComputationGraph}: the intrinsic-reward modules need one encoder applied
 * to two inputs (ICM's {@code phi(s_t)} and {@code phi(s_t+1)}), custom losses, and gradients that
 * stop or pass between networks; here that is a few explicit matrix products per layer over whole
 * batches (three ops forward, four backward), and one Adam step covers every network of a module.
 * {@code MlpTest} checks the backward pass against finite differences.
 *
 * <p>Shapes: input {@code [B, sizes[0]]}, output {@code [B, sizes[last]]}; {@code W_l} is
 * {@code [sizes[l], sizes[l+1]]} and {@code b_l} {@code [1, sizes[l+1]]}. Initialisation: weights
 * {@code N(0, gain^2 / fanIn)} ({@code gain = sqrt 2} into a ReLU, He et al. 2015; 1 otherwise),
 * biases 0, all drawn from the given {@link Rng}.
 */
public final class Mlp {
  private final int[] sizes;
  private final Activation hidden;
  private final Activation output;
  private final INDArray[] w;
  private final INDArray[] b;
  private final INDArray[] gw;
  private final INDArray[] gb;
  private final INDArray flatValues;

  /**
   * Claims {@link #paramCount(int...)} parameters from {@code params} and initialises them.
   *
   * @param sizes layer widths, input first, output last (at least two)
   * @param hidden activation after every layer but the last
   * @param output activation after the last layer
   */
  public Mlp(Parameters params, int[] sizes, Activation hidden, Activation output, Rng rng) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("an MLP needs an input and an output size, got " + Arrays.toString(sizes));
    }
    for (int s : sizes) {
      if (s <= 0) {
        throw new IllegalArgumentException("MLP layer sizes must be >= 1, got " + Arrays.toString(sizes));
      }
    }
    this.sizes = sizes.clone();
    this.hidden = hidden;
    this.output = output;
    int layers = sizes.length - 1;
    w = new INDArray[layers];
    b = new INDArray[layers];
    gw = new INDArray[layers];
    gb = new INDArray[layers];
    Parameters.Slice slice = params.claim(paramCount(sizes));
    flatValues = slice.values(0, 1, slice.length());
    int off = 0;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      w[l] = slice.values(off, in, out);
      gw[l] = slice.gradient(off, in, out);
      off += in * out;
      b[l] = slice.values(off, 1, out);
      gb[l] = slice.gradient(off, 1, out);
      off += out;
      double gain = l == 0 ? 1.0 : hidden.gain();
      double std = gain / Math.sqrt(in);
      float[] init = new float[in * out];
      for (int i = 0; i < init.length; i++) {
        init[i] = (float) (rng.nextGaussian() * std);
      }
      w[l].assign(Nd4j.create(init, new long[] {in, out}, 'c').castTo(w[l].dataType()));
    }
  }

  /** Number of parameters of an MLP with these layer sizes. */
  public static int paramCount(int... sizes) {
    int n = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      n += sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    return n;
  }

  /** A live view {@code [1, paramCount]} of this network's weights and biases, layer by layer. */
  public INDArray weights() {
    return flatValues;
  }

  /** A copy of {@link #weights()} as a snapshot (no optimiser state: that belongs to the owner). */
  public Snapshot weightState() {
    return new Snapshot().putFloats("weights", Host.floats(flatValues));
  }

  /** Restores weights written by {@link #weightState()} of a network of the same sizes. */
  public void restoreWeights(Snapshot s) {
    float[] v = s.floats("weights");
    if (v.length != flatValues.length()) {
      throw new IllegalArgumentException("snapshot has " + v.length + " weights, this network has "
          + flatValues.length());
    }
    flatValues.assign(Nd4j.createFromArray(v).reshape(1, v.length).castTo(flatValues.dataType()));
  }

  public int inputSize() {
    return sizes[0];
  }

  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  private Activation act(int layer) {
    return layer == w.length - 1 ? output : hidden;
  }

  private void checkInput(INDArray x) {
    if (x.rank() != 2 || x.columns() != sizes[0]) {
      throw new IllegalArgumentException("MLP input must be [B, " + sizes[0] + "], got " + Arrays.toString(x.shape()));
    }
  }

  /** Output {@code [B, out]} for {@code x} {@code [B, in]}; changes nothing. */
  public INDArray forward(INDArray x) {
    checkInput(x);
    INDArray a = x;
    for (int l = 0; l < w.length; l++) {
      INDArray z = a.mmul(w[l]).addiRowVector(b[l]);
      a = act(l).apply(z);
    }
    return a;
  }

  /**
   * What a forward pass keeps for {@link #backward}: each layer's input and pre-activation. Used
   * once: the backward pass overwrites the pre-activations.
   */
  public static final class Trace {
    private final INDArray[] inputs;
    private final INDArray[] pre;
    private final INDArray output;
    private boolean used;

    private Trace(INDArray[] inputs, INDArray[] pre, INDArray output) {
      this.inputs = inputs;
      this.pre = pre;
      this.output = output;
    }

    /** The network's output {@code [B, out]}. */
    public INDArray output() {
      return output;
    }
  }

  /** A forward pass that keeps what {@link #backward} needs. */
  public Trace trace(INDArray x) {
    checkInput(x);
    INDArray[] inputs = new INDArray[w.length];
    INDArray[] pre = new INDArray[w.length];
    INDArray a = x;
    for (int l = 0; l < w.length; l++) {
      inputs[l] = a;
      INDArray z = a.mmul(w[l]).addiRowVector(b[l]);
      pre[l] = z;
      a = act(l).apply(z);
    }
    return new Trace(inputs, pre, a);
  }

  /**
   * Backward pass: writes (overwrites, not adds) {@code dL/dW}, {@code dL/db} of this network into
   * its slice of the gradient vector.
   *
   * @param gradOut {@code dL/d output} {@code [B, out]} (already averaged over the batch as the loss
   *     requires); not modified
   * @param inputGradient whether to return {@code dL/d input} {@code [B, in]}
   * @return {@code dL/d input}, or null when not asked for
   */
  public INDArray backward(Trace trace, INDArray gradOut, boolean inputGradient) {
    if (trace.used) {
      throw new IllegalStateException("a trace can be back-propagated once");
    }
    trace.used = true;
    INDArray delta = gradOut;
    for (int l = w.length - 1; l >= 0; l--) {
      delta = act(l).backprop(trace.pre[l], delta);
      Nd4j.gemm(trace.inputs[l], delta, gw[l], true, false, 1.0, 0.0);
      gb[l].assign(delta.sum(true, 0));
      if (l > 0 || inputGradient) {
        delta = delta.mmul(w[l].transpose());
      } else {
        delta = null;
      }
    }
    return delta;
  }
}
