package dev.curio.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * A claim being stated: {@code .solves(target).within(steps(n)).inAtLeast(k).of(n).seeds()}. Nothing
 * trains until {@link SeedCount#seeds()}, which runs the seeds, decides the claim and throws
 * {@link AssertionFailedError} with a per-seed report when it does not hold.
 */
public final class Claim {
  private final AgentSpec agent;
  private final AgentSpec rival;
  private final World world;
  private Target target;
  private long budget;
  private int atLeast;
  private int window = 20;
  private int threads = Runtime.getRuntime().availableProcessors();

  Claim(AgentSpec agent, AgentSpec rival, World world) {
    this.agent = agent;
    this.rival = rival;
    this.world = world;
  }

  /** What solving means: {@code successRate(0.9)} or {@code meanReturn(195)}. */
  public Claim solves(Target target) {
    this.target = Objects.requireNonNull(target, "target");
    return this;
  }

  /** The step budget of each seed: {@code within(steps(200_000))}; the target must be reached by then. */
  public Claim within(long steps) {
    this.budget = Claims.steps(steps);
    return this;
  }

  /** Finished episodes in the rolling mean the target is judged on (default 20). */
  public Claim overEpisodes(int episodes) {
    if (episodes < 1) {
      throw new IllegalArgumentException("the episode window must be >= 1, got " + episodes);
    }
    this.window = episodes;
    return this;
  }

  /** Seeds trained at once (default: the number of cores); each seed's run is the same whatever runs beside it. */
  public Claim inParallel(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("inParallel needs at least 1 thread, got " + threads);
    }
    this.threads = threads;
    return this;
  }

  /** How many seeds must reach the target. */
  public Claim inAtLeast(int k) {
    this.atLeast = k;
    return this;
  }

  /** Out of how many seeds. */
  public SeedCount of(int n) {
    return new SeedCount(n);
  }

  /** The seed count; {@link #seeds()} runs the claim. */
  public final class SeedCount {
    private final int n;

    private SeedCount(int n) {
      this.n = n;
    }

    /** Runs seeds 1 to n and checks the claim. */
    public Verdict seeds() {
      return seedsFrom(1);
    }

    /** Runs seeds {@code first} to {@code first + n - 1} and checks the claim. */
    public Verdict seedsFrom(long first) {
      check(n);
      long[] seeds = new long[n];
      for (int i = 0; i < n; i++) {
        seeds[i] = first + i;
      }
      return run(seeds);
    }
  }

  private void check(int n) {
    if (target == null) {
      throw new IllegalArgumentException("the claim needs a target: .solves(successRate(...)) or .solves(meanReturn(...))");
    }
    if (budget <= 0) {
      throw new IllegalArgumentException("the claim needs a step budget: .within(steps(...))");
    }
    if (n < 1) {
      throw new IllegalArgumentException("of(" + n + "): a claim needs at least one seed");
    }
    if (atLeast < 1 || atLeast > n) {
      throw new IllegalArgumentException("inAtLeast(" + atLeast + ").of(" + n + "): k must be between 1 and n");
    }
  }

  private Verdict run(long[] seeds) {
    String statement = statement(seeds.length);
    Path reports = Reports.directoryFor(Reports.currentTest());
    SeedRunner runner = new SeedRunner(world, target, budget, window, threads, atLeast);
    List<SeedResult> mine = runner.run(agent, seeds, reports);
    int passed = count(mine);
    // a comparison the agent already lost is decided: its rival does not train
    List<SeedResult> theirs = rival == null || passed < atLeast ? List.of() : runner.run(rival, seeds, reports);
    boolean holds = passed >= atLeast && (rival == null || count(theirs) < atLeast);
    String outcome = rival == null
        ? String.format(Locale.ROOT, "reached in %d of %d seeds, needed %d%s", passed, seeds.length, atLeast,
            undecided(mine))
        : passed < atLeast
        ? String.format(Locale.ROOT, "%s reached it in %d of %d seeds, needed %d%s (%s not trained)", agent.name(),
            passed, seeds.length, atLeast, undecided(mine), rival.name())
        : String.format(Locale.ROOT, "%s reached it in %d of %d seeds (needed %d), %s in %d (needed fewer than %d)",
            agent.name(), passed, seeds.length, atLeast, rival.name(), count(theirs), atLeast);
    Verdict verdict = new Verdict(holds, statement, outcome, mine, theirs);
    if (!holds) {
      throw new AssertionFailedError(verdict.report());
    }
    System.out.println("curio-testkit: " + verdict.summary());
    return verdict;
  }

  private String statement(int n) {
    String who = rival == null ? agent.name() : agent.name() + " (and not " + rival.name() + ")";
    return String.format(Locale.ROOT, "%s reaches %s on %s within %s steps in at least %d of %d seeds", who,
        target.describe(), world.id(), Format.steps(budget), atLeast, n);
  }

  /** ", 2 not needed (the claim was decided)" for seeds stopped or never run once the claim was decided. */
  private static String undecided(List<SeedResult> results) {
    long n = results.stream().filter(r -> r.status() == SeedResult.Status.STOPPED
        || r.status() == SeedResult.Status.NOT_RUN).count();
    return n == 0 ? "" : String.format(Locale.ROOT, " (%d not needed: the claim was decided)", n);
  }

  private static int count(List<SeedResult> results) {
    int c = 0;
    for (SeedResult r : results) {
      if (r.reached()) {
        c++;
      }
    }
    return c;
  }

  /** For messages: the rows of both agents' seeds. */
  static List<String> rows(List<SeedResult> results) {
    List<String> out = new ArrayList<>();
    results.forEach(r -> out.add(r.describe()));
    return out;
  }
}
