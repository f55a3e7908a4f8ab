package dev.curio.agents;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.representation.Encoder;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A policy that reads an {@link Encoder}'s output: {@link #forward} encodes the observations and hands
 * {@code [B, latentDim]} to the wrapped policy, which was built for observations of shape
 * {@code [latentDim]}. Everything else is the wrapped policy's (parameters, version, heads), so an actor,
 * an evaluation or a checkpoint sees one policy that takes the world's observations.
 *
 * <p>The learner trains the wrapped policy on the encoded rollout; the encoder is trained by its own
 * objective (AC-State's), never by the policy's loss, and must not move between acting and learning.
 */
public final class EncodedPolicy implements Policy {
  private final Policy inner;
  private final Encoder encoder;

  public EncodedPolicy(Policy inner, Encoder encoder) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  /** The policy on the encoder's output. */
  public Policy inner() {
    return inner;
  }

  /** The encoder it reads. */
  public Encoder encoder() {
    return encoder;
  }

  private INDArray encode(INDArray observations) {
    INDArray flat = observations.rank() == 2 ? observations : observations.reshape(observations.size(0), -1);
    INDArray z = encoder.encode(flat);
    if (z.rank() != 2 || z.size(0) != flat.size(0)) {
      throw new IllegalStateException("encoder returned " + Arrays.toString(z.shape()) + " for " + flat.size(0)
          + " observations");
    }
    return z;
  }

  @Override
  public ActionDistribution distribution() {
    return inner.distribution();
  }

  @Override
  public int valueHeads() {
    return inner.valueHeads();
  }

  @Override
  public Output forward(INDArray observations) {
    return inner.forward(encode(observations));
  }

  @Override
  public Output forward(INDArray observations, int[] taskIds) {
    return inner.forward(encode(observations), taskIds);
  }

  @Override
  public int tasks() {
    return inner.tasks();
  }

  @Override
  public long version() {
    return inner.version();
  }

  @Override
  public long numParams() {
    return inner.numParams();
  }

  @Override
  public PolicyParameters parameters() {
    return inner.parameters();
  }

  @Override
  public void load(PolicyParameters parameters) {
    inner.load(parameters);
  }
}
