package dev.curio.envs.check;

import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.MultiDiscrete;
import dev.curio.core.space.Space;
import dev.curio.envs.Env;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import dev.curio.envs.wrappers.Wrappers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The environment contract as a check anyone can run on their own env: call order, seeding
 * determinism, observations inside their space, finite rewards, terminated vs truncated, rejection
 * of bad actions, and closing twice. Random actions come from a fixed seed, so a report is repeatable.
 * An env that implements {@link EnvWarnings} has its warnings listed in the report (they fail no check).
 *
 * <pre>{@code
 * CheckReport report = EnvChecker.check(() -> new MyEnv());
 * System.out.println(report);
 * }</pre>
 */
public final class EnvChecker {
  private final int episodes;
  private final int maxStepsPerEpisode;
  private final long seed;

  /** A checker that plays {@code episodes} random episodes of at most {@code maxStepsPerEpisode} steps. */
  public EnvChecker(int episodes, int maxStepsPerEpisode, long seed) {
    if (episodes < 1 || maxStepsPerEpisode < 1) {
      throw new IllegalArgumentException("episodes and maxStepsPerEpisode must be >= 1");
    }
    this.episodes = episodes;
    this.maxStepsPerEpisode = maxStepsPerEpisode;
    this.seed = seed;
  }

  /** Checks with defaults: 3 episodes of at most 5000 steps, seed 0. */
  public static <O, A> CheckReport check(Supplier<? extends Env<O, A>> factory) {
    return new EnvChecker(3, 5000, 0).run(factory);
  }

  /** Checks a registry entry with defaults. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static CheckReport check(dev.curio.envs.registry.WorldEntry entry) {
    return check((Supplier) entry.factory());
  }

  /** Checks a multi-agent registry entry with defaults. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static CheckReport check(dev.curio.envs.registry.MultiWorldEntry entry) {
    return checkMulti((Supplier) entry.factory());
  }

  /** Multi-agent form with defaults. */
  public static <O> CheckReport checkMulti(Supplier<? extends MultiAgentEnv<O>> factory) {
    return new EnvChecker(3, 5000, 0).runMulti(factory);
  }

  /** One recorded episode: flattened observations, rewards and flags, for comparing two runs. */
  private record Trace(List<float[]> observations, List<Double> rewards, List<String> flags) {
    Trace() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    String firstDifference(Trace o) {
      int n = Math.max(observations.size(), o.observations.size());
      for (int i = 0; i < n; i++) {
        if (i >= observations.size() || i >= o.observations.size()) {
          return "episode lengths differ (" + observations.size() + " vs " + o.observations.size() + " observations)";
        }
        if (!Arrays.equals(observations.get(i), o.observations.get(i))) {
          return "observation " + i + " differs";
        }
        if (i > 0 && (!rewards.get(i - 1).equals(o.rewards.get(i - 1)) || !flags.get(i - 1).equals(o.flags.get(i - 1)))) {
          return "reward or flags of step " + i + " differ";
        }
      }
      return null;
    }
  }

