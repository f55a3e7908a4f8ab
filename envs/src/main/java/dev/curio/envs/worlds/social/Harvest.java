package dev.curio.envs.worlds.social;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.multi.AbstractMultiAgentEnv;
import dev.curio.envs.multi.MultiAgentSpec;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import java.util.ArrayList;
import java.util.List;

/**
 * A small common-pool dilemma in the style of Harvest (Perolat et al. 2017; the sequential social
 * dilemma games of Leibo et al. 2017 and Hughes et al. 2018, as used by Jaques et al. 2019). 2-4
 * agents walk a grid and collect apples (+1 each). An eaten apple's spot regrows with a probability
 * that grows with the apples still standing within distance 2 (0, 0.005, 0.02, 0.05 for 0, 1, 2,
 * 3+ neighbours, the SSD environments' values), so over-harvesting a patch kills it: the group does
 * best by restraint, each agent by greed.
 *
 * <p>Actions: 0 stay, 1 up, 2 right, 3 down, 4 left, 5 zap (freezes every other agent within
 * Manhattan distance 2 for {@value #FREEZE_STEPS} steps; frozen agents neither move nor collect).
 * Agents move in a random order each step and never share a cell. Episodes last {@code maxSteps}
 * (truncation); nothing terminates.
 *
 * <p>Observation of agent i, flat {@code [H*W*3 + (n-1)*6 + 1]}: channels per cell (apple, self,
 * others) in row-major {@code [H, W, 3]} order, then the one-hot last action of each other agent in
 * index order (zeros at the start), then 1 if agent i is frozen.
 */
public final class Harvest extends AbstractMultiAgentEnv<float[]> {
  public static final Info.Key<Integer> APPLES = Info.Key.of("apples", Integer.class);
  static final int FREEZE_STEPS = 5;
  static final double[] REGROWTH = {0.0, 0.005, 0.02, 0.05};
  private static final int[] DR = {0, -1, 0, 1, 0, 0};
  private static final int[] DC = {0, 0, 1, 0, -1, 0};
  private static final String[] LAYOUT = {
      ".........",
      "..AAA....",
      "..AAAA...",
      "...A...A.",
      ".....AAA.",
      "....AAA..",
      ".........",
  };

  private final int n;
  private final int maxSteps;
  private final int h = LAYOUT.length;
  private final int w = LAYOUT[0].length();
  private final boolean[] spot = new boolean[h * w];
  private final boolean[] apple = new boolean[h * w];
  private final int[] pos;
  private final int[] frozen;
  private final int[] lastAction;
  private final int[] order;
  private final MultiAgentSpec<float[]> spec;
  private int t;

