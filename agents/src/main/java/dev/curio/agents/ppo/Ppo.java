package dev.curio.agents.ppo;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Actor;
import dev.curio.agents.Learner;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.math.Gae;
import dev.curio.agents.math.Stats;
import dev.curio.agents.net.ActorCritic;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.core.Rng;
import dev.curio.core.rollout.Host;
import dev.curio.core.rollout.RewardStream;
import dev.curio.core.rollout.RewardStreams;
import dev.curio.core.rollout.Rollout;
import dev.curio.core.state.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Proximal policy optimisation (Schulman et al. 2017) with one value head per reward stream: each
 * stream gets its own GAE with its own gamma (cut at episode ends only when episodic), and the policy
 * follows {@code sum_s coef_s * A_s}, as in RND's two-head PPO (Burda et al. 2018).
 *
 * <p>It is both the {@link Actor} that collects a rollout and the {@link Learner} that trains on it;
 * both use the same network and must be called from one thread.
 */
public final class Ppo implements Actor, Learner {
  private final PpoConfig cfg;
  private final ActorCritic net;
  private final List<RewardStream> streams;
  private final int totalIterations;
  private Rng rng;
  private int iteration;
  private long networkNanos;

  /**
   * @param streams the reward streams in value-head order, extrinsic first
   * @param totalIterations planned number of {@link #learn} calls, for learning-rate annealing
   */
  public Ppo(PpoConfig cfg, NetworkConfig network, int[] obsShape, int numActions, List<RewardStream> streams,
             int totalIterations, long seed) {
    this.cfg = cfg;
    this.streams = List.copyOf(streams);
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("PPO needs at least one reward stream");
    }
    this.totalIterations = Math.max(1, totalIterations);
    Rng seeds = new Rng(seed);
    this.net = ActorCritic.create(network, obsShape, numActions, streams.size(), cfg.learningRate(), cfg.adamEpsilon(),
        seeds.nextLong());
    this.net.configureLosses(cfg.clip(), cfg.entropyCoef(), cfg.clipValueLoss(), cfg.valueCoef());
    this.rng = seeds.split();
  }

  public ActorCritic network() {
    return net;
  }

  public List<RewardStream> streams() {
    return streams;
  }

  /**
   * Wall time spent in network calls inside {@link #learn} so far (value forward passes and the
   * minibatch forward/backward/optimiser steps), for profiling; the rest of learn is host work.
   */
  public long networkNanos() {
    return networkNanos;
  }

  /** Learn calls so far. */
  public int iteration() {
    return iteration;
  }

  @Override
  public ActionBatch act(INDArray observations) {
    return sample(net.forward(observations).logits(), false);
  }

  /** The most probable action for each row (for evaluation). */
  public ActionBatch actGreedy(INDArray observations) {
    return sample(net.forward(observations).logits(), true);
  }

  /** Samples from softmax(logits) row by row, on one host copy of the {@code [N, A]} logits. */
  private ActionBatch sample(INDArray logitsArr, boolean greedy) {
    int n = (int) logitsArr.rows();
    int a = (int) logitsArr.columns();
    float[] logits = Host.floats(logitsArr);
    int[] actions = new int[n];
    float[] logProbs = new float[n];
    for (int i = 0; i < n; i++) {
      int off = i * a;
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int j = 0; j < a; j++) {
        if (logits[off + j] > max) {
          max = logits[off + j];
          arg = j;
        }
      }
      double sum = 0;
      for (int j = 0; j < a; j++) {
        sum += Math.exp(logits[off + j] - max);
      }
      int choice = arg;
      if (!greedy) {
        double u = rng.nextDouble() * sum;
        double acc = 0;
        choice = a - 1;
        for (int j = 0; j < a; j++) {
          acc += Math.exp(logits[off + j] - max);
          if (u < acc) {
            choice = j;
            break;
          }
        }
      }
      actions[i] = choice;
      logProbs[i] = (float) (logits[off + choice] - max - Math.log(sum));
    }
    return new ActionBatch(actions, logProbs);
  }

  @Override
  public LearnerStats learn(Rollout rollout, RewardStreams rewards) {
    if (rewards.size() != streams.size()) {
      throw new IllegalArgumentException("PPO has " + streams.size() + " value heads but got " + rewards.size()
          + " reward streams");
    }
    int t = rollout.steps();
    int n = rollout.envs();
    for (int i = 0; i < streams.size(); i++) {
      String head = streams.get(i).name();
      String given = rewards.streams().get(i).name();
      if (!head.equals(given)) {
        throw new IllegalArgumentException("PPO's value head " + i + " is for stream '" + head + "' but reward stream "
            + i + " is '" + given + "' (heads " + names(streams) + ", streams " + names(rewards.streams()) + ")");
      }
      INDArray r = rewards.rewards().get(i);
      if (r.rank() != 2 || r.size(0) != t || r.size(1) != n) {
        throw new IllegalArgumentException("reward stream '" + given + "' has shape " + Arrays.toString(r.shape())
            + "; the rollout needs [T, N] = [" + t + ", " + n + "]");
      }
    }
    int b = t * n;
    int k = streams.size();
    int a = net.numActions();
    double lr = cfg.annealLearningRate()
        ? cfg.learningRate() * Math.max(0.0, 1.0 - (double) iteration / totalIterations)
        : cfg.learningRate();
    net.setLearningRate(lr);

    INDArray obs = rollout.flatObservations().castTo(DataType.FLOAT);
    // values of every state and of every true successor, in two batched passes
    long began = System.nanoTime();
    INDArray values = net.forward(obs).values();
    INDArray nextValues = net.forward(rollout.flatNextObservations().castTo(DataType.FLOAT)).values();
    networkNanos += System.nanoTime() - began;
    float[] term = Host.floats(rollout.terminated());
    float[] trunc = Host.floats(rollout.truncated());

    float[] mixed = new float[b];
    float[][] returns = new float[k][];
    float[][] vals = new float[k][];
    double[] absAdv = new double[k];
    List<LearnerStats.StreamStats> streamStats = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      RewardStream stream = streams.get(s);
      float[] r = Host.floats(rewards.rewards().get(s));
      if (r.length != b) {
        throw new IllegalArgumentException("reward stream " + stream.name() + " has " + r.length + " values, need T*N = " + b);
      }
      vals[s] = Host.floats(values.getColumn(s));
      float[] nv = Host.floats(nextValues.getColumn(s));
      Gae.Result g = Gae.compute(r, vals[s], nv, term, trunc, t, n, stream.gamma(), cfg.gaeLambda(), stream.episodic());
      returns[s] = g.returns();
      float[] adv = g.advantages();
      double sumAbs = 0;
      for (int i = 0; i < b; i++) {
        mixed[i] += (float) (stream.coefficient() * adv[i]);
        sumAbs += Math.abs(adv[i]);
      }
      absAdv[s] = Math.abs(stream.coefficient()) * sumAbs / b;
      streamStats.add(new LearnerStats.StreamStats(stream.name(), Stats.mean(r), Stats.mean(g.returns()),
          Stats.mean(vals[s]), 0));
    }
    double totalAbs = 0;
    for (double v : absAdv) {
      totalAbs += v;
    }
    for (int s = 0; s < k; s++) {
      LearnerStats.StreamStats st = streamStats.get(s);
      streamStats.set(s, new LearnerStats.StreamStats(st.name(), st.meanReward(), st.meanReturn(), st.meanValue(),
          totalAbs == 0 ? 0 : absAdv[s] / totalAbs));
    }

    // labels for the whole batch, built once: [onehot(a), adv, logp_old] and [returns..., values_old...]
    float[] actions = Host.floats(rollout.actions());
    float[] oldLogp = Host.floats(rollout.logProbs());
    float[] pl = new float[b * (a + 2)];
    float[] vl = new float[b * 2 * k];
    for (int i = 0; i < b; i++) {
      int act = (int) actions[i];
      if (act < 0 || act >= a) {
        throw new IllegalArgumentException("rollout action " + actions[i] + " at row " + i + " is outside 0.." + (a - 1));
      }
      pl[i * (a + 2) + act] = 1f;
      pl[i * (a + 2) + a] = mixed[i];
      pl[i * (a + 2) + a + 1] = oldLogp[i];
      for (int s = 0; s < k; s++) {
        vl[i * 2 * k + s] = returns[s][i];
        vl[i * 2 * k + k + s] = vals[s][i];
      }
    }
    INDArray policyLabels = Nd4j.create(pl, new long[] {b, a + 2}, DataType.FLOAT);
    INDArray valueLabels = Nd4j.create(vl, new long[] {b, 2L * k}, DataType.FLOAT);

    // exactly cfg.minibatches() minibatches per epoch over all b rows: row ranges [j*b/m, (j+1)*b/m),
    // equal when m divides b, one row apart otherwise (no leftover rows dropped)
    int m = Math.min(cfg.minibatches(), b);
    int[] perm = new int[b];
    for (int i = 0; i < b; i++) {
      perm[i] = i;
    }
    double sPol = 0, sVal = 0, sEnt = 0, sKl = 0, sClip = 0, sNorm = 0;
    int steps = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      rng.shuffle(perm);
      // the epoch's order in one native gather per array; minibatches are then row ranges of it
      // (INDArray.getRows copies row by row from Java, which cost more than the update itself)
      INDArray epochObs = Nd4j.pullRows(obs, 1, perm);
      INDArray epochPol = Nd4j.pullRows(policyLabels, 1, perm);
      INDArray epochVal = Nd4j.pullRows(valueLabels, 1, perm);
      for (int j = 0; j < m; j++) {
        int start = (int) ((long) j * b / m);
        int end = (int) ((long) (j + 1) * b / m);
        int mb = end - start;
        INDArrayIndex rows = NDArrayIndex.interval(start, end);
        INDArray mbObs = epochObs.get(rows, NDArrayIndex.all());
        INDArray mbPol = epochPol.get(rows, NDArrayIndex.all());
        INDArray mbVal = epochVal.get(rows, NDArrayIndex.all());
        if (cfg.normalizeAdvantages() && mb > 1) {
          INDArray adv = mbPol.getColumn(a);
          double mean = adv.meanNumber().doubleValue();
          double std = adv.stdNumber().doubleValue();
          adv.subi(mean).divi(std + 1e-8);
        }
        long trainBegan = System.nanoTime();
        ActorCritic.StepStats st = net.train(mbObs, mbPol, mbVal, cfg.maxGradNorm());
        networkNanos += System.nanoTime() - trainBegan;
        sPol += st.policyLoss();
        sVal += st.valueLoss();
        sEnt += st.entropy();
        sKl += st.approxKl();
        sClip += st.clipFraction();
        sNorm += st.gradNorm();
        steps++;
      }
    }
    iteration++;
    double ev = Stats.explainedVariance(vals[0], returns[0]);
    return new LearnerStats(sPol / steps, sVal / steps, sEnt / steps, sKl / steps, sClip / steps, sNorm / steps, ev, lr,
        streamStats);
  }

  @Override
  public Snapshot save() {
    return new Snapshot()
        .putChild("network", net.save())
        .putLongs("rng", rng.state())
        .putLong("iteration", iteration);
  }

  @Override
  public void restore(Snapshot s) {
    net.restore(s.child("network"));
    rng = Rng.fromState(s.longs("rng"));
    iteration = (int) s.getLong("iteration");
  }

  private static List<String> names(List<RewardStream> streams) {
    return streams.stream().map(RewardStream::name).toList();
  }
}
