package dev.curio.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.net.Backend;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.Ppo;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.core.Rng;
import dev.curio.core.space.Discrete;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One learner per agent: the column split and stitch, what each agent's learner sees, state, and a bandit. */
class PerAgentLearnerTest {
  private static final int M = 2;
  private static final int E = 3;
  private static final int T = 2;
  private static final RewardStream EXT = RewardStream.extrinsic(0.9);

  /**
   * A policy that says who it is: for observation x its logits are {@code [x, tag]} and its value
   * {@code x + 100 tag}; it records the observations it was given.
   */
  private static final class Tagged implements Policy {
    final float tag;
    final List<float[]> seen = new ArrayList<>();
    INDArray flat;
    INDArray scale;
    long version;

    Tagged(float tag) {
      this.tag = tag;
      this.flat = Nd4j.create(new float[] {tag, tag, tag}, new long[] {1, 3}, DataType.FLOAT);
    }

    @Override
    public ActionDistribution distribution() {
      return new Categorical(2);
    }

    @Override
    public int valueHeads() {
      return 1;
    }

    @Override
    public Output forward(INDArray observations) {
      seen.add(Host.floats(observations));
      INDArray x = observations.reshape(observations.size(0), 1).castTo(DataType.FLOAT);
      INDArray params = Nd4j.hstack(x, Nd4j.valueArrayOf(new long[] {x.size(0), 1}, tag, DataType.FLOAT));
      return new Output(params, x.add(100 * tag));
    }

    @Override
    public long version() {
      return version;
    }

    @Override
    public long numParams() {
      return 3;
    }

    @Override
    public PolicyParameters parameters() {
      return new PolicyParameters(version, flat.dup(), scale == null ? null : scale.dup());
    }

    @Override
    public void load(PolicyParameters p) {
      flat = p.flat().dup();
      scale = p.valueScale() == null ? null : p.valueScale().dup();
      version = p.version();
    }
  }

  /** A learner of a {@link Tagged} policy that records what it learns from and can be told to refuse a restore. */
  private static final class Recording implements Learner {
    final Tagged policy;
    final List<Trajectory> trajectories = new ArrayList<>();
    final List<RewardStreams> streams = new ArrayList<>();
    long iteration;
    boolean refuse;

    Recording(float tag) {
      this.policy = new Tagged(tag);
    }

    @Override
    public Policy policy() {
      return policy;
    }

    @Override
    public LearnerStats learn(Trajectory trajectory, RewardStreams s) {
      trajectories.add(trajectory);
      streams.add(s);
      policy.version = ++iteration;
      return LearnerStats.builder().policyLoss(policy.tag).valueLoss(10 * policy.tag).learningRate(1e-3)
          .streams(List.of(new LearnerStats.StreamStats(EXT.name(), policy.tag, 0, 0, 1))).build();
    }

    @Override
    public Snapshot save() {
      return new Snapshot().putLong("iteration", iteration);
    }

    @Override
    public void restore(Snapshot s) {
      if (refuse) {
        throw new IllegalArgumentException("checkpoint entry 'learner/iteration' is not for me");
      }
      iteration = s.getLong("iteration");
      policy.version = iteration;
    }
  }

  /** {@code [T, N = E * M]} with element {@code [t, c] = 10 t + c}: each value says its step and column. */
  private static Trajectory trajectory() {
    float[] v = new float[T * E * M];
    for (int t = 0; t < T; t++) {
      for (int c = 0; c < E * M; c++) {
        v[t * E * M + c] = 10 * t + c;
      }
    }
    INDArray tn = Nd4j.create(v, new long[] {T, E * M}, DataType.FLOAT);
    INDArray zeros = Nd4j.zeros(DataType.FLOAT, T, E * M);
    return Trajectory.builder(1).observations(tn.reshape(T, E * M, 1)).nextObservations(tn.reshape(T, E * M, 1))
        .actions(zeros).rewards(tn).terminated(zeros).truncated(zeros).logProbs(zeros)
        .visibility(Nd4j.ones(DataType.FLOAT, T, E * M, M)).agents(M).build();
  }

