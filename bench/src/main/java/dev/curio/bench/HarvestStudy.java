package dev.curio.bench;

import dev.curio.envs.registry.EnvRegistry;
import dev.curio.loop.EpisodeEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.rewards.social.InfluenceConfig;
import java.util.List;
import java.util.function.Consumer;

/**
 * Social influence in a commons game (docs/social.md): {@code social:harvest-4} trained with independent PPO
 * policies, against the same plus every agent's influence reward (the MOA variant, with the world's visibility), on
 * the same seeds and budget. Per run, the social-dilemma metrics of Perolat et al. (2017) over the last return window
 * of episodes: efficiency, equality, sustainability and peace, with the collective return.
 */
public final class HarvestStudy {
  /** The cases: {@code ppo} (independent PPO on the agents' own rewards) and {@code moa} (plus influence). */
  public static final List<String> CASES = List.of("ppo", "moa");
  /** The world. */
  public static final String ENV = "social:harvest-4";

  private HarvestStudy() {}

  /**
   * One run's numbers, each the mean over the last return window of episodes (NaN before one ended).
   *
   * @param social {efficiency, equality, sustainability, peace}
   */
  public record Result(String name, long seed, long steps, double collectiveReturn, double[] social, long episodes,
                       double seconds) {}

  /** The config of case {@code name} on top of {@code base}: the world, independent policies, the reward modules. */
  public static TrainConfig configFor(TrainConfig base, String name, long seed) {
    TrainConfig.Builder b = base.toBuilder().env(ENV).seed(seed);
    switch (name) {
      case "ppo" -> b.rewards(base.rewards().toBuilder().modules(List.of()).build());
      case "moa" -> {
        InfluenceConfig inf = base.rewards().influence().toBuilder().counterfactuals("moa").build();
        b.rewards(base.rewards().toBuilder().modules(List.of("influence")).influence(inf).build());
      }
      default -> throw new IllegalArgumentException("harvest study: unknown case '" + name + "' (known: " + CASES
          + ")");
    }
    TrainConfig cfg = b.build();
    return cfg.withAgents(cfg.agents().toBuilder().policies("independent").build());
  }

  /** Trains case {@code name} on one seed and reads its social metrics. */
  public static Result run(TrainConfig base, String name, long seed) {
    TrainConfig cfg = configFor(base, name, seed);
    long began = System.nanoTime();
    long[] episodes = {0};
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, () -> EnvRegistry.makeMulti(ENV))) {
      int agents = loop.numAgents();
      loop.addObserver(new RunObserver() {
        @Override
        public void onEpisodeEnd(EpisodeEnd e) {
          if (e.envIndex() % agents == 0) {
            episodes[0]++;
          }
        }
      });
      loop.run();
      return new Result(name, seed, loop.globalStep(), loop.collectiveMeanReturn(), loop.socialMeans(), episodes[0],
          (System.nanoTime() - began) / 1e9);
    }
  }

  /** Every case on every seed, case-major; {@code onResult} sees each as it ends. */
  public static List<Result> runAll(TrainConfig base, List<String> cases, List<Long> seeds, Consumer<Result> onResult) {
    return CaseSweep.caseMajor(cases, seeds, (c, seed) -> run(base, c, seed), onResult);
  }
}
