package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Episodic curiosity through reachability (Savinov et al. 2018, "Episodic Curiosity through
 * Reachability"): rewards observations that are far, in env steps, from everything in this
 * episode's memory, so a source of unpredictable but reachable-in-one-step observations (a noisy
 * TV) earns nothing once it is remembered.
 *
 * <p>Per env step, in {@link #observe} (batched over all envs and the whole memory): embed the next
 * observation {@code s'_i}; compare it with every embedding in env i's {@link EpisodicMemory} through
 * the {@link ReachabilityNetwork}'s comparator; the similarity {@code C_i} is the
 * {@code percentile}-th percentile of those scores; the bonus is {@code alpha (beta - C_i)}; if
 * {@code C_i < noveltyThreshold}, {@code s'_i} joins the memory. An empty memory (episode start) first
 * takes the episode's first observation. {@link #onEpisodeEnd} clears the env's memory.
 *
 * <p>{@link #compute} is pure: it returns the bonuses {@link #observe} recorded for the rollout. For a
 * rollout it has not observed step by step (tests, offline use) it replays the look-ups on copies of
 * the memories and RNG, clearing a copy at every step the rollout marks as done.
 *
 * <p>The comparator trains on pairs from one episode: positives at most {@code k} steps apart,
 * negatives more than {@code negativeGap * k}. Online mode: {@link #update} adds the rollout to a
 * {@link TrajectoryBuffer} and every {@code trainEvery} updates trains {@code trainSteps} Adam steps;
 * the bonus is 0 until the first training. Pretrained mode: {@link #pretrain} trains once on
 * random-policy episodes (the training loop collects them when it builds the module); updates do
 * not train. After each training the memories' embeddings are recomputed from their observations.
 */
public final class EpisodicCuriosity implements IntrinsicReward {
  /** Pre-training takes this many times {@code trainSteps} Adam steps (one long training instead of many short ones). */
  public static final int PRETRAIN_FACTOR = 16;
  private final EcConfig config;
  private final RewardStream stream;
  private final int obsDim;
  private final ReachabilityNetwork net;
  private final TrajectoryBuffer buffer;
  private Rng memoryRng;
  private Rng pairRng;
  private EpisodicMemory memory;
  private boolean trained;
  private long updates;
  /** Bonuses {@code [N]} recorded by {@link #observe} since the last update, with the next observations they scored. */
  private final List<float[]> pendingBonus = new ArrayList<>();
  private final List<float[]> pendingNext = new ArrayList<>();

  public EpisodicCuriosity(EcConfig config, int[] obsShape, int numActions, long seed) {
    this.config = config;
    Shapes.checkActionCount("ec", numActions);
    this.obsDim = Shapes.obsDim("ec", obsShape);
    Rng rng = new Rng(seed);
    this.net = new ReachabilityNetwork(obsDim, config.hidden(), config.embeddingDim(), config.initScale(),
        config.differenceHead(), rng.split());
    this.memoryRng = rng.split();
    this.pairRng = rng.split();
    this.buffer = new TrajectoryBuffer(obsDim, config.bufferSteps());
    this.stream = new RewardStream("ec", config.gamma(), config.episodic(), config.coefficient());
  }

  public EcConfig config() {
    return config;
  }

  @Override
  public RewardStream stream() {
    return stream;
  }

  /** Scores observations alone: works with any action space. */
  @Override
  public boolean readsActions() {
    return false;
  }

  /** Whether the comparator has been trained (before that every bonus is 0). */
  public boolean trained() {
    return trained;
  }

  @Override
  public void observe(StepBatch step) {
    int n = step.envs();
    float[] next = Host.floats(step.nextObservations());
    float[] bonus = trained ? lookup(Host.floats(step.observations()), next, memory(n), memoryRng) : new float[n];
    pendingBonus.add(bonus);
    pendingNext.add(next);
  }

  @Override
  public void onEpisodeEnd(int envIndex) {
    if (memory != null) {
      memory.clear(envIndex);
    }
  }

  private EpisodicMemory memory(int envs) {
    if (memory == null) {
      memory = new EpisodicMemory(envs, config.memoryCapacity(), obsDim, config.embeddingDim());
    } else if (memory.envs() != envs) {
      throw new IllegalArgumentException("ec: memories are for " + memory.envs() + " envs, got a step of " + envs);
    }
    return memory;
  }

  /**
   * One look-up for every env: bonuses {@code [N]} for next observations {@code next}
   * {@code [N * obsDim]} after {@code obs}; fills {@code mem} as described in the class comment.
   */
  private float[] lookup(float[] obs, float[] next, EpisodicMemory mem, Rng rng) {
    int n = mem.envs();
    int e = config.embeddingDim();
    float[] both = new float[2 * n * obsDim];
    System.arraycopy(obs, 0, both, 0, n * obsDim);
    System.arraycopy(next, 0, both, n * obsDim, n * obsDim);
    float[] emb = Host.floats(net.embed(Nd4j.create(both, new long[] {2L * n, obsDim}, DataType.FLOAT)));
    for (int i = 0; i < n; i++) {
      if (mem.size(i) == 0) {
        mem.add(i, obs, i * obsDim, emb, i * e, rng);
      }
    }
    float[] current = Arrays.copyOfRange(emb, n * e, 2 * n * e);
    // only the occupied slots: early in an episode a memory holds a few entries of its capacity
    int[] offsets = new int[n];
    INDArray pairs = Nd4j.create(mem.pairs(current, offsets), new long[] {mem.occupied(), 2L * e}, DataType.FLOAT);
    float[] scores = Host.floats(net.similarity(pairs));
    float[] bonus = new float[n];
    for (int i = 0; i < n; i++) {
      double c = percentile(scores, offsets[i], mem.size(i), config.percentile());
      bonus[i] = (float) (config.alpha() * (config.beta() - c));
      if (c < config.noveltyThreshold()) {
        mem.add(i, next, i * obsDim, emb, (n + i) * e, rng);
      }
    }
    return bonus;
  }

  /** The {@code p}-th percentile of {@code v[from, from + count)}, linearly interpolated (numpy's default). */
  static double percentile(float[] v, int from, int count, double p) {
    float[] s = Arrays.copyOfRange(v, from, from + count);
    Arrays.sort(s);
    double pos = p / 100.0 * (count - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(count - 1, lo + 1);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
  }

  /** {@code [T, N]}: the bonuses {@link #observe} recorded for this rollout, else a replay on copies; pure. */
  @Override
  public INDArray compute(Trajectory rollout) {
    int t = rollout.steps();
    int n = rollout.envs();
    float[] next = Host.floats(rollout.nextObservations());
    float[] out = new float[t * n];
    if (observed(next, t, n)) {
      for (int s = 0; s < t; s++) {
        System.arraycopy(pendingBonus.get(s), 0, out, s * n, n);
      }
    } else if (trained) {
      float[] obs = Host.floats(rollout.observations());
      float[] done = Host.floats(rollout.done());
      EpisodicMemory mem = memory == null || memory.envs() != n
          ? new EpisodicMemory(n, config.memoryCapacity(), obsDim, config.embeddingDim()) : memory.copy();
      Rng rng = memoryRng.copy();
      int row = n * obsDim;
      for (int s = 0; s < t; s++) {
        float[] b = lookup(Arrays.copyOfRange(obs, s * row, (s + 1) * row), Arrays.copyOfRange(next, s * row, (s + 1) * row),
            mem, rng);
        System.arraycopy(b, 0, out, s * n, n);
        for (int i = 0; i < n; i++) {
          if (done[s * n + i] != 0) {
            mem.clear(i);
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {t, n}, DataType.FLOAT);
  }

  /** Whether the steps observed since the last update are exactly this rollout's ({@code next}: its next observations). */
  private boolean observed(float[] next, int t, int n) {
    if (pendingNext.size() != t) {
      return false;
    }
    int row = n * obsDim;
    for (int s = 0; s < t; s++) {
      float[] p = pendingNext.get(s);
      if (p.length != row || !Arrays.equals(p, 0, row, next, s * row, (s + 1) * row)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    pendingBonus.clear();
    pendingNext.clear();
    updates++;
    if (config.pretrained()) {
      return UpdateStats.of("trained", trained ? 1.0 : 0.0, "memory_size", meanMemory());
    }
    int t = rollout.steps();
    int n = rollout.envs();
    float[] obs = Host.floats(rollout.observations());
    float[] next = Host.floats(rollout.nextObservations());
    float[] done = Host.floats(rollout.done());
    for (int s = 0; s < t; s++) {
      for (int i = 0; i < n; i++) {
        int k = s * n + i;
        buffer.append(i, obs, k * obsDim, done[k] != 0, next, k * obsDim);
      }
    }
    double loss = Double.NaN;
    if (updates % config.trainEvery() == 0) {
      loss = train(buffer, config.trainSteps());
    }
    return UpdateStats.of("loss", Double.isNaN(loss) ? 0.0 : loss, "trained", trained ? 1.0 : 0.0, "memory_size",
        meanMemory());
  }

  /**
   * Trains the comparator on random-policy episodes before RL (pretrained mode; in online mode a
   * warm start): {@code 16 * trainSteps} Adam steps on pairs drawn from {@code episodes}, each
   * {@code [length * obsDim]} with length >= 2.
   *
   * @throws IllegalArgumentException when no episode is long enough for a negative pair
   */
  public UpdateStats pretrain(List<float[]> episodes) {
    TrajectoryBuffer walks = bufferOf(episodes);
    double loss = train(walks, PRETRAIN_FACTOR * config.trainSteps());
    if (Double.isNaN(loss)) {
      throw new IllegalArgumentException("ec: no random-walk episode is longer than negativeGap * k + 1 = "
          + (config.negativeGap() * config.k() + 1) + " steps, so there are no negative pairs to train on");
    }
    return UpdateStats.of("loss", loss);
  }

  /**
   * Share of {@code pairs} pairs drawn from {@code episodes} (half within k steps, half more than
   * {@code negativeGap * k} apart, drawn with {@code seed}) that the comparator classifies right at
   * threshold 0.5. Changes nothing.
   */
  public double accuracy(List<float[]> episodes, int pairs, long seed) {
    TrajectoryBuffer.Pairs p = bufferOf(episodes).sample(pairs, config.k(), config.negativeGap(), config.selfPairs(),
        new Rng(seed));
    if (p == null) {
      throw new IllegalArgumentException("ec: no held-out episode is long enough for a negative pair");
    }
    float[] s = Host.floats(net.similarity(matrix(p.a(), p.count()), matrix(p.b(), p.count())));
    int right = 0;
    for (int i = 0; i < s.length; i++) {
      right += (s[i] >= 0.5) == (p.labels()[i] == 1f) ? 1 : 0;
    }
    return (double) right / s.length;
  }

  private TrajectoryBuffer bufferOf(List<float[]> episodes) {
    int frames = 0;
    for (float[] e : episodes) {
      frames += e.length / obsDim;
    }
    TrajectoryBuffer b = new TrajectoryBuffer(obsDim, Math.max(frames, 1));
    for (float[] e : episodes) {
      b.addEpisode(0, e);
    }
    return b;
  }

  private INDArray matrix(float[] rows, int count) {
    return Nd4j.create(rows, new long[] {count, obsDim}, DataType.FLOAT);
  }

  /** {@code steps} Adam steps on fresh batches from {@code source}; the last loss, or NaN when there were no negatives. */
  private double train(TrajectoryBuffer source, int steps) {
    double loss = Double.NaN;
    for (int s = 0; s < steps; s++) {
      TrajectoryBuffer.Pairs p = source.sample(config.batchSize(), config.k(), config.negativeGap(), config.selfPairs(),
          pairRng);
      if (p == null) {
        return Double.NaN;
      }
      INDArray labels = Nd4j.create(p.labels(), new long[] {p.count(), 1}, DataType.FLOAT);
      loss = net.train(matrix(p.a(), p.count()), matrix(p.b(), p.count()), labels, config.learningRate());
    }
    trained = true;
    if (memory != null) {
      int slots = memory.envs() * memory.capacity();
      memory.reembed(Host.floats(net.embed(matrix(memory.observations(), slots))));
    }
    return loss;
  }

  private double meanMemory() {
    if (memory == null) {
      return 0;
    }
    double s = 0;
    for (int i = 0; i < memory.envs(); i++) {
      s += memory.size(i);
    }
    return s / memory.envs();
  }

  /**
   * The comparator's weights and Adam state, the memories (observations, embeddings, sizes), the
   * online trajectory buffer, both RNGs and the counters. Bonuses recorded by {@link #observe} for a
   * rollout not yet updated on are not kept (checkpoints are taken between iterations).
   */
  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "ec")
        .putChild("network", net.state())
        .putLongs("memory_rng", memoryRng.state())
        .putLongs("pair_rng", pairRng.state())
        .putLongs("counters", new long[] {updates, trained ? 1 : 0})
        .putChild("buffer", buffer.state());
    if (memory != null) {
      s.putChild("memory", memory.state());
    }
    return s;
  }

  @Override
  public void restore(Snapshot state) {
    Shapes.checkModule(state, "ec");
    net.restore(state.child("network"));
    buffer.restore(state.child("buffer"));
    memoryRng = Rng.fromState(state.longs("memory_rng"));
    pairRng = Rng.fromState(state.longs("pair_rng"));
    long[] c = state.longs("counters");
    updates = c[0];
    trained = c[1] != 0;
    memory = state.has("memory")
        ? EpisodicMemory.restore(state.child("memory"), config.memoryCapacity(), obsDim, config.embeddingDim()) : null;
    pendingBonus.clear();
    pendingNext.clear();
  }
}