  @Test
  void forwardGivesEachAgentItsOwnRowsAndStitchesTheOutputsBackInRowOrder() {
    Tagged a = new Tagged(0);
    Tagged b = new Tagged(1);
    PerAgentPolicy p = new PerAgentPolicy(List.of(a, b));
    // rows env * 2 + agent for 3 envs: observation r in row r
    Policy.Output o = p.forward(Nd4j.create(new float[] {0, 1, 2, 3, 4, 5}, new long[] {6, 1}, DataType.FLOAT));
    assertEquals(1, a.seen.size(), "one batched pass per agent");
    assertArrayEquals(new float[] {0, 2, 4}, a.seen.get(0));
    assertArrayEquals(new float[] {1, 3, 5}, b.seen.get(0));
    assertArrayEquals(new float[] {0, 0, 1, 1, 2, 0, 3, 1, 4, 0, 5, 1}, Host.floats(o.params()));
    assertArrayEquals(new float[] {0, 101, 2, 103, 4, 105}, Host.floats(o.values()));
    assertArrayEquals(new long[] {6, 2}, o.params().shape());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.forward(Nd4j.zeros(DataType.FLOAT, 5, 1)));
    assertEquals("a policy per agent takes rows env * 2 + agent, so a multiple of 2 rows; got [5, 1]", e.getMessage());
  }

  @Test
  void parametersAreTheAgentsOneAfterAnotherAndLoadSplitsThem() {
    Tagged a = new Tagged(1);
    Tagged b = new Tagged(2);
    PerAgentPolicy p = new PerAgentPolicy(List.of(a, b));
    assertEquals(6, p.numParams());
    assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, Host.floats(p.parameters().flat()));
    assertNull(p.parameters().valueScale());
    a.scale = Nd4j.create(new float[][] {{3}, {4}});
    b.scale = Nd4j.create(new float[][] {{5}, {6}});
    INDArray scale = p.parameters().valueScale();
    assertArrayEquals(new long[] {2, 2}, scale.shape(), "[2, M * W], side by side");
    assertArrayEquals(new float[] {3, 5, 4, 6}, Host.floats(scale));

    p.load(new PolicyParameters(7, Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {1, 6}, DataType.FLOAT),
        Nd4j.create(new float[][] {{9, 8}, {7, 6}})));
    assertEquals(7, p.version());
    assertEquals(7, a.version);
    assertArrayEquals(new float[] {1, 2, 3}, Host.floats(a.flat));
    assertArrayEquals(new float[] {4, 5, 6}, Host.floats(b.flat));
    assertArrayEquals(new float[] {9, 7}, Host.floats(a.scale));
    assertArrayEquals(new float[] {8, 6}, Host.floats(b.scale));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.load(new PolicyParameters(1, Nd4j.zeros(DataType.FLOAT, 1, 5))));
    assertEquals("published parameters have 5 values, this policy per agent has 6 (2 agents)", e.getMessage());
    b.scale = null;
    assertThrows(IllegalStateException.class, p::parameters, "one agent with a scale and one without");
  }

  @Test
  void agentZerosLearnerNeverSeesAgentOnesColumns() {
    Recording a = new Recording(0);
    Recording b = new Recording(1);
    PerAgentLearner learner = new PerAgentLearner(List.of(a, b));
    Trajectory whole = trajectory();
    RewardStreams streams = RewardStreams.extrinsicOnly(whole, EXT).plus(new RewardStream("bonus", 0.9, true, 1),
        whole.rewards().mul(-1));
    LearnerStats mean = learner.learn(whole, streams);

    Trajectory seenByA = a.trajectories.get(0);
    assertEquals(1, seenByA.numAgents());
    assertEquals(E, seenByA.envs());
    // columns 0, 2, 4 of each step: even values only
    assertArrayEquals(new float[] {0, 2, 4, 10, 12, 14}, Host.floats(seenByA.observations()));
    assertArrayEquals(new float[] {1, 3, 5, 11, 13, 15}, Host.floats(b.trajectories.get(0).observations()));
    assertArrayEquals(new float[] {0, 2, 4, 10, 12, 14}, Host.floats(a.streams.get(0).rewards().get(0)));
    assertArrayEquals(new float[] {-1, -3, -5, -11, -13, -15}, Host.floats(b.streams.get(0).rewards().get(1)));
    assertEquals(List.of("extrinsic", "bonus"), a.streams.get(0).streams().stream().map(RewardStream::name).toList());

    assertEquals(1, learner.policy().version(), "one version per learn of all agents");
    assertEquals(0.5, mean.policyLoss(), 1e-12, "the mean over agents");
    assertEquals(5, mean.valueLoss(), 1e-12);
    assertEquals(0.5, mean.streams().get(0).meanReward(), 1e-12);
    assertEquals(List.of(0.0, 1.0), learner.agentStats().stream().map(LearnerStats::policyLoss).toList());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PerAgentLearner(List.of(a, b, new Recording(2))).learn(whole, streams));
    assertEquals("this learner trains 3 agents, one learner each, but the trajectory has 2 agent(s) per env",
        e.getMessage());
  }

  @Test
  void saveHoldsEveryAgentAndRestoreRefusesAnotherShapeInOneLineChangingNothing() {
    Recording a = new Recording(0);
    Recording b = new Recording(1);
    PerAgentLearner learner = new PerAgentLearner(List.of(a, b));
    learner.learn(trajectory(), RewardStreams.extrinsicOnly(trajectory(), EXT));
    Snapshot s = learner.save();
    assertEquals(List.of("agents", "version", "agent0", "agent1"), s.names());
    learner.learn(trajectory(), RewardStreams.extrinsicOnly(trajectory(), EXT));
    learner.restore(s);
    assertEquals(1, learner.policy().version());
    assertEquals(1, a.iteration);

    IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
        () -> learner.restore(new Snapshot().putLong("iteration", 3)));
    assertTrue(shared.getMessage().startsWith("checkpoint entry 'learner/agents' is missing: it was written by one"
        + " learner shared by all agents"), shared.getMessage());
    IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
        () -> learner.restore(new Snapshot().putLong("agents", 3).putLong("version", 0)));
    assertEquals("checkpoint entry 'learner/agents' is 3, this run has 2 agents, one learner each", three.getMessage());

    Snapshot later = new Snapshot().putLong("agents", 2).putLong("version", 5)
        .putChild("agent0", new Snapshot().putLong("iteration", 5)).putChild("agent1", new Snapshot().putLong("iteration", 5));
    b.refuse = true;
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> learner.restore(later));
    assertEquals("checkpoint entry 'learner/agent1/iteration' is not for me", refused.getMessage());
    assertEquals(1, a.iteration, "agent 0 was put back as it was");
    assertEquals(1, learner.policy().version());
    for (String line : List.of(shared.getMessage(), three.getMessage(), refused.getMessage())) {
      assertFalse(line.contains("\n"));
    }
  }

  /**
   * Two agents who see the same observation but are paid for opposite arms: a policy per agent learns
   * each its own arm, which one policy without an agent id could not.
   */
  @Test
  void independentPpoLearnersLearnOppositeArmsOfOneBandit() {
    Backend.useThreads(1);
    LearnerSpec spec = new LearnerSpec(new int[] {2}, new Discrete(2), List.of(RewardStream.extrinsic(0.0)), 20, 0);
    List<Learner> each = new ArrayList<>();
    for (int m = 0; m < M; m++) {
      each.add(new Ppo(PpoConfig.defaults(), NetworkConfig.defaults(), new LearnerSpec(spec.obsShape(),
          spec.actionSpace(), spec.streams(), 20, Rng.derive(4, "learner-" + m))));
    }
    PerAgentLearner learner = new PerAgentLearner(each);
    float[] before0 = Host.floats(learner.learner(0).policy().parameters().flat());
    float[] before1 = Host.floats(learner.learner(1).policy().parameters().flat());
    assertFalse(Arrays.equals(before0, before1), "agents seeded apart start apart");
    int n = 4 * M;
    int t = 16;
    INDArray obs = Nd4j.ones(DataType.FLOAT, n, 2);
    Actor actor = PolicyActor.sampling(learner.policy(), new Rng(9));
    for (int it = 0; it < 20; it++) {
      float[] acts = new float[t * n];
      float[] logp = new float[t * n];
      float[] r = new float[t * n];
      long[] versions = new long[t * n];
      for (int s = 0; s < t; s++) {
        ActionBatch ab = actor.act(obs);
        for (int i = 0; i < n; i++) {
          int k = s * n + i;
          acts[k] = ab.actions()[i];
          logp[k] = ab.logProbs()[i];
          r[k] = ab.discrete(i) == i % M ? 1f : 0f; // agent m is paid for arm m
          versions[k] = ab.version();
        }
      }
      INDArray o = Nd4j.ones(DataType.FLOAT, t, n, 2);
      Trajectory tr = Trajectory.builder(2).observations(o).nextObservations(o)
          .actions(Nd4j.create(acts, new long[] {t, n}, DataType.FLOAT))
          .rewards(Nd4j.create(r, new long[] {t, n}, DataType.FLOAT)).terminated(Nd4j.ones(DataType.FLOAT, t, n))
          .truncated(Nd4j.zeros(DataType.FLOAT, t, n)).logProbs(Nd4j.create(logp, new long[] {t, n}, DataType.FLOAT))
          .versions(versions).agents(M).build();
      assertNotNull(learner.learn(tr, RewardStreams.extrinsicOnly(tr, RewardStream.extrinsic(0.0))));
    }
    int[] own = new int[M];
    int pulls = 0;
    for (int k = 0; k < 20; k++) {
      ActionBatch ab = actor.act(obs);
      for (int i = 0; i < n; i++) {
        own[i % M] += ab.discrete(i) == i % M ? 1 : 0;
      }
      pulls += n / M;
    }
    assertTrue(own[0] > 0.9 * pulls, "agent 0 pulls arm 0: " + own[0] + " of " + pulls);
    assertTrue(own[1] > 0.9 * pulls, "agent 1 pulls arm 1: " + own[1] + " of " + pulls);
    System.out.println("bandit per agent: agent 0 pulled its arm " + own[0] + ", agent 1 " + own[1] + " of " + pulls);
    assertEquals(20, learner.policy().version());
    assertEquals(20, learner.learner(1).policy().version());
  }
}
