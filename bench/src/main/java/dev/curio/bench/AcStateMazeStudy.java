package dev.curio.bench;

import dev.curio.core.Rng;
import dev.curio.core.space.Box;
import dev.curio.envs.Env;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.worlds.maze.ExoMazeEnv;
import dev.curio.envs.worlds.maze.GridPos;
import dev.curio.envs.worlds.maze.MazeConfig;
import dev.curio.envs.worlds.maze.MazeEnv;
import dev.curio.envs.worlds.maze.MazeLayout;
import dev.curio.envs.worlds.maze.ObservationMode;
import dev.curio.representation.acstate.AcStateConfig;
import dev.curio.representation.acstate.AcStateEncoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The neural check of issue 25 (docs/ac-state.md, "The neural check on the exogenous-noise maze"):
 * an {@link AcStateEncoder} trained on random-policy data of an exogenous-noise maze
 * ({@link ExoMazeEnv}: the agent in one maze, distractor mazes whose agents random-walk beside it),
 * then measured against the world's true state, which only the measurement reads
 * ({@link MazeEnv#POSITION}, {@link ExoMazeEnv#DISTRACTOR_POSITIONS}).
 *
 * <p><b>Data.</b> A training walk of {@link Settings#trainTransitions()} steps of the uniform random
 * policy in episodes that run to the world's step limit (each reset seeded from the run's seed):
 * the study turns the world's goal cells into plain floor ({@link MazeConfig#goalsEnd()} false), as
 * the gridworld walks of the ACDF code have no terminal cell. With the goal ending episodes the cells
 * near it were the least visited and the codes merged them (docs/ac-state.md). With
 * {@link Settings#restarts()} above 1, that many encoders train on the same walk from different initial
 * weights, and the one whose inverse loss over {@link Settings#SELECTION_BATCHES} batches of its buffer
 * is lowest is measured (a choice made on the training data alone). Every step fed to {@link AcStateEncoder#observe} with its episode end. Then
 * {@link Settings#gradientSteps()} calls of {@link AcStateEncoder#update()}. A second walk of
 * {@link Settings#evalTransitions()} steps from other seeds is held out: the encoder never sees it. A
 * walk's <em>samples</em> are every observation the world emitted in it (each reset's and each
 * step's), with the agent's and the distractors' cells.
 *
 * <p><b>Measures.</b>
 * <ul>
 *   <li><b>Purity</b>: over the held-out samples, the share whose code's majority agent cell (over the
 *       held-out samples with that code, ties to the lowest cell index) is their own cell. 1 means no
 *       code holds two cells. <b>Consistency</b>, its mirror: the share whose cell's majority code is
 *       their own code; below 1 when a cell is split over codes.</li>
 *   <li><b>Exogenous information</b>: for each distractor, a classifier from code to that distractor's
 *       cell (the majority cell per code over the training walk's samples; a code not seen there gets
 *       the training walk's majority cell), scored on the held-out samples, against chance (the
 *       training walk's majority cell, scored on the held-out samples); both averaged over the
 *       distractors.</li>
 *   <li><b>Planning</b>, the ACDF protocol (Levine, Stone and Zhang 2024; their evaluator in
 *       github.com/midi-lab/acdf): a code graph from the training walk's transitions, with an edge
 *       from code {@code c} by action {@code a} to the code most often seen next after {@code (c, a)}
 *       (ties to the lowest code). Each of {@link Settings#trials()} trials draws (seeded) a start cell
 *       and a different goal cell among the cells the agent can reach and stand on without ending the
 *       episode (no lava cell; the layout's goal cells are floor here), and two episode seeds. The goal is given as an observation:
 *       the first observation of an episode that starts the agent on the goal cell. The trial's
 *       episode starts the agent on the start cell ({@link ExoMazeEnv#startingOn}; the distractors
 *       keep their starts). <em>Open loop</em>, as ACDF's evaluator does: a breadth-first search from the
 *       start observation's code to the goal observation's code gives a sequence of actions, all
 *       executed; a success when the agent then stands on the goal cell. No path is a failure.
 *       <em>Closed loop</em>: the same episode from the same start, but before every step the current
 *       observation is encoded; when its code is the goal's code the agent stops, a success if it
 *       stands on the goal cell; otherwise it takes the first action of a fresh search, and fails when
 *       there is no path, the episode ends, or the layout's step limit is spent.</li>
 * </ul>
 *
 * <p>{@link #trueCells} runs the same measures with the agent's true cell as the code (read from the
 * observation, no learning): the ideal encoder, a check of the protocol and the reference for the
 * exogenous classifier (a code that holds only the agent's cell scores this on the distractors).
 *
 * <p>The agent's cell is its whole state only in a maze without keys (a key carried is state too), so
 * worlds with keys are refused. Observations go to the encoder in batches, one ND4J call per batch of
 * up to {@value #ENCODE_BATCH} rows (the closed loop encodes all running trials at once per step). Set
 * ND4J's threads before calling (the bench and the test use one).
 */
public final class AcStateMazeStudy {
  /** The default world: the open 5x5 room beside 8 distractor rooms, position one-hots. */
  public static final String ENV = "maze:exo-open-7x7-k8-pos";
  /** Rows per ND4J call when encoding a walk. */
  static final int ENCODE_BATCH = 2048;
  /** Moves of a maze: up, right, down, left ({@link MazeEnv}). */
  private static final int ACTIONS = 4;

  private AcStateMazeStudy() {}

  /**
   * One run's settings (the world is named apart, so one settings value serves several worlds).
   *
   * @param trainTransitions random-policy steps the encoder trains on
   * @param evalTransitions random-policy steps of the held-out walk
   * @param gradientSteps calls of {@link AcStateEncoder#update()}
   * @param trials planning trials (start, goal)
   * @param encoder the encoder's config; its bottleneck must be {@code VQ} (the measures need codes)
   * @param restarts encoders trained on the same walk from different initial weights; the one with the
   *     lowest inverse loss over {@value #SELECTION_BATCHES} batches of its own buffer is measured
   */
  public record Settings(int trainTransitions, int evalTransitions, int gradientSteps, int trials,
                         AcStateConfig encoder, int restarts) {
    /** Batches the restarts are scored on. */
    public static final int SELECTION_BATCHES = 100;

    /** One encoder, no restarts. */
    public Settings(int trainTransitions, int evalTransitions, int gradientSteps, int trials, AcStateConfig encoder) {
      this(trainTransitions, evalTransitions, gradientSteps, trials, encoder, 1);
    }

    public Settings {
      positive("restarts", restarts);
      positive("trainTransitions", trainTransitions);
      positive("evalTransitions", evalTransitions);
      if (gradientSteps < 0) {
        throw new IllegalArgumentException("ac-state maze: gradientSteps must be at least 0, got " + gradientSteps);
      }
      positive("trials", trials);
      if (encoder == null || encoder.bottleneck() != AcStateConfig.Bottleneck.VQ) {
        throw new IllegalArgumentException("ac-state maze: the encoder needs the VQ bottleneck (codes to measure), got "
            + (encoder == null ? "none" : encoder.bottleneck()));
      }
    }

    private static void positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException("ac-state maze: " + name + " must be at least 1, got " + v);
      }
    }

    /**
     * The bench's settings for {@code world} (docs/ac-state.md): 20,000 training steps, 5,000
     * held-out, 12,000 gradient steps, 1,000 trials, {@link #encoder(int)} with one code per cell the
     * agent can reach, and 2 restarts.
     */
    public static Settings bench(String world) {
      return new Settings(20_000, 5_000, 12_000, 1_000,
          encoder(reachableCells(world)).toBuilder().bufferCapacity(20_000).build(), 2);
    }

    /**
     * The encoder of the bench: {@code codes} codes, K = 3, latent width 16, hidden widths 64,
     * learning rate 0.005, batches of 128, dead-code checks every 25 steps and the latent forward loss
     * at weight 1 (docs/ac-state.md says what else was tried); the buffer is the config's default.
     */
    public static AcStateConfig encoder(int codes) {
      return AcStateConfig.builder().maxK(3).codes(codes).latentDim(16).encoderHidden(64).headHidden(64).kEmbedding(4)
          .learningRate(5e-3).batchSize(128).deadCodeWindow(25).forwardWeight(1.0).build();
    }
  }

  /**
   * What one seed gave.
   *
   * @param encoder {@code ac-state} (learned) or {@code true-cells} ({@link #trueCells})
   * @param reachableCells cells the agent can reach from the layout's start (lava cells included,
   *     not walked through)
   * @param cellsVisited distinct agent cells among the held-out samples
   * @param codes the codebook size (for {@code true-cells}, the reachable cells)
   * @param codesUsed distinct codes among the held-out samples
   * @param purity share of held-out samples whose code's majority cell is their cell
   * @param consistency share of held-out samples whose cell's majority code is their code
   * @param exoAccuracy code-to-distractor-cell accuracy on the held-out samples, mean over distractors
   * @param exoChance majority-cell accuracy on the held-out samples, mean over distractors
   * @param openLoopWins open-loop planning successes of {@code trials}
   * @param closedLoopWins closed-loop planning successes of {@code trials}
   * @param noPath trials whose goal code the search could not reach from the start code
   * @param inverseLoss the inverse loss of the last gradient step (nats); NaN without training
   * @param trainSeconds wall time to the end of training (walk and gradient steps)
   * @param seconds wall time of the whole run
   */
  public record Result(String world, String encoder, long seed, int reachableCells, int cellsVisited, int codes,
                       int codesUsed, double purity, double consistency, double exoAccuracy, double exoChance,
                       int trials, int openLoopWins, int closedLoopWins, int noPath, double inverseLoss,
                       double trainSeconds, double seconds) {
    /** Open-loop successes as a share of the trials. */
    public double openLoop() {
      return openLoopWins / (double) trials;
    }

    /** Closed-loop successes as a share of the trials. */
    public double closedLoop() {
      return closedLoopWins / (double) trials;
    }
  }

  /** The code of each observation of a batch; one call per batch. */
  @FunctionalInterface
  interface Coder {
    int[] codes(List<float[]> observations);
  }

  /**
   * Samples of one walk, and its transitions as sample indices: sample {@code from[i]}, action
   * {@code action[i]}, sample {@code to[i]} (the true successor). {@code distractorCell} is
   * {@code [distractors][samples]}.
   */
  record Walk(List<float[]> observations, int[] cell, int[][] distractorCell, int[] from, int[] action, int[] to) {}

  /**
   * The world as the study needs it: the env (goals as floor), its layout, the cells the agent can
   * reach, the ones planning may start and end on (sorted), and the size of an observation.
   */
  record Maze(ExoMazeEnv env, MazeLayout layout, int reachable, int[] plainCells, int obsDim) {
    int cells() {
      return layout.height() * layout.width();
    }
  }

  /** Trains one AC-State encoder on {@code world} with {@code seed} and measures it. */
  public static Result run(String world, Settings s, long seed) {
    return run(maze(world), s, seed);
  }

  /**
   * The measures with the agent's true cell as the code, on the same walks and trials as
   * {@link #run} with {@code seed}.
   */
  public static Result trueCells(String world, Settings s, long seed) {
    return trueCells(maze(world), s, seed);
  }

  /** The cells the agent of {@code world} can reach (the bench gives its encoder one code per cell). */
  public static int reachableCells(String world) {
    return maze(world).reachable();
  }

  static Result run(Maze maze, Settings s, long seed) {
    long began = System.nanoTime();
    Walk train = walk(maze.env(), s.trainTransitions(), new Rng(Rng.derive(seed, "acstate-maze/train")));
    AcStateEncoder enc = null;
    double inverse = Double.NaN;
    double best = Double.POSITIVE_INFINITY;
    for (int r = 0; r < s.restarts(); r++) {
      AcStateEncoder e = new AcStateEncoder(s.encoder(), maze.obsDim(), ACTIONS,
          Rng.derive(seed, "acstate-maze/encoder" + (r == 0 ? "" : "/restart" + r)));
      feed(e, train);
      double last = Double.NaN;
      for (int i = 0; i < s.gradientSteps(); i++) {
        last = e.update().inverse();
      }
      // every restart is scored on the same batches of the same walk
      double score = s.restarts() == 1 ? 0
          : e.inverseLoss(Settings.SELECTION_BATCHES, Rng.derive(seed, "acstate-maze/select"));
      if (enc == null || score < best) {
        enc = e;
        best = score;
        inverse = last;
      }
    }
    double trainSeconds = (System.nanoTime() - began) / 1e9;
    AcStateEncoder chosen = enc;
    return measure(maze, s, seed, "ac-state", obs -> codes(chosen, obs, maze.obsDim()), enc.codeCount(), enc.codeCount(),
        train, inverse, began, trainSeconds);
  }

  static Result trueCells(Maze maze, Settings s, long seed) {
    long began = System.nanoTime();
    Walk train = walk(maze.env(), s.trainTransitions(), new Rng(Rng.derive(seed, "acstate-maze/train")));
    return measure(maze, s, seed, "true-cells", trueCellCoder(maze), maze.cells(), maze.reachable(), train, Double.NaN,
        began, (System.nanoTime() - began) / 1e9);
  }

  /**
   * Every measure of the class comment for {@code coder}, whose codes lie in {@code [0, codeSpace)}
   * ({@code codes} of them reported as its codebook size); the held-out walk and the trials are
   * drawn from {@code seed}.
   */
  private static Result measure(Maze maze, Settings s, long seed, String name, Coder coder, int codeSpace, int codes,
      Walk train, double inverseLoss, long began, double trainSeconds) {
    Walk held = walk(maze.env(), s.evalTransitions(), new Rng(Rng.derive(seed, "acstate-maze/held-out")));
    int[] trainCodes = coder.codes(train.observations());
    int[] heldCodes = coder.codes(held.observations());
    int cells = maze.cells();
    double purity = purity(heldCodes, held.cell(), codeSpace, cells);
    double consistency = purity(held.cell(), heldCodes, cells, codeSpace);
    double[] exo = exogenous(trainCodes, train, heldCodes, held, codeSpace, cells);
    int[][] graph = graph(trainCodes, train, codeSpace);
    int[] planning = plan(coder, graph, maze, s.trials(), new Rng(Rng.derive(seed, "acstate-maze/trials")));
    return new Result(maze.env().spec().id(), name, seed, maze.reachable(), distinct(held.cell()), codes,
        distinct(heldCodes), purity, consistency, exo[0], exo[1], s.trials(), planning[0], planning[1], planning[2],
        inverseLoss, trainSeconds, (System.nanoTime() - began) / 1e9);
  }

  /** The world {@code id}, which must be an exogenous-noise maze without keys; one-line errors otherwise. */
  static Maze maze(String id) {
    Env<?, ?> made = EnvRegistry.make(id);
    if (!(made instanceof ExoMazeEnv env)) {
      made.close();
      throw new IllegalArgumentException("'" + id + "' is not an exogenous-noise maze (maze:exo-<layout>-k<K> or"
          + " maze:exo-<layout>-k<K>-pos, e.g. " + ENV + ")");
    }
    return maze(env);
  }

  /** {@code env} as the study needs it; refuses, in one line, a layout with keys or an egocentric view. */
  static Maze maze(ExoMazeEnv env) {
    String id = env.spec().id();
    MazeLayout layout = env.layout();
    if (!layout.colours().isEmpty()) {
      throw new IllegalArgumentException("'" + id + "' has keys; the study takes the agent's cell as its whole state,"
          + " which holds only in a maze without keys");
    }
    if (env.config().observation() == ObservationMode.EGOCENTRIC) {
      throw new IllegalArgumentException("'" + id + "' is seen through an egocentric window; the study needs full or"
          + " position observations (it reads the true cell from them for the true-cells reference)");
    }
    ExoMazeEnv walks = env.withConfig(env.config().withGoalsEnd(false));
    int w = layout.width();
    boolean[] seen = new boolean[layout.height() * w];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int start = layout.start().index(w);
    seen[start] = true;
    queue.add(start);
    List<Integer> plain = new ArrayList<>();
    int reachable = 0;
    int[] delta = {-w, 1, w, -1};
    while (!queue.isEmpty()) {
      int c = queue.poll();
      reachable++;
      char ch = layout.charAt(c / w, c % w);
      if (ch == '~') {
        continue; // lava ends the episode: reachable, but not walked through
      }
      plain.add(c);
      for (int d : delta) {
        int n = c + d;
        char nc = layout.charAt(n / w, n % w); // the outer ring is wall, so n stays inside
        if (!seen[n] && nc != '#' && nc != 'T') {
          seen[n] = true;
          queue.add(n);
        }
      }
    }
    Collections.sort(plain);
    int obsDim = ((Box) env.spec().observationSpace()).size();
    return new Maze(walks, layout, reachable, plain.stream().mapToInt(Integer::intValue).toArray(), obsDim);
  }

  /** {@code transitions} steps of the uniform random policy, a new episode (seeded from {@code rng}) after each end. */
  static Walk walk(ExoMazeEnv env, int transitions, Rng rng) {
    int k = env.distractorCount();
    int w = env.layout().width();
    List<float[]> obs = new ArrayList<>();
    List<int[]> cells = new ArrayList<>();
    int[] from = new int[transitions];
    int[] action = new int[transitions];
    int[] to = new int[transitions];
    boolean running = false;
    for (int t = 0; t < transitions; t++) {
      if (!running) {
        Reset<float[]> r = env.reset(rng.nextLong());
        obs.add(r.observation());
        cells.add(cells(r.info().require(MazeEnv.POSITION), r.info().require(ExoMazeEnv.DISTRACTOR_POSITIONS), w));
        running = true;
      }
      int a = rng.nextInt(ACTIONS);
      Step<float[]> st = env.step(a);
      from[t] = obs.size() - 1;
      action[t] = a;
      obs.add(st.observation());
      cells.add(cells(st.info().require(MazeEnv.POSITION), st.info().require(ExoMazeEnv.DISTRACTOR_POSITIONS), w));
      to[t] = obs.size() - 1;
      running = !st.done();
    }
    int n = obs.size();
    int[] cell = new int[n];
    int[][] distractor = new int[k][n];
    for (int i = 0; i < n; i++) {
      int[] c = cells.get(i);
      cell[i] = c[0];
      for (int d = 0; d < k; d++) {
        distractor[d][i] = c[d + 1];
      }
    }
    return new Walk(obs, cell, distractor, from, action, to);
  }

  /** The agent's cell, then each distractor's, as flat indices. */
  private static int[] cells(GridPos agent, GridPos[] distractors, int width) {
    int[] c = new int[distractors.length + 1];
    c[0] = agent.index(width);
    for (int d = 0; d < distractors.length; d++) {
      c[d + 1] = distractors[d].index(width);
    }
    return c;
  }

  /**
   * Every transition of {@code walk} to the encoder, in order. A transition ends its episode when the
   * next one does not start from its successor; the walk's last one is left open (the buffer clamps
   * the newest episode to its newest step).
   */
  static void feed(AcStateEncoder enc, Walk walk) {
    int n = walk.from().length;
    for (int t = 0; t < n; t++) {
      boolean ends = t + 1 < n && walk.from()[t + 1] != walk.to()[t];
      List<float[]> obs = walk.observations();
      enc.observe(obs.get(walk.from()[t]), walk.action()[t], obs.get(walk.to()[t]), ends);
    }
  }

  /** The code of each observation, {@value #ENCODE_BATCH} rows per ND4J call. */
  static int[] codes(AcStateEncoder enc, List<float[]> observations, int obsDim) {
    int n = observations.size();
    int[] out = new int[n];
    for (int lo = 0; lo < n; lo += ENCODE_BATCH) {
      int rows = Math.min(ENCODE_BATCH, n - lo);
      float[] flat = new float[rows * obsDim];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(observations.get(lo + i), 0, flat, i * obsDim, obsDim);
      }
      int[] c = enc.codes(Nd4j.create(flat, new long[] {rows, obsDim}, 'c'));
      System.arraycopy(c, 0, out, lo, rows);
    }
    return out;
  }

  /**
   * The agent's cell read from each observation: in position mode the first {@code H*W} values are
   * its one-hot cell; in full mode the agent channel (4 of {@code 5 + 2 * colours}, {@link MazeEnv})
   * of the agent's maze, which comes first.
   */
  static Coder trueCellCoder(Maze maze) {
    int cells = maze.cells();
    boolean position = maze.env().config().observation() == ObservationMode.POSITION;
    int channels = 5 + 2 * maze.layout().colours().length();
    return observations -> {
      int[] out = new int[observations.size()];
      for (int i = 0; i < out.length; i++) {
        float[] x = observations.get(i);
        int best = 0;
        for (int c = 1; c < cells; c++) {
          if (value(x, c, position, channels) > value(x, best, position, channels)) {
            best = c;
          }
        }
        out[i] = best;
      }
      return out;
    };
  }

  private static float value(float[] x, int cell, boolean position, int channels) {
    return position ? x[cell] : x[cell * channels + 4];
  }

  /**
   * The share of samples whose group's majority label (ties to the lowest label) is their own label:
   * {@code group[i]} in {@code [0, groups)}, {@code label[i]} in {@code [0, labels)}.
   */
  static double purity(int[] group, int[] label, int groups, int labels) {
    int[][] counts = new int[groups][labels];
    for (int i = 0; i < group.length; i++) {
      counts[group[i]][label[i]]++;
    }
    long pure = 0;
    for (int[] row : counts) {
      pure += Arrays.stream(row).max().orElse(0);
    }
    return pure / (double) group.length;
  }

  /**
   * {@code [accuracy, chance]} of predicting each distractor's cell from the code, fitted on
   * {@code fit} and scored on {@code score}, means over the distractors (see the class comment).
   */
  static double[] exogenous(int[] fitCodes, Walk fit, int[] scoreCodes, Walk score, int codes, int cells) {
    int k = fit.distractorCell().length;
    double accuracy = 0;
    double chance = 0;
    for (int d = 0; d < k; d++) {
      int[] fitCells = fit.distractorCell()[d];
      int[][] counts = new int[codes][cells];
      int[] overall = new int[cells];
      for (int i = 0; i < fitCodes.length; i++) {
        counts[fitCodes[i]][fitCells[i]]++;
        overall[fitCells[i]]++;
      }
      int majority = argmax(overall);
      int[] predict = new int[codes];
      for (int c = 0; c < codes; c++) {
        predict[c] = Arrays.stream(counts[c]).sum() == 0 ? majority : argmax(counts[c]);
      }
      int[] scoreCells = score.distractorCell()[d];
      int right = 0;
      int base = 0;
      for (int i = 0; i < scoreCodes.length; i++) {
        right += predict[scoreCodes[i]] == scoreCells[i] ? 1 : 0;
        base += majority == scoreCells[i] ? 1 : 0;
      }
      accuracy += right / (double) scoreCodes.length / k;
      chance += base / (double) scoreCodes.length / k;
    }
    return new double[] {accuracy, chance};
  }

  /** Number of distinct values. */
  private static int distinct(int[] v) {
    return (int) Arrays.stream(v).distinct().count();
  }

  /** Index of the largest value, the lowest index on ties. */
  private static int argmax(int[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * {@code [codes][4]}: the code most often seen next after (code, action) in {@code walk}, ties to
   * the lowest; -1 where (code, action) never occurred. ACDF's evaluator builds its graph the same
   * way. (Every observed successor as an edge was tried too: the few impure samples then add wrong
   * shortcuts, and open-loop planning fell to about a quarter.)
   */
  static int[][] graph(int[] walkCodes, Walk walk, int codes) {
    int[][][] counts = new int[codes][ACTIONS][codes];
    for (int t = 0; t < walk.from().length; t++) {
      counts[walkCodes[walk.from()[t]]][walk.action()[t]][walkCodes[walk.to()[t]]]++;
    }
    int[][] next = new int[codes][ACTIONS];
    for (int c = 0; c < codes; c++) {
      for (int a = 0; a < ACTIONS; a++) {
        next[c][a] = Arrays.stream(counts[c][a]).sum() == 0 ? -1 : argmax(counts[c][a]);
      }
    }
    return next;
  }

  /**
   * The actions of a shortest path from code {@code from} to code {@code to} in {@code graph}
   * (breadth-first, actions tried in order, so the same graph gives the same path); empty when they
   * are equal, null when there is none.
   */
  static int[] search(int[][] graph, int from, int to) {
    if (from == to) {
      return new int[0];
    }
    int[] parent = new int[graph.length];
    int[] via = new int[graph.length];
    Arrays.fill(parent, -1);
    parent[from] = from;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(from);
    while (!queue.isEmpty()) {
      int c = queue.poll();
      for (int a = 0; a < graph[c].length; a++) {
        int n = graph[c][a];
        if (n < 0 || parent[n] >= 0) {
          continue;
        }
        parent[n] = c;
        via[n] = a;
        if (n == to) {
          int length = 0;
          for (int x = to; x != from; x = parent[x]) {
            length++;
          }
          int[] path = new int[length];
          for (int x = to; x != from; x = parent[x]) {
            path[--length] = via[x];
          }
          return path;
        }
        queue.add(n);
      }
    }
    return null;
  }

  /** {@code [open-loop wins, closed-loop wins, trials without a path]} over {@code trials} (see the class comment). */
  static int[] plan(Coder coder, int[][] graph, Maze maze, int trials, Rng rng) {
    int[] plain = maze.plainCells();
    if (plain.length < 2) {
      throw new IllegalArgumentException("planning needs two cells the agent can stand on, '"
          + maze.env().spec().id() + "' has " + plain.length);
    }
    int w = maze.layout().width();
    int[] start = new int[trials];
    int[] goal = new int[trials];
    long[] episodeSeed = new long[trials];
    List<float[]> startObs = new ArrayList<>(trials);
    List<float[]> goalObs = new ArrayList<>(trials);
    for (int i = 0; i < trials; i++) {
      int s = rng.nextInt(plain.length);
      int g = rng.nextInt(plain.length - 1);
      start[i] = plain[s];
      goal[i] = plain[g >= s ? g + 1 : g]; // uniform over the cells other than the start
      episodeSeed[i] = rng.nextLong();
      long goalSeed = rng.nextLong();
      goalObs.add(env(maze, goal[i]).reset(goalSeed).observation());
      startObs.add(env(maze, start[i]).reset(episodeSeed[i]).observation());
    }
    int[] startCodes = coder.codes(startObs);
    int[] goalCodes = coder.codes(goalObs);

    int open = 0;
    int noPath = 0;
    for (int i = 0; i < trials; i++) {
      int[] path = search(graph, startCodes[i], goalCodes[i]);
      if (path == null) {
        noPath++;
        continue;
      }
      ExoMazeEnv e = env(maze, start[i]);
      GridPos at = e.reset(episodeSeed[i]).info().require(MazeEnv.POSITION);
      boolean ended = false;
      for (int j = 0; j < path.length && !ended; j++) {
        Step<float[]> st = e.step(path[j]);
        at = st.info().require(MazeEnv.POSITION);
        ended = st.done();
      }
      open += !ended && at.index(w) == goal[i] ? 1 : 0;
    }
    int closed = closedLoop(coder, graph, maze, start, goal, goalCodes, episodeSeed);
    return new int[] {open, closed, noPath};
  }

  /** Closed-loop successes: every running trial's observation encoded in one call per step. */
  private static int closedLoop(Coder coder, int[][] graph, Maze maze, int[] start,
      int[] goal, int[] goalCodes, long[] episodeSeed) {
    int trials = start.length;
    int w = maze.layout().width();
    int budget = maze.env().spec().maxEpisodeSteps();
    ExoMazeEnv[] envs = new ExoMazeEnv[trials];
    float[][] obs = new float[trials][];
    int[] cell = new int[trials];
    boolean[] ended = new boolean[trials];
    List<Integer> running = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      envs[i] = env(maze, start[i]);
      Reset<float[]> r = envs[i].reset(episodeSeed[i]);
      obs[i] = r.observation();
      cell[i] = r.info().require(MazeEnv.POSITION).index(w);
      running.add(i);
    }
    int wins = 0;
    for (int step = 0; !running.isEmpty(); step++) {
      List<float[]> now = new ArrayList<>(running.size());
      for (int i : running) {
        now.add(obs[i]);
      }
      int[] code = coder.codes(now);
      List<Integer> still = new ArrayList<>();
      for (int j = 0; j < code.length; j++) {
        int i = running.get(j);
        if (code[j] == goalCodes[i]) {
          wins += cell[i] == goal[i] ? 1 : 0; // the agent believes it has arrived
          continue;
        }
        int[] path = ended[i] || step == budget ? null : search(graph, code[j], goalCodes[i]);
        if (path == null) {
          continue;
        }
        Step<float[]> st = envs[i].step(path[0]);
        obs[i] = st.observation();
        cell[i] = st.info().require(MazeEnv.POSITION).index(w);
        ended[i] = st.done();
        still.add(i);
      }
      running = still;
    }
    return wins;
  }

  /** A new world like {@code maze}'s with its agent starting on {@code cell}; the distractors keep their starts. */
  private static ExoMazeEnv env(Maze maze, int cell) {
    int w = maze.layout().width();
    return maze.env().startingOn(new GridPos(cell / w, cell % w));
  }

}
