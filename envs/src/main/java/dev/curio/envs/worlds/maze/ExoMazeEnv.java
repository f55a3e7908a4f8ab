package dev.curio.envs.worlds.maze;

import dev.curio.core.Info;
import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvWarnings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A maze with exogenous noise, after the multi-maze experiment of Lamb et al. 2022, "Guaranteed
 * Discovery of Control-Endogenous Latent States with Multi-Step Inverse Models" (AC-State): the agent
 * moves in maze 0, and K distractor mazes beside it hold their own agents that random-walk and cannot
 * be influenced.
 *
 * <p>Actions, dynamics, reward, ends and step limit are those of {@link MazeEnv} for maze 0. Each
 * distractor starts on a uniformly random plain floor cell, takes a uniformly random move every step
 * under the same rules (walls, keys, doors, TVs), and on entering a goal (when
 * {@link MazeConfig#goalsEnd()}) or lava starts over on a random plain floor cell with its keys and
 * doors reset. Distractors and the agent's TV noise draw from two separate streams split from the episode's seed, so the distractor part of the observation depends on
 * the seed only, never on the agent's actions.
 *
 * <p><b>Observation</b>: the K+1 per-maze observations of {@link MazeEnv} (same {@link ObservationMode})
 * concatenated, agent maze first: {@code [K+1, ...]} (e.g. {@code [K+1, H, W, C]}) when all mazes have
 * the same shape, else flat {@code [sum of sizes]}.
 *
 * <p><b>Info</b>: {@link MazeEnv#POSITION}, {@link MazeEnv#WATCHING_TV} and {@link MazeEnv#REACHED_GOAL}
 * for the agent, and {@link #DISTRACTOR_POSITIONS} — for evaluation only; a learner should not read them.
 */
public final class ExoMazeEnv extends AbstractEnv<float[], Integer> implements EnvWarnings {
  /** The distractor agents' cells, {@code [K]}, in maze order. */
  public static final Info.Key<GridPos[]> DISTRACTOR_POSITIONS =
      Info.Key.of("maze.distractor_positions", GridPos[].class);

  private final MazeLayout layout;
  private final MazeConfig config;
  private final MazeState agent;
  private final MazeState[] distractors;
  private final int[][] distractorStarts;
  private final GridPos[][] cellPositions;
  private final Info[] infos;
  private final EnvSpec<float[], Integer> spec;
  private final int maxSteps;
  private final int startCell;
  private final int obsSize;
  private Rng agentNoise = new Rng(0);
  private Rng exo = new Rng(0);

  /** The agent's layout and {@code k >= 1} distractors on the same layout. */
  public ExoMazeEnv(MazeLayout layout, int k, MazeConfig config) {
    this(layout, copies(layout, k), config);
  }

  /** The agent's layout and one distractor per entry of {@code distractorLayouts} (at least one). */
  public ExoMazeEnv(MazeLayout layout, List<MazeLayout> distractorLayouts, MazeConfig config) {
    this(layout, distractorLayouts, config, layout == null ? null : layout.start());
  }

  private ExoMazeEnv(MazeLayout layout, List<MazeLayout> distractorLayouts, MazeConfig config, GridPos start) {
    this.layout = Objects.requireNonNull(layout, "layout");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(distractorLayouts, "distractorLayouts");
    if (distractorLayouts.isEmpty()) {
      throw new IllegalArgumentException("ExoMazeEnv needs at least one distractor maze, got none");
    }
    int k = distractorLayouts.size();
    this.agent = new MazeState(layout, config.observation(), config.viewSize());
    this.distractors = new MazeState[k];
    this.distractorStarts = new int[k][];
    this.cellPositions = new GridPos[k][];
    boolean sameShape = true;
    int total = agent.obsSize;
    for (int i = 0; i < k; i++) {
      MazeLayout d = Objects.requireNonNull(distractorLayouts.get(i), "distractor layout " + i);
      distractors[i] = new MazeState(d, config.observation(), config.viewSize());
      distractorStarts[i] = distractors[i].plainFloorCells();
      cellPositions[i] = new GridPos[d.height() * d.width()];
      for (int c = 0; c < cellPositions[i].length; c++) {
        cellPositions[i][c] = new GridPos(c / d.width(), c % d.width());
      }
      sameShape &= Arrays.equals(distractors[i].shape(), agent.shape());
      total += distractors[i].obsSize;
    }
    this.obsSize = total;
    int[] shape;
    if (sameShape) {
      int[] inner = agent.shape();
      shape = new int[inner.length + 1];
      shape[0] = k + 1;
      System.arraycopy(inner, 0, shape, 1, inner.length);
    } else {
      shape = new int[] {total};
    }
    this.maxSteps = config.maxSteps() > 0 ? config.maxSteps() : layout.defaultMaxSteps();
    this.startCell = start.index(layout.width());
    this.infos = MazeEnv.buildInfos(layout);
    this.spec = new EnvSpec<>("maze:exo-" + layout.name() + "-k" + k + config.idSuffix(), new Box(0f, 1f, shape),
        new Discrete(4), maxSteps);
  }

  /**
   * The same world (layouts and config) with the agent starting every episode on {@code cell}, which
   * must be floor, the start, or a goal when goals do not end episodes ({@link MazeConfig#goalsEnd()}
   * false). The id stays the world's.
   */
  public ExoMazeEnv startingOn(GridPos cell) {
    Objects.requireNonNull(cell, "cell");
    if (cell.row() < 0 || cell.row() >= layout.height() || cell.col() < 0 || cell.col() >= layout.width()) {
      throw new IllegalArgumentException(layout.name() + ": start cell (row " + cell.row() + ", column " + cell.col()
          + ") is outside the "
          + layout.height() + "x" + layout.width() + " grid");
    }
    char ch = layout.charAt(cell.row(), cell.col());
    if (ch == 'G' && config.goalsEnd()) {
      throw new IllegalArgumentException(layout.name() + ": start cell (row " + cell.row() + ", column " + cell.col()
          + ") is a goal, which ends the episode; start elsewhere or make goals floor (MazeConfig.withGoalsEnd)");
    }
    if (ch != '.' && ch != 'S' && ch != 'G') {
      throw new IllegalArgumentException(layout.name() + ": start cell (row " + cell.row() + ", column " + cell.col()
          + ") is '" + ch + "', not floor, the start or a goal");
    }
    return new ExoMazeEnv(layout, distractorLayouts(), config, cell);
  }

  /** The same layouts, and the agent's start, under {@code config}. */
  public ExoMazeEnv withConfig(MazeConfig config) {
    return new ExoMazeEnv(layout, distractorLayouts(), config, startPos());
  }

  private List<MazeLayout> distractorLayouts() {
    List<MazeLayout> out = new ArrayList<>(distractors.length);
    for (MazeState d : distractors) {
      out.add(d.layout);
    }
    return out;
  }

  private GridPos startPos() {
    return new GridPos(startCell / layout.width(), startCell % layout.width());
  }

  private static List<MazeLayout> copies(MazeLayout layout, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("ExoMazeEnv needs k >= 1 distractor mazes, got " + k);
    }
    List<MazeLayout> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(Objects.requireNonNull(layout, "layout"));
    }
    return out;
  }

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  /** Number of distractor mazes. */
  public int distractorCount() {
    return distractors.length;
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

  @Override
  protected Reset<float[]> onReset() {
    agentNoise = rng.split();
    exo = rng.split();
    agent.reset(startCell, agentNoise);
    for (int i = 0; i < distractors.length; i++) {
      int[] starts = distractorStarts[i];
      distractors[i].reset(starts[exo.nextInt(starts.length)], exo);
    }
    return new Reset<>(observe(), info());
  }

  @Override
  protected Step<float[]> onStep(Integer action) {
    int event = MazeEnv.ends(agent.step(action, agentNoise), config);
    for (int i = 0; i < distractors.length; i++) {
      MazeState d = distractors[i];
      if (MazeEnv.ends(d.step(exo.nextInt(4), exo), config) != MazeState.NONE) {
        int[] starts = distractorStarts[i];
        d.reset(starts[exo.nextInt(starts.length)], exo);
      }
    }
    boolean terminated = event != MazeState.NONE;
    double reward = MazeEnv.reward(event, agent.t, maxSteps, config);
    boolean truncated = !terminated && agent.t >= maxSteps;
    return new Step<>(observe(), reward, terminated, truncated, info());
  }

  private Info info() {
    GridPos[] where = new GridPos[distractors.length];
    for (int i = 0; i < where.length; i++) {
      where[i] = cellPositions[i][distractors[i].agent];
    }
    return infos[2 * agent.agent + (agent.watching ? 1 : 0)].with(DISTRACTOR_POSITIONS, where);
  }

  private float[] observe() {
    float[] obs = new float[obsSize];
    agent.write(obs, 0);
    int off = agent.obsSize;
    for (MazeState d : distractors) {
      d.write(obs, off);
      off += d.obsSize;
    }
    return obs;
  }

  /** The mazes side by side, agent first (each agent drawn as {@code @}), then a status line. */
  @Override
  public String render() {
    List<String[]> blocks = new ArrayList<>();
    blocks.add(agent.render().split("\n"));
    for (MazeState d : distractors) {
      blocks.add(d.render().split("\n"));
    }
    int rows = 0;
    for (String[] b : blocks) {
      rows = Math.max(rows, b.length);
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < blocks.size(); i++) {
        String[] b = blocks.get(i);
        int width = b[0].length();
        String line = r < b.length ? b[r] : " ".repeat(width);
        sb.append(i == 0 ? "" : "  ").append(line);
      }
      sb.append('\n');
    }
    return sb.append("t=").append(agent.t).append('/').append(maxSteps).append(" keys=")
        .append(agent.inventoryText()).append(" (leftmost maze is the agent's; ").append(distractors.length)
        .append(" distractors)\n").toString();
  }
}