  public <O, A> CheckReport run(Supplier<? extends Env<O, A>> factory) {
    Env<O, A> probe = factory.get();
    EnvSpec<O, A> spec = probe.spec();
    CheckReport report = new CheckReport(spec.id());
    try {
      if (Wrappers.unwrapped(probe) instanceof EnvWarnings w) {
        w.warnings().forEach(report::warn);
      }
      checkStepBeforeReset(probe, spec, report);
    } finally {
      probe.close();
    }

    // Play episodes, checking observations, rewards, limits and the call order after the end.
    Env<O, A> env = factory.get();
    Rng actions = new Rng(seed);
    List<Trace> traces = new ArrayList<>();
    List<A> firstActions = new ArrayList<>();
    String obsProblem = null;
    String rewardProblem = null;
    String limitProblem = null;
    String afterEndProblem = null;
    int ended = 0;
    int terminatedCount = 0;
    int truncatedCount = 0;
    try {
      for (int e = 0; e < episodes; e++) {
        Trace trace = new Trace();
        Reset<O> r = env.reset(seed + e);
        if (obsProblem == null && !spec.observationSpace().contains(r.observation())) {
          obsProblem = "reset observation of episode " + e + " is outside " + spec.observationSpace();
        }
        trace.observations.add(spec.observationSpace().flatten(r.observation()));
        int t = 0;
        boolean done = false;
        while (!done && t < maxStepsPerEpisode) {
          A a = spec.actionSpace().sample(actions);
          if (e == 0) {
            firstActions.add(a);
          }
          Step<O> s = env.step(a);
          t++;
          if (obsProblem == null && !spec.observationSpace().contains(s.observation())) {
            obsProblem = "observation at step " + t + " of episode " + e + " is outside " + spec.observationSpace();
          }
          if (rewardProblem == null && !Double.isFinite(s.reward())) {
            rewardProblem = "reward " + s.reward() + " at step " + t + " of episode " + e;
          }
          trace.observations.add(spec.observationSpace().flatten(s.observation()));
          trace.rewards.add(s.reward());
          trace.flags.add(s.terminated() + "/" + s.truncated());
          done = s.done();
          if (done) {
            ended++;
            terminatedCount += s.terminated() ? 1 : 0;
            truncatedCount += s.truncated() ? 1 : 0;
          }
        }
        if (limitProblem == null && spec.maxEpisodeSteps() > 0 && t > spec.maxEpisodeSteps()) {
          limitProblem = "episode " + e + " ran " + t + " steps past maxEpisodeSteps " + spec.maxEpisodeSteps();
        }
        if (done && afterEndProblem == null) {
          try {
            env.step(spec.actionSpace().sample(actions));
            afterEndProblem = "step() after the episode ended was accepted";
          } catch (IllegalStateException expected) {
            // the contract
          } catch (RuntimeException other) {
            afterEndProblem = "step() after the end threw " + other.getClass().getSimpleName()
                + " instead of IllegalStateException";
          }
        }
        traces.add(trace);
      }
    } catch (RuntimeException ex) {
      report.fail("random episodes run", "threw " + ex);
      env.close();
      return report;
    }
    report.pass("random episodes run", episodes + " episodes, " + ended + " ended (" + terminatedCount
        + " terminated, " + truncatedCount + " truncated)");
    result(report, "observations inside the observation space", obsProblem);
    result(report, "rewards finite", rewardProblem);
    result(report, "episode length within maxEpisodeSteps", limitProblem);
    if (ended == 0) {
      report.pass("step after the end rejected", "skipped: no episode ended within " + maxStepsPerEpisode + " steps");
    } else {
      result(report, "step after the end rejected", afterEndProblem);
    }

    // Bad actions are rejected with a message naming the env, and leave the episode usable.
    checkBadAction(env, spec, report, actions);

    // Same seed, same episode: in the same instance and in a fresh one.
    checkDeterminism(factory, spec, report, traces.get(0), firstActions);

    try {
      env.close();
      env.close();
      report.pass("close twice");
    } catch (RuntimeException ex) {
      report.fail("close twice", "threw " + ex);
    }
    return report;
  }

  private <O, A> void checkStepBeforeReset(Env<O, A> env, EnvSpec<O, A> spec, CheckReport report) {
    try {
      env.step(spec.actionSpace().sample(new Rng(seed)));
      report.fail("step before reset rejected", "step() before reset() was accepted");
    } catch (IllegalStateException expected) {
      report.pass("step before reset rejected");
    } catch (RuntimeException other) {
      report.fail("step before reset rejected", "threw " + other.getClass().getSimpleName() + " instead of IllegalStateException");
    }
  }

  private <O, A> void checkBadAction(Env<O, A> env, EnvSpec<O, A> spec, CheckReport report, Rng actions) {
    A bad = invalidAction(spec.actionSpace());
    if (bad == null) {
      report.pass("bad action rejected", "skipped: no invalid action known for " + spec.actionSpace());
      return;
    }
    env.reset(seed);
    try {
      env.step(bad);
      report.fail("bad action rejected", "action outside " + spec.actionSpace() + " was accepted");
      return;
    } catch (IllegalArgumentException expected) {
      String msg = String.valueOf(expected.getMessage());
      if (!msg.contains(spec.id())) {
        report.fail("bad action rejected", "message does not name the env id: " + msg);
        return;
      }
    } catch (RuntimeException other) {
      report.fail("bad action rejected", "threw " + other.getClass().getSimpleName() + " instead of IllegalArgumentException");
      return;
    }
    try {
      env.step(spec.actionSpace().sample(actions));
      report.pass("bad action rejected");
    } catch (RuntimeException ex) {
      report.fail("bad action rejected", "the episode was unusable after a rejected action: " + ex);
    }
  }

  @SuppressWarnings("unchecked")
  private static <A> A invalidAction(Space<A> space) {
    if (space instanceof Discrete d) {
      return (A) Integer.valueOf(d.n());
    }
    if (space instanceof MultiDiscrete m) {
      return (A) m.nvec();
    }
    if (space instanceof Box b) {
      float[] nan = new float[b.size()];
      Arrays.fill(nan, Float.NaN);
      return (A) nan;
    }
    return null;
  }

