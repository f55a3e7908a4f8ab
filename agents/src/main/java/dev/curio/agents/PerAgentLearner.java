package dev.curio.agents;

import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * One learner per agent of a multi-agent world (independent, unshared policies), seen as one
 * {@link Learner}: agent m's learner trains only on agent m's columns of the trajectory and of every
 * reward stream ({@link Trajectory#forAgent}, {@link RewardStreams#forAgent}), with its own policy,
 * optimiser, RNG and statistics (PPO's, PopArt's). Its {@link #policy()} is the agents' policies as
 * one ({@link PerAgentPolicy}), so an actor still acts for every column in one call.
 *
 * <p>{@link #learn} trains the agents in order, 0 first, each once; it returns the mean over agents
 * of each statistic (each stream's too, matched by position), since every agent trains on the same
 * number of columns; {@link #agentStats()} keeps each agent's own. The sub-trajectories carry the
 * trajectory's versions unchanged: they are the versions each agent's learner would see alone as
 * long as it raises its policy's version by one per learn call, as PPO does.
 *
 * <p>{@link #save} writes {@code agents} (M), {@code version} and one child {@code agent<m>} per
 * agent holding that learner's own snapshot; {@link #restore} refuses, in one line naming the entry,
 * a snapshot of another number of agents or of one shared learner, and leaves every agent as it was
 * when one agent's snapshot is refused.
 */
public final class PerAgentLearner implements Learner {
  private final List<Learner> learners;
  private final PerAgentPolicy policy;
  private List<LearnerStats> agentStats = List.of();

  /**
   * @param learners one per agent, in agent order, each freshly built for the run (seeded apart)
   * @throws IllegalArgumentException when their policies do not fit one {@link PerAgentPolicy}
   */
  public PerAgentLearner(List<? extends Learner> learners) {
    this.learners = List.copyOf(learners);
    List<Policy> policies = new ArrayList<>(this.learners.size());
    for (Learner l : this.learners) {
      policies.add(l.policy());
    }
    this.policy = new PerAgentPolicy(policies);
  }

  /** Agents M. */
  public int agents() {
    return learners.size();
  }

  /** Agent {@code agent}'s own learner. */
  public Learner learner(int agent) {
    return learners.get(agent);
  }

  @Override
  public PerAgentPolicy policy() {
    return policy;
  }

  /**
   * @param trajectory columns {@code env * M + agent} ({@code numAgents()} M)
   * @param streams one {@code [T, N]} array per stream, columns as the trajectory's
   * @return the mean over agents of their learners' statistics
   */
  @Override
  public LearnerStats learn(Trajectory trajectory, RewardStreams streams) {
    int m = learners.size();
    if (trajectory.numAgents() != m) {
      throw new IllegalArgumentException("this learner trains " + m + " agents, one learner each, but the trajectory"
          + " has " + trajectory.numAgents() + " agent(s) per env");
    }
    List<LearnerStats> each = new ArrayList<>(m);
    for (int a = 0; a < m; a++) {
      each.add(learners.get(a).learn(trajectory.forAgent(a), streams.forAgent(a, m)));
    }
    agentStats = List.copyOf(each);
    policy.setVersion(policy.version() + 1);
    return mean(each);
  }

  /** Each agent's statistics of the last {@link #learn} call, in agent order (empty before any). */
  public List<LearnerStats> agentStats() {
    return agentStats;
  }

  /** Every statistic averaged over {@code stats}; the streams matched by position and named as the first's. */
  static LearnerStats mean(List<LearnerStats> stats) {
    int m = stats.size();
    double pol = 0, val = 0, ent = 0, kl = 0, clip = 0, norm = 0, ev = 0, lr = 0;
    for (LearnerStats s : stats) {
      pol += s.policyLoss();
      val += s.valueLoss();
      ent += s.entropy();
      kl += s.approxKl();
      clip += s.clipFraction();
      norm += s.gradNorm();
      ev += s.explainedVariance();
      lr += s.learningRate();
    }
    List<LearnerStats.StreamStats> streams = new ArrayList<>();
    List<LearnerStats.StreamStats> first = stats.get(0).streams();
    for (int k = 0; k < first.size(); k++) {
      double reward = 0, ret = 0, value = 0, share = 0;
      for (LearnerStats s : stats) {
        LearnerStats.StreamStats st = s.streams().get(k);
        reward += st.meanReward();
        ret += st.meanReturn();
        value += st.meanValue();
        share += st.advantageShare();
      }
      streams.add(new LearnerStats.StreamStats(first.get(k).name(), reward / m, ret / m, value / m, share / m));
    }
    return LearnerStats.builder().policyLoss(pol / m).valueLoss(val / m).entropy(ent / m).approxKl(kl / m)
        .clipFraction(clip / m).gradNorm(norm / m).explainedVariance(ev / m).learningRate(lr / m).streams(streams)
        .build();
  }

  @Override
  public long networkNanos() {
    long n = 0;
    for (Learner l : learners) {
      n += l.networkNanos();
    }
    return n;
  }

  @Override
  public Snapshot save() {
    Snapshot s = new Snapshot().putLong("agents", learners.size()).putLong("version", policy.version());
    for (int a = 0; a < learners.size(); a++) {
      s.putChild("agent" + a, learners.get(a).save());
    }
    return s;
  }

  /**
   * Restores every agent's learner from its {@code agent<m>} child. Entry names in messages are as the
   * training loop stores them, under {@code learner/}.
   *
   * @throws IllegalArgumentException naming the entry, when the snapshot is of one shared learner, of
   *     another number of agents, or an agent's learner refuses its own (then nothing has changed)
   */
  @Override
  public void restore(Snapshot s) {
    if (!s.has("agents")) {
      throw new IllegalArgumentException("checkpoint entry 'learner/agents' is missing: it was written by one learner"
          + " shared by all agents (agents.policies shared), this run has one per agent (independent); resume it"
          + " with the policies it was trained with");
    }
    long saved = s.getLong("agents");
    if (saved != learners.size()) {
      throw new IllegalArgumentException("checkpoint entry 'learner/agents' is " + saved + ", this run has "
          + learners.size() + " agents, one learner each");
    }
    long version = s.getLong("version");
    if (version < 0) {
      throw new IllegalArgumentException("checkpoint entry 'learner/version' is " + version + "; it must be >= 0");
    }
    List<Snapshot> own = new ArrayList<>(learners.size());
    for (int a = 0; a < learners.size(); a++) {
      if (!s.has("agent" + a)) {
        throw new IllegalArgumentException("checkpoint entry 'learner/agent" + a + "' is missing; it holds agent " + a
            + "'s learner");
      }
      own.add(s.child("agent" + a));
    }
    List<Snapshot> before = new ArrayList<>(learners.size());
    for (Learner l : learners) {
      before.add(l.save());
    }
    for (int a = 0; a < learners.size(); a++) {
      try {
        learners.get(a).restore(own.get(a));
      } catch (RuntimeException e) {
        // as it was: a refused checkpoint changes nothing (agent a's learner refuses before it changes)
        for (int b = 0; b < a; b++) {
          learners.get(b).restore(before.get(b));
        }
        if (!(e instanceof IllegalArgumentException)) {
          throw e;
        }
        // the agent's learner names its entries from 'learner/'; here they are under 'learner/agent<m>/'
        String message = String.valueOf(e.getMessage()).replace("'learner/", "'learner/agent" + a + "/");
        throw new IllegalArgumentException(message.startsWith("checkpoint entry") ? message
            : "checkpoint entry 'learner/agent" + a + "': " + message, e);
      }
    }
    policy.setVersion(version);
  }
}
