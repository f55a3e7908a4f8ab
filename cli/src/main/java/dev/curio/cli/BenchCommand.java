package dev.curio.cli;

import dev.curio.agents.net.Backend;
import dev.curio.bench.AcStateMazeStudy;
import dev.curio.bench.CeilingStudy;
import dev.curio.bench.HarvestStudy;
import dev.curio.bench.InfluenceStudy;
import dev.curio.bench.NoisyTvStudy;
import dev.curio.bench.PopArtStudy;
import dev.curio.bench.PopArtToy;
import dev.curio.bench.Rl4jStudy;
import dev.curio.bench.SpsStudy;
import dev.curio.bench.jmh.JmhSuite;
import dev.curio.loop.io.AtomicFiles;
import dev.curio.loop.io.ConfigLoader;
import dev.curio.envs.Env;
import dev.curio.gym.Gym;
import dev.curio.gym.GymConfig;
import dev.curio.gym.GymException;
import dev.curio.gym.GymServer;
import dev.curio.gym.GymTiming;
import dev.curio.loop.LoopProfile;
import dev.curio.loop.RunEnd;
import dev.curio.loop.TrainingLoop;
import dev.curio.loop.TrainConfig;
import dev.curio.representation.acstate.TabularCheck;
import dev.curio.representation.acstate.TabularWorld;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code curio bench SUITE}: runs a named measurement, prints one row per run and ends with one
 * summary line; results also go to {@code <out>/results.csv}. docs/performance.md gives the command
 * behind each of its numbers.
 */
@Command(name = "bench", sortOptions = false,
    description = {"Run a named measurement suite and print its results.",
        "Suites: noisy-tv (TV presses and success per agent on " + NoisyTvStudy.ENV + ", or steps beside the TV"
            + " on " + NoisyTvStudy.MAZE_ENV + " or " + NoisyTvStudy.TRAP_ENV + " with --envs),",
        "  sps (env steps per second with learning, time profile and memory per env, agent and N),",
        "  profile (where the time of PPO+RND on DoorKey-8x8 with 32 envs goes),",
        "  latency (policy forward at batch 1 and 32, one minibatch update),",
        "  ceiling (latency's cases beside the hardware limit: FLOPs, ND4J ops, ND4J's GEMM rate and per-op"
            + " dispatch time on this CPU, the floor they imply and measured/floor),",
        "  rl4j (RL4J's DQN and A3C against Curio PPO on CartPole, in the same run),",
        "  sample-efficiency (env steps to a target return over seeds: CartPole to 475, DoorKey-8x8 or other MiniGrid worlds"
            + " with --envs to 0.9),",
        "  continuous (PPO with a Gaussian policy on Pendulum-v1, built-in and gym:, mean return after 200k steps),",
        "  gym (microseconds per step of every supported gym id: in the JVM, over HTTP, and gym alone in Python),",
        "  popart (van Hasselt et al.'s binary-regression toy, SGD against PopArt; and one PPO policy on two tasks"
            + " of reward scales 1 and 1000 with ppo.valueNorm popart, shared and none),",
        "  influence (speaker-listener: PPO on the shared reward against PPO plus the speaker's social influence,"
            + " from a model of other agents, centralised, and on a cheap-talk message (comm); success over time,"
            + " steps to 0.9, bits between the heard word (comm: message) and the listener's move),",
        "  ac-state (tabular: the exact tabular check of multi-step inverse models, how often exhaustive search over"
            + " every encoder recovers the true one, AC-State against ACDF, by data size and K; neural: the AC-State"
            + " encoder on " + AcStateMazeStudy.ENV + ", code purity, distractor information and planning on the"
            + " code graph; --agents tabular or neural for one),",
        "  jmh (JMH microbenchmarks: policy forward, PPO minibatch update, reward modules, vector env step,"
            + " world step, GAE),",
        "  distributed (IMPALA with 1, 2 and 4 actors as threads and as actor JVMs on loopback, on " + BenchCommand.CARTPOLE
            + " and on it slowed by 1 ms a step: env steps/s, learner updates/s, the learner's wait for rollouts,"
            + " bytes sent per second; --agents threads or jvms for one mode)."})
