package dev.curio.agents;

/**
 * Builds the learner of a run once the loop knows the world's shapes and the reward streams. PPO,
 * A2C and a user's own learner plug into the training loop through this.
 */
@FunctionalInterface
public interface LearnerFactory {
  Learner create(LearnerSpec spec);
}
