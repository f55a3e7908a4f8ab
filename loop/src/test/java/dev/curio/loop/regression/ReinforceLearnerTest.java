package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Learner;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.agents.PolicyParameters;
import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.math.Gae;
import dev.curio.core.Rng;
import dev.curio.core.space.Discrete;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.envs.worlds.classic.CartPole;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A learner written the way a user of the Java API would write one, outside Curio's sources:
 * REINFORCE with a learned baseline (Williams 1992) on a one-hidden-layer policy, its networks and
 * loss on Curio's {@link Tape} (the one way Curio trains networks), the log-probability and entropy
 * from the action distribution's tape forms. It plugs into the training loop through
 * {@link dev.curio.agents.LearnerFactory} and trains CartPole-v1.
 */
class ReinforceLearnerTest {
  /** Policy: obs -> tanh(32) -> logits; baseline: obs -> tanh(32) -> 1 value per stream. One parameter vector. */
  static final class SmallPolicy implements Policy {
    final ActionDistribution dist;
    final int heads;
    final Parameters params;
    final Mlp pi;
    final Mlp baseline;
    long version;

    SmallPolicy(int obsDim, int actions, int heads, int hidden, Rng rng) {
      this.dist = ActionDistribution.forSpace(new Discrete(actions));
      this.heads = heads;
      int[] piSizes = {obsDim, hidden, actions};
      int[] vSizes = {obsDim, hidden, heads};
      this.params = new Parameters(Mlp.paramCount(piSizes) + Mlp.paramCount(vSizes));
      this.pi = new Mlp(params, piSizes, Activation.TANH, Activation.IDENTITY, rng);
      this.baseline = new Mlp(params, vSizes, Activation.TANH, Activation.IDENTITY, rng);
      // a nearly uniform first policy: the output layer (the tail of the policy's weights) scaled down
      INDArray piWeights = pi.weights();
      long tail = (long) hidden * actions + actions;
      piWeights.get(NDArrayIndex.point(0), NDArrayIndex.interval(piWeights.length() - tail, piWeights.length())).muli(0.01);
    }

    @Override
    public ActionDistribution distribution() {
      return dist;
    }

    @Override
    public int valueHeads() {
      return heads;
    }

    @Override
    public Output forward(INDArray observations) {
      INDArray x = observations.reshape(observations.size(0), -1).castTo(DataType.FLOAT);
      return new Output(pi.forward(x), baseline.forward(x));
    }

    @Override
    public long version() {
      return version;
    }

    @Override
    public long numParams() {
      return params.size();
    }

    @Override
    public PolicyParameters parameters() {
      return new PolicyParameters(version, params.values().dup());
    }

    @Override
    public void load(PolicyParameters p) {
      params.values().assign(p.flat().reshape(1, p.flat().length()));
      version = p.version();
    }
  }

  /** REINFORCE with baseline: discounted returns (GAE with lambda 1), one Adam step per trajectory. */
  static final class Reinforce implements Learner {
    final SmallPolicy policy;
    final double learningRate;

    Reinforce(LearnerSpec spec, double lr) {
      if (!(spec.actionSpace() instanceof Discrete d)) {
        throw new IllegalArgumentException("REINFORCE here takes Discrete actions, got " + spec.actionSpace());
      }
      int obsDim = 1;
      for (int s : spec.obsShape()) {
        obsDim *= s;
      }
      this.policy = new SmallPolicy(obsDim, d.n(), spec.streams().size(), 32, spec.rng());
      this.learningRate = lr;
    }

    @Override
    public SmallPolicy policy() {
      return policy;
    }

