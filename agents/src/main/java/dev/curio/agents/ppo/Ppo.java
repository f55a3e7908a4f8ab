package dev.curio.agents.ppo;

import dev.curio.agents.Learner;
import dev.curio.agents.LearnerFactory;
import dev.curio.agents.LearnerSpec;
import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.dist.DiagGaussian;
import dev.curio.agents.dist.MultiDiscrete;
import dev.curio.agents.math.Gae;
import dev.curio.agents.math.PopArt;
import dev.curio.agents.math.Stats;
import dev.curio.agents.net.ActorCritic;
import dev.curio.agents.net.ActorCriticPolicy;
import dev.curio.agents.net.NetworkConfig;
import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
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
 * Proximal policy optimisation (Schulman et al. 2017) with one value head per reward stream: each
 * stream gets its own GAE with its own gamma (cut at episode ends only when episodic), and the policy
 * follows {@code sum_s coef_s * A_s}, as in RND's two-head PPO (Burda et al. 2018). With
 * {@link PpoConfig#a2c} it is synchronous advantage actor-critic.
 *
 * <p>A {@link Learner} of an {@link ActorCriticPolicy}: a categorical policy for a {@code Discrete}
 * action space, a diagonal Gaussian with state-independent log-std for a {@code Box} of rank 1 (as
 * CleanRL's continuous PPO; the loop clips the sampled actions to the box at the env), independent
 * categoricals side by side for a {@code MultiDiscrete} one (one head of logits per component, the
 * log-probability and entropy summed over them; e.g. a world action and a cheap-talk message). Other
 * action spaces are refused. Used from one thread.
 *
 * <p><b>Tasks and PopArt.</b> In a multi-task run ({@link LearnerSpec#tasks()} above 1) every task has
 * its own K value outputs and a row's value loss takes only its own task's ({@link
 * Trajectory#taskIds()} says each column's task). With {@link PpoConfig#valueNorm()} {@code popart}
 * the critic learns normalised values with one set of {@link PopArt} statistics per (task, stream):
 * after GAE on the unnormalised values, ART updates the statistics with the batch's returns, POP
 * rescales the value head so its outputs are preserved, the value head trains on the returns
 * normalised with the new statistics, and each stream's advantages are divided by its new sigma
 * before they are mixed (PopArt-IMPALA's actor loss, Hessel et al. 2019). With {@code shared} the
 * statistics are per stream only, shared by all tasks, and the head is never rescaled.
 *
 * <p><b>Stale rollouts.</b> A rollout acted by older parameters than the learner's (PPO's actor threads
 * act one iteration behind) is learned with the decoupled objective of Hilton et al. 2021 ("Batch
 * size-invariance for policy optimization"): the clipped ratio is taken against the learner's current
 * policy (the proximal one, from one batched forward pass before the epochs, the same pass that
 * re-evaluates the values), and each row's advantage, after any per-minibatch normalisation, is
 * multiplied by the importance weight {@code min(pi_proximal(a|s) / pi_behaviour(a|s), 100)}. A rollout
 * of the learner's own parameters (every rollout without actors) is learned exactly as before. Staleness is
 * read from the trajectory's versions ({@link Trajectory#oldestVersion()}); a trajectory built without
 * them counts as acted by version 0, so after the first update it takes this path (with weights of 1
 * where it was in fact acted by the current parameters).
 */
public final class Ppo implements Learner {
  /**
   * The largest importance weight of a stale row (proximal over behaviour probability): ppo-ewma's
   * default {@code imp_samp_max} (Hilton et al. 2021's code), which bounds only extreme ratios.
   */
  static final double IMPORTANCE_MAX = 100.0;

  private final PpoConfig cfg;
  private final ActorCritic net;
  private final ActorCriticPolicy policy;
  private final List<RewardStream> streams;
  private final int totalIterations;
  private final int tasks;
  /** none, shared or popart. */
  private final String valueNorm;
  /** The critic's statistics (null when {@code valueNorm} is none): tasks*K outputs for popart, K for shared. */
  private PopArt.State stats;
  /** The mixed advantages of the last learn call, before any per-minibatch normalisation (for tests). */
  private float[] lastAdvantages;
  /** The importance weights of the last learn call, null when its rollout was not stale (for tests). */
  private float[] lastWeights;
  private Rng rng;
  private int iteration;
  private long networkNanos;

  /** Builds PPO learners with these settings for a training loop. */
  public static LearnerFactory factory(PpoConfig cfg, NetworkConfig network) {
    return spec -> new Ppo(cfg, network, spec);
  }

  /**
   * A freshly initialised learner: network initialisation and minibatch order draw from
   * {@code spec.seed()}.
   */
  public Ppo(PpoConfig cfg, NetworkConfig network, LearnerSpec spec) {
    this.cfg = cfg;
    this.streams = spec.streams();
    ActionDistribution dist;
    if (spec.actionSpace() instanceof Discrete d) {
      dist = new Categorical(d.n());
    } else if (spec.actionSpace() instanceof Box box && box.shape().length == 1) {
      dist = new DiagGaussian(box.size());
    } else if (spec.actionSpace() instanceof dev.curio.core.space.MultiDiscrete m) {
      dist = new MultiDiscrete(m.nvec());
    } else {
      throw new IllegalArgumentException("PPO supports Discrete, MultiDiscrete and one-dimensional Box action spaces,"
          + " got " + spec.actionSpace());
    }
    this.totalIterations = spec.plannedIterations();
    Rng seeds = spec.rng();
    this.tasks = spec.tasks();
    this.valueNorm = cfg.valueNorm();
    this.net = ActorCritic.create(network, spec.obsShape(), dist, streams.size(), tasks, cfg.learningRate(),
        cfg.adamEpsilon(), seeds.nextLong());
    this.net.configureLosses(cfg.clip(), cfg.entropyCoef(), cfg.clipValueLoss(), cfg.valueCoef());
    this.policy = new ActorCriticPolicy(net);
    this.rng = seeds.split();
    if (!valueNorm.equals("none")) {
      stats = PopArt.initial(valueNorm.equals("popart") ? tasks * streams.size() : streams.size());
      policy.setValueScale(valueScale());
    }
  }

  /** A copy of the critic's statistics: null unless {@code ppo.valueNorm} is shared or popart. */
  public PopArt.State valueStatistics() {
    return stats == null ? null : new PopArt.State(stats.mu().clone(), stats.nu().clone(), stats.sigma().clone());
  }

  /** The statistic of stream s for a row of task {@code task}. */
  private int statOf(int task, int s) {
    return valueNorm.equals("popart") ? task * streams.size() + s : s;
  }

  /** The statistics as the policy's {@code [2, tasks * K]} value scale (row 0 sigma, row 1 mu). */
  private INDArray valueScale() {
    int k = streams.size();
    double[][] m = new double[2][tasks * k];
    for (int j = 0; j < tasks; j++) {
      for (int s = 0; s < k; s++) {
        m[0][j * k + s] = stats.sigma()[statOf(j, s)];
        m[1][j * k + s] = stats.mu()[statOf(j, s)];
      }
    }
    return Nd4j.createFromArray(m).castTo(DataType.FLOAT);
  }

  float[] lastAdvantages() {
    return lastAdvantages;
  }

  float[] lastImportanceWeights() {
    return lastWeights;
  }

  @Override
  public ActorCriticPolicy policy() {
    return policy;
  }

  public ActorCritic network() {
    return net;
  }

  public List<RewardStream> streams() {
    return streams;
  }

  @Override
  public long networkNanos() {
    return networkNanos;
  }

  /** Learn calls so far (the policy's version). */
  public int iteration() {
    return iteration;
  }

  @Override
  public LearnerStats learn(Trajectory rollout, RewardStreams rewards) {
    boolean categorical = net.distribution() instanceof Categorical;
    int actionDim = net.distribution().actionDim();
    if (rollout.actionDim() != actionDim) {
      throw new IllegalArgumentException("PPO's " + net.distribution() + " policy takes " + actionDim
          + " value(s) per action, the trajectory has " + rollout.actionDim() + " (actions "
          + Arrays.toString(rollout.actions().shape()) + ")");
    }
    if (rewards.size() != streams.size()) {
      throw new IllegalArgumentException("PPO has " + streams.size() + " value heads but got " + rewards.size()
          + " reward streams");
    }
    int t = rollout.steps();
    int n = rollout.envs();
    int b = t * n;
    int k = streams.size();
    int a = net.actionLabelWidth();
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
    double lr = cfg.annealLearningRate()
        ? cfg.learningRate() * Math.max(0.0, 1.0 - (double) iteration / totalIterations)
        : cfg.learningRate();
    net.setLearningRate(lr);

    // everything the update reads is checked before anything changes (statistics, head, parameters)
    float[] actions = Host.floats(rollout.actions());
    if (categorical) {
      for (int i = 0; i < b; i++) {
        int act = (int) actions[i];
        if (act < 0 || act >= net.numActions() || act != actions[i]) {
          throw new IllegalArgumentException("rollout action " + actions[i] + " at row " + i + " is outside 0.."
              + (net.numActions() - 1));
        }
      }
    } else if (net.distribution() instanceof MultiDiscrete md) {
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
    int[] rowTasks = new int[b];
    for (int i = 0; i < b; i++) {
      rowTasks[i] = columnTasks[i % n];
    }
    INDArray obs = rollout.flatObservations().castTo(DataType.FLOAT);
    float[] term = Host.floats(rollout.terminated());
    float[] trunc = Host.floats(rollout.truncated());
    long began = System.nanoTime();
    // V(s_t): the values the actor computed with these very parameters, else one batched pass
    boolean stale = rollout.oldestVersion() != policy.version() || rollout.newestVersion() != policy.version();
    boolean current = rollout.values().isPresent() && !stale;
    Policy.Output now = current ? null : policy.forward(obs, rowTasks);
    INDArray values = current ? rollout.values().get().reshape(b, k) : now.values();
    // V(s'_t): s'_t is s_{t+1} unless step t ended its episode or is the last; only those rows need a pass
    int[] fresh = successorRows(term, trunc, t, n);
    int[] freshTasks = new int[fresh.length];
    for (int j = 0; j < fresh.length; j++) {
      freshTasks[j] = rowTasks[fresh[j]];
    }
    INDArray freshValues = policy.forward(Host.rows(rollout.flatNextObservations().castTo(DataType.FLOAT),
        fresh), freshTasks).values();
    networkNanos += System.nanoTime() - began;

    float[] mixed = new float[b];
    float[][] returns = new float[k][];
    float[][] vals = new float[k][];
    float[][] advantages = new float[k][];
    double[] absAdv = new double[k];
    List<LearnerStats.StreamStats> streamStats = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      RewardStream stream = streams.get(s);
      float[] r = Host.floats(rewards.rewards().get(s));
      if (r.length != b) {
        throw new IllegalArgumentException("reward stream " + stream.name() + " has " + r.length + " values, need T*N = " + b);
      }
      vals[s] = Host.floats(values.getColumn(s));
      float[] nv = nextValues(vals[s], Host.floats(freshValues.getColumn(s)), fresh, n);
      Gae.Result g = Gae.compute(r, vals[s], nv, term, trunc, t, n, stream.gamma(), cfg.gaeLambda(), stream.episodic());
      returns[s] = g.returns();
      float[] adv = g.advantages();
      advantages[s] = adv;
      double sumAbs = 0;
      for (int i = 0; i < b; i++) {
        mixed[i] += (float) (stream.coefficient() * adv[i]);
        sumAbs += Math.abs(adv[i]);
      }
      absAdv[s] = Math.abs(stream.coefficient()) * sumAbs / b;
      streamStats.add(new LearnerStats.StreamStats(stream.name(), Stats.mean(r), Stats.mean(g.returns()),
          Stats.mean(vals[s]), 0));
    }
    double ev = Stats.explainedVariance(vals[0], returns[0]);
    if (stats != null) {
      normalizeCritic(returns, vals, rowTasks);
      // the policy follows each stream's advantage in units of its own (task's) sigma; the shares are of that
      java.util.Arrays.fill(mixed, 0f);
      for (int s = 0; s < k; s++) {
        double coef = streams.get(s).coefficient();
        double sumAbs = 0;
        for (int i = 0; i < b; i++) {
          float scaled = (float) (advantages[s][i] / stats.sigma()[statOf(rowTasks[i], s)]);
          mixed[i] += (float) (coef * scaled);
          sumAbs += Math.abs(scaled);
        }
        absAdv[s] = Math.abs(coef) * sumAbs / b;
      }
    }
    lastAdvantages = mixed.clone();
    double totalAbs = 0;
    for (double v : absAdv) {
      totalAbs += v;
    }
    for (int s = 0; s < k; s++) {
      LearnerStats.StreamStats st = streamStats.get(s);
      streamStats.set(s, new LearnerStats.StreamStats(st.name(), st.meanReward(), st.meanReturn(), st.meanValue(),
          totalAbs == 0 ? 0 : absAdv[s] / totalAbs));
    }

    // labels for the whole batch, built once: [a, adv, logp_old] and [returns..., values_old...]
    float[] oldLogp = Host.floats(rollout.logProbs());
    INDArray weights = null;
    lastWeights = null;
    if (stale) {
      // Acted by older parameters (actor threads): decoupled PPO (Hilton et al. 2021). The ratio is clipped
      // against the parameters the learner has now (the proximal policy), which is what bounds the size of
      // this update, and each row's advantage is weighted by proximal / behaviour probability, the
      // importance correction. Clipping against the behaviour policy instead spends part of the clip
      // range on the update the learner already made.
      float[] proximal = Host.floats(net.distribution().logProb(now.params(),
          Nd4j.create(actions, new long[] {b, a}, DataType.FLOAT)));
      float[] w = new float[b];
      for (int i = 0; i < b; i++) {
        w[i] = (float) Math.min(Math.exp((double) proximal[i] - oldLogp[i]), IMPORTANCE_MAX);
      }
      weights = Nd4j.create(w, new long[] {b, 1}, DataType.FLOAT);
      lastWeights = w;
      oldLogp = proximal;
    }
    float[] pl = new float[b * (a + 2)];
    float[] vl = new float[b * 2 * k];
    for (int i = 0; i < b; i++) {
      System.arraycopy(actions, i * a, pl, i * (a + 2), a);
      pl[i * (a + 2) + a] = mixed[i];
      pl[i * (a + 2) + a + 1] = oldLogp[i];
      for (int s = 0; s < k; s++) {
        vl[i * 2 * k + s] = returns[s][i];
        vl[i * 2 * k + k + s] = vals[s][i];
      }
    }
    INDArray policyLabels = Nd4j.create(pl, new long[] {b, a + 2}, DataType.FLOAT);
    INDArray valueLabels = Nd4j.create(vl, new long[] {b, 2L * k}, DataType.FLOAT);
    INDArray taskMask = tasks > 1 ? ActorCritic.taskMask(rowTasks, tasks) : null;

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
      INDArray epochObs = Host.rows(obs, perm);
      INDArray epochPol = Host.rows(policyLabels, perm);
      INDArray epochVal = Host.rows(valueLabels, perm);
      INDArray epochMask = taskMask == null ? null : Host.rows(taskMask, perm);
      INDArray epochWeights = weights == null ? null : Host.rows(weights, perm);
      for (int j = 0; j < m; j++) {
        int start = (int) ((long) j * b / m);
        int end = (int) ((long) (j + 1) * b / m);
        int mb = end - start;
        INDArrayIndex rows = NDArrayIndex.interval(start, end);
        INDArray mbObs = epochObs.get(rows, NDArrayIndex.all());
        INDArray mbPol = epochPol.get(rows, NDArrayIndex.all());
        INDArray mbVal = epochVal.get(rows, NDArrayIndex.all());
        INDArray mbMask = epochMask == null ? null : epochMask.get(rows, NDArrayIndex.all());
        if (cfg.normalizeAdvantages() && mb > 1) {
          INDArray adv = mbPol.getColumn(a);
          double mean = adv.meanNumber().doubleValue();
          double std = adv.stdNumber().doubleValue();
          adv.subi(mean).divi(std + 1e-8);
        }
        if (epochWeights != null) {
          INDArray adv = mbPol.getColumn(a);
          adv.muli(epochWeights.get(rows, NDArrayIndex.all()).reshape(adv.shape()));
        }
        long trainBegan = System.nanoTime();
        ActorCritic.StepStats st = net.train(mbObs, mbPol, mbVal, mbMask, cfg.maxGradNorm());
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
   * PopArt's update on the batch, in its order: ART moves the statistics towards the returns (all
   * streams, each return of its row's task's statistic); POP rescales the value head so its
   * unnormalised outputs stay as they were ({@code popart} only); then, in place, the returns become
   * targets normalised with the new statistics and the old values become the head's current raw
   * outputs for them (the reference of the clipped value loss): {@code (V - mu') / sigma'} after a
   * POP, {@code (V - mu) / sigma} with the old statistics when the head was not rescaled.
   */
  private void normalizeCritic(float[][] returns, float[][] vals, int[] rowTasks) {
    int k = streams.size();
    int b = rowTasks.length;
    float[] targets = new float[k * b];
    int[] index = new int[k * b];
    for (int s = 0; s < k; s++) {
      System.arraycopy(returns[s], 0, targets, s * b, b);
      for (int i = 0; i < b; i++) {
        index[s * b + i] = statOf(rowTasks[i], s);
      }
    }
    PopArt.State old = stats;
    PopArt.State next = PopArt.art(old, targets, index, cfg.popartBeta(), cfg.popartSigmaMin(), cfg.popartSigmaMax());
    boolean pop = valueNorm.equals("popart");
    if (pop) {
      int[] columns = new int[tasks * k];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = c; // column task*K + s is statistic task*K + s
      }
      net.popValueHead(old, next, columns);
    }
    PopArt.State raw = pop ? next : old;
    for (int s = 0; s < k; s++) {
      int[] idx = java.util.Arrays.copyOfRange(index, s * b, (s + 1) * b);
      returns[s] = PopArt.normalize(next, returns[s], idx);
      vals[s] = PopArt.normalize(raw, vals[s], idx);
    }
    stats = next;
    policy.setValueScale(valueScale());
  }

  @Override
  public Snapshot save() {
    Snapshot s = new Snapshot()
        .putChild("network", net.save())
        .putLongs("rng", rng.state())
        .putLong("iteration", iteration);
    if (tasks > 1) {
      s.putLong("tasks", tasks);
    }
    if (stats != null) {
      s.putChild("popart", new Snapshot().putString("valueNorm", valueNorm).putDoubles("mu", stats.mu())
          .putDoubles("nu", stats.nu()).putDoubles("sigma", stats.sigma()));
    }
    return s;
  }

  @Override
  public void restore(Snapshot s) {
    if (s.has("kind")) {
      // PPO writes no kind; another learner that does (IMPALA) has the same network but other state
      throw new IllegalArgumentException("checkpoint entry 'learner/kind' is " + s.string("kind") + ", this run's"
          + " learner is ppo; resume it with the learner it was trained with");
    }
    long savedTasks = s.has("tasks") ? s.getLong("tasks") : 1;
    if (savedTasks != tasks) {
      throw new IllegalArgumentException("checkpoint entry 'learner/tasks' is " + savedTasks + ", this run trains "
          + tasks + " task(s) (tasks.ids); resume it with the tasks it was trained on");
    }
    PopArt.State restored = null;
    if (stats != null) {
      if (!s.has("popart")) {
        throw new IllegalArgumentException("checkpoint entry 'learner/popart' is missing: it was written by a run"
            + " without ppo.valueNorm " + valueNorm + "; resume it with the valueNorm it was trained with");
      }
      Snapshot p = s.child("popart");
      String saved = p.string("valueNorm");
      if (!saved.equals(valueNorm)) {
        throw new IllegalArgumentException("checkpoint entry 'learner/popart/valueNorm' is " + saved + ", this run has"
            + " ppo.valueNorm " + valueNorm + "; resume it with the valueNorm it was trained with");
      }
      restored = new PopArt.State(p.doubles("mu"), p.doubles("nu"), p.doubles("sigma"));
      if (restored.size() != stats.size()) {
        throw new IllegalArgumentException("checkpoint entry 'learner/popart' has " + restored.size()
            + " statistics, this run's critic has " + stats.size() + " (tasks x reward streams)");
      }
      for (int j = 0; j < restored.size(); j++) {
        if (!Double.isFinite(restored.mu()[j]) || !Double.isFinite(restored.nu()[j])
            || !(restored.sigma()[j] > 0) || Double.isInfinite(restored.sigma()[j])) {
          throw new IllegalArgumentException("checkpoint entry 'learner/popart' holds statistic " + j + " with mu "
              + restored.mu()[j] + ", nu " + restored.nu()[j] + ", sigma " + restored.sigma()[j]
              + "; they must be finite and sigma > 0");
        }
      }
    } else if (s.has("popart")) {
      throw new IllegalArgumentException("checkpoint entry 'learner/popart' holds PopArt statistics, but this run has"
          + " ppo.valueNorm none; resume it with the valueNorm it was trained with");
    }
    net.restore(s.child("network"));
    rng = Rng.fromState(s.longs("rng"));
    iteration = (int) s.getLong("iteration");
    policy.setVersion(iteration);
    if (restored != null) {
      stats = restored;
      policy.setValueScale(valueScale());
    }
  }

  /**
   * Rows {@code t*N + i} whose successor is not the next row's observation: steps that ended an
   * episode (their successor is the final observation) and the last step of each column. Shared
   * with the IMPALA learner, which bootstraps V-trace from the same successors.
   */
  public static int[] successorRows(float[] terminated, float[] truncated, int t, int n) {
    int count = 0;
    int[] rows = new int[t * n];
    for (int k = 0; k < t * n; k++) {
      if (k >= (t - 1) * n || terminated[k] > 0 || truncated[k] > 0) {
        rows[count++] = k;
      }
    }
    return Arrays.copyOf(rows, count);
  }

  /** {@code V(s'_t)} for all rows: {@code V(s_{t+1})} where that is the successor, else the fresh values. */
  public static float[] nextValues(float[] values, float[] fresh, int[] freshRows, int n) {
    float[] next = new float[values.length];
    System.arraycopy(values, n, next, 0, values.length - n);
    for (int j = 0; j < freshRows.length; j++) {
      next[freshRows[j]] = fresh[j];
    }
    return next;
  }

  private static List<String> names(List<RewardStream> streams) {
    return streams.stream().map(RewardStream::name).toList();
  }
}
