package dev.curio.rewards;

import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * NovelD (Zhang, Xu, Wang, Wu, Keutzer, Gonzalez, Tian 2021, "NovelD: A Simple yet Effective Exploration
 * Criterion"): the bonus of a step is the difference of novelty between its two ends, paid only at the
 * first visit of the new state in the episode,
 *
 * <pre>{@code r_t = max(N(s_t+1) - alpha N(s_t), 0) * 1[N_episode(s_t+1) = 1]}</pre>
 *
 * where {@code N} is RND's novelty ({@link Rnd#novelty}: a fixed random target, a trained predictor, its
 * mean squared error on normalised observations) and {@code N_episode} counts exact observations (their
 * {@link ObservationHash}) since the env's episode began, the episode's first observation included. An
 * agent is paid for crossing from explored into less explored ground, not for sitting at the frontier;
 * the episodic gate stops it from going back and forth across a boundary.
 *
 * <p>Like {@link examples.CountBonus}'s episodic tables, the per-env sets of this episode's states live
 * across rollouts and are reset by the rollout's own {@code terminated}/{@code truncated} flags, so the
 * module needs no step hooks; {@link #compute} is pure (it walks a scratch copy), {@link #update} trains
 * the RND predictor on the rollout's next observations and commits the sets. The gate counts exact
 * observations, so it suits worlds of discrete observations (gridworlds, MiniGrid), as the paper's
 * MiniGrid experiments did.
 */
public final class NovelD implements IntrinsicReward {
  private final NoveldConfig config;
  private final RewardStream stream;
  private final Rnd novelty;
  private final int obsDim;
  /** Per env, the states seen so far in its current episode (empty: the episode starts with the next step). */
  private List<Set<Long>> episodes = new ArrayList<>();

  public NovelD(NoveldConfig config, int[] obsShape, int numActions, long seed) {
    this.config = config;
    this.novelty = new Rnd(config.novelty(), obsShape, numActions, seed);
    this.obsDim = Shapes.obsDim("noveld", obsShape);
    this.stream = new RewardStream("noveld", config.gamma(), config.episodic(), config.coefficient());
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

  /**
   * The gate {@code [T*N]}: 1 where the step's next observation is new in its episode. With {@code commit},
   * the sets become the module's state.
   */
  private float[] firstVisits(Trajectory rollout, boolean commit) {
    int steps = rollout.steps();
    int n = rollout.envs();
    // another width than the committed sets' (the first rollout, or another run's): each env starts an episode
    boolean fresh = episodes.size() != n;
    List<Set<Long>> sets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sets.add(fresh ? new HashSet<>() : commit ? episodes.get(i) : new HashSet<>(episodes.get(i)));
    }
    if (commit) {
      episodes = sets;
    }
    float[] obs = Host.floats(rollout.observations());
    float[] next = Host.floats(rollout.nextObservations());
    float[] done = Host.floats(rollout.done());
    float[] gate = new float[steps * n];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < n; i++) {
        int k = t * n + i;
        Set<Long> seen = sets.get(i);
        if (seen.isEmpty()) {
          seen.add(ObservationHash.of(obs, k * obsDim, obsDim)); // the episode's first observation
        }
        gate[k] = seen.add(ObservationHash.of(next, k * obsDim, obsDim)) ? 1f : 0f;
        if (done[k] != 0) {
          seen.clear();
        }
      }
    }
    return gate;
  }

  /** {@code [T, N]} bonuses; pure. */
  @Override
  public INDArray compute(Trajectory rollout) {
    int b = rollout.steps() * rollout.envs();
    // both ends of every step in one call, so that they are normalised by the same statistics
    INDArray both = novelty.novelty(Nd4j.vstack(Tensors.observations(rollout), Tensors.nextObservations(rollout)));
    INDArray current = both.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, b));
    INDArray next = both.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, 2 * b));
    INDArray difference = Transforms.relu(next.sub(current.mul(config.alpha())), false);
    INDArray gate = Nd4j.create(firstVisits(rollout, false), new long[] {b}, DataType.FLOAT)
        .castTo(difference.dataType());
    return Tensors.timeMajor(difference.muli(gate), rollout);
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    float[] gate = firstVisits(rollout, true);
    double visits = 0;
    for (float g : gate) {
      visits += g;
    }
    UpdateStats rnd = novelty.update(rollout);
    return UpdateStats.of("loss_predictor", rnd.get("loss_predictor"), "first_visit_fraction",
        visits / gate.length);
  }

  /** The envs start new episodes the sets never saw end: each set starts again with the next trajectory. */
  @Override
  public void envsRestarted() {
    episodes = new ArrayList<>();
  }

  /** The RND network's state and, per env, the states of its current episode (sorted: equal sets, equal bytes). */
  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "noveld").putChild("rnd", novelty.state())
        .putLong("envs", episodes.size());
    for (int i = 0; i < episodes.size(); i++) {
      s.putLongs("episode" + i, episodes.get(i).stream().mapToLong(Long::longValue).sorted().toArray());
    }
    return s;
  }

  @Override
  public void restore(Snapshot state) {
    Shapes.checkModule(state, "noveld");
    int envs = Math.toIntExact(state.getLong("envs"));
    List<Set<Long>> restored = new ArrayList<>(envs);
    for (int i = 0; i < envs; i++) {
      Set<Long> set = new HashSet<>();
      for (long h : state.longs("episode" + i)) {
        set.add(h);
      }
      restored.add(set);
    }
    novelty.restore(state.child("rnd"));
    episodes = restored;
  }

  /** The states of each env's current episode, for tests. */
  List<Set<Long>> episodeStates() {
    List<Set<Long>> copy = new ArrayList<>();
    for (Set<Long> s : episodes) {
      copy.add(Set.copyOf(s));
    }
    return copy;
  }

}
