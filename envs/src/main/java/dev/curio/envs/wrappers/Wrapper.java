package dev.curio.envs.wrappers;

import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.util.Objects;

/**
 * A decorator that keeps the observation and action types and passes every call through; a
 * subclass overrides the one method whose behaviour it changes. Nothing else is forwarded: to reach
 * a wrapper further down the stack, use {@link Wrappers#find}.
 */
public abstract class Wrapper<O, A> implements Env<O, A>, Wrapping {
  protected final Env<O, A> env;

  protected Wrapper(Env<O, A> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public Env<O, A> inner() {
    return env;
  }

  @Override
  public EnvSpec<O, A> spec() {
    return env.spec();
  }

  @Override
  public Reset<O> reset(long seed) {
    return env.reset(seed);
  }

  @Override
  public Step<O> step(A action) {
    return env.step(action);
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
