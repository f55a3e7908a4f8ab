package dev.curio.representation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps a batch of flat observations to latent vectors. The slot where representation learning
 * plugs into intrinsic rewards: fixed ({@link IdentityEncoder}, {@link RandomEncoder}), learned by
 * its owner ({@link MlpEncoder}, trained by ICM's inverse model), or learned by itself from a
 * multi-step inverse model ({@link dev.curio.representation.acstate.AcStateEncoder}, AC-State).
 *
 * <p>{@link #encode} changes nothing (no training, no statistics) and is used by one thread.
 */
public interface Encoder {
  /** Width of one latent vector. */
  int latentDim();

  /**
   * @param observations {@code [B, obsDim]}, flat row-major observations
   * @return {@code [B, latentDim]}; may share memory with the input (identity)
   */
  INDArray encode(INDArray observations);
}
