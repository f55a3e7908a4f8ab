package dev.curio.envs.rl4j;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.util.Objects;
import java.util.function.LongFunction;
import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.Encodable;
import org.deeplearning4j.rl4j.space.ObservationSpace;

/**
 * An RL4J {@link MDP} with discrete actions and array observations, seen as a Curio env
 * ({@code Env<float[], Integer>}), so RL4J users can bring their MDPs to Curio's agents.
 *
 * <p>RL4J's MDP has no seed and a single {@code done} flag. Two things follow:
 * <ul>
 *   <li>Seeding: {@link #seeded} builds a new MDP from each reset's seed (e.g.
 *       {@code seed -> new CartpoleNative(seed)}), which makes episodes reproducible; {@link #of}
 *       wraps one MDP whose own randomness is outside Curio's control.</li>
 *   <li>Termination: {@code done} becomes {@code terminated}, unless {@code truncateAt} is set and
 *       the episode has run exactly that many steps, in which case it becomes {@code truncated} (the
 *       MDP's own step limit; RL4J cannot tell them apart).</li>
 * </ul>
 * The observation space is a {@code Box} with the MDP observation space's shape and bounds (equal
 * low and high, as RL4J's {@code ArrayObservationSpace} reports, are read as unbounded).
 * Reading those bounds uses ND4J, so an ND4J backend must be on the class path at run time.
 */
public final class MdpEnv<O extends Encodable> extends AbstractEnv<float[], Integer> {
  private final LongFunction<? extends MDP<O, Integer, DiscreteSpace>> factory;
  private final int truncateAt;
  private final EnvSpec<float[], Integer> spec;
  private MDP<O, Integer, DiscreteSpace> mdp;
  private final boolean perEpisode;
  private int t;
  private boolean closed;

  private MdpEnv(String id, LongFunction<? extends MDP<O, Integer, DiscreteSpace>> factory, boolean perEpisode,
                 int truncateAt) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.perEpisode = perEpisode;
    if (truncateAt < 0) {
      throw new IllegalArgumentException("MdpEnv " + id + ": truncateAt must be >= 0, got " + truncateAt);
    }
    this.truncateAt = truncateAt;
    this.mdp = factory.apply(0L);
    ObservationSpace<O> os = mdp.getObservationSpace();
    int[] shape = os.getShape();
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[] lo = os.getLow() == null ? filled(size, Float.NEGATIVE_INFINITY) : os.getLow().toFloatVector();
    float[] hi = os.getHigh() == null ? filled(size, Float.POSITIVE_INFINITY) : os.getHigh().toFloatVector();
    if (lo.length != size || hi.length != size) {
      // Some RL4J spaces give scalar bounds; spread them over the shape.
      lo = filled(size, lo.length > 0 ? lo[0] : Float.NEGATIVE_INFINITY);
      hi = filled(size, hi.length > 0 ? hi[0] : Float.POSITIVE_INFINITY);
    }
    for (int i = 0; i < size; i++) {
      // RL4J's ArrayObservationSpace reports zeros for both bounds: read equal bounds as "unbounded"
      if (!(lo[i] < hi[i])) {
        lo[i] = Float.NEGATIVE_INFINITY;
        hi[i] = Float.POSITIVE_INFINITY;
      }
    }
    this.spec = new EnvSpec<>(id, new Box(lo, hi, shape), new Discrete(mdp.getActionSpace().getSize()), truncateAt);
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** A new MDP for every episode, made from the reset's seed: reproducible episodes. */
  public static <O extends Encodable> MdpEnv<O> seeded(String id,
      LongFunction<? extends MDP<O, Integer, DiscreteSpace>> bySeed, int truncateAt) {
    return new MdpEnv<>(id, bySeed, true, truncateAt);
  }

  /** One MDP for all episodes; the reset seed is ignored (the MDP seeds itself). */
  public static <O extends Encodable> MdpEnv<O> of(String id, MDP<O, Integer, DiscreteSpace> mdp, int truncateAt) {
    return new MdpEnv<>(id, seed -> mdp, false, truncateAt);
  }

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  @Override
  protected Reset<float[]> onReset() {
    if (perEpisode) {
      mdp.close();
      mdp = factory.apply(rng.nextLong());
    }
    t = 0;
    return Reset.of(toFloats(mdp.reset()));
  }

  @Override
  protected Step<float[]> onStep(Integer action) {
    StepReply<O> reply = mdp.step(action);
    t++;
    boolean done = reply.isDone() || mdp.isDone();
    boolean truncated = done && truncateAt > 0 && t == truncateAt;
    return new Step<>(toFloats(reply.getObservation()), reply.getReward(), done && !truncated, truncated, Info.empty());
  }

  private float[] toFloats(O obs) {
    double[] d = obs.toArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      mdp.close();
    }
    super.close();
  }
}
