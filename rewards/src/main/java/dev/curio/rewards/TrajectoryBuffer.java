package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Recent trajectories, split into episodes, from which the reachability comparator draws its
 * training pairs: positives at most {@code k} steps apart, negatives more than {@code gap * k}
 * apart, both within one episode (Savinov et al. 2018).
 *
 * <p>Episodes are appended frame by frame per env ({@link #append}); an env's current episode
 * continues across rollouts until a frame marks its end. Each env keeps at most {@code maxFrames}
 * frames: the oldest episodes go first. Host arrays only.
 */
final class TrajectoryBuffer {
  private final int obsDim;
  private final int maxFrames;
  /** Per env: finished episodes (oldest first), then the current one last. */
  private final List<Deque<Episode>> perEnv = new ArrayList<>();

  /** One episode's frames, each {@code obsDim} floats, in order. */
  private static final class Episode {
    float[] frames = new float[0];
    int length;

    void add(float[] src, int from, int obsDim) {
      if ((length + 1) * obsDim > frames.length) {
        frames = Arrays.copyOf(frames, Math.max(obsDim, 2 * frames.length));
      }
      System.arraycopy(src, from, frames, length * obsDim, obsDim);
      length++;
    }
  }

  /** The pairs of one training batch: observations {@code a}, {@code b} {@code [B * obsDim]}, labels {@code [B]} (1: within k). */
  record Pairs(float[] a, float[] b, float[] labels, int count) {}

  TrajectoryBuffer(int obsDim, int maxFrames) {
    this.obsDim = obsDim;
    this.maxFrames = maxFrames;
  }

  private Deque<Episode> env(int i) {
    while (perEnv.size() <= i) {
      Deque<Episode> d = new ArrayDeque<>();
      d.add(new Episode());
      perEnv.add(d);
    }
    return perEnv.get(i);
  }

  /**
   * Appends frame {@code obs[from, +obsDim)} to env {@code i}'s current episode; with
   * {@code episodeEnds}, also appends {@code last[lastFrom, +obsDim)} (the episode's final observation)
   * and starts a new episode.
   */
  void append(int i, float[] obs, int from, boolean episodeEnds, float[] last, int lastFrom) {
    Deque<Episode> d = env(i);
    d.peekLast().add(obs, from, obsDim);
    if (episodeEnds) {
      d.peekLast().add(last, lastFrom, obsDim);
      d.addLast(new Episode());
    }
    int frames = 0;
    for (Episode e : d) {
      frames += e.length;
    }
    while (frames > maxFrames && d.size() > 1) {
      frames -= d.removeFirst().length;
    }
  }

  /** Adds one whole episode {@code [length * obsDim]}, length >= 2, to env {@code i} and ends it there. */
  void addEpisode(int i, float[] frames) {
    int length = frames.length / obsDim;
    if (length < 2 || length * obsDim != frames.length) {
      throw new IllegalArgumentException("an episode needs >= 2 whole frames of " + obsDim + " values, got "
          + frames.length + " values");
    }
    for (int t = 0; t < length - 1; t++) {
      append(i, frames, t * obsDim, t == length - 2, frames, (length - 1) * obsDim);
    }
  }

  /** Total frames stored. */
  int frames() {
    int n = 0;
    for (Deque<Episode> d : perEnv) {
      for (Episode e : d) {
        n += e.length;
      }
    }
    return n;
  }

  /**
   * {@code count} pairs, the first half positive and the rest negative, or null when no episode is
   * long enough for a negative ({@code > gap * k + 1} frames). Positives are {@code 1..k} steps
   * apart, or {@code 0..k} with {@code selfPairs} (a frame paired with itself counts as reachable).
   */
  Pairs sample(int count, int k, int gap, boolean selfPairs, Rng rng) {
    List<Episode> all = new ArrayList<>();
    for (Deque<Episode> d : perEnv) {
      for (Episode e : d) {
        if (e.length >= 2) {
          all.add(e);
        }
      }
    }
    List<Episode> longOnes = all.stream().filter(e -> e.length > gap * k + 1).toList();
    if (longOnes.isEmpty()) {
      return null;
    }
    float[] a = new float[count * obsDim];
    float[] b = new float[count * obsDim];
    float[] labels = new float[count];
    int positives = count / 2;
    long[] allCum = cumulative(all);
    long[] longCum = cumulative(longOnes);
    for (int p = 0; p < count; p++) {
      boolean positive = p < positives;
      while (true) {
        List<Episode> pool = positive ? all : longOnes;
        long[] cum = positive ? allCum : longCum;
        long f = (long) (rng.nextDouble() * cum[cum.length - 1]);
        int e = Arrays.binarySearch(cum, f + 1);
        e = e >= 0 ? e : -e - 1;
        Episode ep = pool.get(e);
        int i = (int) (f - (e == 0 ? 0 : cum[e - 1]));
        int j;
        if (positive) {
          j = i + (rng.nextBoolean(0.5) ? 1 : -1) * (selfPairs ? rng.nextInt(k + 1) : 1 + rng.nextInt(k));
          if (j < 0 || j >= ep.length) {
            continue;
          }
        } else {
          int before = Math.max(0, i - gap * k);               // j in [0, i - gap k - 1]
          int after = Math.max(0, ep.length - 1 - i - gap * k); // j in [i + gap k + 1, length - 1]
          if (before + after == 0) {
            continue;
          }
          int r = rng.nextInt(before + after);
          j = r < before ? r : i + gap * k + 1 + (r - before);
        }
        System.arraycopy(ep.frames, i * obsDim, a, p * obsDim, obsDim);
        System.arraycopy(ep.frames, j * obsDim, b, p * obsDim, obsDim);
        labels[p] = positive ? 1f : 0f;
        break;
      }
    }
    return new Pairs(a, b, labels, count);
  }

  private static long[] cumulative(List<Episode> eps) {
    long[] c = new long[eps.size()];
    long s = 0;
    for (int e = 0; e < c.length; e++) {
      s += eps.get(e).length;
      c[e] = s;
    }
    return c;
  }

  /** Per env: episode lengths and their frames, oldest first (the last episode is the current one). */
  Snapshot state() {
    Snapshot s = new Snapshot().putInts("envs", new int[] {perEnv.size()});
    for (int i = 0; i < perEnv.size(); i++) {
      Deque<Episode> d = perEnv.get(i);
      int[] lengths = new int[d.size()];
      int total = 0;
      int e = 0;
      for (Episode ep : d) {
        lengths[e++] = ep.length;
        total += ep.length;
      }
      float[] frames = new float[total * obsDim];
      int at = 0;
      for (Episode ep : d) {
        System.arraycopy(ep.frames, 0, frames, at, ep.length * obsDim);
        at += ep.length * obsDim;
      }
      s.putChild("env" + i, new Snapshot().putInts("lengths", lengths).putFloats("frames", frames));
    }
    return s;
  }

  void restore(Snapshot s) {
    int envs = s.ints("envs")[0];
    List<Deque<Episode>> restored = new ArrayList<>();
    for (int i = 0; i < envs; i++) {
      Snapshot c = s.child("env" + i);
      int[] lengths = c.ints("lengths");
      float[] frames = c.floats("frames");
      Deque<Episode> d = new ArrayDeque<>();
      int at = 0;
      for (int len : lengths) {
        Episode ep = new Episode();
        ep.frames = Arrays.copyOfRange(frames, at, at + len * obsDim);
        ep.length = len;
        at += len * obsDim;
        d.addLast(ep);
      }
      if (at != frames.length || d.isEmpty()) {
        throw new IllegalArgumentException("trajectory buffer snapshot of env " + i + " has " + frames.length
            + " values for episodes of " + Arrays.toString(lengths) + " frames of " + obsDim);
      }
      restored.add(d);
    }
    perEnv.clear();
    perEnv.addAll(restored);
  }
}
