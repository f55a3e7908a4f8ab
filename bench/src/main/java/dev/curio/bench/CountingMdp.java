package dev.curio.bench;

import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.mdp.MDP;
import org.deeplearning4j.rl4j.space.DiscreteSpace;
import org.deeplearning4j.rl4j.space.Encodable;
import org.deeplearning4j.rl4j.space.ObservationSpace;

/**
 * An RL4J {@link MDP} that counts what a learner does with it: env steps and episode returns, into
 * a {@link StepTally} shared by every {@link #newInstance()} (A3C steps one instance per thread).
 * An episode ends when the MDP says done, or when the learner resets it first (RL4J's
 * {@code maxEpochStep} cut), so truncated episodes count too.
 */
final class CountingMdp<O extends Encodable> implements MDP<O, Integer, DiscreteSpace> {
  private final MDP<O, Integer, DiscreteSpace> inner;
  private final StepTally tally;
  private double episodeReturn;
  private int episodeSteps;

  CountingMdp(MDP<O, Integer, DiscreteSpace> inner, StepTally tally) {
    this.inner = inner;
    this.tally = tally;
  }

  @Override
  public ObservationSpace<O> getObservationSpace() {
    return inner.getObservationSpace();
  }

  @Override
  public DiscreteSpace getActionSpace() {
    return inner.getActionSpace();
  }

  @Override
  public O reset() {
    if (episodeSteps > 0) {
      tally.episode(episodeReturn);
    }
    episodeReturn = 0;
    episodeSteps = 0;
    return inner.reset();
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public StepReply<O> step(Integer action) {
    StepReply<O> reply = inner.step(action);
    episodeReturn += reply.getReward();
    episodeSteps++;
    tally.step();
    if (reply.isDone()) {
      tally.episode(episodeReturn);
      episodeSteps = 0;
      episodeReturn = 0;
    }
    return reply;
  }

  @Override
  public boolean isDone() {
    return inner.isDone();
  }

  @Override
  public MDP<O, Integer, DiscreteSpace> newInstance() {
    return new CountingMdp<>(inner.newInstance(), tally);
  }
}
