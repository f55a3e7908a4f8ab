package dev.curio.agents;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A policy's parameters as a learner publishes them for actors to load.
 *
 * @param version the policy version these parameters are (learner updates so far)
 * @param flat all parameters as one vector {@code [1, numParams]}, a copy the publisher will not change
 */
public record PolicyParameters(long version, INDArray flat) {
  public PolicyParameters {
    Objects.requireNonNull(flat, "flat");
    if (version < 0) {
      throw new IllegalArgumentException("a policy version is >= 0, got " + version);
    }
  }
}
