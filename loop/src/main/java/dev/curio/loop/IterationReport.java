package dev.curio.loop;

import dev.curio.rewards.UpdateStats;
import dev.curio.agents.LearnerStats;
import java.util.List;
import java.util.Objects;

/**
 * One iteration done.
 *
 * <p>Made with {@link #builder()}, every field by name; none is positional.
 */
public final class IterationReport {
  private final int iteration;
  private final long globalStep;
  /**
   * Rolling mean extrinsic return over the last {@code returnWindow} episodes (NaN before the first episode
   * ends).
   */
  private final double meanReturn;
  private final double meanLength;
  /** Episodes finished so far. */
  private final long episodes;
  /** Env steps per second over this iteration, learning included. */
  private final double sps;
  /** Wall time collecting the rollout (acting and stepping). */
  private final double collectSeconds;
  /** Wall time in the intrinsic reward modules' compute and update. */
  private final double rewardSeconds;
  /** Wall time in the learner. */
  private final double learnSeconds;
  private final LearnerStats learner;
  /** The reward modules' update statistics, named {@code <stream>.<stat>}. */
  private final UpdateStats rewardStats;
  private final RunControl control;
  /** Per agent of a multi-agent world, its rolling mean return (empty for one agent). */
  private final double[] agentMeanReturns;
  /**
   * In a multi-agent world, the rolling mean over the last {@code returnWindow} episodes (of all envs)
   * of the episode's collective return, the sum of its agents' returns; NaN before any, and for one agent.
   */
  private final double collectiveMeanReturn;
  /**
   * For a world that reports frozen agents (Harvest), the rolling means of the social-dilemma metrics
   * over the same window, {@code {efficiency, equality, sustainability, peace}} (each over the episodes
   * where it is defined; NaN when none is); empty for other worlds. See {@code SocialMetrics}.
   */
  private final double[] socialMetrics;
  /**
   * Per task of a multi-task run, its rolling mean return in the world's own units (empty for one
   * task); {@link #meanReturn} is then their mean.
   */
  private final double[] taskMeanReturns;
  /**
   * Per task of a multi-task run, the share of its window's episodes that terminated (not truncated)
   * with a positive return (empty for one task).
   */
  private final double[] taskSuccessRates;
  /**
   * With {@code nonFinite: skip}: the NaN or infinite values this iteration met, one line each (as
   * {@link NonFiniteException} words them); the update each would have fed was skipped. Empty
   * otherwise.
   */
  private final List<String> nonFinite;
  /**
   * With actor threads ({@code impala.actors}): trajectories dropped so far because they acted more than
   * {@code impala.maxStaleness} policy versions before the learner's; 0 without.
   */
  private final long droppedTrajectories;
  /**
   * With actors ({@code impala.actors}): per actor index, the rollouts learned from so far (sorted by
   * index); empty without.
   */
  private final java.util.SortedMap<Integer, Long> actorRollouts;

