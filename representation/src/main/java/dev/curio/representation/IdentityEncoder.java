package dev.curio.representation;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The observation itself as its latent vector ({@code latentDim = obsDim}); returns its input. */
public final class IdentityEncoder implements Encoder {
  private final int obsDim;

  public IdentityEncoder(int obsDim) {
    if (obsDim <= 0) {
      throw new IllegalArgumentException("obsDim must be >= 1, got " + obsDim);
    }
    this.obsDim = obsDim;
  }

  @Override
  public int latentDim() {
    return obsDim;
  }

  @Override
  public INDArray encode(INDArray observations) {
    if (observations.rank() != 2 || observations.columns() != obsDim) {
      throw new IllegalArgumentException("expected observations [B, " + obsDim + "], got "
          + Arrays.toString(observations.shape()));
    }
    return observations;
  }
}