  private <O, A> void checkDeterminism(Supplier<? extends Env<O, A>> factory, EnvSpec<O, A> spec, CheckReport report,
                                       Trace reference, List<A> actions) {
    Env<O, A> fresh = factory.get();
    Env<O, A> again = factory.get();
    try {
      // Replay the first episode in a new instance, then in a used one (reset must clear all state).
      Trace a = replay(fresh, spec, actions);
      String diff = reference.firstDifference(a);
      if (diff != null) {
        report.fail("same seed, same episode", "a fresh instance replaying seed " + seed + ": " + diff);
        return;
      }
      again.reset(seed + 12345);
      for (int i = 0; i < 10; i++) {
        Step<O> s = again.step(spec.actionSpace().sample(new Rng(i)));
        if (s.done()) {
          break;
        }
      }
      Trace b = replay(again, spec, actions);
      diff = reference.firstDifference(b);
      if (diff != null) {
        report.fail("same seed, same episode", "a used instance reset with seed " + seed + ": " + diff);
        return;
      }
      report.pass("same seed, same episode");
    } catch (RuntimeException ex) {
      report.fail("same seed, same episode", "threw " + ex);
    } finally {
      fresh.close();
      again.close();
    }
  }

  private <O, A> Trace replay(Env<O, A> env, EnvSpec<O, A> spec, List<A> actions) {
    Trace t = new Trace();
    t.observations.add(spec.observationSpace().flatten(env.reset(seed).observation()));
    for (A a : actions) {
      Step<O> s = env.step(a);
      t.observations.add(spec.observationSpace().flatten(s.observation()));
      t.rewards.add(s.reward());
      t.flags.add(s.terminated() + "/" + s.truncated());
      if (s.done()) {
        break;
      }
    }
    return t;
  }

  private static void result(CheckReport report, String check, String problem) {
    if (problem == null) {
      report.pass(check);
    } else {
      report.fail(check, problem);
    }
  }

  // ---------------------------------------------------------------- multi-agent

  /** What is wrong with {@code info}'s {@link MultiAgentEnv#VISIBLE} for {@code n} agents, or null. */
  private static String visibilityProblem(Info info, int n, String where) {
    boolean[] visible = info.get(MultiAgentEnv.VISIBLE).orElse(null);
    if (visible == null || visible.length != n * n) {
      return where + " has " + (visible == null ? "no visibility" : visible.length + " visibility entries for "
          + n + " x " + n + " agents") + ", but reportsVisibility() is true";
    }
    for (int k = 0; k < n; k++) {
      if (!visible[k * n + k]) {
        return where + " says agent " + k + " does not see itself (visible[" + (k * n + k) + "] is false)";
      }
    }
    return null;
  }

