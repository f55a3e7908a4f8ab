package dev.curio.envs.rl4j;

import dev.curio.core.Rng;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import java.util.Objects;
import java.util.function.Supplier;
import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.ObservationSpace;

/**
 * A Curio env with a {@code Discrete} action space seen as an RL4J {@link MDP}, so RL4J's learners
 * (e.g. {@code QLearningDiscreteDense}) can run on Curio's worlds. Observations are flattened by the
 * env's observation space into an RL4J {@code Box}.
 *
 * <p>RL4J has one {@code done} flag: both {@code terminated} and {@code truncated} end its episode,
 * and the distinction is lost to RL4J's learners. Each {@code reset()} seeds the env from a stream
 * started at the seed given here, so the sequence of episodes is reproducible; {@link #newInstance()}
 * builds a fresh env from the factory with a seed split off that stream.
 */
public final class EnvMdp<O> implements MDP<org.deeplearning4j.rl4j.space.Box, Integer, DiscreteSpace> {
  private final Supplier<? extends Env<O, Integer>> factory;
  private final Env<O, Integer> env;
  private final Space<O> obsSpace;
  private final Rng seeds;
  private final DiscreteSpace actionSpace;
  private ObservationSpace<org.deeplearning4j.rl4j.space.Box> observationSpace;
  private boolean done = true;

  public EnvMdp(Supplier<? extends Env<O, Integer>> factory, long seed) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.env = factory.get();
    this.obsSpace = env.spec().observationSpace();
    if (!(env.spec().actionSpace() instanceof Discrete d)) {
      throw new IllegalArgumentException("env " + env.spec().id() + ": RL4J's MDP needs a Discrete action space, got "
          + env.spec().actionSpace());
    }
    this.actionSpace = new DiscreteSpace(d.n());
    this.seeds = new Rng(seed);
  }

  /** The Curio env underneath. */
  public Env<O, Integer> env() {
    return env;
  }

  @Override
  public ObservationSpace<org.deeplearning4j.rl4j.space.Box> getObservationSpace() {
    if (observationSpace == null) {
      observationSpace = new BoxObservationSpace(env.spec().id(), obsSpace);
    }
    return observationSpace;
  }

  @Override
  public DiscreteSpace getActionSpace() {
    return actionSpace;
  }

  @Override
  public org.deeplearning4j.rl4j.space.Box reset() {
    done = false;
    return encode(env.reset(seeds.nextLong()).observation());
  }

  @Override
  public StepReply<org.deeplearning4j.rl4j.space.Box> step(Integer action) {
    Step<O> s = env.step(action);
    done = s.done();
    return new StepReply<>(encode(s.observation()), s.reward(), done, s.info());
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public MDP<org.deeplearning4j.rl4j.space.Box, Integer, DiscreteSpace> newInstance() {
    return new EnvMdp<>(factory, seeds.nextLong());
  }

  @Override
  public void close() {
    env.close();
  }

  private org.deeplearning4j.rl4j.space.Box encode(O obs) {
    float[] flat = obsSpace.flatten(obs);
    double[] d = new double[flat.length];
    for (int i = 0; i < flat.length; i++) {
      d[i] = flat[i];
    }
    return new org.deeplearning4j.rl4j.space.Box(d);
  }
}
