package dev.curio.representation;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed, randomly initialised MLP {@code obsDim -> hidden... -> latentDim}: the feature map of
 * random-feature surprisal and RND's target network (Burda et al. 2018). Never trained; its weights
 * are a function of the {@link Rng} it was built from, so two encoders built from generators in the
 * same state are identical. It owns its weights (not shared with a trainable vector, so no
 * optimiser can reach them).
 */
public final class RandomEncoder implements Encoder {
  private final Mlp mlp;

  /**
   * @param hidden hidden layer widths (may be empty: one linear layer)
   * @param hiddenActivation after every hidden layer; the output is linear
   */
  public RandomEncoder(int obsDim, int[] hidden, int latentDim, Activation hiddenActivation, Rng rng) {
    int[] sizes = MlpEncoder.sizes(obsDim, hidden, latentDim);
    this.mlp = new Mlp(new Parameters(Mlp.paramCount(sizes)), sizes, hiddenActivation, Activation.IDENTITY, rng);
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

  /**
   * The fixed weights. Rebuilding from the same seed gives them back, but a checkpoint carries them
   * so a restore never depends on how the restoring process was seeded.
   */
  public Snapshot state() {
    return mlp.weightState();
  }

  /** Restores weights written by {@link #state()} of an encoder of the same sizes. */
  public void restore(Snapshot s) {
    mlp.restoreWeights(s);
  }
}
