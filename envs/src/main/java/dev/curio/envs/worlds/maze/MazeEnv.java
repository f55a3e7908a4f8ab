package dev.curio.envs.worlds.maze;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvWarnings;
import java.util.List;
import java.util.Objects;

/**
 * A gridworld maze read from an ASCII {@link MazeLayout}: walk to a goal, past walls, locked doors,
 * lava and noisy TVs.
 *
 * <p><b>Actions</b> {@code Discrete(4)}: 0 up, 1 right, 2 down, 3 left. Moves are stateless (no
 * heading). Walking into a wall or a TV leaves the agent where it is. Walking onto a key picks it up
 * (the cell becomes floor). Walking into a closed door moves the agent into the doorway if it carries
 * that door's key, and the door stays open; the key is <em>not</em> consumed, so one key opens every
 * door of its letter and the Markov state is just (cell, keys carried).
 *
 * <p><b>Reward and ends</b>: stepping onto a goal terminates with reward 1 (or, with
 * {@link MazeConfig#decayGoalReward()}, MiniGrid's {@code 1 - 0.9 * t / T}); stepping onto lava
 * terminates with {@link MazeConfig#lavaReward()} (0 by default); every other step pays 0. After
 * {@code T = spec().maxEpisodeSteps()} steps without terminating the episode is truncated (a step that
 * terminates on the last step reports terminated only). With {@link MazeConfig#goalsEnd()} false a
 * goal is plain floor: no reward, no end.
 *
 * <p><b>Observations</b> (all {@code Box(0, 1)}, flat row-major). Grid encodings use
 * {@code C = 5 + 2 * colours} channels, where {@code colours} is the number of key letters in the
 * layout ({@link MazeLayout#colours()}, alphabetical): 0 wall, 1 goal, 2 lava, 3 TV screen, 4 agent,
 * {@code 5 + s} key of colour slot {@code s}, {@code 5 + colours + s} closed door of slot {@code s}.
 * Floor is all zeros. Keys carried are shown in the key channels of the agent's own cell (an agent
 * never stands on a key it has not picked up, so this is unambiguous).
 * <ul>
 *   <li>{@link ObservationMode#FULL}: {@code [H, W, C]}, the whole grid.</li>
 *   <li>{@link ObservationMode#EGOCENTRIC}: {@code [k, k, C]} centred on the agent, not rotated;
 *       cells outside the grid read as wall.</li>
 *   <li>{@link ObservationMode#POSITION}: {@code [H*W + colours + tvs]}: one-hot agent cell
 *       (index {@code row * W + col}), one flag per colour slot for keys carried, one screen value per TV.</li>
 * </ul>
 *
 * <p><b>Noisy TV</b> ({@code T} in the layout, after Burda et al. 2018, "Large-Scale Study of
 * Curiosity-Driven Learning"): a solid cell. While the agent stands on one of the four cells beside it,
 * the TV is watched and its screen (the TV channel of its cell, and its screen value in position mode)
 * shows a fresh uniform value in {@code [0, 1)} drawn from the episode's random stream every step;
 * otherwise the screen reads 1. Everything else is deterministic.
 *
 * <p><b>Info</b> on reset and every step: {@link #POSITION} (agent cell), {@link #WATCHING_TV},
 * {@link #REACHED_GOAL} (true on the step that enters a goal). The info objects are built once per
 * cell, so a step allocates only its observation and the {@link Step}.
 */
public final class MazeEnv extends AbstractEnv<float[], Integer> implements EnvWarnings {
  /** The agent's cell, for evaluation. */
  public static final Info.Key<GridPos> POSITION = Info.Key.of("maze.position", GridPos.class);
  /** Whether the agent is beside a noisy TV this step (its screen shows noise). */
  public static final Info.Key<Boolean> WATCHING_TV = Info.Key.of("maze.watching_tv", Boolean.class);
  /**
   * Whether the agent stands on a goal (true only on the terminating step, unless
   * {@link MazeConfig#goalsEnd()} is false).
   */
  public static final Info.Key<Boolean> REACHED_GOAL = Info.Key.of("maze.reached_goal", Boolean.class);

  private final MazeLayout layout;
  private final MazeConfig config;
  private final MazeState state;
  private final EnvSpec<float[], Integer> spec;
  private final int maxSteps;
  private final int startCell;
  /** {@code infos[2 * cell + (watching ? 1 : 0)]}, built once. */
  private final Info[] infos;