  public <O> CheckReport runMulti(Supplier<? extends MultiAgentEnv<O>> factory) {
    MultiAgentEnv<O> env = factory.get();
    var spec = env.spec();
    int n = spec.numAgents();
    CheckReport report = new CheckReport(spec.id());
    Rng actions = new Rng(seed);
    try {
      env.step(sampleJoint(spec, actions));
      report.fail("step before reset rejected", "step() before reset() was accepted");
    } catch (IllegalStateException expected) {
      report.pass("step before reset rejected");
    } catch (RuntimeException other) {
      report.fail("step before reset rejected", "threw " + other.getClass().getSimpleName());
    }

    String obsProblem = null;
    String rewardProblem = null;
    String frozenProblem = null;
    boolean reportsFrozen = env.reportsFrozen();
    String visibleProblem = null;
    boolean reportsVisibility = env.reportsVisibility();
    String afterEnd = null;
    List<int[]> firstActions = new ArrayList<>();
    List<float[]> firstObs = new ArrayList<>();
    int ended = 0;
    try {
      for (int e = 0; e < episodes; e++) {
        MultiReset<O> r = env.reset(seed + e);
        obsProblem = obsProblem != null ? obsProblem : outside(spec, r.observations(), "reset of episode " + e);
        if (reportsVisibility && visibleProblem == null) {
          visibleProblem = visibilityProblem(r.info(), n, "the reset of episode " + e);
        }
        if (e == 0) {
          firstObs.add(flattenAll(spec, r.observations()));
        }
        boolean done = false;
        int t = 0;
        while (!done && t < maxStepsPerEpisode) {
          int[] a = sampleJoint(spec, actions);
          MultiStep<O> s = env.step(a);
          t++;
          if (e == 0) {
            firstActions.add(a);
            firstObs.add(flattenAll(spec, s.observations()));
          }
          obsProblem = obsProblem != null ? obsProblem : outside(spec, s.observations(), "step " + t + " of episode " + e);
          for (double rew : s.rewards()) {
            if (rewardProblem == null && !Double.isFinite(rew)) {
              rewardProblem = "reward " + rew + " at step " + t;
            }
          }
          if (reportsFrozen && frozenProblem == null) {
            boolean[] frozen = s.info().get(MultiAgentEnv.FROZEN).orElse(null);
            if (frozen == null || frozen.length != n) {
              frozenProblem = "step " + t + " of episode " + e + " has " + (frozen == null ? "no frozen flags"
                  : frozen.length + " frozen flags for " + n + " agents") + ", but reportsFrozen() is true";
            }
          }
          if (reportsVisibility && visibleProblem == null) {
            visibleProblem = visibilityProblem(s.info(), n, "step " + t + " of episode " + e);
          }
          if (!Arrays.equals(s.actions(), a) && obsProblem == null) {
            obsProblem = "step " + t + " reports joint action " + Arrays.toString(s.actions()) + " but "
                + Arrays.toString(a) + " was taken";
          }
          done = s.done();
        }
        if (done) {
          ended++;
          if (afterEnd == null) {
            try {
              env.step(sampleJoint(spec, actions));
              afterEnd = "step() after the episode ended was accepted";
            } catch (IllegalStateException expected) {
              // the contract
            }
          }
        }
      }
    } catch (RuntimeException ex) {
      report.fail("random episodes run", "threw " + ex);
      env.close();
      return report;
    }
    report.pass("random episodes run", episodes + " episodes, " + ended + " ended");
    result(report, "observations inside the observation spaces, joint action reported", obsProblem);
    result(report, "rewards finite", rewardProblem);
    if (reportsFrozen) {
      result(report, "frozen flags on every step", frozenProblem);
    }
    if (reportsVisibility) {
      result(report, "visibility on every reset and step", visibleProblem);
    }
    result(report, "step after the end rejected", ended == 0 ? null : afterEnd);

    env.reset(seed);
    int[] bad = new int[n];
    bad[0] = spec.actionSpace(0).n();
    try {
      env.step(bad);
      report.fail("bad action rejected", "an action outside " + spec.actionSpace(0) + " was accepted");
    } catch (IllegalArgumentException expected) {
      result(report, "bad action rejected", String.valueOf(expected.getMessage()).contains(spec.id())
          ? null : "message does not name the env id: " + expected.getMessage());
    }

    MultiAgentEnv<O> fresh = factory.get();
    try {
      List<float[]> replay = new ArrayList<>();
      replay.add(flattenAll(spec, fresh.reset(seed).observations()));
      for (int[] a : firstActions) {
        MultiStep<O> s = fresh.step(a);
        replay.add(flattenAll(spec, s.observations()));
        if (s.done()) {
          break;
        }
      }
      String diff = null;
      for (int i = 0; i < Math.max(replay.size(), firstObs.size()) && diff == null; i++) {
        if (i >= replay.size() || i >= firstObs.size() || !Arrays.equals(replay.get(i), firstObs.get(i))) {
          diff = "observation " + i + " differs";
        }
      }
      result(report, "same seed, same episode", diff);
    } finally {
      fresh.close();
    }
    try {
      env.close();
      env.close();
      report.pass("close twice");
    } catch (RuntimeException ex) {
      report.fail("close twice", "threw " + ex);
    }
    return report;
  }

  private static int[] sampleJoint(dev.curio.envs.multi.MultiAgentSpec<?> spec, Rng rng) {
    int[] a = new int[spec.numAgents()];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextInt(spec.actionSpace(i).n());
    }
    return a;
  }

  private static <O> String outside(dev.curio.envs.multi.MultiAgentSpec<O> spec, List<O> obs, String where) {
    if (obs.size() != spec.numAgents()) {
      return where + ": " + obs.size() + " observations for " + spec.numAgents() + " agents";
    }
    for (int i = 0; i < obs.size(); i++) {
      if (!spec.observationSpace(i).contains(obs.get(i))) {
        return where + ": observation of agent " + i + " is outside " + spec.observationSpace(i);
      }
    }
    return null;
  }

  private static <O> float[] flattenAll(dev.curio.envs.multi.MultiAgentSpec<O> spec, List<O> obs) {
    int total = 0;
    for (int i = 0; i < obs.size(); i++) {
      total += spec.observationSpace(i).flatDim();
    }
    float[] out = new float[total];
    int off = 0;
    for (int i = 0; i < obs.size(); i++) {
      spec.observationSpace(i).flatten(obs.get(i), out, off);
      off += spec.observationSpace(i).flatDim();
    }
    return out;
  }
}