public final class BenchCommand implements Callable<Integer> {
  static final List<String> SUITES = List.of("noisy-tv", "sps", "profile", "latency", "ceiling", "rl4j", "sample-efficiency",
      "continuous", "gym", "jmh", "popart", "influence", "ac-state", "distributed");
  /** The cases of the ac-state suite. */
  static final List<String> AC_STATE_CASES = List.of("tabular", "neural");
  static final List<String> PENDULUMS = List.of("Pendulum-v1", "gym:Pendulum-v1");
  static final String DOORKEY = "MiniGrid-DoorKey-8x8-v0";
  static final String CARTPOLE = "CartPole-v1";
  /** The slow world of the distributed suite: CartPole whose every step waits 1 ms, as on a simulator. */
  static final String SLOW_CARTPOLE = "slow:1ms:" + CARTPOLE;
  /** Env steps the learner learns per case of the distributed suite by default. */
  static final long DISTRIBUTED_STEPS = 16_384;
  /** Joint steps per Harvest run of the influence suite by default. */
  static final long HARVEST_STEPS = 100_000;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SUITE", description = "The suite to run: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Suites.class)
  String suite;

  @Option(names = "--seeds", paramLabel = "N,N,...", split = ",",
      description = "Seeds, one run per case and seed (default: noisy-tv, popart and influence on harvest 1,2,3;"
          + " sample-efficiency and influence 1-5; ac-state 0 for tabular and 1,2,3 for neural; others 1).")
  List<Long> seeds;

  @Option(names = "--steps", paramLabel = "N",
      description = "Env steps per run: the budget of a training run, or the timed steps of sps/profile"
          + " (defaults: noisy-tv 100000, sps 8192, profile 32768, rl4j 30000, sample-efficiency 100000 on"
          + " CartPole and 2x that on MiniGrid worlds, popart 200000 per two-task run, influence 400000 on speaker-listener and 100000 on harvest-4); gym: timed steps per id in the"
          + " JVM and in Python (default 20000), a tenth of that over HTTP; distributed: env steps the learner"
          + " learns per case (default " + DISTRIBUTED_STEPS + ").")
  Long steps;

  @Option(names = "--agents", paramLabel = "A,A,...", split = ",",
      description = "Agents to compare (default: every agent of the suite; noisy-tv also knows ppo+count,"
          + " ppo+noveld, ppo+disagreement and the AC-State agents ppo+rnd@ac-state, ppo+rfs@ac-state,"
          + " ppo+count@ac-state).")
  List<String> agents;

  @Option(names = "--envs", paramLabel = "ID,ID,...", split = ",",
      description = "Worlds for sps, latency and ceiling (default " + DOORKEY + "," + CARTPOLE + "); for rl4j: "
          + "rl4j:CartpoleNative,CartPole-v1; for noisy-tv one of " + NoisyTvStudy.ENV + " (default), "
          + NoisyTvStudy.MAZE_ENV + ", " + NoisyTvStudy.TRAP_ENV + ", " + NoisyTvStudy.EXO_ENV + "; for popart the tasks (default "
          + PopArtStudy.HARD_TASK + "," + PopArtStudy.EASY_TASK + ", reward scales 1,1000 unless tasks.rewardScale is set);"
          + " for influence " + InfluenceStudy.ENV + " (default) or " + HarvestStudy.ENV + " (written to harvest.csv);"
          + " for ac-state's neural case one exogenous-noise maze (default " + AcStateMazeStudy.ENV + "); for"
          + " sample-efficiency " + CARTPOLE + " and MiniGrid worlds (default " + CARTPOLE + "," + DOORKEY + "); for distributed"
          + " the worlds (default " + CARTPOLE + "," + SLOW_CARTPOLE + ").")
  List<String> envs;

  @Option(names = "--num-envs", paramLabel = "N,N,...", split = ",",
      description = "Env counts N for sps (default 1,8,32).")
  List<Integer> numEnvs;

  @Option(names = "--actors", paramLabel = "N,N,...", split = ",",
      description = "distributed: the actor counts (default 1,2,4); each must divide numEnvs (8 unless set).")
  List<Integer> actors;

  @Option(names = "--include", paramLabel = "REGEX",
      description = "jmh: benchmarks whose method name matches (default: all).")
  String include;

  @Option(names = "--quick", description = "jmh: one short iteration in this JVM; ceiling: a few repeats of each"
      + " timing (a smoke run, not numbers).")
  boolean quick;

  @Option(names = "--config", paramLabel = "FILE", description = "Base training config (YAML or JSON) for the agents.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a key of the base training config. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Where results.csv goes: a new or empty directory (default runs/bench-SUITE, or runs/bench-SUITE-2, -3, ... once it holds files).")
  Path out;

  static final class Suites extends ArrayList<String> {
    Suites() {
      super(SUITES);
    }
  }

  private PrintWriter o;

  @Override
  public Integer call() {
    if (!SUITES.contains(suite)) {
      throw new UserError("unknown suite '" + suite + "' (known: " + String.join(", ", SUITES) + ")");
    }
    if (steps != null && steps < 4) {
      throw new UserError("--steps must be at least 4, got " + steps);
    }
    // a value named twice would run (and write) its cases twice
    noRepeats("--seeds", seeds);
    noRepeats("--agents", agents);
    noRepeats("--envs", envs);
    noRepeats("--num-envs", numEnvs);
    noRepeats("--actors", actors);
    // the outermost directory this run will make (runs/ on a first bench), removed again with the output if empty
    Path outermost = firstMissing(out != null ? out : Path.of("runs", "bench-" + suite));
    Output chosen = outputDirectory(out, suite);
    out = chosen.dir();
    boolean created = chosen.created();
    o = spec.commandLine().getOut();
    try {
      runSuite();
    } catch (RuntimeException e) {
      if (created) {
        removeIfEmpty(out.toAbsolutePath(), outermost);
      }
      throw e;
    }
    return ExitCodes.OK;
  }

  /** The outermost directory on {@code dir}'s path that does not exist yet ({@code dir} itself, or an ancestor); null if none. */
  static Path firstMissing(Path dir) {
    Path missing = null;
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /**
   * Removes {@code dir} and then its parents up to {@code outermost}, each only while empty: a suite that wrote
   * something keeps it, and nothing above what this run made is touched.
   */
  static void removeIfEmpty(Path dir, Path outermost) {
    if (outermost == null) {
      return;
    }
    for (Path p = dir; p != null && p.startsWith(outermost); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException notEmpty) {
        return; // not empty, or not ours to remove
      }
    }
  }

  private void runSuite() {
    switch (suite) {
      case "noisy-tv" -> noisyTv();
      case "sps" -> sps();
      case "profile" -> profile();
      case "latency" -> latency();
      case "ceiling" -> ceiling();
      case "rl4j" -> rl4j();
      case "jmh" -> jmh();
      case "gym" -> gym();
      case "continuous" -> continuous();
      case "popart" -> popart();
      case "influence" -> influence();
      case "ac-state" -> acState();
      case "distributed" -> distributed();
      default -> sampleEfficiency();
    }
  }

  private void noisyTv() {
    long n = steps == null ? 100_000 : steps;
    List<Long> sd = seeds == null ? List.of(1L, 2L, 3L) : seeds;
    List<String> chosen = chosen(NoisyTvStudy.KNOWN, NoisyTvStudy.AGENTS);
    String world = envs == null ? NoisyTvStudy.ENV : single(envs, "--envs");
    if (!NoisyTvStudy.WORLDS.containsKey(world)) {
      throw new UserError("--envs: unknown world '" + world + "' for noisy-tv (known: " + NoisyTvStudy.worldList()
          + ")");
    }
    ConfigLoader loader = RunConfig.loader();
    loader.put("env", world, "bench noisy-tv");
    loader.put("totalSteps", n, "--steps");
    TrainConfig base = base(loader);
    if (!base.env().equals(world) || base.totalSteps() != n) {
      throw new UserError("the noisy-tv suite fixes env " + world + " and totalSteps (--steps); remove them"
          + " from the config");
    }
    o.printf("noisy-tv: %s, %,d steps per run, agents %s, seeds %s%n", world, n, chosen, sd);
    // on the maze the share counts steps spent beside the TV; the column keeps one name for both worlds
    o.println("agent               seed  tv_press_share  (whole run)  success_rate  mean_return  episodes");
    o.flush();
    Csv csv = new Csv(out, "agent,seed,steps,tv_press_share,tv_press_share_all,success_rate,mean_return,episodes");
    List<NoisyTvStudy.Result> results = NoisyTvStudy.runAll(chosen, base, sd, r -> {
      o.printf(Locale.ROOT, "%-18s  %4d  %14.4f  %11.4f  %12.3f  %11.3f  %8d%n", r.agent(), r.seed(), r.pressShare(),
          r.pressShareAll(), r.successRate(), r.meanReturn(), r.episodes());
      o.flush();
      csv.row("%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%d", r.agent(), r.seed(), r.steps(), r.pressShare(), r.pressShareAll(),
          r.successRate(), r.meanReturn(), r.episodes());
    });
    csv.write();
    List<String> summary = new ArrayList<>();
    for (String a : chosen) {
      List<NoisyTvStudy.Result> rs = results.stream().filter(r -> r.agent().equals(a)).toList();
      summary.add(String.format(Locale.ROOT, "%s press %.3f success %.2f", a,
          mean(rs, NoisyTvStudy.Result::pressShare), mean(rs, NoisyTvStudy.Result::successRate)));
    }
    o.println("noisy-tv summary (means over seeds, last quarter): " + String.join("; ", summary) + "; csv "
        + out.resolve("results.csv"));
  }

  private void sps() {
    long n = steps == null ? 8192 : steps;
    List<String> chosen = chosen(SpsStudy.AGENTS, List.of());
    List<String> worlds = envs == null ? List.of(DOORKEY, CARTPOLE) : envs;
    List<Integer> counts = numEnvs == null ? List.of(1, 8, 32) : numEnvs;
    counts.forEach(c -> {
      if (c < 1) {
        throw new UserError("--num-envs: every count must be at least 1, got " + c);
      }
    });
    requireKnown(worlds); // before the banner and the first case
    TrainConfig base = base(RunConfig.loader());
    o.printf("sps: %,d timed env steps per case after %d warm-up iterations, T = %d; envs %s, agents %s, N %s%n", n,
        2, base.rolloutLength(), worlds, chosen, counts);
    o.println("env                          agent     N      sps  network  " + phaseHeader() + "  heap_mb  offheap_mb");
    o.flush();
    Csv csv = new Csv(out, "env,agent,num_envs,steps,seconds,sps,network_share," + phaseColumns()
        + ",peak_heap_mb,peak_offheap_mb,peak_rss_mb");
    List<String> summary = new ArrayList<>();
    for (String env : worlds) {
      for (String agent : chosen) {
        for (int count : counts) {
          SpsStudy.Result r = measureSps(env, agent, count, n, base);
          o.printf(Locale.ROOT, "%-28s %-8s %3d %8.0f  %6.1f%%  %s  %7.0f  %10.0f%n", env, agent, count, r.sps(),
              100 * r.networkShare(), phaseShares(r.shares()), r.peakHeapMb(), r.peakOffHeapMb());
          o.flush();
          csv.row("%s,%s,%d,%d,%.3f,%.1f,%.4f,%s,%.1f,%.1f,%.1f", env, agent, count, r.steps(), r.seconds(), r.sps(),
              r.networkShare(), phaseCsv(r.shares()), r.peakHeapMb(), r.peakOffHeapMb(), r.peakRssMb());
          summary.add(String.format(Locale.ROOT, "%s %s N=%d %.0f", shortName(env), agent, count, r.sps()));
        }
      }
    }
    csv.write();
    o.println("sps summary (env steps/s with learning): " + String.join("; ", summary) + "; csv "
        + out.resolve("results.csv"));
  }

  private void profile() {
    long n = steps == null ? 32_768 : steps;
    String env = envs == null ? DOORKEY : single(envs, "--envs");
    String agent = agents == null ? "ppo+rnd" : single(chosen(SpsStudy.AGENTS, List.of()), "--agents");
    int count = numEnvs == null ? 32 : single(numEnvs, "--num-envs");
    TrainConfig base = base(RunConfig.loader());
    o.printf("profile: %s on %s, N = %d, T = %d, %,d timed env steps%n", agent, env, count, base.rolloutLength(), n);
    o.flush();
    SpsStudy.Result r = measureSps(env, agent, count, n, base);
    Csv csv = new Csv(out, "phase,seconds,share,network_maths");
    o.println("phase                               seconds   share  network maths");
    for (Map.Entry<LoopProfile.Phase, Double> e : r.shares().entrySet()) {
      LoopProfile.Phase p = e.getKey();
      o.printf(Locale.ROOT, "%-34s %8.2f  %5.1f%%  %s%n", p.label(), e.getValue() * r.seconds(), 100 * e.getValue(),
          p.networkMaths() ? "yes" : "no");
      csv.add("%s,%.4f,%.5f,%s", p.name().toLowerCase(Locale.ROOT), e.getValue() * r.seconds(), e.getValue(),
          p.networkMaths());
    }
    csv.write();
    o.printf(Locale.ROOT, "profile summary: %s %s N=%d %.0f env steps/s, %.1f%% of wall time in network maths"
        + " (target 85%%), peak heap %.0f MB, off-heap %.0f MB; csv %s%n", shortName(env), agent, count, r.sps(),
        100 * r.networkShare(), r.peakHeapMb(), r.peakOffHeapMb(), out.resolve("results.csv"));
  }

  private void latency() {
    List<String> chosen = chosen(SpsStudy.AGENTS, List.of());
    List<String> worlds = envs == null ? List.of(DOORKEY, CARTPOLE) : envs;
    requireKnown(worlds); // before the first case
    TrainConfig base = base(RunConfig.loader());
    o.println("env                          agent     act_b1_us  act_b32_us  update_ms  minibatch");
    o.flush();
    Csv csv = new Csv(out, "env,agent,act_batch1_us,act_batch32_us,update_ms,minibatch");
    List<String> summary = new ArrayList<>();
    for (String env : worlds) {
      for (String agent : chosen) {
        SpsStudy.Latency l = guarded(env, () -> SpsStudy.latency(env, agent, base));
        o.printf(Locale.ROOT, "%-28s %-8s %10.0f  %10.0f  %9.2f  %9d%n", env, agent, l.act1Micros(), l.act32Micros(),
            l.updateMillis(), l.minibatch());
        o.flush();
        csv.row("%s,%s,%.2f,%.2f,%.4f,%d", env, agent, l.act1Micros(), l.act32Micros(), l.updateMillis(), l.minibatch());
        summary.add(String.format(Locale.ROOT, "%s %s b1 %.0f us b32 %.0f us update %.1f ms", shortName(env), agent,
            l.act1Micros(), l.act32Micros(), l.updateMillis()));
      }
    }
    csv.write();
    o.println("latency summary (medians): " + String.join("; ", summary) + "; csv " + out.resolve("results.csv"));
  }

  /**
   * The latency suite's cases beside the floor this CPU and backend allow ({@link CeilingStudy}):
   * FLOPs / the large GEMM rate + ND4J ops x the per-op dispatch time.
   */
  private void ceiling() {
    List<String> chosen = chosen(List.of("ppo"), List.of());
    List<String> worlds = envs == null ? List.of(DOORKEY, CARTPOLE) : envs;
    worlds.forEach(env -> guarded(env, () -> env));
    TrainConfig base = base(RunConfig.loader());
    CeilingStudy.Settings settings = quick ? CeilingStudy.Settings.quick() : CeilingStudy.Settings.bench();
    CeilingStudy.Limits lim = CeilingStudy.limits(base.nd4jThreads(), settings);
    o.printf(Locale.ROOT, "ceiling: ND4J threads %d, native build %s, BLAS kernels %s%n", lim.threads(),
        Backend.nativeBuild(), Backend.blasKernels());
    o.printf(Locale.ROOT, "ceiling: GEMM %dx%dx%d %.1f GFLOP/s; per-op dispatch: scalar addi [1,4] %.2f us, add custom"
        + " op [1,4] %.2f us (the floor charges %.2f us per op)%n", lim.squareSide(), lim.squareSide(),
        lim.squareSide(), lim.squareGflops(), lim.scalarOpMicros(), lim.customOpMicros(), lim.perOpMicros());
    o.println("ceiling: flops = 2 x multiply-adds of the matrix products (update = 3 x forward); ops = ND4J op"
        + " executions (its profiler), tape_ops = tape operations; floor = flops / GEMM rate + ops x per-op time;"
        + " gflops = flops / measured; own_gemm = ND4J's GEMM at the network's largest product");
    o.println("env             case           measured_us       flops    ops  tape_ops  arith_us  dispatch_us"
        + "  floor_us  x_floor  gflops  own_gemm (MxKxN GFLOP/s)");
    o.flush();
    Csv csv = new Csv(out, "env,agent,case,batch,measured_us,flops,nd4j_ops,tape_ops,arith_floor_us,dispatch_floor_us,"
        + "floor_us,measured_over_floor,achieved_gflops,own_gemm_m,own_gemm_k,own_gemm_n,own_gemm_gflops,"
        + "square_gemm_n,square_gemm_gflops,scalar_op_us,custom_op_us,threads");
    List<String> summary = new ArrayList<>();
    for (String env : worlds) {
      for (String agent : chosen) {
        for (CeilingStudy.Row r : CeilingStudy.measure(env, agent, base, lim, settings)) {
          long[] g = r.ownShape();
          o.printf(Locale.ROOT, "%-15s %-13s %11.1f %11d %6d %9d %9.1f %12.1f %9.1f %8.1f %7.2f  %dx%dx%d %.1f%n",
              shortName(env), r.kind(), r.measuredMicros(), r.flops(), r.ops(), r.tapeOps(), r.arithmeticFloorMicros(),
              r.dispatchFloorMicros(), r.floorMicros(), r.ratio(), r.achievedGflops(), g[0], g[1], g[2], r.ownGflops());
          o.flush();
          csv.add("%s,%s,%s,%d,%.3f,%d,%d,%d,%.3f,%.3f,%.3f,%.4f,%.4f,%d,%d,%d,%.4f,%d,%.4f,%.4f,%.4f,%d", env, agent,
              r.kind(), r.batch(), r.measuredMicros(), r.flops(), r.ops(), r.tapeOps(), r.arithmeticFloorMicros(),
              r.dispatchFloorMicros(), r.floorMicros(), r.ratio(), r.achievedGflops(), g[0], g[1], g[2], r.ownGflops(),
              lim.squareSide(), lim.squareGflops(), lim.scalarOpMicros(), lim.customOpMicros(), lim.threads());
          summary.add(String.format(Locale.ROOT, "%s %s %.1fx", shortName(env), r.kind(), r.ratio()));
        }
        csv.write();
      }
    }
    csv.write();
    o.println("ceiling summary (measured / floor): " + String.join("; ", summary) + "; csv "
        + out.resolve("results.csv"));
  }

  private void rl4j() {
    long budget = steps == null ? 30_000 : steps;
    List<Long> sd = seeds == null ? List.of(1L) : seeds;
    List<String> learners = chosen(Rl4jStudy.LEARNERS, List.of());
    List<String> worlds = envs == null ? Rl4jStudy.ENVS : envs;
    for (String w : worlds) {
      if (!Rl4jStudy.ENVS.contains(w)) {
        throw new UserError("--envs: unknown env '" + w + "' for rl4j (known: " + String.join(", ", Rl4jStudy.ENVS) + ")");
      }
    }
    TrainConfig base = base(cartPolePpo("bench rl4j"));
    o.printf("rl4j: up to %,d env steps per run, stop at mean return 195 over 20 episodes; learners %s, envs %s, "
        + "seeds %s%n", budget, learners, worlds, sd);
    o.println("learner    env                   seed    steps  seconds      sps  steps_to_195  mean_return");
    o.flush();
    Csv csv = new Csv(out, "learner,env,seed,steps,seconds,sps,steps_to_target,mean_return,episodes");
    List<Rl4jStudy.Result> results = new ArrayList<>();
    for (String learner : learners) {
      for (String env : worlds) {
        for (long seed : sd) {
          Rl4jStudy.Result r = Rl4jStudy.run(learner, env, seed, budget, 195, base);
          results.add(r);
          printRun(r);
          csv.row("%s,%s,%d,%d,%.3f,%.2f,%d,%.3f,%d", r.learner(), r.env(), r.seed(), r.steps(), r.seconds(), r.sps(),
              r.stepsToTarget(), r.meanReturn(), r.episodes());
        }
      }
    }
    // the yardstick of docs/performance.md: PPO+RND at N = 32 on DoorKey-8x8, in the same JVM as RL4J's DQN
    SpsStudy.Result door = SpsStudy.measure(DOORKEY, "ppo+rnd", 32, Math.min(8192, budget), base(RunConfig.loader()));
    o.printf(Locale.ROOT, "curio ppo+rnd %s N=32: %.0f env steps/s%n", DOORKEY, door.sps());
    csv.row("curio-ppo+rnd-n32,%s,%d,%d,%.3f,%.2f,-1,NaN,0", DOORKEY, 1, door.steps(), door.seconds(), door.sps());
    csv.write();
    List<String> summary = new ArrayList<>();
    for (String env : worlds) {
      double ppo = mean(filter(results, "curio-ppo", env), Rl4jStudy.Result::sps);
      for (String rl : List.of("rl4j-dqn", "rl4j-a3c")) {
        List<Rl4jStudy.Result> rs = filter(results, rl, env);
        if (!rs.isEmpty() && !Double.isNaN(ppo)) {
          summary.add(String.format(Locale.ROOT, "%s: curio-ppo/%s sps %.1fx", shortName(env), rl,
              ppo / mean(rs, Rl4jStudy.Result::sps)));
        }
      }
    }
    double dqnCartPole = mean(results.stream().filter(r -> r.learner().equals("rl4j-dqn")).toList(), Rl4jStudy.Result::sps);
    if (!Double.isNaN(dqnCartPole)) {
      summary.add(String.format(Locale.ROOT, "ppo+rnd DoorKey-8x8 N=32 / rl4j-dqn CartPole sps %.0fx (target 100x)",
          door.sps() / dqnCartPole));
    }
    o.println("rl4j summary: " + String.join("; ", summary) + "; csv " + out.resolve("results.csv"));
  }

  /**
   * PPO with a diagonal Gaussian policy on Pendulum-v1 with examples/pendulum.yaml's settings: the
   * mean return of the last 20 episodes after the budget, per world and seed.
   */
  private void continuous() {
    long budget = steps == null ? 200_000 : steps;
    List<Long> sd = seeds == null ? List.of(1L, 2L, 3L, 4L, 5L) : seeds;
    List<String> worlds = envs == null ? PENDULUMS : envs;
    RunConfig run = baseRun(pendulumPpo("bench continuous"));
    TrainConfig base = run.train();
    o.printf("continuous: PPO (diagonal Gaussian) for %,d env steps, mean return of the last 20 episodes; envs %s,"
        + " seeds %s%n", budget, worlds, sd);
    o.println("env                   seed    steps  seconds      sps  final_mean  best_mean");
    o.flush();
    Csv csv = new Csv(out, "env,seed,steps,seconds,sps,final_mean_return,best_mean_return");
    List<String> summary = new ArrayList<>();
    Map<String, Supplier<Env<?, ?>>> factories = new LinkedHashMap<>();
    for (String env : worlds) {
      factories.put(env, Worlds.trainable(env, run.gym())); // every world is known before the first case
    }
    for (String env : worlds) {
      Supplier<Env<?, ?>> factory = factories.get(env);
      List<Double> finals = new ArrayList<>();
      for (long seed : sd) {
        TrainConfig cfg = base.withEnv(env).withSeed(seed).withTotalSteps(budget);
        long began = System.nanoTime();
        RunEnd end;
        try (TrainingLoop loop = new TrainingLoop(cfg, factory)) {
          end = loop.run();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        finals.add(end.meanReturn());
        o.printf(Locale.ROOT, "%-20s %5d %8d %8.1f %8.0f %11.1f %10.1f%n", env, seed, end.globalStep(), seconds,
            end.globalStep() / seconds, end.meanReturn(), end.bestMeanReturn());
        o.flush();
        csv.row("%s,%d,%d,%.3f,%.2f,%.3f,%.3f", env, seed, end.globalStep(), seconds, end.globalStep() / seconds,
            end.meanReturn(), end.bestMeanReturn());
      }
      long atLeast400 = finals.stream().filter(m -> m >= -400).count();
      summary.add(String.format(Locale.ROOT, "%s: mean %.1f, %d of %d seeds at -400 or better", env,
          finals.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), atLeast400, finals.size()));
    }
    csv.write();
    o.println("continuous summary: " + String.join("; ", summary) + "; csv " + out.resolve("results.csv"));
  }

  /** examples/pendulum.yaml's settings: rl-baselines3-zoo's PPO on Pendulum-v1 without gSDE. */
  private static ConfigLoader pendulumPpo(String why) {
    ConfigLoader loader = RunConfig.loader();
    loader.put("numEnvs", 4, why);
    loader.put("rolloutLength", 1024, why);
    loader.put("gamma", 0.9, why);
    loader.put("ppo.learningRate", 1e-3, why);
    loader.put("ppo.annealLearningRate", false, why);
    loader.put("ppo.epochs", 10, why);
    loader.put("ppo.minibatches", 64, why);
    loader.put("ppo.entropyCoef", 0.0, why);
    loader.put("ppo.clipValueLoss", false, why);
    return loader;
  }

  private void sampleEfficiency() {
    long budget = steps == null ? 100_000 : steps;
    List<Long> sd = seeds == null ? List.of(1L, 2L, 3L, 4L, 5L) : seeds;
    List<String> worlds = envs == null ? List.of(CARTPOLE, DOORKEY) : envs;
    for (String w : worlds) {
      if (!w.equals(CARTPOLE) && !w.startsWith("MiniGrid-")) {
        throw new UserError("--envs: sample-efficiency measures " + CARTPOLE + " and MiniGrid worlds (target 0.9), got '"
            + w + "'");
      }
      if (w.startsWith("MiniGrid-")) {
        try {
          SpsStudy.factory(w);
        } catch (IllegalArgumentException e) {
          throw new UserError("--envs: " + e.getMessage());
        }
      }
    }
    List<String> cartAgents = List.of("curio-ppo", "rl4j-dqn");
    List<String> all = new ArrayList<>(cartAgents);
    all.addAll(SpsStudy.ALL_AGENTS);
    List<String> chosen = chosen(all, List.of());
    String why = "bench sample-efficiency";
    TrainConfig cartBase = base(cartPolePpo(why));
    // rl-starter-files' MiniGrid settings, as in the DoorKey regression
    ConfigLoader doorLoader = RunConfig.loader();
    doorLoader.put("numEnvs", 16, why);
    doorLoader.put("ppo.learningRate", 1e-3, why);
    doorLoader.put("ppo.annealLearningRate", false, why);
    doorLoader.put("ppo.minibatches", 8, why);
    TrainConfig doorBase = base(doorLoader);
    // each chosen agent runs on each chosen world it is made for: curio-ppo and rl4j-dqn on CartPole,
    // the PPO agents with intrinsic modules on the MiniGrid worlds
    List<String[]> cases = new ArrayList<>();
    for (String w : worlds) {
      for (String agent : chosen) {
        if (w.equals(CARTPOLE) == cartAgents.contains(agent)) {
          cases.add(new String[] {agent, w});
        }
      }
    }
    if (cases.isEmpty()) {
      throw new UserError("--agents: none of " + chosen + " runs on " + worlds + " (" + String.join(", ", cartAgents)
          + " on " + CARTPOLE + "; " + String.join(", ", SpsStudy.ALL_AGENTS) + " on MiniGrid worlds)");
    }
    List<String> targets = new ArrayList<>();
    if (cases.stream().anyMatch(c -> c[1].equals(CARTPOLE))) {
      targets.add(String.format(Locale.ROOT, "%s to 475 within %,d steps", CARTPOLE, budget));
    }
    if (cases.stream().anyMatch(c -> !c[1].equals(CARTPOLE))) {
      targets.add(String.format(Locale.ROOT, "MiniGrid worlds to 0.9 (mean return; and success rate) within %,d frames",
          2 * budget));
    }
    o.printf("sample-efficiency: %s; rolling over 20 episodes; seeds %s; runs %s%n", String.join(", ", targets), sd,
        cases.stream().map(c -> c[0] + " on " + c[1]).toList());
    o.println("agent       env                            seed    steps  seconds      sps  steps_to_target  mean_return"
        + "  steps_to_success");
    o.flush();
    // steps_to_success: MiniGrid only, 90% of the last 20 episodes reached the goal (issue 21's success rate;
    // a mean return of 0.9 also asks for speed, which MultiRoom's short step limits make out of reach)
    Csv csv = new Csv(out, "agent,env,seed,steps,seconds,sps,target,steps_to_target,mean_return,episodes,steps_to_success");
    List<Rl4jStudy.Result> results = new ArrayList<>();
    for (String[] c : cases) {
      String agent = c[0];
      String world = c[1];
      for (long seed : sd) {
        Rl4jStudy.Result r;
        double target;
        if (world.equals(CARTPOLE)) {
          target = 475;
          r = Rl4jStudy.run(agent, CARTPOLE, seed, budget, target, cartBase);
        } else {
          target = 0.9;
          TrainConfig cfg = SpsStudy.configFor(world, agent, doorBase.numEnvs(), doorBase)
              .withSeed(seed).withTotalSteps(2 * budget);
          r = Rl4jStudy.runCurio(agent, cfg, SpsStudy.factory(world), target);
        }
        results.add(r);
        String success = world.equals(CARTPOLE) ? "" : Long.toString(r.stepsToSuccess());
        o.printf(Locale.ROOT, "%-11s %-30s %4d %8d %8.1f %8.1f  %15s  %11.3f  %16s%n", r.learner(), r.env(), r.seed(),
            r.steps(), r.seconds(), r.sps(), reachedAt(r.stepsToTarget()), r.meanReturn(),
            world.equals(CARTPOLE) ? "-" : reachedAt(r.stepsToSuccess()));
        o.flush();
        csv.row("%s,%s,%d,%d,%.3f,%.2f,%.2f,%d,%.3f,%d,%s", r.learner(), r.env(), r.seed(), r.steps(), r.seconds(), r.sps(),
            target, r.stepsToTarget(), r.meanReturn(), r.episodes(), success);
      }
    }
    csv.write();
    List<String> summary = new ArrayList<>();
    for (String[] c : cases) {
      List<Rl4jStudy.Result> rs = filter(results, c[0], c[1]);
      String line = c[0] + " on " + c[1] + " " + reachedIn(rs, Rl4jStudy.Result::stepsToTarget, " seeds");
      if (!c[1].equals(CARTPOLE)) {
        line += " (success rate 0.9: " + reachedIn(rs, Rl4jStudy.Result::stepsToSuccess, "") + ")";
      }
      summary.add(line);
    }
    o.println("sample-efficiency summary (env steps to target, median over the seeds that reached it): "
        + String.join("; ", summary) + "; csv " + out.resolve("results.csv"));
  }

  private void jmh() {
    String regex = include == null ? ".*" : include;
    o.printf("jmh: %s, benchmarks matching '%s'%n", quick ? "quick smoke run in this JVM" : "1 fork, 3 + 5 iterations of 1 s",
        regex);
    o.flush();
    List<JmhSuite.Row> rows;
    try {
      rows = JmhSuite.run(regex, quick);
    } catch (IllegalArgumentException e) {
      throw new UserError("--include: " + e.getMessage());
    }
    Csv csv = new Csv(out, "benchmark,params,score,error,unit");
    o.printf("%-20s %-44s %10s %10s  %s%n", "benchmark", "params", "score", "error", "unit");
    List<String> summary = new ArrayList<>();
    for (JmhSuite.Row r : rows) {
      o.printf(Locale.ROOT, "%-20s %-44s %10.3f %10.3f  %s%n", r.benchmark(), r.params(), r.score(), r.error(), r.unit());
      csv.add("%s,%s,%.6f,%.6f,%s", r.benchmark(), r.params(), r.score(), r.error(), r.unit());
      summary.add(String.format(Locale.ROOT, "%s%s %.3g %s", r.benchmark(), r.params().isEmpty() ? "" : "[" + r.params()
          + "]", r.score(), r.unit()));
    }
    csv.write();
    o.println("jmh summary: " + String.join("; ", summary) + "; csv " + out.resolve("results.csv"));
  }

  /**
   * Microseconds per step of every id of {@link Gym#SUPPORTED}, random actions, resets included:
   * gym alone (the loop in Python), in the JVM and over HTTP against a server on a free loopback
   * port. HTTP steps cost ~50x more, so it runs a tenth of the steps; each loop warms up for a tenth
   * of its steps first.
   */
  private void gym() {
    if (steps != null && steps > Integer.MAX_VALUE) {
      throw new UserError("--steps: the gym suite takes at most " + Integer.MAX_VALUE + " steps, got " + steps);
    }
    int n = steps == null ? 20_000 : steps.intValue();
    int httpSteps = Math.max(1, n / 10);
    GymServer server;
    try {
      server = GymServer.start(0);
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
    try (server) {
      o.printf("gym: microseconds per step, random actions, resets included; %,d timed steps in Python and in the"
          + " JVM, %,d over HTTP (%s), each after a warm-up of a tenth%n", n, httpSteps, server.url());
      o.println("id                 python_us   jvm_us   http_us");
      o.flush();
      GymConfig remote = GymConfig.defaults().withUrl(server.url());
      Csv csv = new Csv(out, "id,steps,http_steps,python_us_per_step,jvm_us_per_step,http_us_per_step");
      List<String> summary = new ArrayList<>();
      for (Gym.SupportedId id : Gym.SUPPORTED) {
        double python = GymTiming.pythonMicrosPerStep(id.id(), n / 10, n);
        double jvm = GymTiming.microsPerStep(id.id(), GymConfig.defaults(), n / 10, n);
        double http = GymTiming.microsPerStep(id.id(), remote, httpSteps / 10, httpSteps);
        o.printf(Locale.ROOT, "%-17s %10.1f %8.1f %9.0f%n", id.id(), python, jvm, http);
        o.flush();
        csv.row("%s,%d,%d,%.3f,%.3f,%.3f", id.id(), n, httpSteps, python, jvm, http);
        summary.add(String.format(Locale.ROOT, "%s %.1f/%.1f/%.0f", id.id(), python, jvm, http));
      }
      csv.write();
      o.println("gym summary (us/step: Python / JVM / HTTP): " + String.join("; ", summary) + "; csv "
          + out.resolve("results.csv"));
    }
  }

  private static void noRepeats(String option, List<?> values) {
    if (values == null) {
      return;
    }
    Set<Object> seen = new HashSet<>();
    for (Object v : values) {
      if (!seen.add(v)) {
        throw new UserError(option + ": " + v + " is named twice in " + values);
      }
    }
  }

  /** "k/n{unit}, median m": the runs whose {@code at} is not -1, and their upper median. */
  private static String reachedIn(List<Rl4jStudy.Result> rs, ToLongFunction<Rl4jStudy.Result> at, String unit) {
    long[] hit = rs.stream().mapToLong(at).filter(v -> v >= 0).sorted().toArray();
    return String.format(Locale.ROOT, "%d/%d%s, median %s", hit.length, rs.size(), unit,
        hit.length == 0 ? "-" : String.format(Locale.ROOT, "%,d", hit[hit.length / 2]));
  }

  private static String reachedAt(long steps) {
    return steps < 0 ? "not reached" : String.format(Locale.ROOT, "%,d", steps);
  }

  private void printRun(Rl4jStudy.Result r) {
    o.printf(Locale.ROOT, "%-10s %-21s %4d %8d %8.1f %8.1f  %12s  %11.1f%n", r.learner(), r.env(), r.seed(), r.steps(),
        r.seconds(), r.sps(), reachedAt(r.stepsToTarget()),
        r.meanReturn());
    o.flush();
  }

  private SpsStudy.Result measureSps(String env, String agent, int count, long n, TrainConfig base) {
    return guarded(env, () -> SpsStudy.measure(env, agent, count, n, base));
  }

  /** Every one of {@code worlds} is in the registry; the first that is not is a user error. */
  private static void requireKnown(List<String> worlds) {
    for (String env : worlds) {
      guarded(env, () -> null);
    }
  }

  /** Runs {@code body}, turning the registry's unknown-env error into a user error. */
  private static <T> T guarded(String env, java.util.function.Supplier<T> body) {
    if (dev.curio.envs.registry.EnvRegistry.find(env).isEmpty()) {
      throw new UserError(Worlds.unknown(env));
    }
    return body.get();
  }

  /**
   * Curio PPO's CartPole settings in the suites that set it against RL4J: rl-baselines3-zoo's PPO
   * settings for CartPole-v1 (hyperparams/ppo.yml) without its clip schedule. With the defaults
   * (4 envs x 128 steps, 4 epochs) PPO ended 100k steps at mean returns of 244-307 (seeds 1-5).
   */
  private static ConfigLoader cartPolePpo(String why) {
    ConfigLoader loader = RunConfig.loader();
    loader.put("numEnvs", 8, why);
    loader.put("rolloutLength", 32, why);
    loader.put("gamma", 0.98, why);
    loader.put("ppo.epochs", 20, why);
    loader.put("ppo.minibatches", 1, why);
    loader.put("ppo.gaeLambda", 0.8, why);
    loader.put("ppo.entropyCoef", 0.0, why);
    loader.put("ppo.learningRate", 1e-3, why);
    return loader;
  }

  /**
   * PopArt's two experiments (docs/popart.md): the toy for the cases {@code toy}, and the two-task
   * runs for {@code popart}, {@code shared} and {@code none}; one row per case and seed.
   */
  private void popart() {
    List<String> known = new ArrayList<>(List.of("toy"));
    known.addAll(PopArtStudy.CASES);
    List<String> chosen = chosen(known, List.of());
    List<Long> sd = seeds == null ? List.of(1L, 2L, 3L) : seeds;
    // the two-task cases' worlds and config are checked before the toy runs, so a bad --envs fails at once
    List<String> cases = chosen.stream().filter(PopArtStudy.CASES::contains).toList();
    TrainConfig base = null;
    List<Supplier<Env<?, ?>>> worlds = null;
    if (!cases.isEmpty()) {
      long n = steps == null ? 200_000 : steps;
      List<String> ids = envs == null ? PopArtStudy.TASKS : envs;
      ConfigLoader loader = RunConfig.loader();
      loader.put("tasks.ids", ids, "--envs");
      if (envs == null) {
        loader.put("tasks.rewardScale", PopArtStudy.SCALES, "bench popart");
      }
      loader.put("totalSteps", n, "--steps");
      RunConfig run = baseRun(loader);
      base = run.train();
      worlds = Worlds.tasks(base.tasks().ids(), run.gym(), w -> TrainCommand.warn(spec, w));
    }
    Csv csv = new Csv(out, "experiment,case,seed,steps,rmse_median_after_rare,rmse_final,diverged,task_success,task_return,"
        + "task_solved_at,seconds");
    StringBuilder curves = new StringBuilder("case,seed,samples,rmse\n");
    if (chosen.contains("toy")) {
      o.printf("popart toy: %,d samples, a rare target every %,d; SGD at %s against PopArt (lr %s, beta %s); seeds %s%n",
          PopArtStudy.TOY_SAMPLES, PopArtStudy.TOY_RARE_EVERY, Arrays.toString(PopArtStudy.TOY_SGD_RATES),
          PopArtStudy.TOY_POPART_RATE, PopArtStudy.TOY_POPART_BETA, sd);
      o.println("case              seed  median_rmse_after_rare  final_rmse");
      o.flush();
      List<Double> ratios = new ArrayList<>();
      for (long seed : sd) {
        double bestSgd = Double.POSITIVE_INFINITY;
        double popart = Double.NaN;
        for (PopArtToy.Result r : PopArtStudy.toy(seed, PopArtStudy.TOY_SAMPLES)) {
          String name = r.settings().method() + "@" + r.settings().learningRate();
          double median = r.medianAfterFirstRare();
          o.printf(Locale.ROOT, "%-16s  %4d  %22.1f  %10.1f%s%n", name, seed, median, r.finalRmse(),
              r.diverged() ? "  (diverged)" : "");
          o.flush();
          csv.row("toy,%s,%d,%d,%.4f,%.4f,%b,,,,", name, seed, r.settings().samples(), median, r.finalRmse(),
              r.diverged());
          for (int i = 0; i < r.rmse().length; i++) {
            curves.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f%n", name, seed, r.samplesSeen()[i], r.rmse()[i]));
          }
          if (r.settings().method().equals("sgd")) {
            bestSgd = Math.min(bestSgd, median);
          } else {
            popart = median;
          }
        }
        ratios.add(bestSgd / popart);
      }
      o.println("popart toy: best SGD's median RMSE / PopArt's, per seed: " + ratios.stream()
          .map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
    }
    if (!cases.isEmpty()) {
      o.printf("popart two tasks: %s at reward scales %s, %,d steps per run, cases %s, seeds %s%n", base.tasks().ids(),
          base.tasks().rewardScale().isEmpty() ? "1" : base.tasks().rewardScale(), base.totalSteps(), cases, sd);
      o.println("case     seed  success per task  solved at (steps, -1 never)  seconds");
      o.flush();
      List<PopArtStudy.TwoTaskResult> results = PopArtStudy.twoTaskAll(base, worlds, cases, sd, r -> {
        o.printf(Locale.ROOT, "%-7s  %4d  %-16s  %-27s  %7.0f%n", r.valueNorm(), r.seed(), joined(r.success(), "%.2f"),
            Arrays.toString(r.solvedAt()), r.seconds());
        o.flush();
        csv.row("two-task,%s,%d,%d,,,,%s,%s,%s,%.1f", r.valueNorm(), r.seed(), r.steps(), joined(r.success(), "%.4f"),
            joined(r.meanReturn(), "%.4f"), Arrays.stream(r.solvedAt()).mapToObj(Long::toString)
                .reduce((a, b) -> a + ";" + b).orElse(""), r.seconds());
      });
      for (String c : cases) {
        long solved = results.stream().filter(r -> r.valueNorm().equals(c) && r.allSolved()).count();
        o.printf(Locale.ROOT, "popart two tasks: %s solved every task in %d of %d seeds%n", c, solved, sd.size());
      }
    }
    csv.write();
    if (chosen.contains("toy")) {
      try {
        AtomicFiles.writeString(out.resolve("toy-curves.csv"), curves.toString());
      } catch (IOException e) {
        throw new UserError("cannot write " + out.resolve("toy-curves.csv") + ": " + e.getMessage(), e);
      }
    }
    o.println("popart: csv " + out.resolve("results.csv"));
  }

  /**
   * Social influence on speaker-listener (docs/social.md): each case of {@link InfluenceStudy#CASES} on every seed,
   * one row per run; the success curves go to curves.csv.
   */
  private void influence() {
    if (envs != null) {
      String world = single(envs, "--envs");
      if (!world.equals(HarvestStudy.ENV) && !world.equals(InfluenceStudy.ENV)) {
        throw new UserError("--envs: unknown world '" + world + "' for influence (known: " + InfluenceStudy.ENV + ", "
            + HarvestStudy.ENV + ")");
      }
      if (world.equals(HarvestStudy.ENV)) {
        harvest();
        return;
      }
    }
    List<String> cases = chosen(InfluenceStudy.CASES, List.of());
    List<Long> sd = seeds == null ? List.of(1L, 2L, 3L, 4L, 5L) : seeds;
    ConfigLoader loader = RunConfig.loader();
    loader.put("env", InfluenceStudy.ENV, "bench influence");
    loader.put("totalSteps", steps == null ? 400_000L : steps, "--steps");
    TrainConfig base = base(loader);
    o.printf("influence: %s, %,d joint steps per run, cases %s, seeds %s; bits from %,d joint steps of the trained"
        + " policy%n", InfluenceStudy.ENV, base.totalSteps(), cases, sd,
        InfluenceStudy.evalSteps(base.totalSteps()));
    o.println("case         seed  success  solved at (steps, -1 never)  bits    eval success  seconds");
    o.flush();
    Csv csv = new Csv(out, "case,seed,steps,success,solved_at,bits,bits_bias,pairs,eval_success,seconds");
    StringBuilder curves = new StringBuilder("case,seed,steps,success\n");
    List<InfluenceStudy.Result> results = InfluenceStudy.runAll(base, cases, sd, r -> {
      o.printf(Locale.ROOT, "%-11s  %4d  %7.2f  %27d  %6.3f  %12.2f  %7.0f%n", r.name(), r.seed(), r.success(),
          r.solvedAt(), r.bits(), r.evalSuccess(), r.seconds());
      o.flush();
      csv.row("%s,%d,%d,%.4f,%d,%.4f,%.5f,%d,%.4f,%.1f", r.name(), r.seed(), r.steps(), r.success(), r.solvedAt(),
          r.bits(), r.bitsBias(), r.pairs(), r.evalSuccess(), r.seconds());
      for (double[] p : r.curve()) {
        curves.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f%n", r.name(), r.seed(), (long) p[0], p[1]));
      }
    });
    for (String c : cases) {
      List<InfluenceStudy.Result> rs = results.stream().filter(r -> r.name().equals(c)).toList();
      long solved = rs.stream().filter(r -> r.solvedAt() >= 0).count();
      double[] at = rs.stream().filter(r -> r.solvedAt() >= 0).mapToDouble(InfluenceStudy.Result::solvedAt).sorted()
          .toArray();
      double bits = rs.stream().mapToDouble(InfluenceStudy.Result::bits).average().orElse(Double.NaN);
      o.printf(Locale.ROOT, "influence: %s reached %.1f in %d of %d seeds (median at %s steps), mean %.3f bits%n", c,
          InfluenceStudy.SOLVED, solved, rs.size(), at.length == 0 ? "-" : String.format(Locale.ROOT, "%,.0f",
              at[at.length / 2]), bits);
    }
    csv.write();
    try {
      AtomicFiles.writeString(out.resolve("curves.csv"), curves.toString());
    } catch (IOException e) {
      throw new UserError("cannot write " + out.resolve("curves.csv") + ": " + e.getMessage(), e);
    }
    o.println("influence: csv " + out.resolve("results.csv"));
  }

  /**
   * Social influence in Harvest (docs/social.md): independent PPO against independent PPO plus every agent's
   * influence, one row per case and seed with the four social-dilemma metrics.
   */
  private void harvest() {
    List<String> cases = chosen(HarvestStudy.CASES, List.of());
    List<Long> sd = seeds == null ? List.of(1L, 2L, 3L) : seeds;
    ConfigLoader loader = RunConfig.loader();
    loader.put("env", HarvestStudy.ENV, "bench influence");
    loader.put("totalSteps", steps == null ? HARVEST_STEPS : steps, "--steps");
    TrainConfig base = base(loader);
    o.printf("influence: %s, %,d joint steps per run, independent policies, cases %s, seeds %s%n", HarvestStudy.ENV,
        base.totalSteps(), cases, sd);
    o.println("case  seed  collective  efficiency  equality  sustainability  peace  episodes  seconds");
    o.flush();
    Csv csv = new Csv(out, "harvest.csv",
        "case,seed,steps,collective_return,efficiency,equality,sustainability,peace,episodes,seconds");
    List<HarvestStudy.Result> results = HarvestStudy.runAll(base, cases, sd, r -> {
      double[] m = r.social();
      o.printf(Locale.ROOT, "%-4s  %4d  %10.1f  %10.3f  %8.3f  %14.1f  %5.2f  %8d  %7.0f%n", r.name(), r.seed(),
          r.collectiveReturn(), m[0], m[1], m[2], m[3], r.episodes(), r.seconds());
      o.flush();
      csv.row("%s,%d,%d,%.4f,%.5f,%.5f,%.3f,%.4f,%d,%.1f", r.name(), r.seed(), r.steps(), r.collectiveReturn(), m[0],
          m[1], m[2], m[3], r.episodes(), r.seconds());
    });
    for (String c : cases) {
      double[] mean = new double[5];
      List<HarvestStudy.Result> rs = results.stream().filter(r -> r.name().equals(c)).toList();
      for (HarvestStudy.Result r : rs) {
        mean[0] += r.collectiveReturn() / rs.size();
        for (int i = 0; i < 4; i++) {
          mean[i + 1] += r.social()[i] / rs.size();
        }
      }
      o.printf(Locale.ROOT, "influence: harvest %s over %d seeds: collective return %.1f, efficiency %.3f, equality %.3f,"
          + " sustainability %.1f, peace %.2f%n", c, rs.size(), mean[0], mean[1], mean[2], mean[3], mean[4]);
    }
    csv.write();
    o.println("influence: csv " + out.resolve("harvest.csv"));
  }

  /**
   * Issue 25's checks (docs/ac-state.md). {@code tabular}: the exact tabular check, the paper's protocol on the
   * five-state world and on the periodic world, one table per world and seed, every (objective, K, data size) a row
   * of results.csv. {@code neural}: the neural encoder on an exogenous-noise maze, one row per seed for the learned
   * encoder and one for the true cells (the ideal encoder, on the same walks and trials) in neural.csv.
   */
  private void acState() {
    List<String> cases = chosen(AC_STATE_CASES, List.of());
    String world = null;
    if (cases.contains("neural")) {
      world = envs == null ? AcStateMazeStudy.ENV : single(envs, "--envs");
      try {
        AcStateMazeStudy.reachableCells(world);
      } catch (IllegalArgumentException e) {
        throw new UserError("--envs: " + e.getMessage(), e);
      }
    } else if (envs != null) {
      throw new UserError("--envs: only the neural case of ac-state takes a world");
    }
    if (cases.contains("tabular")) {
      acStateTabular(seeds == null ? List.of(0L) : seeds);
    }
    if (cases.contains("neural")) {
      acStateNeural(world, seeds == null ? List.of(1L, 2L, 3L) : seeds);
    }
  }

  private void acStateTabular(List<Long> sd) {
    Csv csv = new Csv(out, "world,objective,k,transitions,correct,consistent,simulations,seed");
    for (long seed : sd) {
      for (TabularWorld w : new TabularWorld[] {TabularWorld.fiveState(TabularWorld.PAPER_FLIP_PROBABILITY),
          TabularWorld.periodic(TabularWorld.PAPER_FLIP_PROBABILITY)}) {
        TabularCheck.Config c = TabularCheck.Config.paper(w, seed);
        o.printf("ac-state tabular: %s, %d simulations per data size, seed %d%n", w, c.simulations(), seed);
        o.flush();
        long began = System.nanoTime();
        TabularCheck.Table t = TabularCheck.run(c);
        o.println();
        o.print(t.toMarkdown());
        o.println();
        o.println("Selected an encoder that merges no two true codes (correct or finer):");
        o.println();
        o.print(t.toMarkdown(true));
        o.printf(Locale.ROOT, "%n%.1f s%n%n", (System.nanoTime() - began) / 1e9);
        o.flush();
        int[] sizes = c.transitions();
        for (boolean forward : new boolean[] {false, true}) {
          for (int k = 1; k <= c.maxK(); k++) {
            for (int i = 0; i < sizes.length; i++) {
              csv.add("%s,%s,%d,%d,%d,%d,%d,%d", w.name(), forward ? "acdf" : "ac-state", k, sizes[i],
                  t.correct(i, k, forward), t.consistent(i, k, forward), c.simulations(), seed);
            }
          }
        }
        csv.write();
      }
    }
    csv.write();
    o.println("ac-state: csv " + out.resolve("results.csv"));
  }

  /**
   * The neural check on an exogenous-noise maze ({@link AcStateMazeStudy}): per seed, the learned encoder and the
   * true cells, with purity, the distractor classifier against chance and planning on the code graph.
   */
  private void acStateNeural(String world, List<Long> sd) {
    Backend.useThreads(TrainConfig.defaults().nd4jThreads()); // as a training run does
    AcStateMazeStudy.Settings s = AcStateMazeStudy.Settings.bench(world);
    o.printf(Locale.ROOT, "ac-state neural: %s (goal cells as floor), %,d random-policy steps to train on, %,d held"
        + " out, %,d gradient steps, best of %d restarts by inverse loss, %,d planning trials, seeds %s; BLAS kernels"
        + " %s%n", world,
        s.trainTransitions(), s.evalTransitions(), s.gradientSteps(), s.restarts(), s.trials(), sd,
        Backend.blasKernels());
    o.println("ac-state neural: " + s.encoder());
    o.println("encoder     seed  codes used/of  purity  consistency  exo acc  chance  open loop  closed loop  no path"
        + "  inverse  seconds");
    o.flush();
    Csv csv = new Csv(out, "neural.csv", "world,encoder,seed,reachable_cells,cells_visited,codes,codes_used,purity,consistency,"
        + "exo_accuracy,exo_chance,trials,open_loop_wins,closed_loop_wins,no_path,inverse_loss,train_transitions,"
        + "gradient_steps,seconds");
    int pure = 0;
    int planned = 0;
    double exo = 0;
    double chance = 0;
    for (long seed : sd) {
      for (Supplier<AcStateMazeStudy.Result> run : List.<Supplier<AcStateMazeStudy.Result>>of(
          () -> AcStateMazeStudy.trueCells(world, s, seed), () -> AcStateMazeStudy.run(world, s, seed))) {
        AcStateMazeStudy.Result r = run.get();
        o.printf(Locale.ROOT,
            "%-10s  %4d  %5d/%-5d  %6.3f  %11.3f  %7.4f  %6.4f  %8.1f%%  %10.1f%%  %7d  %7.3f  %7.1f%n", r.encoder(),
            r.seed(), r.codesUsed(), r.codes(), r.purity(), r.consistency(), r.exoAccuracy(), r.exoChance(),
            100 * r.openLoop(), 100 * r.closedLoop(), r.noPath(), r.inverseLoss(), r.seconds());
        o.flush();
        csv.row("%s,%s,%d,%d,%d,%d,%d,%.5f,%.5f,%.5f,%.5f,%d,%d,%d,%d,%.5f,%d,%d,%.1f", r.world(), r.encoder(),
            r.seed(), r.reachableCells(), r.cellsVisited(), r.codes(), r.codesUsed(), r.purity(), r.consistency(),
            r.exoAccuracy(), r.exoChance(), r.trials(), r.openLoopWins(), r.closedLoopWins(), r.noPath(), r.inverseLoss(),
            s.trainTransitions(), r.encoder().equals("ac-state") ? s.gradientSteps() : 0, r.seconds());
        if (r.encoder().equals("ac-state")) {
          pure += r.purity() >= 0.95 ? 1 : 0;
          planned += r.openLoop() >= 0.95 ? 1 : 0;
          exo += r.exoAccuracy() / sd.size();
          chance += r.exoChance() / sd.size();
        }
      }
    }
    csv.write();
    o.printf(Locale.ROOT, "ac-state neural: purity >= 0.95 in %d of %d seeds, open-loop planning >= 95%% in %d of %d;"
        + " distractor cells from the code %.4f against chance %.4f (means); csv %s%n", pure, sd.size(), planned,
        sd.size(), exo, chance, out.resolve("neural.csv"));
  }

  /**
   * IMPALA's throughput with actors as threads and as JVMs ({@link DistributedBench}): per world, mode, actor
   * count and seed one run of {@code --steps} learned env steps, numEnvs 8 (N actors of 8 / N envs each) and
   * rolloutLength 16 unless set.
   */
  private void distributed() {
    long n = steps == null ? DISTRIBUTED_STEPS : steps;
    List<String> modes = chosen(DistributedBench.MODES, List.of());
    List<String> worlds = envs == null ? List.of(CARTPOLE, SLOW_CARTPOLE) : envs;
    List<Integer> counts = actors == null ? List.of(1, 2, 4) : actors;
    List<Long> sd = seeds == null ? List.of(1L) : seeds;
    String why = "bench distributed";
    ConfigLoader loader = RunConfig.loader();
    loader.put("learner", TrainConfig.IMPALA, why);
    loader.put("numEnvs", 8, why);
    loader.put("rolloutLength", 16, why);
    loader.put("totalSteps", n, "--steps");
    RunConfig run = baseRun(loader);
    TrainConfig base = run.train();
    if (!base.learnerName().equals(TrainConfig.IMPALA) || base.totalSteps() != n) {
      throw new UserError("the distributed suite trains learner impala for --steps; remove learner and totalSteps"
          + " from the config");
    }
    for (int count : counts) {
      if (count < 1 || base.numEnvs() % count != 0) {
        throw new UserError("--actors: every count must be at least 1 and divide numEnvs (" + base.numEnvs()
            + "), got " + count);
      }
    }
    Map<String, Supplier<Env<?, ?>>> factories = new java.util.LinkedHashMap<>();
    for (String env : worlds) {
      if (modes.contains(DistributedBench.JVMS) && Gym.isGymId(env)) {
        throw new UserError("--envs: " + env + " is a gym env, which actor JVMs do not make yet; give --agents threads");
      }
      factories.put(env, Worlds.trainable(env, run.gym(), w -> TrainCommand.warn(spec, w)));
    }
    // generous: 120 s for JVM starts and joining, then at least 250 learned steps/s
    long deadline = 120 + n / 250;
    o.printf(Locale.ROOT, "distributed: IMPALA, %d envs x %d steps per update, %,d learned env steps per case; envs %s,"
        + " modes %s, actors %s, seeds %s; timed after the first eighth of the iterations (at least %d) and every"
        + " actor's first rollout%n", base.numEnvs(), base.rolloutLength(), n, worlds, modes, counts, sd,
        DistributedBench.MIN_WARM_UP);
    o.println("env                        mode     N  seed  steps/s  updates/s  learn_ms  wait_ms  wait%  rollout_KB/s"
        + "  answer_KB/s  dropped  first_s");
    o.flush();
    Csv csv = new Csv(out, "env,mode,actors,seed,num_envs,rollout_length,steps,timed_steps,timed_seconds,sps,updates,"
        + "updates_per_s,learn_ms,wait_ms,wait_share,rollouts,parameter_messages,rollout_bytes_per_s,"
        + "answer_bytes_per_s,bytes_per_s,dropped,lost_actor_jvms,first_iteration_s");
    List<String> summary = new ArrayList<>();
    for (String env : worlds) {
      for (String mode : modes) {
        List<String> rates = new ArrayList<>();
        for (int count : counts) {
          for (long seed : sd) {
            TrainConfig cfg = base.toBuilder().impala(base.impala().toBuilder().actors(count).build()).build()
                .withEnv(env).withSeed(seed);
            DistributedBench.Case c = new DistributedBench.Case(env, mode, count, seed);
            DistributedBench.Result r = DistributedBench.run(c, cfg, factories.get(env), out.resolve("logs"), deadline);
            boolean wire = mode.equals(DistributedBench.JVMS);
            o.printf(Locale.ROOT, "%-26s %-7s %2d  %4d  %7.0f  %9.1f  %8.1f  %7.1f  %4.0f%%  %12s  %11s  %7d  %7.1f%n",
                env, mode, count, seed, r.sps(), r.updatesPerSecond(), r.learnMs(), r.waitMs(), 100 * r.waitShare(),
                wire ? String.format(Locale.ROOT, "%.1f", r.rolloutBytesPerSecond() / 1e3) : "-",
                wire ? String.format(Locale.ROOT, "%.1f", r.answerBytesPerSecond() / 1e3) : "-", r.dropped(),
                r.firstIterationSeconds());
            o.flush();
            csv.row("%s,%s,%d,%d,%d,%d,%d,%d,%.3f,%.1f,%d,%.2f,%.3f,%.3f,%.4f,%d,%d,%.0f,%.0f,%.0f,%d,%d,%.2f", env, mode,
                count, seed, cfg.numEnvs(), cfg.rolloutLength(), r.steps(), r.timedSteps(), r.timedSeconds(), r.sps(),
                r.updates(), r.updatesPerSecond(), r.learnMs(), r.waitMs(), r.waitShare(), r.rollouts(),
                r.parameterMessages(), r.rolloutBytesPerSecond(), r.answerBytesPerSecond(),
                r.rolloutBytesPerSecond() + r.answerBytesPerSecond(), r.dropped(), r.lost(), r.firstIterationSeconds());
            rates.add(String.format(Locale.ROOT, "%.0f", r.sps()));
          }
        }
        summary.add(shortName(env) + " " + mode + " " + String.join("/", rates));
      }
    }
    csv.write();
    o.println("distributed summary (env steps/s for actors " + counts + (sd.size() > 1 ? ", each seed" : "") + "): "
        + String.join("; ", summary) + "; csv " + out.resolve("results.csv"));
  }

  /** Values joined by ';' in {@code format}. */
  private static String joined(double[] v, String format) {
    return String.join(";", Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, format, x)).toList());
  }

  private TrainConfig base(ConfigLoader loader) {
    return baseRun(loader).train();
  }

  /** {@code loader} (made by {@link RunConfig#loader}) with --config and --set on top. */
  private RunConfig baseRun(ConfigLoader loader) {
    if (config != null) {
      loader.file(config);
    }
    sets.forEach(s -> loader.set(s, "--set"));
    return RunConfig.of(loader);
  }

  private List<String> chosen(List<String> known, List<String> fallback) {
    if (agents == null) {
      return fallback.isEmpty() ? known : fallback;
    }
    for (String a : agents) {
      if (!known.contains(a)) {
        throw new UserError("--agents: unknown agent '" + a + "' for " + suite + " (known: " + String.join(", ", known)
            + ")");
      }
    }
    return agents;
  }

  private <T> T single(List<T> values, String option) {
    if (values.size() != 1) {
      throw new UserError(option + ": the " + suite + " suite takes one value, got " + values);
    }
    return values.get(0);
  }

  private static List<Rl4jStudy.Result> filter(List<Rl4jStudy.Result> rs, String learner, String env) {
    return rs.stream().filter(r -> r.learner().equals(learner) && r.env().equals(env)).toList();
  }

  private static <T> double mean(List<T> rs, ToDoubleFunction<T> f) {
    return rs.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static String shortName(String env) {
    return env.replace("MiniGrid-", "").replace("-v0", "").replace("-v1", "");
  }

  private static String phaseHeader() {
    StringBuilder b = new StringBuilder();
    for (LoopProfile.Phase p : LoopProfile.Phase.values()) {
      b.append(String.format(Locale.ROOT, "%7s", abbreviation(p)));
    }
    return b.toString().stripLeading();
  }

  private static String phaseColumns() {
    return String.join(",", java.util.Arrays.stream(LoopProfile.Phase.values())
        .map(p -> "share_" + p.name().toLowerCase(Locale.ROOT)).toList());
  }

  private static String phaseShares(Map<LoopProfile.Phase, Double> shares) {
    StringBuilder b = new StringBuilder();
    for (LoopProfile.Phase p : LoopProfile.Phase.values()) {
      b.append(String.format(Locale.ROOT, "%6.1f%%", 100 * shares.get(p)));
    }
    return b.toString().stripLeading();
  }

  private static String phaseCsv(Map<LoopProfile.Phase, Double> shares) {
    return String.join(",", java.util.Arrays.stream(LoopProfile.Phase.values())
        .map(p -> String.format(Locale.ROOT, "%.5f", shares.get(p))).toList());
  }

  private static String abbreviation(LoopProfile.Phase p) {
    Function<LoopProfile.Phase, String> f = q -> switch (q) {
      case ENV -> "env";
      case ACT -> "act";
      case BATCH -> "batch";
      case REWARDS -> "reward";
      case LEARN_NETWORK -> "learnN";
      case LEARN_HOST -> "learnH";
      case OBSERVERS -> "io";
    };
    return f.apply(p);
  }

  /**
   * Where a suite's files go, made (or found empty) before anything runs, so that no result is
   * computed only to be lost or written over. The default {@code runs/bench-SUITE} moves on to
   * {@code runs/bench-SUITE-2}, {@code -3}, ... while the earlier ones exist; each candidate is taken
   * by creating it, which only one of two benches started together can do. A named {@code --out}
   * must be a new or empty directory. {@link Output#created} tells whether this call made the
   * directory (the caller removes it again when the suite fails before writing anything).
   */
  static Output outputDirectory(Path named, String suite) {
    if (named == null) {
      for (int i = 1; ; i++) {
        Path dir = Path.of("runs", "bench-" + suite + (i == 1 ? "" : "-" + i));
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (create(dir, "runs/bench-" + suite)) {
          return new Output(dir, true);
        }
      }
    }
    if (Files.isSymbolicLink(named) && !Files.exists(named)) {
      throw new UserError("--out " + named + " is a link to nothing (nothing was run)");
    }
    if (Files.exists(named) && !Files.isDirectory(named)) {
      throw new UserError("--out " + named + " is a file, not a directory (nothing was run)");
    }
    if (Files.isDirectory(named)) {
      try (var entries = Files.list(named)) {
        if (entries.findAny().isPresent()) {
          throw new UserError("--out " + named + " already holds the files of an earlier run; name another directory"
              + " (nothing was run, nothing written)");
        }
      } catch (IOException e) {
        throw new UserError("--out " + named + ": cannot list it (" + e.getMessage() + "; nothing was run)", e);
      }
      if (!Files.isWritable(named)) {
        throw new UserError("--out " + named + " is not writable (nothing was run)");
      }
      return new Output(named, false);
    }
    create(named, "--out " + named);
    return new Output(named, true);
  }

  /** A suite's output directory, and whether choosing it created it. */
  record Output(Path dir, boolean created) {}

  /** Creates {@code dir} (and its parents); false when another process made it first. */
  private static boolean create(Path dir, String what) {
    Path parent = dir.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (FileAlreadyExistsException e) {
      throw new UserError("cannot create " + what + ": " + e.getFile() + " is a file (nothing was run)", e);
    } catch (IOException e) {
      throw new UserError("cannot create " + what + " (" + e.getClass().getSimpleName().replace("Exception", "")
          + ": " + e.getMessage() + "; nothing was run)", e);
    }
    try {
      Files.createDirectory(dir);
      return true;
    } catch (FileAlreadyExistsException e) {
      if (what.startsWith("--out")) {
        throw new UserError(what + " appeared while it was being made; name another directory (nothing was run)", e);
      }
      return false;
    } catch (IOException e) {
      throw new UserError("cannot create " + what + " (" + e.getClass().getSimpleName().replace("Exception", "")
          + ": " + e.getMessage() + "; nothing was run)", e);
    }
  }

  /**
   * Rows for one CSV file of the suite's output directory ({@code results.csv} unless named),
   * rewritten whole (temp file, then rename) after every row, so a suite stopped or failing part
   * way keeps the rows it finished; {@link #write} at the end also leaves a header-only file for a
   * suite with no rows.
   */
  static final class Csv {
    private final Path out;
    private final String name;
    private final StringBuilder text;

    Csv(Path out, String header) {
      this(out, "results.csv", header);
    }

    Csv(Path out, String name, String header) {
      this.out = out;
      this.name = name;
      text = new StringBuilder(header).append('\n');
    }

    /** Adds a row and writes the file: the row of a case that took a while to measure. */
    void row(String format, Object... args) {
      add(format, args);
      write();
    }

    /** Adds a row without writing the file: rows made together (call {@link #write} after them). */
    void add(String format, Object... args) {
      text.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    void write() {
      try {
        Files.createDirectories(out);
        AtomicFiles.writeString(out.resolve(name), text.toString());
      } catch (IOException e) {
        throw new UserError("cannot write " + out.resolve(name) + ": " + e.getMessage(), e);
      }
    }
  }
}
