package dev.curio.envs.wrappers;

import dev.curio.core.Info;
import dev.curio.envs.Env;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * Sums rewards and counts steps; the last step of each episode carries an {@link EpisodeStats} in
 * its info under {@link #EPISODE}. Wrap it outside reward transforms to record raw returns.
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
  /** Present in the info of an episode's last step only. */
  public static final Info.Key<EpisodeStats> EPISODE = Info.Key.of("episode", EpisodeStats.class);

  private double episodeReturn;
  private int length;

  public RecordEpisodeStatistics(Env<O, A> env) {
    super(env);
  }

  @Override
  public Reset<O> reset(long seed) {
    episodeReturn = 0;
    length = 0;
    return env.reset(seed);
  }

  @Override
  public Step<O> step(A action) {
    Step<O> s = env.step(action);
    episodeReturn += s.reward();
    length++;
    if (s.done()) {
      return s.withInfo(s.info().with(EPISODE, new EpisodeStats(episodeReturn, length, s.terminated(), s.truncated())));
    }
    return s;
  }
}