  private IterationReport(Builder b) {
    this.iteration = b.iteration;
    this.globalStep = b.globalStep;
    this.meanReturn = b.meanReturn;
    this.meanLength = b.meanLength;
    this.episodes = b.episodes;
    this.sps = b.sps;
    this.collectSeconds = b.collectSeconds;
    this.rewardSeconds = b.rewardSeconds;
    this.learnSeconds = b.learnSeconds;
    this.learner = b.learner;
    this.rewardStats = b.rewardStats;
    this.control = b.control;
    this.agentMeanReturns = b.agentMeanReturns;
    this.collectiveMeanReturn = b.collectiveMeanReturn;
    this.socialMetrics = b.socialMetrics;
    this.taskMeanReturns = b.taskMeanReturns;
    this.taskSuccessRates = b.taskSuccessRates;
    this.nonFinite = List.copyOf(b.nonFinite);
    this.droppedTrajectories = b.droppedTrajectories;
    this.actorRollouts = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(b.actorRollouts));
  }


  public int iteration() {
    return iteration;
  }

  public long globalStep() {
    return globalStep;
  }

  public double meanReturn() {
    return meanReturn;
  }

  public double meanLength() {
    return meanLength;
  }

  public long episodes() {
    return episodes;
  }

  public double sps() {
    return sps;
  }

  public double collectSeconds() {
    return collectSeconds;
  }

  public double rewardSeconds() {
    return rewardSeconds;
  }

  public double learnSeconds() {
    return learnSeconds;
  }

  public LearnerStats learner() {
    return learner;
  }

  public UpdateStats rewardStats() {
    return rewardStats;
  }

  public RunControl control() {
    return control;
  }

  public double[] agentMeanReturns() {
    return agentMeanReturns;
  }

  /** The rolling mean collective return of a multi-agent world (NaN before any episode, and for one agent). */
  public double collectiveMeanReturn() {
    return collectiveMeanReturn;
  }

  /**
   * The rolling means {@code {efficiency, equality, sustainability, peace}} for a world that reports
   * frozen agents; empty otherwise.
   */
  public double[] socialMetrics() {
    return socialMetrics;
  }

  /** Per task of a multi-task run, its rolling mean return (empty for one task). */
  public double[] taskMeanReturns() {
    return taskMeanReturns;
  }

  /** Per task of a multi-task run, the success rate over its window (empty for one task). */
  public double[] taskSuccessRates() {
    return taskSuccessRates;
  }

  public List<String> nonFinite() {
    return nonFinite;
  }

  /** Trajectories from actor threads dropped as too stale, over the whole run so far (0 without actors). */
  public long droppedTrajectories() {
    return droppedTrajectories;
  }

  /**
   * With actors ({@code impala.actors}): per actor index (a thread's, or the index a learner node gave an
   * actor node), the rollouts the learner has learned from so far, sorted by index; empty without actors.
   * A stale rollout that was dropped is not counted here (see {@link #droppedTrajectories}).
   */
  public java.util.SortedMap<Integer, Long> actorRollouts() {
    return actorRollouts;
  }

  /** 1 when this iteration skipped an update for a NaN or infinite value ({@code nonFinite: skip}), else 0. */
  public int nonFiniteSkipped() {
    return nonFinite.isEmpty() ? 0 : 1;
  }

  /** A builder with every field unset (0, false or null). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.iteration = iteration;
    b.globalStep = globalStep;
    b.meanReturn = meanReturn;
    b.meanLength = meanLength;
    b.episodes = episodes;
    b.sps = sps;
    b.collectSeconds = collectSeconds;
    b.rewardSeconds = rewardSeconds;
    b.learnSeconds = learnSeconds;
    b.learner = learner;
    b.rewardStats = rewardStats;
    b.control = control;
    b.agentMeanReturns = agentMeanReturns;
    b.collectiveMeanReturn = collectiveMeanReturn;
    b.socialMetrics = socialMetrics;
    b.taskMeanReturns = taskMeanReturns;
    b.taskSuccessRates = taskSuccessRates;
    b.nonFinite = nonFinite;
    b.droppedTrajectories = droppedTrajectories;
    b.actorRollouts = actorRollouts;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IterationReport o
        && iteration == o.iteration
        && globalStep == o.globalStep
        && Double.compare(meanReturn, o.meanReturn) == 0
        && Double.compare(meanLength, o.meanLength) == 0
        && episodes == o.episodes
        && Double.compare(sps, o.sps) == 0
        && Double.compare(collectSeconds, o.collectSeconds) == 0
        && Double.compare(rewardSeconds, o.rewardSeconds) == 0
        && Double.compare(learnSeconds, o.learnSeconds) == 0
        && Objects.equals(learner, o.learner)
        && Objects.equals(rewardStats, o.rewardStats)
        && Objects.equals(control, o.control)
        && Objects.equals(agentMeanReturns, o.agentMeanReturns)
        && Double.compare(collectiveMeanReturn, o.collectiveMeanReturn) == 0
        && java.util.Arrays.equals(socialMetrics, o.socialMetrics)
        && java.util.Arrays.equals(taskMeanReturns, o.taskMeanReturns)
        && java.util.Arrays.equals(taskSuccessRates, o.taskSuccessRates)
        && Objects.equals(nonFinite, o.nonFinite)
        && droppedTrajectories == o.droppedTrajectories
        && actorRollouts.equals(o.actorRollouts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(iteration, globalStep, meanReturn, meanLength, episodes, sps, collectSeconds, rewardSeconds,
        learnSeconds, learner, rewardStats, control, agentMeanReturns, collectiveMeanReturn,
        java.util.Arrays.hashCode(socialMetrics), java.util.Arrays.hashCode(taskMeanReturns),
        java.util.Arrays.hashCode(taskSuccessRates), nonFinite, droppedTrajectories, actorRollouts);
  }

  @Override
  public String toString() {
    return "IterationReport[iteration=" + iteration
        + ", globalStep=" + globalStep
        + ", meanReturn=" + meanReturn
        + ", meanLength=" + meanLength
        + ", episodes=" + episodes
        + ", sps=" + sps
        + ", collectSeconds=" + collectSeconds
        + ", rewardSeconds=" + rewardSeconds
        + ", learnSeconds=" + learnSeconds
        + ", learner=" + learner
        + ", rewardStats=" + rewardStats
        + ", control=" + control
        + ", agentMeanReturns=" + agentMeanReturns
        + ", collectiveMeanReturn=" + collectiveMeanReturn
        + ", socialMetrics=" + java.util.Arrays.toString(socialMetrics)
        + ", taskMeanReturns=" + java.util.Arrays.toString(taskMeanReturns)
        + ", taskSuccessRates=" + java.util.Arrays.toString(taskSuccessRates)
        + ", nonFinite=" + nonFinite
        + ", droppedTrajectories=" + droppedTrajectories
        + ", actorRollouts=" + actorRollouts
        + "]";
  }

  /** Fields by name. */
  public static final class Builder {
    private int iteration;
    private long globalStep;
    private double meanReturn;
    private double meanLength;
    private long episodes;
    private double sps;
    private double collectSeconds;
    private double rewardSeconds;
    private double learnSeconds;
    private LearnerStats learner;
    private UpdateStats rewardStats;
    private RunControl control;
    private double[] agentMeanReturns = new double[0];
    private double collectiveMeanReturn = Double.NaN;
    private double[] socialMetrics = new double[0];
    private double[] taskMeanReturns = new double[0];
    private double[] taskSuccessRates = new double[0];
    private List<String> nonFinite = List.of();
    private long droppedTrajectories;
    private java.util.Map<Integer, Long> actorRollouts = java.util.Map.of();

    private Builder() {}

    public Builder iteration(int iteration) {
      this.iteration = iteration;
      return this;
    }

    public Builder globalStep(long globalStep) {
      this.globalStep = globalStep;
      return this;
    }

    public Builder meanReturn(double meanReturn) {
      this.meanReturn = meanReturn;
      return this;
    }

    public Builder meanLength(double meanLength) {
      this.meanLength = meanLength;
      return this;
    }

    public Builder episodes(long episodes) {
      this.episodes = episodes;
      return this;
    }

    public Builder sps(double sps) {
      this.sps = sps;
      return this;
    }

    public Builder collectSeconds(double collectSeconds) {
      this.collectSeconds = collectSeconds;
      return this;
    }

    public Builder rewardSeconds(double rewardSeconds) {
      this.rewardSeconds = rewardSeconds;
      return this;
    }

    public Builder learnSeconds(double learnSeconds) {
      this.learnSeconds = learnSeconds;
      return this;
    }

    public Builder learner(LearnerStats learner) {
      this.learner = learner;
      return this;
    }

    public Builder rewardStats(UpdateStats rewardStats) {
      this.rewardStats = rewardStats;
      return this;
    }

    public Builder control(RunControl control) {
      this.control = control;
      return this;
    }

    public Builder agentMeanReturns(double[] agentMeanReturns) {
      this.agentMeanReturns = agentMeanReturns;
      return this;
    }

    public Builder collectiveMeanReturn(double collectiveMeanReturn) {
      this.collectiveMeanReturn = collectiveMeanReturn;
      return this;
    }

    public Builder socialMetrics(double[] socialMetrics) {
      this.socialMetrics = socialMetrics;
      return this;
    }

    public Builder taskMeanReturns(double[] taskMeanReturns) {
      this.taskMeanReturns = taskMeanReturns;
      return this;
    }

    public Builder taskSuccessRates(double[] taskSuccessRates) {
      this.taskSuccessRates = taskSuccessRates;
      return this;
    }

    public Builder nonFinite(List<String> nonFinite) {
      this.nonFinite = nonFinite;
      return this;
    }

    public Builder droppedTrajectories(long droppedTrajectories) {
      this.droppedTrajectories = droppedTrajectories;
      return this;
    }

    public Builder actorRollouts(java.util.Map<Integer, Long> actorRollouts) {
      this.actorRollouts = Objects.requireNonNull(actorRollouts, "actorRollouts");
      return this;
    }

    public IterationReport build() {
      return new IterationReport(this);
    }
  }
}
