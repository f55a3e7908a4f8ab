package dev.curio.envs.worlds.maze;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;

/**
 * A seeded uniformly random policy on a maze, and the share of its episodes that reach a goal within
 * the step limit. {@code main} prints the rate for every shipped layout (used for docs/envs/mazes.md).
 */
final class RandomPolicy {
  private RandomPolicy() {}

  /** Share of {@code episodes} episodes (reset seeds 0..episodes-1, actions from {@code new Rng(seed)}) that reach a goal. */
  static double successRate(Env<float[], Integer> env, int episodes, long seed) {
    Rng actions = new Rng(seed);
    int success = 0;
    for (int e = 0; e < episodes; e++) {
      env.reset(e);
      while (true) {
        Step<float[]> s = env.step(actions.nextInt(4));
        if (s.done()) {
          success += s.info().require(MazeEnv.REACHED_GOAL) ? 1 : 0;
          break;
        }
      }
    }
    return success / (double) episodes;
  }

  public static void main(String[] args) {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    MazeConfig pos = MazeConfig.defaults().withObservation(ObservationMode.POSITION);
    for (String name : Mazes.layoutNames()) {
      MazeEnv env = Mazes.make(name, pos);
      System.out.printf("%-16s %2dx%-2d free %3d  limit %4d  random success %5.1f%% of %d episodes%n", name,
          env.layout().height(), env.layout().width(), env.layout().freeCells(), env.spec().maxEpisodeSteps(),
          100 * successRate(env, episodes, 2024), episodes);
    }
  }
}
