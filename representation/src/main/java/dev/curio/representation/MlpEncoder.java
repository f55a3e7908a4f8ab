package dev.curio.representation;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learned MLP encoder {@code obsDim -> hidden... -> latentDim}. Its weights live in its owner's
 * {@link Parameters}; the owner trains it through {@link #network()} (ICM trains it with its inverse
 * model) and checkpoints it with the rest of that vector; everyone else sees only {@link #encode}.
 * {@link #state()}/{@link #restore} cover the encoder's own weights, for sharing a trained encoder
 * between owners.
 */
public final class MlpEncoder implements Encoder {
  private final Mlp mlp;

  /**
   * @param hidden hidden layer widths (may be empty: one layer)
   * @param hiddenActivation after every hidden layer
   * @param outputActivation after the last layer (the latent vector)
   */
  public MlpEncoder(Parameters params, int obsDim, int[] hidden, int latentDim, Activation hiddenActivation,
      Activation outputActivation, Rng rng) {
    this.mlp = new Mlp(params, sizes(obsDim, hidden, latentDim), hiddenActivation, outputActivation, rng);
  }

  /** Layer widths of such an encoder, input first. */
  public static int[] sizes(int obsDim, int[] hidden, int latentDim) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = obsDim;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = latentDim;
    return sizes;
  }

  /** Parameters such an encoder claims. */
  public static int paramCount(int obsDim, int[] hidden, int latentDim) {
    return Mlp.paramCount(sizes(obsDim, hidden, latentDim));
  }

  /** The network, for its owner's training step. */
  public Mlp network() {
    return mlp;
  }

  @Override
  public int latentDim() {
    return mlp.outputSize();
  }

  /** {@code [B, obsDim] -> [B, latentDim]}; changes nothing. */
  @Override
  public INDArray encode(INDArray observations) {
    return mlp.forward(observations);
  }

  /** The encoder's weights (not its owner's optimiser state). */
  public Snapshot state() {
    return mlp.weightState();
  }

  /** Restores weights written by {@link #state()} of an encoder of the same sizes. */
  public void restore(Snapshot s) {
    mlp.restoreWeights(s);
  }
}
