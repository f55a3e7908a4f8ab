package dev.curio.rewards.examples;

import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.Trajectory;
import dev.curio.core.state.Snapshot;
import dev.curio.rewards.IntrinsicReward;
import dev.curio.rewards.ObservationHash;
import dev.curio.rewards.UpdateStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A count-based exploration bonus {@code r_t = beta / sqrt(N(s_t+1))}, where {@code N} counts visits
 * to the exact next observation ({@link ObservationHash}: a 64-bit FNV-1a hash of its float bits; suits
 * gridworlds with discrete observations, not continuous ones). Written only against the public API, as the worked
 * example of a custom module in {@code docs/rewards.md}.
 *
 * <p>{@code N(s_t+1)} includes the visit itself: counts committed by earlier updates plus visits in
 * this rollout up to and including step t. {@link #compute} walks the rollout with a scratch table on
 * top of the committed counts (so it is pure); {@link #update} walks it again and commits. Episodic
 * mode keeps one table per env and starts it afresh after every step the rollout marks as done, so the
 * rollout's own {@code terminated}/{@code truncated} flags drive the reset and no
 * {@code onEpisodeEnd} hook is needed (that hook fires before {@code compute} sees the rollout; a
 * table cleared there would lose the counts of the episode's earlier steps in this rollout).
 */
public final class CountBonus implements IntrinsicReward {
  private final CountConfig config;
  private final RewardStream stream;
  private final int obsDim;
  /** Committed counts: one table, or one per env in episodic mode. */
  private List<Map<Long, Integer>> tables = new ArrayList<>();

  public CountBonus(CountConfig config, int[] obsShape, int numActions, long seed) {
    this.config = config;
    int d = 1;
    for (int s : obsShape) {
      d *= s;
    }
    this.obsDim = d;
    this.stream = new RewardStream("count", config.gamma(), config.episodic(), config.coefficient());
    if (!config.episodic()) {
      tables.add(new HashMap<>());
    }
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

  /** Bonus of every step {@code [T*N]}; with {@code commit}, the counts become part of the state. */
  private float[] walk(Trajectory rollout, boolean commit) {
    int steps = rollout.steps();
    int n = rollout.envs();
    if (config.episodic() && tables.size() != n) {
      tables = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tables.add(new HashMap<>());
      }
    }
    float[] next = Host.floats(rollout.nextObservations()); // one transfer: [T*N*obsDim]
    float[] done = config.episodic() ? Host.floats(rollout.done()) : null;
    int scopes = tables.size();
    List<Map<Long, Integer>> seen = new ArrayList<>();
    for (int i = 0; i < scopes; i++) {
      seen.add(new HashMap<>());
    }
    boolean[] fresh = new boolean[scopes];
    float[] bonus = new float[steps * n];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < n; i++) {
        int k = t * n + i;
        int scope = config.episodic() ? i : 0;
        long h = ObservationHash.of(next, k * obsDim, obsDim);
        int before = fresh[scope] ? 0 : tables.get(scope).getOrDefault(h, 0);
        int count = before + seen.get(scope).merge(h, 1, Integer::sum);
        bonus[k] = (float) (config.beta() / Math.sqrt(count));
        if (done != null && done[k] != 0) {
          fresh[scope] = true;
          seen.get(scope).clear();
        }
      }
    }
    if (commit) {
      for (int s = 0; s < scopes; s++) {
        Map<Long, Integer> table = fresh[s] ? new HashMap<>() : tables.get(s);
        seen.get(s).forEach((h, c) -> table.merge(h, c, Integer::sum));
        tables.set(s, table);
      }
    }
    return bonus;
  }

  /** {@code [T, N]} bonuses; pure. */
  @Override
  public INDArray compute(Trajectory rollout) {
    return Nd4j.createFromArray(walk(rollout, false)).reshape(rollout.steps(), rollout.envs());
  }

  @Override
  public UpdateStats update(Trajectory rollout) {
    walk(rollout, true);
    long distinct = 0;
    for (Map<Long, Integer> t : tables) {
      distinct += t.size();
    }
    return UpdateStats.of("distinct_states", (double) distinct);
  }

  /** Episodic mode: the envs start new episodes the tables never saw end, so each table starts again. */
  @Override
  public void envsRestarted() {
    if (config.episodic()) {
      tables = new ArrayList<>();
    }
  }

  /** One child per table with its hashes (sorted, so equal counts give equal bytes) and counts. */
  @Override
  public Snapshot state() {
    Snapshot s = new Snapshot().putString("module", "count");
    for (int i = 0; i < tables.size(); i++) {
      long[] keys = tables.get(i).keySet().stream().mapToLong(Long::longValue).sorted().toArray();
      int[] counts = new int[keys.length];
      for (int j = 0; j < keys.length; j++) {
        counts[j] = tables.get(i).get(keys[j]);
      }
      s.putChild("table" + i, new Snapshot().putLongs("keys", keys).putInts("counts", counts));
    }
    return s;
  }

  @Override
  public void restore(Snapshot state) {
    if (!state.has("module") || !state.string("module").equals("count")) {
      throw new IllegalArgumentException("not a count-bonus snapshot: " + state.names());
    }
    List<Map<Long, Integer>> restored = new ArrayList<>();
    for (int i = 0; state.has("table" + i); i++) {
      Snapshot t = state.child("table" + i);
      long[] keys = t.longs("keys");
      int[] counts = t.ints("counts");
      if (keys.length != counts.length) {
        throw new IllegalArgumentException("count table " + i + " has " + keys.length + " keys but "
            + Arrays.toString(new int[] {counts.length}) + " counts");
      }
      Map<Long, Integer> m = new HashMap<>();
      for (int j = 0; j < keys.length; j++) {
        m.put(keys[j], counts[j]);
      }
      restored.add(m);
    }
    if (!config.episodic() && restored.size() != 1) {
      throw new IllegalArgumentException("a run-wide count bonus has one table, snapshot has " + restored.size());
    }
    tables = restored;
  }
}
