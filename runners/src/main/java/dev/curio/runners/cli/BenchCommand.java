package dev.curio.runners.cli;

import dev.curio.runners.bench.NoisyTvStudy;
import dev.curio.runners.io.AtomicFiles;
import dev.curio.runners.io.ConfigLoader;
import dev.curio.runners.loop.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code curio bench SUITE}: runs a named measurement, prints one row per run and ends with one
 * summary line; results also go to {@code <out>/results.csv}.
 */
@Command(name = "bench", sortOptions = false,
    description = {"Run a named measurement suite and print its results.",
        "Suites: noisy-tv (TV presses and success per agent on " + NoisyTvStudy.ENV + ")."})
public final class BenchCommand implements Callable<Integer> {
  static final List<String> SUITES = List.of("noisy-tv");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SUITE", description = "The suite to run: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Suites.class)
  String suite;

  @Option(names = "--seeds", paramLabel = "N,N,...", split = ",", defaultValue = "1,2,3",
      description = "Seeds, one run per agent and seed (default ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "100000",
      description = "Env steps per run (default ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--agents", paramLabel = "A,A,...", split = ",",
      description = "Agents to compare (default: all of random, ppo, ppo+rfs, ppo+icm, ppo+rnd, ppo+ec).")
  List<String> agents;

  @Option(names = "--config", paramLabel = "FILE", description = "Base training config (YAML or JSON) for the agents.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a key of the base training config. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/bench-noisy-tv",
      description = "Where results.csv goes (default ${DEFAULT-VALUE}).")
  Path out;

  static final class Suites extends ArrayList<String> {
    Suites() {
      super(SUITES);
    }
  }

  @Override
  public Integer call() {
    if (!SUITES.contains(suite)) {
      throw new UserError("unknown suite '" + suite + "' (known: " + String.join(", ", SUITES) + ")");
    }
    List<String> chosen = agents == null ? NoisyTvStudy.AGENTS : agents;
    for (String a : chosen) {
      if (!NoisyTvStudy.AGENTS.contains(a)) {
        throw new UserError("--agents: unknown agent '" + a + "' (known: " + String.join(", ", NoisyTvStudy.AGENTS) + ")");
      }
    }
    if (steps < 4) {
      throw new UserError("--steps must be at least 4, got " + steps);
    }
    ConfigLoader loader = new ConfigLoader();
    loader.put("env", NoisyTvStudy.ENV, "bench noisy-tv");
    loader.put("totalSteps", steps, "--steps");
    if (config != null) {
      loader.file(config);
    }
    sets.forEach(s -> loader.set(s, "--set"));
    TrainConfig base = loader.build();
    if (!base.env().equals(NoisyTvStudy.ENV) || base.totalSteps() != steps) {
      throw new UserError("the noisy-tv suite fixes env " + NoisyTvStudy.ENV + " and totalSteps (--steps); remove them"
          + " from the config");
    }

    PrintWriter o = spec.commandLine().getOut();
    o.printf("noisy-tv: %s, %,d steps per run, agents %s, seeds %s%n", NoisyTvStudy.ENV, steps, chosen, seeds);
    o.println("agent     seed  tv_press_share  (whole run)  success_rate  mean_return  episodes");
    o.flush();
    List<NoisyTvStudy.Result> results = NoisyTvStudy.runAll(chosen, base, seeds, r -> {
      o.printf(Locale.ROOT, "%-8s  %4d  %14.4f  %11.4f  %12.3f  %11.3f  %8d%n", r.agent(), r.seed(), r.pressShare(),
          r.pressShareAll(), r.successRate(), r.meanReturn(), r.episodes());
      o.flush();
    });
    writeCsv(results);
    List<String> summary = new ArrayList<>();
    for (String a : chosen) {
      List<NoisyTvStudy.Result> rs = results.stream().filter(r -> r.agent().equals(a)).toList();
      summary.add(String.format(Locale.ROOT, "%s press %.3f success %.2f", a,
          rs.stream().mapToDouble(NoisyTvStudy.Result::pressShare).average().orElse(Double.NaN),
          rs.stream().mapToDouble(NoisyTvStudy.Result::successRate).average().orElse(Double.NaN)));
    }
    o.println("noisy-tv summary (means over seeds, last quarter): " + String.join("; ", summary) + "; csv "
        + out.resolve("results.csv"));
    o.flush();
    return ExitCodes.OK;
  }

  private void writeCsv(List<NoisyTvStudy.Result> results) {
    StringBuilder csv = new StringBuilder("agent,seed,steps,tv_press_share,tv_press_share_all,success_rate,mean_return,episodes\n");
    for (NoisyTvStudy.Result r : results) {
      csv.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%d%n", r.agent(), r.seed(), r.steps(),
          r.pressShare(), r.pressShareAll(), r.successRate(), r.meanReturn(), r.episodes()));
    }
    try {
      Files.createDirectories(out);
      AtomicFiles.writeString(out.resolve("results.csv"), csv.toString());
    } catch (IOException e) {
      throw new UserError("cannot write " + out.resolve("results.csv") + ": " + e.getMessage(), e);
    }
  }
}
