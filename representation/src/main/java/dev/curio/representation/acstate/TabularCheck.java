package dev.curio.representation.acstate;

import dev.curio.core.Rng;
import java.util.Locale;

/**
 * The exact tabular check of AC-State: for each data size and horizon K, how often an exhaustive
 * search over all encoders ({@link ExhaustiveSearch}) recovers the true control-endogenous encoder
 * of a {@link TabularWorld}, with the multi-step inverse objective alone (AC-State, Lamb et al. 2022)
 * and with the forward term (ACDF, Levine, Stone and Zhang 2024, arXiv 2403.11940). One simulation
 * draws a fit data set and a held-out score data set, each one random walk of the given number of
 * transitions, and searches once for all horizons; the table counts simulations.
 *
 * <p>Seeds: simulation {@code i} draws its fit walk from {@code Rng.derive(seed, "acstate/fit/" + i)}
 * and its score walk from {@code Rng.derive(seed, "acstate/score/" + i)}, so a simulation's data at
 * 100 transitions are the first 100 of its data at 1600 (common random numbers across sizes: the
 * trend with data is measured on the same walks), and a run is the same on every machine.
 */
public final class TabularCheck {
  private TabularCheck() {}

  /** The paper's data sizes (transitions per data set). */
  public static final int[] PAPER_TRANSITIONS = {100, 200, 400, 800, 1600};

