package dev.curio.runners.loop;

import dev.curio.agents.LearnerFactory;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.Ppo;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import dev.curio.gym.GymConfig;

/**
 * Everything one training run needs, validated on construction; written next to the results as
 * {@code config.yaml}. Every key and default is listed in {@code docs/config.md}.
 *
 * @param env built-in world id (see {@code curio envs}) or {@code gym:<id>}
 * @param numEnvs copies stepped in lockstep
 * @param rolloutLength steps per env per iteration (T)
 * @param totalSteps env steps (over all copies) to train for
 * @param seed fixes the whole run
 * @param gamma discount of the extrinsic stream
 * @param vectorEnv {@code sync} or {@code threaded}
 * @param returnWindow finished episodes in the rolling mean return
 * @param stopAtReturn stop early once the rolling mean return reaches this ({@code null}: never)
 * @param checkpointEvery write a checkpoint every this many iterations (0: only at the end)
 * @param maxEpisodeSteps a time limit added on top of the env's own (0: the env's own only)
 * @param nd4jThreads threads ND4J may use per operation; 1 is fastest for these small networks on
 *     2 cores (see {@code Backend})
 * @param ppo the learner's hyperparameters
 * @param network the actor-critic's shape
 * @param rewards intrinsic reward modules and their settings ({@link RewardsConfig#none()}: extrinsic only)
 * @param gym where {@code gym:} envs run (in the JVM, or on the gym-http-api server {@code gym.url}) and
 *     the server's timeouts; ignored for built-in worlds
 */
public record TrainConfig(String env, int numEnvs, int rolloutLength, long totalSteps, long seed, double gamma,
                          String vectorEnv, int returnWindow, Double stopAtReturn, int checkpointEvery,
                          int maxEpisodeSteps, int nd4jThreads, PpoConfig ppo, NetworkConfig network,
                          RewardsConfig rewards, GymConfig gym) {
  public TrainConfig {
    Check.notBlank("env", env);
    Check.positive("numEnvs", numEnvs);
    Check.positive("rolloutLength", rolloutLength);
    Check.positive("totalSteps", totalSteps);
    Check.inRange("gamma", gamma, 0, 1);
    Check.that("sync".equals(vectorEnv) || "threaded".equals(vectorEnv), "vectorEnv",
        "must be sync or threaded, got '" + vectorEnv + "'");
    Check.positive("returnWindow", returnWindow);
    Check.nonNegative("checkpointEvery", checkpointEvery);
    Check.nonNegative("maxEpisodeSteps", maxEpisodeSteps);
    Check.positive("nd4jThreads", nd4jThreads);
    Check.notNull("ppo", ppo);
    Check.notNull("network", network);
    Check.notNull("rewards", rewards);
    Check.notNull("gym", gym);
    if (stopAtReturn != null && !Double.isFinite(stopAtReturn)) {
      throw new ConfigException("stopAtReturn", "must be a finite number, got " + stopAtReturn);
    }
    if ((long) numEnvs * rolloutLength < ppo.minibatches()) {
      throw new ConfigException("ppo.minibatches", "must be <= numEnvs * rolloutLength = " + (long) numEnvs * rolloutLength
          + ", got " + ppo.minibatches());
    }
  }

  /** The defaults: PPO on the default built-in maze. */
  public static TrainConfig defaults() {
    return new TrainConfig(DEFAULT_ENV, 8, 128, 100_000, 1, 0.99, "sync", 20, null, 10, 0, 1, PpoConfig.defaults(),
        NetworkConfig.defaults(), RewardsConfig.none(), GymConfig.defaults());
  }

  /** The world {@code curio train} uses when none is given. */
  public static final String DEFAULT_ENV = "maze:two-rooms-key-pos";

  /** The learner this config trains: PPO (or A2C, as a PPO configuration) with {@link #ppo} and {@link #network}. */
  public LearnerFactory learner() {
    return Ppo.factory(ppo, network);
  }

  /** Env steps per iteration, N * T. */
  public int stepsPerIteration() {
    return numEnvs * rolloutLength;
  }

  /** Iterations the run plans, for learning-rate annealing. */
  public int plannedIterations() {
    // totalSteps may be huge (benchmarks run "until stopped"): divide before adding, clamp to int
    long iterations = totalSteps / stepsPerIteration() + (totalSteps % stepsPerIteration() == 0 ? 0 : 1);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, iterations));
  }

  public TrainConfig withEnv(String e) {
    return new TrainConfig(e, numEnvs, rolloutLength, totalSteps, seed, gamma, vectorEnv, returnWindow, stopAtReturn,
        checkpointEvery, maxEpisodeSteps, nd4jThreads, ppo, network, rewards, gym);
  }

  public TrainConfig withSeed(long s) {
    return new TrainConfig(env, numEnvs, rolloutLength, totalSteps, s, gamma, vectorEnv, returnWindow, stopAtReturn,
        checkpointEvery, maxEpisodeSteps, nd4jThreads, ppo, network, rewards, gym);
  }

  public TrainConfig withTotalSteps(long steps) {
    return new TrainConfig(env, numEnvs, rolloutLength, steps, seed, gamma, vectorEnv, returnWindow, stopAtReturn,
        checkpointEvery, maxEpisodeSteps, nd4jThreads, ppo, network, rewards, gym);
  }

  public TrainConfig withStopAtReturn(Double target) {
    return new TrainConfig(env, numEnvs, rolloutLength, totalSteps, seed, gamma, vectorEnv, returnWindow, target,
        checkpointEvery, maxEpisodeSteps, nd4jThreads, ppo, network, rewards, gym);
  }

  public TrainConfig withGym(GymConfig g) {
    return new TrainConfig(env, numEnvs, rolloutLength, totalSteps, seed, gamma, vectorEnv, returnWindow, stopAtReturn,
        checkpointEvery, maxEpisodeSteps, nd4jThreads, ppo, network, rewards, g);
  }

  public TrainConfig withRewards(RewardsConfig r) {
    return new TrainConfig(env, numEnvs, rolloutLength, totalSteps, seed, gamma, vectorEnv, returnWindow, stopAtReturn,
        checkpointEvery, maxEpisodeSteps, nd4jThreads, ppo, network, r, gym);
  }
}
