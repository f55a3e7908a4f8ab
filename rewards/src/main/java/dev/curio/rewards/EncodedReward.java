package dev.curio.rewards;

import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.representation.Encoder;
import dev.curio.representation.acstate.AcStateEncoder;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reward module that reads an {@link Encoder}'s output instead of the observations: the wrapped
 * module is built for observations of shape {@code [encoder.latentDim()]}, and every observation it
 * would see (in {@link #observe}, {@link #compute} and {@link #update}) is encoded first. This is how
 * ICM, RND, random-feature surprisal, episodic curiosity and the count bonus run on AC-State latents
 * or codes.
 *
 * <p>Two forms:
 * <ul>
 *   <li>{@link #reading}: the encoder is someone else's to train (the training loop's encoder phase,
 *       {@code encoder.*} in the run config); this module only reads it and its snapshot holds the
 *       wrapped module alone.
 *   <li>{@link #training}: the module owns an {@link AcStateEncoder} and trains it in {@link #update},
 *       after the wrapped module, on the same rollout; its snapshot holds the encoder too. This is the
 *       few-line form for a custom module in the Java API.
 * </ul>
 *
 * <p>A rollout is encoded once: {@link #update} reuses what {@link #compute} encoded when it is given
 * the same rollout, so both see the same codes even if something moved the encoder in between. The
 * encoder must not change during {@link #compute}; a reading module's encoder is trained after the
 * modules' updates, a training module's at the end of its own.
 */
public final class EncodedReward extends ForwardingReward {
  private final Encoder encoder;
  private final AcStateEncoder trained;
  private final int[] latentShape;
  /** Whether the wrapped module reads steps in {@code observe}; encoding every step for one that does not is waste. */
  private final boolean innerObserves;
  private Trajectory lastRollout;
  private Trajectory lastEncoded;

  private EncodedReward(IntrinsicReward inner, Encoder encoder, AcStateEncoder trained) {
    super(inner);
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.trained = trained;
    this.latentShape = new int[] {encoder.latentDim()};
    this.innerObserves = IntrinsicReward.hasStepHooks(inner);
  }

  /**
   * {@code inner} on {@code encoder}'s output; the encoder is trained elsewhere.
   *
   * @param inner a module built for observations of shape {@code [encoder.latentDim()]}
   */
  public static EncodedReward reading(Encoder encoder, IntrinsicReward inner) {
    return new EncodedReward(inner, encoder, null);
  }

  /**
   * {@code inner} on the output of {@code view}, an encoder of {@code acState} (the encoder itself for
   * its latents, {@link AcStateEncoder#codeView()} for one-hot codes); this module feeds every rollout
   * to {@code acState} and trains it in {@link #update}, and keeps its state in the snapshot.
   */
  public static EncodedReward training(AcStateEncoder acState, Encoder view, IntrinsicReward inner) {
    return new EncodedReward(inner, view, Objects.requireNonNull(acState, "acState"));
  }

  /** {@code inner} on {@code acState}'s latents, training it: {@link #training(AcStateEncoder, Encoder, IntrinsicReward)}. */
  public static EncodedReward training(AcStateEncoder acState, IntrinsicReward inner) {
    return training(acState, acState, inner);
  }

  /** The encoder whose output the wrapped module reads. */
  public Encoder encoder() {
    return encoder;
  }

  @Override
  public void observe(StepBatch step) {
    if (!innerObserves) {
      return; // count, RND, ICM and RFS read whole rollouts only: two encoder calls per env step saved
    }
    inner.observe(new StepBatch(flatEncode(step.observations()), step.actions(), flatEncode(step.nextObservations()),
        step.terminated(), step.truncated()));
  }

  @Override
  public INDArray compute(Trajectory rollout) {
    return inner.compute(encoded(rollout));
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    Trajectory view = encoded(rollout);
    lastRollout = null;
    lastEncoded = null;
    UpdateStats stats = inner.update(view);
    if (trained != null) {
      trained.observe(rollout);
      AcStateEncoder.Losses l = trained.update();
      stats = stats.plus(UpdateStats.of("encoder_inverse", l.inverse(), "encoder_total", l.total()));
    }
    return stats;
  }

  /** The rollout with every observation encoded, {@code [T, N, latentDim]}; encoded once per rollout. */
  private Trajectory encoded(Trajectory rollout) {
    if (rollout != lastRollout) {
      int t = rollout.steps();
      int n = rollout.envs();
      long[] shape = {t, n, encoder.latentDim()};
      INDArray obs = flatEncode(rollout.flatObservations()).reshape(shape);
      INDArray next = flatEncode(rollout.flatNextObservations()).reshape(shape);
      lastEncoded = rollout.withObservations(latentShape, obs, next);
      lastRollout = rollout;
    }
    return lastEncoded;
  }

  /** {@code [B, ...] -> [B, latentDim]} in one call. */
  private INDArray flatEncode(INDArray observations) {
    INDArray flat = observations.rank() == 2 ? observations : observations.reshape(observations.size(0), -1);
    INDArray out = encoder.encode(flat);
    if (out.rank() != 2 || out.size(0) != flat.size(0) || out.size(1) != encoder.latentDim()) {
      throw new IllegalStateException("encoder returned " + Arrays.toString(out.shape()) + " for " + flat.size(0)
          + " observations; its latentDim is " + encoder.latentDim());
    }
    return out;
  }

  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "encoded").putChild("inner", inner.state());
    return trained == null ? s : s.putChild("encoder", trained.state());
  }

  @Override
  public void restore(Snapshot state) {
    if (!state.has("module") || !state.string("module").equals("encoded") || !state.has("inner")) {
      throw new IllegalArgumentException("not the snapshot of a module on an encoder's output: " + state.names());
    }
    if (state.has("encoder") != (trained != null)) {
      throw new IllegalArgumentException(trained != null
          ? "the snapshot has no 'encoder' entry, but this module trains its AC-State encoder"
          : "the snapshot holds an AC-State encoder, but this module only reads one");
    }
    inner.restore(state.child("inner"));
    if (trained != null) {
      trained.restore(state.child("encoder"));
    }
    lastRollout = null;
    lastEncoded = null;
  }
}