  /**
   * What to run.
   *
   * @param world the tabular world
   * @param transitions data sizes, transitions in each of the fit and the score data set; each at
   *     least {@code maxK}
   * @param maxK horizons {@code K = 1 .. maxK} are all scored, at least 1
   * @param simulations independent simulations per data size, at least 1
   * @param seed the run seed
   * @param episodeLength transitions per episode, at least 1; {@link Integer#MAX_VALUE} gives one
   *     unbroken walk per data set, as the paper
   * @param tolerance the size rule's relative tolerance ({@link ExhaustiveSearch#PAPER_TOLERANCE})
   */
  public record Config(
      TabularWorld world, int[] transitions, int maxK, int simulations, long seed, int episodeLength,
      double tolerance) {
    /** Validates every field; messages name the field and the bad value. */
    public Config {
      if (world == null) {
        throw new IllegalArgumentException("world must not be null");
      }
      if (maxK < 1) {
        throw new IllegalArgumentException("maxK must be at least 1, got " + maxK);
      }
      if (transitions == null || transitions.length == 0) {
        throw new IllegalArgumentException("transitions must list at least one data size");
      }
      transitions = transitions.clone();
      for (int t : transitions) {
        if (t < maxK) {
          throw new IllegalArgumentException("transitions must each be at least maxK = " + maxK + ", got " + t);
        }
      }
      if (simulations < 1) {
        throw new IllegalArgumentException("simulations must be at least 1, got " + simulations);
      }
      if (episodeLength < maxK) {
        throw new IllegalArgumentException("episodeLength must be at least maxK = " + maxK + ", got " + episodeLength);
      }
      if (!(tolerance >= 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
      }
    }

    /**
     * The paper's protocol for {@code world}: sizes 100 to 1600, K up to 5, 50 simulations, one walk
     * per data set, tolerance 0.1%.
     */
    public static Config paper(TabularWorld world, long seed) {
      return new Config(world, PAPER_TRANSITIONS, 5, 50, seed, Integer.MAX_VALUE, ExhaustiveSearch.PAPER_TOLERANCE);
    }

    /** A copy of the data sizes. */
    @Override
    public int[] transitions() {
      return transitions.clone();
    }

    /** The same run with other data sizes and number of simulations. */
    public Config with(int[] sizes, int sims) {
      return new Config(world, sizes, maxK, sims, seed, episodeLength, tolerance);
    }
  }

  /**
   * The counts of a run, {@code [size index][K - 1]}: of {@code simulations} simulations, how many
   * selected the true encoder as the unique minimiser ({@code *Correct}, the paper's "minimal
   * correct") and how many selected an encoder that merges no two true codes ({@code *Consistent},
   * the paper's "any correct"), without and with the forward term.
   */
  public record Table(
      Config config, int[][] inverseCorrect, int[][] forwardCorrect, int[][] inverseConsistent,
      int[][] forwardConsistent) {
    /** Copies the arrays. */
    public Table {
      inverseCorrect = deepCopy(inverseCorrect);
      forwardCorrect = deepCopy(forwardCorrect);
      inverseConsistent = deepCopy(inverseConsistent);
      forwardConsistent = deepCopy(forwardConsistent);
    }

    /** Simulations that recovered the true encoder at {@code config().transitions()[size]} and K. */
    public int correct(int size, int k, boolean forward) {
      return (forward ? forwardCorrect : inverseCorrect)[size][k - 1];
    }

    /** Simulations whose selection merged no two true codes. */
    public int consistent(int size, int k, boolean forward) {
      return (forward ? forwardConsistent : inverseConsistent)[size][k - 1];
    }

    /** {@link #correct} as a share of the simulations. */
    public double successRate(int size, int k, boolean forward) {
      return correct(size, k, forward) / (double) config.simulations();
    }

    /** A copy, {@code [size index][K - 1]}. */
    @Override
    public int[][] inverseCorrect() {
      return deepCopy(inverseCorrect);
    }

    /** A copy, {@code [size index][K - 1]}. */
    @Override
    public int[][] forwardCorrect() {
      return deepCopy(forwardCorrect);
    }

    /** A copy, {@code [size index][K - 1]}. */
    @Override
    public int[][] inverseConsistent() {
      return deepCopy(inverseConsistent);
    }

    /** A copy, {@code [size index][K - 1]}. */
    @Override
    public int[][] forwardConsistent() {
      return deepCopy(forwardConsistent);
    }

    /**
     * A Markdown table: one row per data size, one column per K and objective, each cell the success
     * rate in percent (the share of simulations that recovered the true encoder).
     */
    public String toMarkdown() {
      return toMarkdown(false);
    }

    /**
     * {@link #toMarkdown()}, or with {@code consistent} the share of simulations whose selected
     * encoder merged no two true codes (correct or finer, the paper's "any correct").
     */
    public String toMarkdown(boolean consistent) {
      StringBuilder sb = new StringBuilder();
      int maxK = config.maxK();
      sb.append("| transitions |");
      for (int k = 1; k <= maxK; k++) {
        sb.append(" AC-State K=").append(k).append(" |");
      }
      for (int k = 1; k <= maxK; k++) {
        sb.append(" ACDF K=").append(k).append(" |");
      }
      sb.append('\n').append("|---|");
      sb.append("---|".repeat(2 * maxK)).append('\n');
      int[] sizes = config.transitions();
      for (int s = 0; s < sizes.length; s++) {
        sb.append("| ").append(sizes[s]).append(" |");
        for (int f = 0; f < 2; f++) {
          for (int k = 1; k <= maxK; k++) {
            int n = consistent ? consistent(s, k, f == 1) : correct(s, k, f == 1);
            sb.append(String.format(Locale.ROOT, " %d%% |", Math.round(100.0 * n / config.simulations())));
          }
        }
        sb.append('\n');
      }
      return sb.toString();
    }

    private static int[][] deepCopy(int[][] a) {
      int[][] c = new int[a.length][];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i].clone();
      }
      return c;
    }
  }

  /** Runs every simulation at every data size; single-threaded and deterministic. */
  public static Table run(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    int[] sizes = config.transitions();
    int maxK = config.maxK();
    int[][][] counts = new int[4][sizes.length][maxK];
    int[] truth = config.world().truePartition();
    for (int s = 0; s < sizes.length; s++) {
      for (int i = 0; i < config.simulations(); i++) {
        ExhaustiveSearch.Result r = simulate(config, sizes[s], i, truth);
        for (int k = 1; k <= maxK; k++) {
          ExhaustiveSearch.Selection inv = r.at(k, false);
          ExhaustiveSearch.Selection fwd = r.at(k, true);
          counts[0][s][k - 1] += inv.success() ? 1 : 0;
          counts[1][s][k - 1] += fwd.success() ? 1 : 0;
          counts[2][s][k - 1] += inv.consistent() ? 1 : 0;
          counts[3][s][k - 1] += fwd.consistent() ? 1 : 0;
        }
      }
    }
    return new Table(config, counts[0], counts[1], counts[2], counts[3]);
  }

  /**
   * One simulation: the fit and score walks of simulation {@code index} at {@code transitions}, and
   * the search over all encoders.
   */
  public static ExhaustiveSearch.Result simulate(Config config, int transitions, int index) {
    return simulate(config, transitions, index, config.world().truePartition());
  }

  private static ExhaustiveSearch.Result simulate(Config config, int transitions, int index, int[] truth) {
    if (transitions < config.maxK()) {
      throw new IllegalArgumentException("transitions must be at least maxK = " + config.maxK() + ", got " + transitions);
    }
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    TabularWorld w = config.world();
    int episode = config.episodeLength();
    Rng fitRng = new Rng(Rng.derive(config.seed(), "acstate/fit/" + index));
    Rng scoreRng = new Rng(Rng.derive(config.seed(), "acstate/score/" + index));
    KStepCounts fit = KStepCounts.of(w.sample(transitions, episode, fitRng), config.maxK());
    KStepCounts score = KStepCounts.of(w.sample(transitions, episode, scoreRng), config.maxK());
    return ExhaustiveSearch.run(new TabularObjective(fit, score), truth, config.tolerance());
  }
}
