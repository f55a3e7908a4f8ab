package dev.curio.agents.impala;

import dev.curio.agents.Learner;
import dev.curio.agents.LearnerFactory;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.dist.MultiDiscrete;
import dev.curio.agents.math.Stats;
import dev.curio.agents.math.Vtrace;
import dev.curio.agents.net.ActorCritic;
import dev.curio.agents.net.ActorCriticPolicy;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.net.VtraceLoss;
import dev.curio.agents.ppo.Ppo;
import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import dev.curio.core.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The IMPALA learner (Espeholt et al. 2018): a V-trace actor-critic on the same {@link ActorCritic}
 * network PPO trains, with one value head per reward stream.
 *
 * <p>One {@link #learn} call, per pass over the trajectory ({@link ImpalaConfig#epochs()}, 1 in
 * IMPALA):
 * <ol>
 *   <li>the current policy's log-probability of every action taken and its values {@code V(x_t)},
 *       in one batched pass, and {@code V(s'_t)} of the successors that are not the next row's
 *       observation (episode ends and each column's last step), in another, as {@link Ppo} does. On
 *       the first pass over a trajectory that this very policy version collected, the values the
 *       actor recorded are used and every log-ratio is 0, so nothing is recomputed;
 *   <li>per stream, {@link Vtrace#perStream} with the log-ratios {@code log pi(a|x) - log mu(a|x)}
 *       against the behaviour log-probabilities the trajectory carries ({@link
 *       Trajectory#logProbs()}): the targets {@code vs} of that stream's value head and its
 *       policy-gradient advantages, each stream with its own discount and episodic flag;
 *   <li>the advantage {@code sum_s coef_s * A_s}, mixed by the streams' coefficients as PPO mixes
 *       its GAE advantages;
 *   <li>{@link ImpalaConfig#minibatches()} gradient steps of {@link VtraceLoss} (policy gradient,
 *       value loss to {@code vs}, entropy bonus), each with the flat gradient clipped by its global L2
 *       norm and one Adam step.
 * </ol>
 * A second pass recomputes everything with the moved parameters, so its importance weights are no
 * longer 1 and V-trace corrects for the learner's own steps as it corrects for an actor's lag.
 *
 * <p>Categorical, multi-discrete and diagonal-Gaussian policies, as PPO's; multi-task runs (each
 * row's value loss on its own task's heads). Not here: PopArt ({@code ppo.valueNorm}), which the
 * training config refuses with this learner. Used from one thread.
 */
public final class ImpalaLearner implements Learner {
  /** What {@link #save} writes under {@code kind}, so a checkpoint of another learner is refused in one line. */
  static final String KIND = "impala";

  private final ImpalaConfig cfg;
  private final Vtrace.Params vtrace;
  private final ActorCritic net;
  private final ActorCriticPolicy policy;
  private final List<RewardStream> streams;
  private final int totalIterations;
  private final int tasks;
  /** The mixed advantages and the targets of each stream of the last learn call's first pass (for tests). */
  private float[] lastAdvantages;
  private float[][] lastTargets;
  private Rng rng;
  private int iteration;
  private long networkNanos;

  /** Builds IMPALA learners with these settings for a training loop. */
  public static LearnerFactory factory(ImpalaConfig cfg, NetworkConfig network) {
    return spec -> new ImpalaLearner(cfg, network, spec);
  }

  /**
   * A freshly initialised learner: network initialisation and minibatch order draw from
   * {@code spec.seed()}, in the same order as PPO's (the same seed gives the same first network).
   */
  public ImpalaLearner(ImpalaConfig cfg, NetworkConfig network, LearnerSpec spec) {
    this.cfg = cfg;
    this.vtrace = cfg.vtrace();
    this.streams = spec.streams();
    ActionDistribution dist;
    try {
      dist = ActionDistribution.forSpace(spec.actionSpace());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("IMPALA supports Discrete, MultiDiscrete and one-dimensional Box action"
          + " spaces, got " + spec.actionSpace());
    }
    this.totalIterations = spec.plannedIterations();
    this.tasks = spec.tasks();
    Rng seeds = spec.rng();
    this.net = ActorCritic.create(network, spec.obsShape(), dist, streams.size(), tasks, cfg.learningRate(),
        cfg.adamEpsilon(), seeds.nextLong());
    this.policy = new ActorCriticPolicy(net);
    this.rng = seeds.split();
  }

  @Override
  public ActorCriticPolicy policy() {
    return policy;
  }

  public ActorCritic network() {
    return net;
  }

  @Override
  public long networkNanos() {
    return networkNanos;
  }

  /** Learn calls so far (the policy's version). */
  public int iteration() {
    return iteration;
  }

  /** {@code [T*N]}: the mixed advantages of the last learn call's first pass, before any normalisation. */
  float[] lastAdvantages() {
    return lastAdvantages;
  }

  /** {@code [K][T*N]}: each stream's V-trace targets of the last learn call's first pass. */
  float[][] lastTargets() {
    return lastTargets;
  }

  @Override
  public LearnerStats learn(Trajectory rollout, RewardStreams rewards) {
    int t = rollout.steps();
    int n = rollout.envs();
    int b = t * n;
    int k = streams.size();
    int a = net.actionLabelWidth();
    float[] actions = Host.floats(rollout.actions());
    int[] rowTasks = check(rollout, rewards, actions);
    double lr = cfg.annealLearningRate()
        ? cfg.learningRate() * Math.max(0.0, 1.0 - (double) iteration / totalIterations)
        : cfg.learningRate();
    net.setLearningRate(lr);

    ActionDistribution dist = net.distribution();
    INDArray obs = rollout.flatObservations().castTo(DataType.FLOAT);
    INDArray actionRows = Nd4j.create(actions, new long[] {b, a}, DataType.FLOAT);
    float[] behaviour = Host.floats(rollout.logProbs());
    float[] term = Host.floats(rollout.terminated());
    float[] trunc = Host.floats(rollout.truncated());
    float[][] r = new float[k][];
    for (int s = 0; s < k; s++) {
      r[s] = Host.floats(rewards.rewards().get(s));
    }
    int[] fresh = Ppo.successorRows(term, trunc, t, n);
    int[] freshTasks = new int[fresh.length];
    for (int j = 0; j < fresh.length; j++) {
      freshTasks[j] = rowTasks[fresh[j]];
    }
    INDArray freshObs = Host.rows(rollout.flatNextObservations().castTo(DataType.FLOAT), fresh);
    INDArray taskMask = tasks > 1 ? ActorCritic.taskMask(rowTasks, tasks) : null;
    // the actor's values and log-probabilities are this policy's own when it collected the whole trajectory
    boolean current = rollout.values().isPresent() && rollout.oldestVersion() == policy.version()
        && rollout.newestVersion() == policy.version();

    int m = Math.min(cfg.minibatches(), b);
    int[] perm = new int[b];
    for (int i = 0; i < b; i++) {
      perm[i] = i;
    }
    double sPol = 0, sVal = 0, sEnt = 0, sKl = 0, sClip = 0, sNorm = 0;
    int steps = 0;
    List<LearnerStats.StreamStats> streamStats = new ArrayList<>(k);
    double ev = 0;
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      long began = System.nanoTime();
      INDArray values;
      float[] logRhos;
      if (epoch == 0 && current) {
        values = rollout.values().get().reshape(b, k);
        logRhos = new float[b];
      } else {
        Policy.Output out = policy.forward(obs, rowTasks);
        values = out.values();
        logRhos = Host.floats(dist.logProb(out.params(), actionRows));
        for (int i = 0; i < b; i++) {
          logRhos[i] -= behaviour[i];
        }
      }
      INDArray freshValues = policy.forward(freshObs, freshTasks).values();
      networkNanos += System.nanoTime() - began;

      float[][] vals = new float[k][];
      float[][] next = new float[k][];
      for (int s = 0; s < k; s++) {
        vals[s] = Host.floats(values.getColumn(s));
        next[s] = Ppo.nextValues(vals[s], Host.floats(freshValues.getColumn(s)), fresh, n);
      }
      List<Vtrace.Result> traced = Vtrace.perStream(logRhos, streams, r, vals, next, term, trunc, t, n, vtrace);
      float[] mixed = new float[b];
      float[] targets = new float[b * k];
      double[] absAdv = new double[k];
      for (int s = 0; s < k; s++) {
        double coef = streams.get(s).coefficient();
        float[] pg = traced.get(s).pgAdvantages();
        float[] vs = traced.get(s).targets();
        double sumAbs = 0;
        for (int i = 0; i < b; i++) {
          mixed[i] += (float) (coef * pg[i]);
          targets[i * k + s] = vs[i];
          sumAbs += Math.abs(pg[i]);
        }
        absAdv[s] = Math.abs(coef) * sumAbs / b;
      }
      if (epoch == 0) {
        lastAdvantages = mixed.clone();
        lastTargets = new float[k][];
        double totalAbs = Arrays.stream(absAdv).sum();
        for (int s = 0; s < k; s++) {
          lastTargets[s] = traced.get(s).targets();
          streamStats.add(new LearnerStats.StreamStats(streams.get(s).name(), Stats.mean(r[s]),
              Stats.mean(lastTargets[s]), Stats.mean(vals[s]), totalAbs == 0 ? 0 : absAdv[s] / totalAbs));
        }
        ev = Stats.explainedVariance(vals[0], lastTargets[0]);
      }

      // labels for the whole batch: [action, advantage, behaviour log-probability] and [vs_1 .. vs_K]
      float[] pl = new float[b * (a + 2)];
      for (int i = 0; i < b; i++) {
        System.arraycopy(actions, i * a, pl, i * (a + 2), a);
        pl[i * (a + 2) + a] = mixed[i];
        pl[i * (a + 2) + a + 1] = behaviour[i];
      }
      INDArray policyLabels = Nd4j.create(pl, new long[] {b, a + 2}, DataType.FLOAT);
      INDArray valueLabels = Nd4j.create(targets, new long[] {b, k}, DataType.FLOAT);
      INDArray passObs = obs;
      INDArray passMask = taskMask;
      if (m > 1) {
        // a shuffled order in one native gather per array; minibatches are row ranges of it (as PPO)
        rng.shuffle(perm);
        passObs = Host.rows(obs, perm);
        policyLabels = Host.rows(policyLabels, perm);
        valueLabels = Host.rows(valueLabels, perm);
        passMask = taskMask == null ? null : Host.rows(taskMask, perm);
      }
      for (int j = 0; j < m; j++) {
        int start = (int) ((long) j * b / m);
        int end = (int) ((long) (j + 1) * b / m);
        INDArrayIndex rows = NDArrayIndex.interval(start, end);
        INDArray mbObs = m == 1 ? passObs : passObs.get(rows, NDArrayIndex.all());
        INDArray mbPol = m == 1 ? policyLabels : policyLabels.get(rows, NDArrayIndex.all());
        INDArray mbVal = m == 1 ? valueLabels : valueLabels.get(rows, NDArrayIndex.all());
        INDArray mbMask = passMask == null ? null : m == 1 ? passMask : passMask.get(rows, NDArrayIndex.all());
        if (cfg.normalizeAdvantages() && end - start > 1) {
          INDArray adv = mbPol.getColumn(a);
          double mean = adv.meanNumber().doubleValue();
          double std = adv.stdNumber().doubleValue();
          adv.subi(mean).divi(std + 1e-8);
        }
        long trainBegan = System.nanoTime();
        ActorCritic.StepStats st = net.train(mbObs, new VtraceLoss(mbPol, mbVal, cfg.entropyCoef(), cfg.valueCoef(),
            cfg.rhoBar()), mbMask, cfg.maxGradNorm());
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
    policy.setVersion(iteration);
    return LearnerStats.builder().policyLoss(sPol / steps).valueLoss(sVal / steps).entropy(sEnt / steps)
        .approxKl(sKl / steps).clipFraction(sClip / steps).gradNorm(sNorm / steps).explainedVariance(ev)
        .learningRate(lr).streams(streamStats).build();
  }

  /**
   * Everything the update reads, checked before anything changes: the action width and range, the
   * reward streams against the value heads (names, order, shapes), the columns' tasks.
   *
   * @return each row's task
   */
  private int[] check(Trajectory rollout, RewardStreams rewards, float[] actions) {
    int t = rollout.steps();
    int n = rollout.envs();
    ActionDistribution dist = net.distribution();
    if (rollout.actionDim() != dist.actionDim()) {
      throw new IllegalArgumentException("IMPALA's " + dist + " policy takes " + dist.actionDim() + " value(s) per"
          + " action, the trajectory has " + rollout.actionDim() + " (actions "
          + Arrays.toString(rollout.actions().shape()) + ")");
    }
    if (rewards.size() != streams.size()) {
      throw new IllegalArgumentException("IMPALA has " + streams.size() + " value heads but got " + rewards.size()
          + " reward streams");
    }
    for (int s = 0; s < streams.size(); s++) {
      String head = streams.get(s).name();
      String given = rewards.streams().get(s).name();
      if (!head.equals(given)) {
        throw new IllegalArgumentException("IMPALA's value head " + s + " is for stream '" + head + "' but reward"
            + " stream " + s + " is '" + given + "' (heads " + names(streams) + ", streams "
            + names(rewards.streams()) + ")");
      }
      INDArray r = rewards.rewards().get(s);
      if (r.rank() != 2 || r.size(0) != t || r.size(1) != n) {
        throw new IllegalArgumentException("reward stream '" + given + "' has shape " + Arrays.toString(r.shape())
            + "; the rollout needs [T, N] = [" + t + ", " + n + "]");
      }
    }
    if (dist instanceof Categorical c) {
      for (int i = 0; i < actions.length; i++) {
        int act = (int) actions[i];
        if (act < 0 || act >= c.n() || act != actions[i]) {
          throw new IllegalArgumentException("rollout action " + actions[i] + " at row " + i + " is outside 0.."
              + (c.n() - 1));
        }
      }
    } else if (dist instanceof MultiDiscrete md) {
      int[] nvec = md.nvec();
      for (int i = 0; i < actions.length; i++) {
        int c = i % nvec.length;
        int act = (int) actions[i];
        if (act < 0 || act >= nvec[c] || act != actions[i]) {
          throw new IllegalArgumentException("rollout action component " + c + " is " + actions[i] + " at row "
              + i / nvec.length + ", outside 0.." + (nvec[c] - 1));
        }
      }
    }
    int[] columnTasks = rollout.taskIds();
    for (int c = 0; c < n; c++) {
      if (columnTasks[c] < 0 || columnTasks[c] >= tasks) {
        throw new IllegalArgumentException("trajectory column " + c + " is of task " + columnTasks[c] + "; this learner"
            + " was built for " + tasks + " task(s) (ids 0.." + (tasks - 1) + ")");
      }
    }
    int[] rowTasks = new int[t * n];
    for (int i = 0; i < rowTasks.length; i++) {
      rowTasks[i] = columnTasks[i % n];
    }
    return rowTasks;
  }

  @Override
  public Snapshot save() {
    Snapshot s = new Snapshot()
        .putString("kind", KIND)
        .putChild("network", net.save())
        .putLongs("rng", rng.state())
        .putLong("iteration", iteration);
    if (tasks > 1) {
      s.putLong("tasks", tasks);
    }
    return s;
  }

  @Override
  public void restore(Snapshot s) {
    String kind = s.has("kind") ? s.string("kind") : "ppo";
    if (!kind.equals(KIND)) {
      throw new IllegalArgumentException("checkpoint entry 'learner/kind' is " + kind + ", this run's learner is "
          + KIND + "; resume it with the learner it was trained with");
    }
    long savedTasks = s.has("tasks") ? s.getLong("tasks") : 1;
    if (savedTasks != tasks) {
      throw new IllegalArgumentException("checkpoint entry 'learner/tasks' is " + savedTasks + ", this run trains "
          + tasks + " task(s) (tasks.ids); resume it with the tasks it was trained on");
    }
    net.restore(s.child("network"));
    rng = Rng.fromState(s.longs("rng"));
    iteration = (int) s.getLong("iteration");
    policy.setVersion(iteration);
  }

  private static List<String> names(List<RewardStream> streams) {
    return streams.stream().map(RewardStream::name).toList();
  }
}