  public Harvest(int agents, int maxSteps) {
    if (agents < 2 || agents > 4) {
      throw new IllegalArgumentException("Harvest: agents must be 2..4, got " + agents);
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("Harvest: maxSteps must be >= 1, got " + maxSteps);
    }
    this.n = agents;
    this.maxSteps = maxSteps;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        spot[r * w + c] = LAYOUT[r].charAt(c) == 'A';
      }
    }
    this.pos = new int[n];
    this.frozen = new int[n];
    this.lastAction = new int[n];
    this.order = new int[n];
    int dim = h * w * 3 + (n - 1) * 6 + 1;
    List<Space<float[]>> obs = new ArrayList<>();
    List<Discrete> acts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      obs.add(new Box(0f, 1f, dim));
      acts.add(new Discrete(6));
    }
    this.spec = new MultiAgentSpec<>("social:harvest-" + n, obs, acts, maxSteps);
  }

  @Override
  public MultiAgentSpec<float[]> spec() {
    return spec;
  }

  @Override
  protected MultiReset<float[]> onReset() {
    System.arraycopy(spot, 0, apple, 0, spot.length);
    // start cells: the free corners, shuffled among the agents
    int[] corners = {0, w - 1, (h - 1) * w, h * w - 1};
    rng.shuffle(corners);
    for (int i = 0; i < n; i++) {
      pos[i] = corners[i];
      frozen[i] = 0;
      lastAction[i] = -1;
      order[i] = i;
    }
    t = 0;
    return new MultiReset<>(observeAll(), Info.of(APPLES, countApples()));
  }

  @Override
  protected MultiStep<float[]> onStep(int[] actions) {
    double[] rewards = new double[n];
    rng.shuffle(order);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      int a = actions[i];
      if (frozen[i] > 0) {
        continue;
      }
      if (a == 5) {
        zap(i);
        continue;
      }
      int r = pos[i] / w + DR[a];
      int c = pos[i] % w + DC[a];
      if (r < 0 || r >= h || c < 0 || c >= w || occupied(r * w + c, i)) {
        continue;
      }
      pos[i] = r * w + c;
      if (apple[pos[i]]) {
        apple[pos[i]] = false;
        rewards[i] += 1.0;
      }
    }
    regrow();
    for (int i = 0; i < n; i++) {
      if (frozen[i] > 0) {
        frozen[i]--;
      }
      lastAction[i] = actions[i];
    }
    t++;
    boolean[] term = new boolean[n];
    boolean[] trunc = new boolean[n];
    java.util.Arrays.fill(trunc, t >= maxSteps);
    return new MultiStep<>(observeAll(), rewards, term, trunc, actions, Info.of(APPLES, countApples()));
  }

  private void zap(int shooter) {
    int r0 = pos[shooter] / w;
    int c0 = pos[shooter] % w;
    for (int j = 0; j < n; j++) {
      if (j != shooter && Math.abs(pos[j] / w - r0) + Math.abs(pos[j] % w - c0) <= 2) {
        // +1: this step's countdown comes off at the end of the step
        frozen[j] = FREEZE_STEPS + 1;
      }
    }
  }

  private boolean occupied(int cell, int self) {
    for (int j = 0; j < n; j++) {
      if (j != self && pos[j] == cell) {
        return true;
      }
    }
    return false;
  }

  /** Empty apple spots with no agent on them regrow with a probability set by standing neighbours. */
  private void regrow() {
    boolean[] before = apple.clone();
    for (int cell = 0; cell < spot.length; cell++) {
      if (!spot[cell] || before[cell] || occupied(cell, -1)) {
        continue;
      }
      int near = applesNear(before, cell / w, cell % w);
      double p = REGROWTH[Math.min(near, 3)];
      if (p > 0 && rng.nextDouble() < p) {
        apple[cell] = true;
      }
    }
  }

  /** Apples within Euclidean distance 2 of (r, c), itself excluded. */
  static int applesNear(boolean[] apples, int width, int height, int r, int c) {
    int count = 0;
    for (int dr = -2; dr <= 2; dr++) {
      for (int dc = -2; dc <= 2; dc++) {
        int rr = r + dr;
        int cc = c + dc;
        if ((dr != 0 || dc != 0) && dr * dr + dc * dc <= 4 && rr >= 0 && rr < height && cc >= 0 && cc < width
            && apples[rr * width + cc]) {
          count++;
        }
      }
    }
    return count;
  }

  private int applesNear(boolean[] apples, int r, int c) {
    return applesNear(apples, w, h, r, c);
  }

  private int countApples() {
    int k = 0;
    for (boolean a : apple) {
      k += a ? 1 : 0;
    }
    return k;
  }

  private List<float[]> observeAll() {
    List<float[]> out = new ArrayList<>(n);
    int grid = h * w * 3;
    for (int i = 0; i < n; i++) {
      float[] o = new float[grid + (n - 1) * 6 + 1];
      for (int cell = 0; cell < h * w; cell++) {
        if (apple[cell]) {
          o[cell * 3] = 1f;
        }
      }
      for (int j = 0; j < n; j++) {
        o[pos[j] * 3 + (j == i ? 1 : 2)] = 1f;
      }
      int slot = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        if (lastAction[j] >= 0) {
          o[grid + slot * 6 + lastAction[j]] = 1f;
        }
        slot++;
      }
      o[o.length - 1] = frozen[i] > 0 ? 1f : 0f;
      out.add(o);
    }
    return out;
  }

  // --- for tests: put the world in a chosen state
  void placeAgent(int agent, int row, int col) {
    pos[agent] = row * w + col;
  }

  void setApple(int row, int col, boolean present) {
    apple[row * w + col] = present;
  }

  void clearApples() {
    java.util.Arrays.fill(apple, false);
  }

  boolean appleAt(int row, int col) {
    return apple[row * w + col];
  }

  boolean isSpot(int row, int col) {
    return spot[row * w + col];
  }

  boolean isFrozen(int agent) {
    return frozen[agent] > 0;
  }

  int width() {
    return w;
  }

  int height() {
    return h;
  }

  @Override
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int cell = r * w + c;
        char ch = apple[cell] ? 'A' : spot[cell] ? ',' : '.';
        for (int j = 0; j < n; j++) {
          if (pos[j] == cell) {
            ch = (char) ('0' + j);
          }
        }
        sb.append(ch);
      }
      sb.append('\n');
    }
    sb.append("apples ").append(countApples()).append(", step ").append(t);
    return sb.toString();
  }
}
