package dev.curio.envs.worlds.social;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.multi.AbstractMultiAgentEnv;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiAgentSpec;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commons-harvest social dilemma of Leibo et al. (2017, "Gathering"), Perolat et al. (2017) and
 * Hughes et al. (2018), small enough to run fast: agents collect apples on a grid, and an eaten apple
 * regrows only if other apples are near, so greedy harvesting destroys the orchard for everyone. Jaques
 * et al. (2019) used the same game (through the SSD environments of Vinitsky et al.) to study social
 * influence, which is why each observation carries the other agents' last actions.
 *
 * <p><b>Actions</b> ({@code Discrete(6)} per agent): 0 up, 1 right, 2 down, 3 left, 4 stay, 5 zap. A move
 * turns the agent to face that way and steps there unless a wall or another agent is in the way. Moves
 * are resolved one agent at a time in a random order each step, so two agents never share a cell. Zap
 * fires a straight beam from the agent in the direction it faces, up to {@code beamLength} cells; walls
 * stop it, and so does the first active agent it meets, which is then frozen: its next
 * {@code freezeSteps} actions are ignored (zaps of one step are simultaneous, so two agents can freeze
 * each other). A frozen agent stays on its cell; beams pass over it.
 *
 * <p><b>Reward</b> per agent: {@code +1} for each apple it steps on, {@code -zapCost} per zap,
 * {@code -hitPenalty} when frozen by a beam (both 0 by default).
 *
 * <p><b>Regrowth</b>, after moves and zaps: every apple spawn point of the layout that is free (no
 * apple, no agent) grows an apple with probability {@code p[min(k, p.length - 1)]}, where {@code k} is
 * the number of apples in the {@code (2R+1) x (2R+1)} square around it, counted before this step's
 * regrowth. With the default {@code p = [0, 0.005, 0.02, 0.05]} and {@code R = 2} (the SSD Harvest
 * values) an orchard that has been eaten bare never comes back.
 *
 * <p><b>Episodes</b> last exactly {@code maxEpisodeSteps} steps (every agent truncated, never
 * terminated). At reset every spawn point holds an apple, agents stand on distinct random {@code P}
 * cells, facing random directions.
 *
 * <p><b>Observation</b> of agent {@code i}, a {@link Box} in {@code [0, 1]} of shape {@code [D]},
 * {@code D = (2r+1)^2 * 4 + 5 + (n-1) * 6}, in this order:
 * <ol>
 *   <li>the {@code (2r+1) x (2r+1)} square centred on the agent (north up, not rotated), as
 *       {@code [2r+1, 2r+1, 4]} row-major with channels {@link #WALL} (also outside the map),
 *       {@link #APPLE}, {@link #AGENT} (another active agent), {@link #FROZEN_AGENT} (another frozen
 *       agent);</li>
 *   <li>the agent's facing, one-hot over up, right, down, left;</li>
 *   <li>1 if the agent is frozen (its next action will be ignored), else 0;</li>
 *   <li>for every other agent {@code j} in increasing index order, {@code j}'s last action as a one-hot of
 *       length 6, as submitted even if ignored because {@code j} was frozen (all zeros at reset);
 *       {@link #lastActionOffset(int, int)} gives where it starts.</li>
 * </ol>
 * Each step's info holds the number of apples on the map under {@link #APPLES} (also at reset), and
 * which agents were frozen at the step under {@link MultiAgentEnv#FROZEN}: {@code [n]}, true where the
 * agent's action of this step was ignored because a beam had hit it (a hit at step t freezes the
 * agent for steps t+1 to t+{@code freezeSteps}), so {@link #reportsFrozen()} is true. That is what
 * the peace metric of {@link SocialMetrics} counts.
 *
 * <p><b>Visibility.</b> Every reset and step info also holds {@link MultiAgentEnv#VISIBLE},
 * {@code [n * n]}: agent {@code j} is visible to agent {@code k} when {@code j}'s cell lies inside
 * {@code k}'s view square, {@code |row_j - row_k| <= r} and {@code |col_j - col_k| <= r}, which is
 * exactly when {@code j} is drawn in {@code k}'s observation (in the {@link #AGENT} channel, or in
 * {@link #FROZEN_AGENT} when frozen: a frozen agent stays on the map and stays visible). Walls do not
 * hide anyone; the square is the whole view. So {@link #reportsVisibility()} is true.
 */
public final class Harvest extends AbstractMultiAgentEnv<float[]> {
  /** Number of actions: up, right, down, left, stay, zap. */
  public static final int NUM_ACTIONS = 6;
  public static final int UP = 0;
  public static final int RIGHT = 1;
  public static final int DOWN = 2;
  public static final int LEFT = 3;
  public static final int STAY = 4;
  public static final int ZAP = 5;
  /** Observation channels of the view square. */
  public static final int WALL = 0;
  public static final int APPLE = 1;
  public static final int AGENT = 2;
  public static final int FROZEN_AGENT = 3;
  public static final int CHANNELS = 4;
  /** Info key: apples on the map after the step. */
  public static final Info.Key<Integer> APPLES = Info.Key.of("apples", Integer.class);

  private static final int[] DR = {-1, 0, 1, 0};
  private static final int[] DC = {0, 1, 0, -1};
  private static final String[] DIRECTION = {"up", "right", "down", "left"};

  private final HarvestConfig config;
  private final MultiAgentSpec<float[]> spec;
  private final int n;
  private final int width;
  private final int height;
  private final boolean[] wall;
  private final int[] appleSpawns;
  private final int[] agentSpawns;
  /** For each apple spawn point, the cells of the other spawn points in its regrowth square. */
  private final int[][] regrowthNeighbours;
  private final double[] regrowthProbabilities;
  private final int window;
  private final int gridDim;
  private final int obsDim;

  // episode state
  private final boolean[] apple;
  private final int[] agentAt;
  private final int[] position;
  private final int[] facing;
  private final int[] freezeLeft;
  private final int[] lastAction;
  private int apples;
  private int steps;

  // scratch
  private final int[] order;
  private final boolean[] frozenNow;
  private final boolean[] hit;
  private final int[] regrown;
  private final int[] beamCells;
  private int beamCount;

  /** The default game for {@code numAgents} players ({@link HarvestConfig#defaults(int)}). */
  public Harvest(int numAgents) {
    this(HarvestConfig.defaults(numAgents));
  }

  public Harvest(HarvestConfig config) {
    this.config = config;
    this.n = config.numAgents();
    String[] rows = config.layout().lines().toArray(String[]::new);
    if (rows.length == 0) {
      throw new IllegalArgumentException("Harvest layout is empty");
    }
    this.height = rows.length;
    this.width = rows[0].length();
    if (width == 0) {
      throw new IllegalArgumentException("Harvest layout: row 1 is empty");
    }
    this.wall = new boolean[width * height];
    List<Integer> appleList = new ArrayList<>();
    List<Integer> agentList = new ArrayList<>();
    for (int r = 0; r < height; r++) {
      if (rows[r].length() != width) {
        throw new IllegalArgumentException("Harvest layout: row " + (r + 1) + " has " + rows[r].length()
            + " characters, expected " + width + " like row 1");
      }
      for (int c = 0; c < width; c++) {
        char ch = rows[r].charAt(c);
        int cell = r * width + c;
        switch (ch) {
          case '@' -> wall[cell] = true;
          case 'A' -> appleList.add(cell);
          case 'P' -> agentList.add(cell);
          case ' ', '.' -> { }
          default -> throw new IllegalArgumentException("Harvest layout: unknown character '" + ch + "' at row "
              + (r + 1) + ", column " + (c + 1) + " (use @ wall, A apple, P spawn, space or . floor)");
        }
      }
    }
    if (agentList.size() < n) {
      throw new IllegalArgumentException("Harvest layout has " + agentList.size() + " agent spawn points (P) for "
          + n + " agents");
    }
    this.appleSpawns = appleList.stream().mapToInt(Integer::intValue).toArray();
    this.agentSpawns = agentList.stream().mapToInt(Integer::intValue).toArray();
    int radius = config.regrowthRadius();
    this.regrowthNeighbours = new int[appleSpawns.length][];
    for (int s = 0; s < appleSpawns.length; s++) {
      int r0 = appleSpawns[s] / width;
      int c0 = appleSpawns[s] % width;
      int[] near = new int[appleSpawns.length];
      int count = 0;
      for (int t = 0; t < appleSpawns.length; t++) {
        int r1 = appleSpawns[t] / width;
        int c1 = appleSpawns[t] % width;
        if (t != s && Math.abs(r1 - r0) <= radius && Math.abs(c1 - c0) <= radius) {
          near[count++] = appleSpawns[t];
        }
      }
      regrowthNeighbours[s] = Arrays.copyOf(near, count);
    }
    this.regrowthProbabilities = config.regrowthProbabilities();
    this.window = 2 * config.viewRadius() + 1;
    this.gridDim = window * window * CHANNELS;
    this.obsDim = gridDim + 4 + 1 + (n - 1) * NUM_ACTIONS;

    List<Space<float[]>> obsSpaces = new ArrayList<>();
    List<Discrete> actionSpaces = new ArrayList<>();
    Box box = new Box(0f, 1f, obsDim);
    for (int i = 0; i < n; i++) {
      obsSpaces.add(box);
      actionSpaces.add(new Discrete(NUM_ACTIONS));
    }
    this.spec = new MultiAgentSpec<>("social:harvest-" + n, obsSpaces, actionSpaces, config.maxEpisodeSteps());

    this.apple = new boolean[width * height];
    this.agentAt = new int[width * height];
    this.position = new int[n];
    this.facing = new int[n];
    this.freezeLeft = new int[n];
    this.lastAction = new int[n];
    this.order = new int[n];
    this.frozenNow = new boolean[n];
    this.hit = new boolean[n];
    this.regrown = new int[appleSpawns.length];
    this.beamCells = new int[n * config.beamLength()];
  }

  @Override
  public MultiAgentSpec<float[]> spec() {
    return spec;
  }

  /** True: every step's info has {@link MultiAgentEnv#FROZEN}. */
  @Override
  public boolean reportsFrozen() {
    return true;
  }

  /** True: every reset and step info has {@link MultiAgentEnv#VISIBLE}. */
  @Override
  public boolean reportsVisibility() {
    return true;
  }

  public HarvestConfig config() {
    return config;
  }

  @Override
  protected MultiReset<float[]> onReset() {
    Arrays.fill(apple, false);
    Arrays.fill(agentAt, -1);
    for (int cell : appleSpawns) {
      apple[cell] = true;
    }
    apples = appleSpawns.length;
    int[] spawns = agentSpawns.clone();
    rng.shuffle(spawns);
    for (int i = 0; i < n; i++) {
      position[i] = spawns[i];
      agentAt[spawns[i]] = i;
      facing[i] = rng.nextInt(4);
    }
    Arrays.fill(freezeLeft, 0);
    Arrays.fill(lastAction, -1);
    beamCount = 0;
    steps = 0;
    return new MultiReset<>(observations(), Info.of(APPLES, apples).with(VISIBLE, visibility()));
  }

  @Override
  protected MultiStep<float[]> onStep(int[] actions) {
    double[] rewards = new double[n];
    for (int i = 0; i < n; i++) {
      frozenNow[i] = freezeLeft[i] > 0;
      if (frozenNow[i]) {
        freezeLeft[i]--;
      }
      order[i] = i;
    }

    // Moves, one agent at a time in a random order.
    rng.shuffle(order);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      int a = actions[i];
      if (frozenNow[i] || a > LEFT) {
        continue;
      }
      facing[i] = a;
      int target = neighbour(position[i], a);
      if (target < 0 || wall[target] || agentAt[target] >= 0) {
        continue;
      }
      agentAt[position[i]] = -1;
      position[i] = target;
      agentAt[target] = i;
      if (apple[target]) {
        apple[target] = false;
        apples--;
        rewards[i] += 1.0;
      }
    }

    // Zaps, simultaneous: every beam is traced before anyone is frozen.
    beamCount = 0;
    Arrays.fill(hit, false);
    for (int i = 0; i < n; i++) {
      if (frozenNow[i] || actions[i] != ZAP) {
        continue;
      }
      rewards[i] -= config.zapCost();
      int cell = position[i];
      for (int d = 0; d < config.beamLength(); d++) {
        cell = neighbour(cell, facing[i]);
        if (cell < 0 || wall[cell]) {
          break;
        }
        beamCells[beamCount++] = cell;
        int j = agentAt[cell];
        if (j >= 0 && !frozenNow[j] && freezeLeft[j] == 0) {
          hit[j] = true;
          break;
        }
      }
    }
    for (int j = 0; j < n; j++) {
      if (hit[j]) {
        freezeLeft[j] = config.freezeSteps();
        rewards[j] -= config.hitPenalty();
      }
    }

    regrow();
    System.arraycopy(actions, 0, lastAction, 0, n);
    steps++;
    boolean[] terminated = new boolean[n];
    boolean[] truncated = new boolean[n];
    if (steps >= config.maxEpisodeSteps()) {
      Arrays.fill(truncated, true);
    }
    Info info = Info.of(APPLES, apples).with(FROZEN, frozenNow.clone()).with(VISIBLE, visibility());
    return new MultiStep<>(observations(), rewards, terminated, truncated, actions, info);
  }

  /** Free spawn points regrow with a chance set by the apples near them before this regrowth. */
  private void regrow() {
    int count = 0;
    double[] p = regrowthProbabilities;
    int last = p.length - 1;
    for (int s = 0; s < appleSpawns.length; s++) {
      int cell = appleSpawns[s];
      if (apple[cell] || agentAt[cell] >= 0) {
        continue;
      }
      int near = 0;
      for (int nb : regrowthNeighbours[s]) {
        if (apple[nb]) {
          near++;
        }
      }
      double chance = p[Math.min(near, last)];
      if (chance > 0 && rng.nextDouble() < chance) {
        regrown[count++] = cell;
      }
    }
    for (int k = 0; k < count; k++) {
      apple[regrown[k]] = true;
    }
    apples += count;
  }

  /** The cell one step from {@code cell} in direction {@code dir}, or -1 outside the map. */
  private int neighbour(int cell, int dir) {
    int r = cell / width + DR[dir];
    int c = cell % width + DC[dir];
    return r < 0 || r >= height || c < 0 || c >= width ? -1 : r * width + c;
  }

  private List<float[]> observations() {
    float[][] obs = new float[n][];
    for (int i = 0; i < n; i++) {
      obs[i] = observe(i);
    }
    return Arrays.asList(obs);
  }

  /**
   * {@code [n * n]}, {@code [k * n + j]} true where agent j stands inside agent k's view square: the
   * square {@link #observe} draws, so exactly the agents k's observation shows (k itself included).
   */
  private boolean[] visibility() {
    int radius = config.viewRadius();
    boolean[] visible = new boolean[n * n];
    for (int k = 0; k < n; k++) {
      int rk = position[k] / width;
      int ck = position[k] % width;
      for (int j = 0; j < n; j++) {
        visible[k * n + j] = Math.abs(position[j] / width - rk) <= radius
            && Math.abs(position[j] % width - ck) <= radius;
      }
    }
    return visible;
  }

  private float[] observe(int i) {
    float[] o = new float[obsDim];
    int radius = config.viewRadius();
    int r0 = position[i] / width;
    int c0 = position[i] % width;
    int base = 0;
    for (int dr = -radius; dr <= radius; dr++) {
      int r = r0 + dr;
      for (int dc = -radius; dc <= radius; dc++, base += CHANNELS) {
        int c = c0 + dc;
        if (r < 0 || r >= height || c < 0 || c >= width) {
          o[base + WALL] = 1f;
          continue;
        }
        int cell = r * width + c;
        if (wall[cell]) {
          o[base + WALL] = 1f;
        } else if (apple[cell]) {
          o[base + APPLE] = 1f;
        }
        int j = agentAt[cell];
        if (j >= 0 && j != i) {
          o[base + (freezeLeft[j] > 0 ? FROZEN_AGENT : AGENT)] = 1f;
        }
      }
    }
    o[gridDim + facing[i]] = 1f;
    o[gridDim + 4] = freezeLeft[i] > 0 ? 1f : 0f;
    int off = gridDim + 5;
    for (int j = 0; j < n; j++) {
      if (j == i) {
        continue;
      }
      if (lastAction[j] >= 0) {
        o[off + lastAction[j]] = 1f;
      }
      off += NUM_ACTIONS;
    }
    return o;
  }

  /** Length of the view-square part of an observation: {@code (2r+1)^2 * 4}. */
  public int viewSize() {
    return gridDim;
  }

  /** Where, in {@code observer}'s observation, the one-hot of {@code other}'s last action starts. */
  public int lastActionOffset(int observer, int other) {
    if (observer == other || observer < 0 || other < 0 || observer >= n || other >= n) {
      throw new IllegalArgumentException("Harvest: no last-action block for observer " + observer + " and other "
          + other + " among " + n + " agents");
    }
    int slot = other < observer ? other : other - 1;
    return gridDim + 5 + slot * NUM_ACTIONS;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Whether an apple stands at {@code (row, col)} (0-based). */
  public boolean hasApple(int row, int col) {
    return apple[row * width + col];
  }

  /** Apples on the map. */
  public int appleCount() {
    return apples;
  }

  /** Agent {@code i}'s cell as {@code {row, col}}. */
  public int[] position(int i) {
    return new int[] {position[i] / width, position[i] % width};
  }

  /** Agent {@code i}'s facing: {@link #UP}, {@link #RIGHT}, {@link #DOWN} or {@link #LEFT}. */
  public int facing(int i) {
    return facing[i];
  }

  /** How many of agent {@code i}'s next actions will be ignored. */
  public int frozenSteps(int i) {
    return freezeLeft[i];
  }

  /**
   * The map: {@code @} walls, {@code A} apples, digits for agents, {@code *} for the cells the last
   * step's beams crossed; then one status line.
   */
  @Override
  public String render() {
    char[] cells = new char[width * height];
    for (int cell = 0; cell < cells.length; cell++) {
      cells[cell] = wall[cell] ? '@' : apple[cell] ? 'A' : ' ';
    }
    for (int k = 0; k < beamCount; k++) {
      cells[beamCells[k]] = '*';
    }
    for (int i = 0; i < n; i++) {
      cells[position[i]] = (char) ('0' + i);
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < height; r++) {
      sb.append(cells, r * width, width).append('\n');
    }
    sb.append("step ").append(steps).append(", apples ").append(apples).append(" |");
    for (int i = 0; i < n; i++) {
      sb.append(' ').append(i).append(':').append(DIRECTION[facing[i]]);
      if (freezeLeft[i] > 0) {
        sb.append("(frozen ").append(freezeLeft[i]).append(')');
      }
    }
    return sb.toString();
  }
}
