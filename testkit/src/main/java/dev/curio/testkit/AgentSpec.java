package dev.curio.testkit;

import dev.curio.agents.LearnerFactory;
import dev.curio.loop.RewardFactory;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.rewards.RewardModules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a claim trains: the training settings, the intrinsic reward modules (built-in by name, or your
 * own {@link RewardFactory}), and the learner (PPO unless you give your own). Immutable: every
 * {@code with} method returns a new spec, so one base spec can serve several claims.
 *
 * <pre>{@code
 * AgentSpec ppoRnd = Agents.ppo().withReward("rnd").configured(c -> c.numEnvs(16));
 * }</pre>
 */
public final class AgentSpec {
  private final String name;
  private final List<String> rewards;
  private final List<RewardFactory> customRewards;
  private final LearnerFactory learner;
  private final UnaryOperator<TrainConfig.Builder> configure;

  AgentSpec(String name, List<String> rewards, List<RewardFactory> customRewards, LearnerFactory learner,
            UnaryOperator<TrainConfig.Builder> configure) {
    this.name = name;
    this.rewards = List.copyOf(rewards);
    this.customRewards = List.copyOf(customRewards);
    this.learner = learner;
    this.configure = configure;
  }

  /**
   * Adds the built-in intrinsic reward module {@code module} ({@code icm}, {@code rnd}, {@code rfs},
   * {@code ec}, {@code count}) with its default settings; change them with {@link #configured}.
   *
   * @throws IllegalArgumentException for an unknown name or a module already added
   */
  public AgentSpec withReward(String module) {
    Objects.requireNonNull(module, "module");
    if (!RewardModules.NAMES.contains(module)) {
      throw new IllegalArgumentException("unknown reward module '" + module + "' (known: "
          + String.join(", ", RewardModules.NAMES) + "); pass your own with withReward(label, factory)");
    }
    if (rewards.contains(module) || configure.apply(TrainConfig.builder()).build().rewards().modules().contains(module)) {
      throw new IllegalArgumentException("reward module '" + module + "' is already added to " + name);
    }
    List<String> r = new ArrayList<>(rewards);
    r.add(module);
    return new AgentSpec(name + "+" + module, r, customRewards, learner, configure);
  }

  /** Adds your own intrinsic reward module, made per run by {@code factory}; {@code label} names it in reports. */
  public AgentSpec withReward(String label, RewardFactory factory) {
    Objects.requireNonNull(factory, "factory");
    List<RewardFactory> c = new ArrayList<>(customRewards);
    c.add(factory);
    return new AgentSpec(name + "+" + label(label), rewards, c, learner, configure);
  }

  /** Trains with your own learner instead of PPO; {@code label} replaces the spec's name. */
  public AgentSpec withLearner(String label, LearnerFactory factory) {
    Objects.requireNonNull(factory, "factory");
    return new AgentSpec(label(label), rewards, customRewards, factory, configure);
  }

  /**
   * Changes training settings on top of the defaults and of earlier changes, e.g.
   * {@code configured(c -> c.numEnvs(16).ppo(PpoConfig.builder().learningRate(1e-3).build()))}. The
   * world, the seed and the step budget are the claim's and are set after this.
   */
  public AgentSpec configured(UnaryOperator<TrainConfig.Builder> change) {
    Objects.requireNonNull(change, "change");
    UnaryOperator<TrainConfig.Builder> before = configure;
    return new AgentSpec(name, rewards, customRewards, learner, b -> change.apply(before.apply(b)));
  }

  /** The same spec under another name in messages and report directories. */
  public AgentSpec named(String label) {
    return new AgentSpec(label(label), rewards, customRewards, learner, configure);
  }

  /** The name used in messages and report directories, e.g. {@code ppo+rnd}. */
  public String name() {
    return name;
  }

  /**
   * The config of one run: these settings on {@code envId} with {@code seed}, a budget of {@code steps}
   * and the claim's episode window (so metrics.csv and curve.png show the mean the claim judges).
   */
  TrainConfig config(String envId, long seed, long steps, int window) {
    TrainConfig.Builder b = configure.apply(TrainConfig.builder());
    TrainConfig base = b.build();
    List<String> modules = new ArrayList<>(base.rewards().modules());
    for (String r : rewards) {
      if (!modules.contains(r)) {
        modules.add(r);
      }
    }
    RewardsConfig withModules = base.rewards().withModules(modules);
    return base.toBuilder().env(envId).seed(seed).totalSteps(steps).returnWindow(window).stopAtReturn(null)
        .checkpointEvery(0).rewards(withModules).build();
  }

  List<RewardFactory> customRewards() {
    return customRewards;
  }

  /** The learner, or null for the config's own (PPO). */
  LearnerFactory learner() {
    return learner;
  }

  private static String label(String label) {
    Objects.requireNonNull(label, "label");
    if (label.isBlank()) {
      throw new IllegalArgumentException("a label must not be blank");
    }
    return label.strip();
  }

  @Override
  public String toString() {
    return name;
  }
}
