package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import java.util.Arrays;

/**
 * One episodic memory per env: up to {@code capacity} observations of the current episode with
 * their embeddings. When a memory is full a new entry replaces a uniformly random one (drawn from the
 * RNG the caller passes, so replacement is seeded). Cleared when its env's episode ends.
 *
 * <p>Kept on the host as plain arrays (the comparator reads all memories as one batch built from
 * them, {@link #pairs}); no ND4J array outlives a call, so no view of a reused buffer can go stale.
 * The observations are kept so that the embeddings can be recomputed when the comparator retrains.
 */
final class EpisodicMemory {
  private final int envs;
  private final int capacity;
  private final int obsDim;
  private final int embDim;
  /** {@code [envs * capacity * embDim]}, slot {@code j} of env {@code i} at {@code (i * capacity + j) * embDim}. */
  private final float[] embeddings;
  /** {@code [envs * capacity * obsDim]}, same layout. */
  private final float[] observations;
  private final int[] sizes;

  EpisodicMemory(int envs, int capacity, int obsDim, int embDim) {
    this.envs = envs;
    this.capacity = capacity;
    this.obsDim = obsDim;
    this.embDim = embDim;
    this.embeddings = new float[envs * capacity * embDim];
    this.observations = new float[envs * capacity * obsDim];
    this.sizes = new int[envs];
  }

  private EpisodicMemory(EpisodicMemory o) {
    this(o.envs, o.capacity, o.obsDim, o.embDim);
    System.arraycopy(o.embeddings, 0, embeddings, 0, embeddings.length);
    System.arraycopy(o.observations, 0, observations, 0, observations.length);
    System.arraycopy(o.sizes, 0, sizes, 0, sizes.length);
  }

  /** An independent copy (for replaying a rollout without touching this memory). */
  EpisodicMemory copy() {
    return new EpisodicMemory(this);
  }

  int envs() {
    return envs;
  }

  int capacity() {
    return capacity;
  }

  /** Entries in env {@code i}'s memory. */
  int size(int i) {
    return sizes[i];
  }

  /**
   * Adds observation {@code obs[obsFrom, +obsDim)} with embedding {@code emb[embFrom, +embDim)} to env
   * {@code i}'s memory: appended while there is room, else over a uniformly random slot.
   */
  void add(int i, float[] obs, int obsFrom, float[] emb, int embFrom, Rng rng) {
    int slot = sizes[i] < capacity ? sizes[i]++ : rng.nextInt(capacity);
    int at = i * capacity + slot;
    System.arraycopy(obs, obsFrom, observations, at * obsDim, obsDim);
    System.arraycopy(emb, embFrom, embeddings, at * embDim, embDim);
  }

  void clear(int i) {
    sizes[i] = 0;
    Arrays.fill(embeddings, i * capacity * embDim, (i + 1) * capacity * embDim, 0f);
    Arrays.fill(observations, i * capacity * obsDim, (i + 1) * capacity * obsDim, 0f);
  }

  /**
   * The comparator's batch for one look-up of every env, occupied slots only: {@code [occupied(), 2 embDim]}
   * row-major, env {@code i}'s {@link #size} rows from row {@code offsets[i]} on, each {@code [current_i,
   * memory_ij]} ({@code current} is {@code [envs * embDim]}). {@code offsets} ({@code [envs]}) is filled.
   */
  float[] pairs(float[] current, int[] offsets) {
    int rows = 0;
    for (int i = 0; i < envs; i++) {
      offsets[i] = rows;
      rows += sizes[i];
    }
    float[] out = new float[rows * 2 * embDim];
    for (int i = 0; i < envs; i++) {
      for (int j = 0; j < sizes[i]; j++) {
        int row = (offsets[i] + j) * 2 * embDim;
        System.arraycopy(current, i * embDim, out, row, embDim);
        System.arraycopy(embeddings, (i * capacity + j) * embDim, out, row + embDim, embDim);
      }
    }
    return out;
  }

  /** Entries in all envs' memories: the rows of {@link #pairs}. */
  int occupied() {
    int rows = 0;
    for (int size : sizes) {
      rows += size;
    }
    return rows;
  }

  /** Every stored observation {@code [envs * capacity * obsDim]} (empty slots zero), for re-embedding. */
  float[] observations() {
    return observations.clone();
  }

  /** Replaces every embedding with {@code fresh} {@code [envs * capacity * embDim]} (from {@link #observations()}). */
  void reembed(float[] fresh) {
    if (fresh.length != embeddings.length) {
      throw new IllegalArgumentException("need " + embeddings.length + " embedding values, got " + fresh.length);
    }
    for (int i = 0; i < envs; i++) {
      int from = i * capacity * embDim;
      System.arraycopy(fresh, from, embeddings, from, sizes[i] * embDim);
    }
  }

  Snapshot state() {
    return new Snapshot().putInts("sizes", sizes).putFloats("embeddings", embeddings)
        .putFloats("observations", observations);
  }

  /** A memory restored from {@link #state()}; its shape must match. */
  static EpisodicMemory restore(Snapshot s, int capacity, int obsDim, int embDim) {
    int[] sizes = s.ints("sizes");
    EpisodicMemory m = new EpisodicMemory(sizes.length, capacity, obsDim, embDim);
    float[] e = s.floats("embeddings");
    float[] o = s.floats("observations");
    if (e.length != m.embeddings.length || o.length != m.observations.length) {
      throw new IllegalArgumentException("episodic memory snapshot of " + sizes.length + " envs has " + e.length
          + " embedding and " + o.length + " observation values, expected " + m.embeddings.length + " and "
          + m.observations.length + " (different capacity, observation or embedding size?)");
    }
    for (int size : sizes) {
      if (size < 0 || size > capacity) {
        throw new IllegalArgumentException("episodic memory snapshot has a memory of " + size + " entries, capacity is "
            + capacity);
      }
    }
    System.arraycopy(e, 0, m.embeddings, 0, e.length);
    System.arraycopy(o, 0, m.observations, 0, o.length);
    System.arraycopy(sizes, 0, m.sizes, 0, sizes.length);
    return m;
  }
}
