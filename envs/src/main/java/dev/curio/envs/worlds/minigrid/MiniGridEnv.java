package dev.curio.envs.worlds.minigrid;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * The MiniGrid core (Farama {@code minigrid.minigrid_env.MiniGridEnv}, Chevalier-Boisvert et al.
 * 2023, formerly gym-minigrid) in plain Java: a grid of {@link Tile}s, an agent with a position, a
 * direction and at most one carried object, the seven actions, and the egocentric observation.
 *
 * <p><b>Actions</b> ({@code Discrete(7)}): 0 turn left, 1 turn right, 2 forward, 3 pick up, 4 drop,
 * 5 toggle, 6 done (does nothing). Forward moves onto empty cells, floor, goal, lava and open doors;
 * stepping onto the goal ends the episode with reward {@code 1 - 0.9 * stepCount / maxSteps}, onto
 * lava with reward 0. Pick up takes a key, ball or box in front when the hands are empty; drop puts
 * the carried object on an empty cell in front; toggle opens or closes a door, unlocks a locked door
 * when carrying a key of the door's colour, and removes an (empty) box.
 *
 * <p><b>Observation</b>: {@code float[7 * 7 * 3]}, a {@code Box} of shape {@code [7, 7, 3]} =
 * {@code [row, col, channel]} with channels (object index, colour index, state), described in
 * {@link EgocentricView}. The agent is at row 6, column 3, looking towards row 0. Bounds per channel:
 * {@code [0, 10]}, {@code [0, 5]}, {@code [0, 2]}. The direction MiniGrid puts in its observation dict
 * and the mission string are in the info ({@link #DIRECTION}, {@link #MISSION}), with the agent's
 * absolute cell ({@link #AGENT_POS}) for metrics.
 *
 * <p><b>Limits</b>: after {@code maxSteps} steps the episode is truncated. As in MiniGrid, a step that
 * reaches the goal exactly at the limit is both terminated and truncated.
 *
 * <p>Subclasses write {@link #generate()} (MiniGrid's {@code _gen_grid}) with the placement helpers
 * here; every random draw comes from {@link #rng}, so a seed fixes the layout.
 */
public abstract class MiniGridEnv extends AbstractEnv<float[], Integer> {
  public static final int LEFT = 0;
  public static final int RIGHT = 1;
  public static final int FORWARD = 2;
  public static final int PICKUP = 3;
  public static final int DROP = 4;
  public static final int TOGGLE = 5;
  public static final int DONE = 6;
  public static final int NUM_ACTIONS = 7;
  private static final String[] ACTION_NAMES = {"left", "right", "forward", "pickup", "drop", "toggle", "done"};

  /** MiniGrid's {@code agent_view_size}. */
  public static final int VIEW_SIZE = 7;

  /** The agent's direction: 0 right (+x), 1 down (+y), 2 left, 3 up. */
  public static final Info.Key<Integer> DIRECTION = Info.Key.of("direction", Integer.class);
  /** The mission string, e.g. "use the key to open the door and then get to the goal". */
  public static final Info.Key<String> MISSION = Info.Key.of("mission", String.class);
  /** The agent's absolute cell, for evaluation and metrics (the agent does not observe it). */
  public static final Info.Key<GridPos> AGENT_POS = Info.Key.of("agent_pos", GridPos.class);

  private static final Box OBSERVATION_SPACE = observationSpace(VIEW_SIZE);

  private final EnvSpec<float[], Integer> spec;
  private final int width;
  private final int height;
  private final int maxSteps;
  private final boolean seeThroughWalls;
  private final EgocentricView view = new EgocentricView(VIEW_SIZE);
  private final GridPos[] positions;
  private Info episodeInfo = Info.empty();

  /** The world; {@link #generate()} fills it. */
  protected final Grid grid;
  /** Agent cell and direction; {@code (-1, -1)} until placed. */
  protected int agentX = -1;
  protected int agentY = -1;
  protected int agentDir = -1;
  /** The carried tile, {@link Tile#NONE} when the hands are empty. */
  protected int carrying = Tile.NONE;
  /** Steps taken in this episode. */
  protected int stepCount;
  /** The mission string; {@link #generate()} may set it. */
  protected String mission = "";

  /**
   * @param id the env id
   * @param width grid width (>= 3)
   * @param height grid height (>= 3)
   * @param maxSteps the step limit (>= 1); reaching it truncates
   * @param seeThroughWalls MiniGrid's {@code see_through_walls}: skip occlusion
   */
  protected MiniGridEnv(String id, int width, int height, int maxSteps, boolean seeThroughWalls) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("env " + id + ": maxSteps must be >= 1, got " + maxSteps);
    }
    this.grid = new Grid(width, height);
    this.width = width;
    this.height = height;
    this.maxSteps = maxSteps;
    this.seeThroughWalls = seeThroughWalls;
    this.spec = new EnvSpec<>(id, OBSERVATION_SPACE, new Discrete(NUM_ACTIONS), maxSteps);
    this.positions = new GridPos[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        positions[y * width + x] = new GridPos(x, y);
      }
    }
  }

  /** The observation space of a {@code size x size} view: shape {@code [size, size, 3]}, bounds per channel. */
  public static Box observationSpace(int size) {
    float[] low = new float[size * size * 3];
    float[] high = new float[low.length];
    for (int i = 0; i < high.length; i += 3) {
      high[i] = Tile.MAX_OBJECT;
      high[i + 1] = Tile.MAX_COLOR;
      high[i + 2] = Tile.MAX_STATE;
    }
    return new Box(low, high, size, size, 3);
  }

  /** MiniGrid's success reward {@code 1 - 0.9 * stepCount / maxSteps}. */
  public static double successReward(int stepCount, int maxSteps) {
    return 1.0 - 0.9 * ((double) stepCount / maxSteps);
  }

  public static String actionName(int action) {
    return ACTION_NAMES[action];
  }

  /** Lays out the grid, the objects and the agent ({@code _gen_grid}); the grid starts empty. */
  protected abstract void generate();

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  @Override
  protected final Reset<float[]> onReset() {
    grid.clear();
    agentX = -1;
    agentY = -1;
    agentDir = -1;
    carrying = Tile.NONE;
    stepCount = 0;
    generate();
    if (!grid.inside(agentX, agentY) || agentDir < 0 || agentDir > 3) {
      throw new IllegalStateException("env " + spec.id() + ": generate() did not place the agent");
    }
    if (!Tile.canOverlap(grid.get(agentX, agentY))) {
      throw new IllegalStateException("env " + spec.id() + ": the agent starts on " + Tile.describe(grid.get(agentX, agentY)));
    }
    episodeInfo = Info.of(MISSION, mission);
    float[] obs = observe();
    return new Reset<>(obs, stepInfo(-1));
  }

  @Override
  protected final Step<float[]> onStep(Integer boxed) {
    int action = boxed;
    stepCount++;
    double reward = 0;
    boolean terminated = false;
    int fx = agentX + EgocentricView.dx(agentDir);
    int fy = agentY + EgocentricView.dy(agentDir);
    int front = grid.get(fx, fy);
    switch (action) {
      case LEFT -> agentDir = (agentDir + 3) & 3;
      case RIGHT -> agentDir = (agentDir + 1) & 3;
      case FORWARD -> {
        if (Tile.canOverlap(front)) {
          agentX = fx;
          agentY = fy;
        }
        int t = Tile.type(front);
        if (front != Tile.NONE && t == Tile.GOAL) {
          terminated = true;
          reward = successReward(stepCount, maxSteps);
        } else if (front != Tile.NONE && t == Tile.LAVA) {
          terminated = true;
        }
      }
      case PICKUP -> {
        if (Tile.canPickup(front) && carrying == Tile.NONE) {
          carrying = front;
          grid.set(fx, fy, Tile.NONE);
          onPickedUp(fx, fy);
        }
      }
      case DROP -> drop(fx, fy, front);
      case TOGGLE -> toggle(fx, fy, front);
      default -> { } // done: nothing
    }
    if (succeeded(action)) {
      terminated = true;
      reward = successReward(stepCount, maxSteps);
    }
    boolean truncated = stepCount >= maxSteps;
    float[] obs = observe();
    return new Step<>(obs, reward, terminated, truncated, stepInfo(action));
  }

  /** MiniGrid's drop: the carried object goes onto an empty cell in front. */
  protected void drop(int fx, int fy, int front) {
    if (front == Tile.NONE && carrying != Tile.NONE && grid.inside(fx, fy)) {
      grid.set(fx, fy, carrying);
      carrying = Tile.NONE;
    }
  }

  /** MiniGrid's toggle of doors and boxes. */
  protected void toggle(int fx, int fy, int front) {
    if (front == Tile.NONE) {
      return;
    }
    int type = Tile.type(front);
    if (type == Tile.DOOR) {
      int state = Tile.state(front);
      int color = Tile.color(front);
      if (state == Tile.LOCKED) {
        if (carrying != Tile.NONE && Tile.type(carrying) == Tile.KEY && Tile.color(carrying) == color) {
          grid.set(fx, fy, Tile.door(color, Tile.OPEN));
        }
      } else {
        grid.set(fx, fy, Tile.door(color, state == Tile.OPEN ? Tile.CLOSED : Tile.OPEN));
      }
    } else if (type == Tile.BOX) {
      grid.set(fx, fy, Tile.NONE);
    }
  }

  /** Called after the agent picked up the object that was at {@code (x, y)}. */
  protected void onPickedUp(int x, int y) {}

  /** A task-specific success after {@code action} (KeyCorridor: holding the target). Default: none. */
  protected boolean succeeded(int action) {
    return false;
  }

  /** Adds task-specific entries to a step's info; {@code action} is -1 at reset. */
  protected Info extraInfo(Info info, int action) {
    return info;
  }

  private Info stepInfo(int action) {
    Info info = episodeInfo.with(DIRECTION, agentDir).with(AGENT_POS, positions[agentY * width + agentX]);
    return extraInfo(info, action);
  }

  private float[] observe() {
    float[] obs = new float[view.length()];
    view.observe(grid, agentX, agentY, agentDir, carrying, seeThroughWalls, obs);
    return obs;
  }

  /** Whether world cell {@code (x, y)} is visible in the latest observation. */
  protected final boolean inView(int x, int y) {
    return view.visible(x, y);
  }

  // ------------------------------------------------------------------ random helpers (all from rng)

  /** Uniform in {@code [lo, hi)} (numpy's {@code integers(lo, hi)}). */
  protected final int randInt(int lo, int hi) {
    if (hi <= lo) {
      throw new IllegalArgumentException("env " + spec.id() + ": empty range [" + lo + ", " + hi + ")");
    }
    return lo + rng.nextInt(hi - lo);
  }

  /** A uniformly random colour index. */
  protected final int randColor() {
    return Tile.SORTED_COLORS[rng.nextInt(Tile.NUM_COLORS)];
  }

  protected final boolean randBool() {
    return rng.nextInt(2) == 0;
  }

  /** A position test for {@link #placeObj}. */
  @FunctionalInterface
  protected interface Reject {
    boolean test(int x, int y);
  }

  /**
   * MiniGrid's {@code place_obj}: rejection-samples an empty cell, not the agent's, in the rectangle
   * with top-left {@code (topX, topY)} (clipped at 0) and size {@code sizeX x sizeY} (clipped at the
   * grid), puts {@code tile} there and returns the cell.
   */
  protected final GridPos placeObj(int tile, int topX, int topY, int sizeX, int sizeY, Reject reject, int maxTries) {
    int x0 = Math.max(topX, 0);
    int y0 = Math.max(topY, 0);
    int x1 = Math.min(x0 + sizeX, width);
    int y1 = Math.min(y0 + sizeY, height);
    int tries = 0;
    while (true) {
      if (tries > maxTries) {
        throw new IllegalStateException("env " + spec.id() + ": rejection sampling failed to place "
            + Tile.describe(tile) + " in " + sizeX + "x" + sizeY + " at (" + topX + ", " + topY + ")");
      }
      tries++;
      int x = randInt(x0, x1);
      int y = randInt(y0, y1);
      if (grid.get(x, y) != Tile.NONE || x == agentX && y == agentY || reject != null && reject.test(x, y)) {
        continue;
      }
      grid.set(x, y, tile);
      return positions[y * width + x];
    }
  }

  /** {@link #placeObj} anywhere in the grid, without limit on tries. */
  protected final GridPos placeObj(int tile) {
    return placeObj(tile, 0, 0, width, height, null, Integer.MAX_VALUE);
  }

  /** MiniGrid's {@code place_agent}: an empty cell in the rectangle, and a random direction if asked. */
  protected final GridPos placeAgent(int topX, int topY, int sizeX, int sizeY, boolean randDir, int maxTries) {
    agentX = -1;
    agentY = -1;
    GridPos p = placeObj(Tile.NONE, topX, topY, sizeX, sizeY, null, maxTries);
    agentX = p.x();
    agentY = p.y();
    if (randDir) {
      agentDir = randInt(0, 4);
    }
    return p;
  }

  // ------------------------------------------------------------------ state, for tests and metrics

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int maxSteps() {
    return maxSteps;
  }

  public int agentX() {
    return agentX;
  }

  public int agentY() {
    return agentY;
  }

  public int agentDirection() {
    return agentDir;
  }

  /** The carried tile, {@link Tile#NONE} if none. */
  public int carrying() {
    return carrying;
  }

  public int stepCount() {
    return stepCount;
  }

  public String mission() {
    return mission;
  }

  /** The tile at {@code (x, y)}. */
  public int tileAt(int x, int y) {
    return grid.get(x, y);
  }

  /** A copy of the whole grid's tiles, {@code [height * width]}, row-major. */
  public int[] gridSnapshot() {
    return grid.snapshot();
  }

  // ------------------------------------------------------------------ render

  private static final char[] AGENT_CHARS = {'>', 'v', '<', '^'};

  /**
   * The full grid, one character per cell: {@code #} wall, a space for empty, {@code G} goal,
   * {@code ~} lava, {@code _} floor, {@code D} closed door, {@code L} locked door, {@code /} open door,
   * {@code K} key, {@code O} ball, {@code B} box, the agent as {@code > v < ^}; then the colours of
   * doors and objects, what the agent carries, the step count and the mission.
   */
  @Override
  public String render() {
    if (agentX < 0) {
      return spec.id() + " (not reset)";
    }
    StringBuilder sb = new StringBuilder((width + 1) * height + 200);
    StringBuilder colours = new StringBuilder();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int t = grid.get(x, y);
        char ch = symbol(t);
        if (x == agentX && y == agentY) {
          ch = AGENT_CHARS[agentDir];
        }
        sb.append(ch);
        int type = Tile.type(t);
        if (t != Tile.NONE && type != Tile.WALL && type != Tile.GOAL && type != Tile.LAVA) {
          colours.append(colours.length() == 0 ? "" : ", ").append(symbol(t)).append('(').append(x).append(',')
              .append(y).append(")=").append(Tile.colorName(Tile.color(t)));
        }
      }
      sb.append('\n');
    }
    if (colours.length() > 0) {
      sb.append("colours: ").append(colours).append('\n');
    }
    sb.append("step ").append(stepCount).append('/').append(maxSteps).append(", carrying ")
        .append(carrying == Tile.NONE ? "nothing" : Tile.describe(carrying)).append('\n');
    sb.append("mission: ").append(mission);
    return sb.toString();
  }

  private static char symbol(int t) {
    if (t == Tile.NONE) {
      return ' ';
    }
    return switch (Tile.type(t)) {
      case Tile.WALL -> '#';
      case Tile.FLOOR -> '_';
      case Tile.DOOR -> Tile.state(t) == Tile.OPEN ? '/' : Tile.state(t) == Tile.LOCKED ? 'L' : 'D';
      case Tile.KEY -> 'K';
      case Tile.BALL -> 'O';
      case Tile.BOX -> 'B';
      case Tile.GOAL -> 'G';
      case Tile.LAVA -> '~';
      default -> '?';
    };
  }
}
