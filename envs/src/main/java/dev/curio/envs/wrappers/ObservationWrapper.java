package dev.curio.envs.wrappers;

import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.util.Objects;

/**
 * A decorator that maps each observation, from the inner type {@code I} to {@code O}, and passes the
 * rest through. Subclasses give the new space and {@link #observation}.
 */
public abstract class ObservationWrapper<O, A, I> implements Env<O, A>, Wrapping {
  protected final Env<I, A> env;
  private EnvSpec<O, A> spec;

  protected ObservationWrapper(Env<I, A> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** The space the mapped observations live in; called once. */
  protected abstract Space<O> observationSpace(Space<I> inner);

  /** Maps one inner observation of a step (and, unless {@link #resetObservation} says otherwise, of a reset). */
  protected abstract O observation(I inner);

  /** Maps the first observation of an episode; by default as any other. */
  protected O resetObservation(I inner) {
    return observation(inner);
  }

  @Override
  public Env<I, A> inner() {
    return env;
  }

  @Override
  public EnvSpec<O, A> spec() {
    if (spec == null) {
      spec = env.spec().withObservationSpace(observationSpace(env.spec().observationSpace()));
    }
    return spec;
  }

  @Override
  public Reset<O> reset(long seed) {
    Reset<I> r = env.reset(seed);
    return new Reset<>(resetObservation(r.observation()), r.info());
  }

  @Override
  public Step<O> step(A action) {
    Step<I> s = env.step(action);
    return s.withObservation(observation(s.observation()));
  }

  @Override
  public String render() {
    return env.render();
  }

  @Override
  public void close() {
    env.close();
  }
}
