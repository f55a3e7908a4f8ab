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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A learner written the way a user of the Java API would write one, outside Curio's sources:
 * REINFORCE with a learned baseline (Williams 1992) on a one-hidden-layer policy, with gradients by
 * hand through {@link ActionDistribution#logProbGradient}. It plugs into the training loop through
 * {@link dev.curio.agents.LearnerFactory} and trains CartPole-v1.
 */
class ReinforceLearnerTest {
  /** Policy: obs -> tanh(32) -> logits; baseline: obs -> tanh(32) -> 1 value per stream. */
  static final class SmallPolicy implements Policy {
    final ActionDistribution dist;
    final int heads;
    final INDArray[] w; // w1 [D, H], b1 [1, H], w2 [H, A], b2 [1, A], v1 [D, H], c1 [1, H], v2 [H, K], c2 [1, K]
    long version;

    SmallPolicy(int obsDim, int actions, int heads, int hidden, Rng rng) {
      this.dist = ActionDistribution.forSpace(new Discrete(actions));
      this.heads = heads;
      long[][] shapes = {{obsDim, hidden}, {1, hidden}, {hidden, actions}, {1, actions}, {obsDim, hidden}, {1, hidden},
          {hidden, heads}, {1, heads}};
      w = new INDArray[shapes.length];
      for (int i = 0; i < shapes.length; i++) {
        float[] v = new float[(int) (shapes[i][0] * shapes[i][1])];
        if (shapes[i][0] > 1) { // weights: uniform in +-1/sqrt(fan-in); biases 0
          double bound = 1 / Math.sqrt(shapes[i][0]);
          for (int j = 0; j < v.length; j++) {
            v[j] = (float) ((2 * rng.nextDouble() - 1) * bound);
          }
        }
        w[i] = Nd4j.create(v, shapes[i], DataType.FLOAT);
      }
      w[2].muli(0.01); // a nearly uniform first policy
    }

    INDArray[] hidden(INDArray x) {
      INDArray h = Transforms.tanh(x.mmul(w[0]).addiRowVector(w[1]));
      INDArray g = Transforms.tanh(x.mmul(w[4]).addiRowVector(w[5]));
      return new INDArray[] {h, g};
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
      INDArray[] h = hidden(x);
      return new Output(h[0].mmul(w[2]).addiRowVector(w[3]), h[1].mmul(w[6]).addiRowVector(w[7]));
    }

    @Override
    public long version() {
      return version;
    }

    @Override
    public long numParams() {
      long n = 0;
      for (INDArray a : w) {
        n += a.length();
      }
      return n;
    }

    @Override
    public PolicyParameters parameters() {
      INDArray[] flat = new INDArray[w.length];
      for (int i = 0; i < w.length; i++) {
        flat[i] = w[i].reshape(1, w[i].length());
      }
      return new PolicyParameters(version, Nd4j.hstack(flat));
    }

    @Override
    public void load(PolicyParameters p) {
      long at = 0;
      INDArray flat = p.flat().reshape(1, p.flat().length());
      for (INDArray a : w) {
        a.assign(flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(at, at + a.length())).reshape(a.shape()));
        at += a.length();
      }
      version = p.version();
    }
  }

  /** REINFORCE with baseline: discounted returns (GAE with lambda 1), one Adam step per trajectory. */
  static final class Reinforce implements Learner {
    final SmallPolicy policy;
    final LearnerSpec spec;
    final GradientUpdater<?> adam;
    final INDArray adamState;
    int step;

    Reinforce(LearnerSpec spec, double lr) {
      if (!(spec.actionSpace() instanceof Discrete d)) {
        throw new IllegalArgumentException("REINFORCE here takes Discrete actions, got " + spec.actionSpace());
      }
      int obsDim = 1;
      for (int s : spec.obsShape()) {
        obsDim *= s;
      }
      this.spec = spec;
      this.policy = new SmallPolicy(obsDim, d.n(), spec.streams().size(), 32, spec.rng());
      Adam cfg = new Adam(lr);
      this.adamState = Nd4j.zeros(DataType.FLOAT, 1, cfg.stateSize(policy.numParams()));
      this.adam = cfg.instantiate(adamState, true);
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
      INDArray x = tr.flatObservations().castTo(DataType.FLOAT);
      Policy.Output out = policy.forward(x);
      Policy.Output next = policy.forward(tr.flatNextObservations());
      float[] term = Host.floats(tr.terminated());
      float[] trunc = Host.floats(tr.truncated());
      // advantages and return targets of every stream, mixed by the streams' coefficients
      float[] adv = new float[b];
      float[] targets = new float[b * policy.heads];
      for (int s = 0; s < policy.heads; s++) {
        var stream = streams.streams().get(s);
        Gae.Result g = Gae.compute(Host.floats(streams.rewards().get(s)), Host.floats(out.values().getColumn(s)),
            Host.floats(next.values().getColumn(s)), term, trunc, t, n, stream.gamma(), 1.0, stream.episodic());
        for (int i = 0; i < b; i++) {
          adv[i] += (float) (stream.coefficient() * g.advantages()[i]);
          targets[i * policy.heads + s] = g.returns()[i];
        }
      }
      INDArray a = Nd4j.create(adv, new long[] {b, 1}, DataType.FLOAT);
      a.subi(a.meanNumber()).divi(a.stdNumber().doubleValue() + 1e-8);
      // policy loss -mean(A * log pi(a|s)) - 0.01 * mean(H): gradient with respect to the logits
      INDArray dLogits = policy.dist.logProbGradient(out.params(), tr.flatActions()).muliColumnVector(a).negi()
          .subi(policy.dist.entropyGradient(out.params()).muli(0.01)).divi(b);
      // value loss 0.5 * mean((V - target)^2)
      INDArray dValues = out.values().sub(Nd4j.create(targets, new long[] {b, policy.heads}, DataType.FLOAT)).divi(b);
      INDArray[] h = policy.hidden(x);
      INDArray[] grads = new INDArray[8];
      INDArray dh = dLogits.mmul(policy.w[2].transpose()).muli(h[0].mul(h[0]).rsubi(1));
      grads[0] = x.transpose().mmul(dh);
      grads[1] = dh.sum(true, 0);
      grads[2] = h[0].transpose().mmul(dLogits);
      grads[3] = dLogits.sum(true, 0);
      INDArray dg = dValues.mmul(policy.w[6].transpose()).muli(h[1].mul(h[1]).rsubi(1));
      grads[4] = x.transpose().mmul(dg);
      grads[5] = dg.sum(true, 0);
      grads[6] = h[1].transpose().mmul(dValues);
      grads[7] = dValues.sum(true, 0);
      INDArray[] flat = new INDArray[8];
      for (int i = 0; i < 8; i++) {
        flat[i] = grads[i].reshape(1, grads[i].length());
      }
      INDArray g = Nd4j.hstack(flat);
      adam.applyUpdater(g, step++, 0);
      PolicyParameters p = policy.parameters();
      policy.load(new PolicyParameters(p.version() + 1, p.flat().subi(g)));
      double entropy = policy.dist.entropy(out.params()).meanNumber().doubleValue();
      return LearnerStats.builder().policyLoss(0).valueLoss(0).entropy(entropy).approxKl(0).clipFraction(0)
          .gradNorm(g.norm2Number().doubleValue()).explainedVariance(0).learningRate(0).streams(List.of()).build();
    }

    @Override
    public Snapshot save() {
      return new Snapshot().putFloats("params", Host.floats(policy.parameters().flat()))
          .putFloats("adam", Host.floats(adamState)).putLong("step", step).putLong("version", policy.version);
    }

    @Override
    public void restore(Snapshot s) {
      policy.load(new PolicyParameters(s.getLong("version"), Nd4j.createFromArray(s.floats("params"))));
      adamState.assign(Nd4j.createFromArray(s.floats("adam")).reshape(adamState.shape()));
      step = (int) s.getLong("step");
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
