package dev.curio.representation.acstate;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;

/**
 * The recent steps the AC-State encoder trains on: a ring of the last {@code capacity} steps
 * {@code (x_t, a_t, x_{t+1}, end_t)} of one stream of experience, in the order they happened.
 * {@code end_t} says that {@code x_{t+1}} was the last observation of its episode (terminated or
 * truncated), so the next step added starts another episode.
 *
 * <p>{@link #sample} draws multi-step inverse pairs {@code (x_t, a_t, x_{t+k})} that never cross an
 * episode end: {@code t} uniform over the stored steps, {@code k} uniform over {@code 1..K}, then
 * clamped to the steps left in {@code t}'s episode within the buffer. A pair near an episode's end
 * thus gets a shorter {@code k} instead of a target from the next episode, and no {@code k} is
 * preferred elsewhere. (Issue 25 notes that the original AC-State code effectively always used
 * {@code k = K} under a random policy; the distribution test in {@code StepBufferTest} guards
 * against that.) The newest episode, still running, is clamped to the newest stored step.
 *
 * <p>One buffer holds one sequential stream; the columns of a vector env would each need their
 * own. Not thread-safe.
 */
public final class StepBuffer {
  private final int capacity;
  private final int obsDim;
  private final float[] obs;
  private final float[] next;
  private final int[] actions;
  /** Episode number of each slot: pairs join only slots of the same episode. */
  private final long[] episode;
  private final boolean[] ends;
  /** Slot the next step goes to. */
  private int head;
  private int size;
  /** Episode number of the next step added. */
  private long currentEpisode;

  /** A batch of pairs, rows aligned; arrays are {@code [B, obsDim]} row-major flat, or {@code [B]}. */
  public record Batch(int size, int obsDim, float[] observations, int[] actions, float[] targets, float[] nexts,
      int[] ks) {}

  /**
   * @param capacity steps kept, at least 1
   * @param obsDim width of one flat observation, at least 1
   */
  public StepBuffer(int capacity, int obsDim) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    if (obsDim < 1) {
      throw new IllegalArgumentException("obsDim must be at least 1, got " + obsDim);
    }
    this.capacity = capacity;
    this.obsDim = obsDim;
    this.obs = new float[capacity * obsDim];
    this.next = new float[capacity * obsDim];
    this.actions = new int[capacity];
    this.episode = new long[capacity];
    this.ends = new boolean[capacity];
  }

  /**
   * Adds one step, overwriting the oldest when full.
   *
   * @param observation {@code x_t}, {@code [obsDim]}; copied
   * @param action {@code a_t}, at least 0
   * @param nextObservation {@code x_{t+1}}, the true successor (never a reset observation); copied
   * @param episodeEnds whether {@code x_{t+1}} ends the episode (terminated or truncated)
   */
  public void add(float[] observation, int action, float[] nextObservation, boolean episodeEnds) {
    if (observation == null || observation.length != obsDim) {
      throw new IllegalArgumentException("observation must have " + obsDim + " values, got "
          + (observation == null ? "null" : observation.length));
    }
    if (nextObservation == null || nextObservation.length != obsDim) {
      throw new IllegalArgumentException("nextObservation must have " + obsDim + " values, got "
          + (nextObservation == null ? "null" : nextObservation.length));
    }
    if (action < 0) {
      throw new IllegalArgumentException("action must be at least 0, got " + action);
    }
    System.arraycopy(observation, 0, obs, head * obsDim, obsDim);
    System.arraycopy(nextObservation, 0, next, head * obsDim, obsDim);
    actions[head] = action;
    episode[head] = currentEpisode;
    ends[head] = episodeEnds;
    if (episodeEnds) {
      currentEpisode++;
    }
    head = (head + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  /** Steps stored. */
  public int size() {
    return size;
  }

  /** Width of one observation. */
  public int obsDim() {
    return obsDim;
  }

  /** Slot of the {@code i}-th oldest stored step. */
  private int slot(int i) {
    return (head - size + i + capacity) % capacity;
  }

  /**
   * Steps from the {@code i}-th oldest stored step to its episode's last stored step, counting
   * both, but at most {@code maxK}: the largest horizon a pair starting there can use.
   */
  int stepsLeft(int i, int maxK) {
    int s = slot(i);
    long ep = episode[s];
    int left = 1;
    while (left < maxK && !ends[slot(i + left - 1)] && i + left < size && episode[slot(i + left)] == ep) {
      left++;
    }
    return left;
  }

  /**
   * Draws {@code batchSize} pairs: per pair, {@code t} uniform over the stored steps, then
   * {@code k ~ U{1..maxK}} clamped to {@link #stepsLeft}; the target is {@code x_{t+k}} (the
   * successor stored with step {@code t+k-1}) and {@code nexts} holds {@code x_{t+1}}. Draws two
   * numbers from {@code rng} per pair.
   */
  public Batch sample(int batchSize, int maxK, Rng rng) {
    if (size == 0) {
      throw new IllegalStateException("the AC-State buffer is empty; add steps before sampling");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (maxK < 1) {
      throw new IllegalArgumentException("maxK must be at least 1, got " + maxK);
    }
    float[] o = new float[batchSize * obsDim];
    float[] tg = new float[batchSize * obsDim];
    float[] nx = new float[batchSize * obsDim];
    int[] a = new int[batchSize];
    int[] ks = new int[batchSize];
    for (int b = 0; b < batchSize; b++) {
      int i = rng.nextInt(size);
      int k = Math.min(1 + rng.nextInt(maxK), stepsLeft(i, maxK));
      int s = slot(i);
      System.arraycopy(obs, s * obsDim, o, b * obsDim, obsDim);
      System.arraycopy(next, s * obsDim, nx, b * obsDim, obsDim);
      System.arraycopy(next, slot(i + k - 1) * obsDim, tg, b * obsDim, obsDim);
      a[b] = actions[s];
      ks[b] = k;
    }
    return new Batch(batchSize, obsDim, o, a, tg, nx, ks);
  }

  /** Everything stored, in slot order, with the ring's position. */
  public Snapshot state() {
    int[] endInts = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      endInts[i] = ends[i] ? 1 : 0;
    }
    return new Snapshot().putLong("capacity", capacity).putLong("obsDim", obsDim).putFloats("observations", obs)
        .putFloats("nexts", next).putInts("actions", actions).putLongs("episodes", episode).putInts("ends", endInts)
        .putLong("head", head).putLong("size", size).putLong("currentEpisode", currentEpisode);
  }

  /**
   * Restores a buffer written by {@link #state()} of a buffer of the same capacity and width;
   * refuses another layout in one line naming the entry ({@code buffer/capacity}).
   */
  public void restore(Snapshot s) {
    expect(s, "capacity", capacity);
    expect(s, "obsDim", obsDim);
    System.arraycopy(s.floats("observations"), 0, obs, 0, obs.length);
    System.arraycopy(s.floats("nexts"), 0, next, 0, next.length);
    System.arraycopy(s.ints("actions"), 0, actions, 0, capacity);
    System.arraycopy(s.longs("episodes"), 0, episode, 0, capacity);
    int[] endInts = s.ints("ends");
    for (int i = 0; i < capacity; i++) {
      ends[i] = endInts[i] != 0;
    }
    head = (int) s.getLong("head");
    size = (int) s.getLong("size");
    currentEpisode = s.getLong("currentEpisode");
  }

  private static void expect(Snapshot s, String entry, long value) {
    long found = s.getLong(entry);
    if (found != value) {
      throw new IllegalArgumentException("AC-State snapshot entry 'buffer/" + entry + "' is " + found
          + ", this buffer has " + value);
    }
  }
}