  /** A maze with the default config (fully observed, sparse reward, layout step limit). */
  public MazeEnv(MazeLayout layout) {
    this(layout, MazeConfig.defaults());
  }

  public MazeEnv(MazeLayout layout, MazeConfig config) {
    this(layout, config, null);
  }

  /** A maze whose {@link EnvSpec#id()} is {@code id} (a maze file's registry id), or the layout's when null. */
  MazeEnv(MazeLayout layout, MazeConfig config, String id) {
    this.layout = Objects.requireNonNull(layout, "layout");
    this.config = Objects.requireNonNull(config, "config");
    this.state = new MazeState(layout, config.observation(), config.viewSize());
    this.maxSteps = config.maxSteps() > 0 ? config.maxSteps() : layout.defaultMaxSteps();
    this.startCell = layout.start().index(layout.width());
    this.spec = new EnvSpec<>(id != null ? id : "maze:" + layout.name() + config.idSuffix(), new Box(0f, 1f, state.shape()),
        new Discrete(4), maxSteps);
    this.infos = buildInfos(layout);
  }

  static Info[] buildInfos(MazeLayout layout) {
    int w = layout.width();
    Info[] out = new Info[2 * layout.height() * w];
    for (int r = 0; r < layout.height(); r++) {
      for (int c = 0; c < w; c++) {
        char ch = layout.charAt(r, c);
        if (ch == '#' || ch == 'T') {
          continue; // the agent never stands there
        }
        GridPos p = new GridPos(r, c);
        Info base = Info.of(POSITION, p).with(REACHED_GOAL, ch == 'G');
        out[2 * p.index(w)] = base.with(WATCHING_TV, Boolean.FALSE);
        out[2 * p.index(w) + 1] = base.with(WATCHING_TV, Boolean.TRUE);
      }
    }
    return out;
  }

  /** A maze from a shipped layout by name (see {@link Mazes#layoutNames()}). */
  public static MazeEnv of(String layoutName, MazeConfig config) {
    return new MazeEnv(MazeLayout.fromResource(layoutName), config);
  }

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  public MazeLayout layout() {
    return layout;
  }

  /** The layout's {@link MazeLayout#reachabilityWarning()}, if any. */
  @Override
  public List<String> warnings() {
    return layout.reachabilityWarning().stream().toList();
  }

  public MazeConfig config() {
    return config;
  }

  /** The agent's cell now. */
  public GridPos position() {
    return new GridPos(state.agent / state.w, state.agent % state.w);
  }

  /** Key letters carried now, e.g. {@code "a"}; empty when none. */
  public String keysCarried() {
    String s = state.inventoryText();
    return s.equals("-") ? "" : s;
  }

  /** The screen value of TV {@code i} (in {@link MazeLayout#tvs()} order) now: 1 when unwatched. */
  public float tvScreen(int i) {
    return state.tvValue[i];
  }

  /** Steps taken in this episode. */
  public int elapsedSteps() {
    return state.t;
  }

  @Override
  protected Reset<float[]> onReset() {
    state.reset(startCell, rng);
    return new Reset<>(observe(), infos[2 * state.agent + (state.watching ? 1 : 0)]);
  }

  @Override
  protected Step<float[]> onStep(Integer action) {
    int event = ends(state.step(action, rng), config);
    boolean terminated = event != MazeState.NONE;
    double reward = reward(event, state.t, maxSteps, config);
    boolean truncated = !terminated && state.t >= maxSteps;
    return new Step<>(observe(), reward, terminated, truncated, infos[2 * state.agent + (state.watching ? 1 : 0)]);
  }

  /** {@code event} of {@link MazeState#step}, or {@link MazeState#NONE} for a goal that does not end the episode. */
  static int ends(int event, MazeConfig config) {
    return event == MazeState.GOAL && !config.goalsEnd() ? MazeState.NONE : event;
  }

  static double reward(int event, int t, int maxSteps, MazeConfig config) {
    if (event == MazeState.GOAL) {
      return config.decayGoalReward() ? 1.0 - 0.9 * t / maxSteps : 1.0;
    }
    if (event == MazeState.LAVA) {
      return config.lavaReward();
    }
    return 0.0;
  }

  private float[] observe() {
    float[] obs = new float[state.obsSize];
    state.write(obs, 0);
    return obs;
  }

  /** The grid with the agent as {@code @}, then a status line. */
  @Override
  public String render() {
    return state.render() + "t=" + state.t + "/" + maxSteps + " keys=" + state.inventoryText()
        + (state.watching ? " watching TV" : "") + "\n";
  }
}
