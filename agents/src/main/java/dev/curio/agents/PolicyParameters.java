package dev.curio.agents;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A policy's parameters as a learner publishes them for actors to load.
 *
 * @param version the policy version these parameters are (learner updates so far)
 * @param flat all parameters as one vector {@code [1, numParams]}, a copy the publisher will not change
 * @param valueScale how the policy turns its value head's outputs into values, when its learner
 *     normalises them (PopArt: {@code [2, outputs]}, row 0 sigma, row 1 mu); null when it does not. It
 *     travels with the parameters because the two are only right together.
 */
public record PolicyParameters(long version, INDArray flat, INDArray valueScale) {
  /** Parameters of a policy whose values are its head's outputs as they are. */
  public PolicyParameters(long version, INDArray flat) {
    this(version, flat, null);
  }

  public PolicyParameters {
    Objects.requireNonNull(flat, "flat");
    if (version < 0) {
      throw new IllegalArgumentException("a policy version is >= 0, got " + version);
    }
  }
}
