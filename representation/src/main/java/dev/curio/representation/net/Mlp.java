package dev.curio.representation.net;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.core.state.Snapshot;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stack of dense layers {@code a_{l+1} = act_l(a_l W_l + b_l)} whose weights live in a slice of a
 * shared {@link Parameters} vector, run on a {@link Tape} (Curio's one network stack): the owner
 * writes its loss with the tape's operations and calls {@link Tape#backward}, then takes one
 * optimiser step on the whole vector, however many networks share it. Applying the same network to
 * two inputs on one tape (ICM's {@code phi(s_t)} and {@code phi(s_t+1)}) sums both gradients.
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
  private final Parameters.Weight[] w;
  private final Parameters.Weight[] b;
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
    w = new Parameters.Weight[layers];
    b = new Parameters.Weight[layers];
    Parameters.Slice slice = params.claim(paramCount(sizes));
    flatValues = slice.values(0, 1, slice.length());
    int off = 0;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      w[l] = slice.weight(off, in, out);
      off += in * out;
      b[l] = slice.weight(off, 1, out);
      off += out;
      double gain = l == 0 ? 1.0 : hidden.gain();
      double std = gain / Math.sqrt(in);
      float[] init = new float[in * out];
      for (int i = 0; i < init.length; i++) {
        init[i] = (float) (rng.nextGaussian() * std);
      }
      w[l].values().assign(Nd4j.create(init, new long[] {in, out}, 'c').castTo(w[l].values().dataType()));
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

  /** Output {@code [B, out]} for {@code x} {@code [B, in]}; changes nothing, records nothing. */
  public INDArray forward(INDArray x) {
    Tape tape = Tape.inference();
    return forward(tape, tape.constant(x)).value();
  }

  /** The forward pass of {@code x [B, in]} on {@code tape}. */
  public Var forward(Tape tape, Var x) {
    checkInput(x.value());
    Var a = x;
    for (int l = 0; l < w.length; l++) {
      a = tape.dense(a, w[l].on(tape), b[l].on(tape), act(l));
    }
    return a;
  }
}