    @Override
    public LearnerStats learn(Trajectory tr, RewardStreams streams) {
      int t = tr.steps();
      int n = tr.envs();
      int b = t * n;
      Tape tape = Tape.training();
      Var x = tape.constant(tr.flatObservations().castTo(DataType.FLOAT));
      Var logits = policy.pi.forward(tape, x);
      Var values = policy.baseline.forward(tape, x);
      Policy.Output next = policy.forward(tr.flatNextObservations());
      float[] term = Host.floats(tr.terminated());
      float[] trunc = Host.floats(tr.truncated());
      // advantages and return targets of every stream, mixed by the streams' coefficients
      float[] adv = new float[b];
      float[] targets = new float[b * policy.heads];
      for (int s = 0; s < policy.heads; s++) {
        var stream = streams.streams().get(s);
        Gae.Result g = Gae.compute(Host.floats(streams.rewards().get(s)), Host.floats(values.value().getColumn(s)),
            Host.floats(next.values().getColumn(s)), term, trunc, t, n, stream.gamma(), 1.0, stream.episodic());
        for (int i = 0; i < b; i++) {
          adv[i] += (float) (stream.coefficient() * g.advantages()[i]);
          targets[i * policy.heads + s] = g.returns()[i];
        }
      }
      INDArray a = Nd4j.create(adv, new long[] {b, 1}, DataType.FLOAT);
      a.subi(a.meanNumber()).divi(a.stdNumber().doubleValue() + 1e-8);
      // -mean(A log pi(a|s)) - 0.01 mean(H) + 0.5 mean(sum_k (V_k - target_k)^2)
      Var entropy = policy.dist.entropy(tape, logits).mean();
      Var loss = policy.dist.logProb(tape, logits, tr.flatActions()).mul(tape.constant(a)).mean().neg()
          .sub(entropy.mul(0.01))
          .add(values.sub(tape.constant(Nd4j.create(targets, new long[] {b, policy.heads}, DataType.FLOAT)))
              .square().sumRows().mean().mul(0.5));
      tape.backward(loss);
      double norm = policy.params.gradientNorm();
      policy.params.adamStep(learningRate);
      policy.version++;
      return LearnerStats.builder().policyLoss(0).valueLoss(0).entropy(entropy.scalar()).approxKl(0).clipFraction(0)
          .gradNorm(norm).explainedVariance(0).learningRate(learningRate).streams(List.of()).build();
    }

    @Override
    public Snapshot save() {
      return new Snapshot().putChild("params", policy.params.state()).putLong("version", policy.version);
    }

    @Override
    public void restore(Snapshot s) {
      policy.params.restore(s.child("params"));
      policy.version = s.getLong("version");
    }
  }

  private static TrainConfig config(long seed) {
    TrainConfig d = TrainConfig.defaults();
    return TrainConfig.builder().env("CartPole-v1").totalSteps(150_000).seed(seed).stopAtReturn(150.0)
        .checkpointEvery(0).ppo(d.ppo()).network(d.network()).build();
  }

  @Test
  void aUsersReinforceLearnerTrainsCartPoleToAMeanReturnOf150() {
    SeedSweep.Verdict<Double> v = SeedSweep.atLeast("REINFORCE with baseline reaches 150 on CartPole-v1 within 150k"
        + " steps", 2, 2, new long[] {1, 2, 3}, seed -> {
          try (TrainingLoop loop = new TrainingLoop(config(seed), CartPole::new, List.of(),
              spec -> new Reinforce(spec, 3e-3))) {
            return loop.run().bestMeanReturn();
          }
        }, best -> best >= 150);
    assertTrue(v.holds(), v.toString());
  }

  @Test
  void publishedParametersMakeACopyActTheSame() {
    TrainConfig cfg = config(4).withTotalSteps(2048);
    try (TrainingLoop loop = new TrainingLoop(cfg, CartPole::new, List.of(), spec -> new Reinforce(spec, 3e-3))) {
      loop.iterate();
      LearnerSpec spec = new LearnerSpec(new int[] {4}, new Discrete(2), List.of(dev.curio.core.trajectory.RewardStream
          .extrinsic(0.99)), 1, 99);
      Reinforce other = new Reinforce(spec, 3e-3);
      PolicyActor copy = PolicyActor.greedy(other.policy());
      copy.load(loop.learner().publish());
      assertEquals(1, copy.version());
      INDArray obs = Nd4j.rand(DataType.FLOAT, 16, 4);
      ActionBatch mine = PolicyActor.greedy(loop.policy()).act(obs);
      ActionBatch theirs = copy.act(obs);
      assertArrayEquals(mine.actions(), theirs.actions());
      assertArrayEquals(mine.logProbs(), theirs.logProbs());
    }
  }

  @Test
  void aDiscreteOnlyLearnerRefusesABoxActionSpace() {
    LearnerSpec spec = new LearnerSpec(new int[] {3}, new dev.curio.core.space.Box(-2, 2, 1),
        List.of(dev.curio.core.trajectory.RewardStream.extrinsic(0.99)), 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Reinforce(spec, 1e-3));
    assertTrue(e.getMessage().startsWith("REINFORCE here takes Discrete actions, got Box"), e.getMessage());
  }
}
