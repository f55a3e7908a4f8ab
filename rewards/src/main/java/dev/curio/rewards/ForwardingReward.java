package dev.curio.rewards;

import dev.curio.core.trajectory.RewardStream;
import java.util.Objects;

/**
 * Base of the decorators: forwards the stream, the per-step and episode hooks, {@code envsRestarted} and {@code close} to
 * the wrapped module; a decorator writes {@code compute}, {@code update}, {@code state} and
 * {@code restore}, which are where decorators differ.
 */
public abstract class ForwardingReward implements IntrinsicReward {
  protected final IntrinsicReward inner;

  protected ForwardingReward(IntrinsicReward inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /** The wrapped module. */
  public IntrinsicReward inner() {
    return inner;
  }

  @Override
  public boolean readsActions() {
    return inner.readsActions();
  }

  @Override
  public RewardStream stream() {
    return inner.stream();
  }

  @Override
  public void observe(StepBatch step) {
    inner.observe(step);
  }

  @Override
  public void onEpisodeEnd(int envIndex) {
    inner.onEpisodeEnd(envIndex);
  }

  @Override
  public void envsRestarted() {
    inner.envsRestarted();
  }

  @Override
  public void close() {
    inner.close();
  }
}
