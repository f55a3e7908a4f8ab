package dev.curio.cluster;

import dev.curio.envs.wrappers.EpisodeStats;
import dev.curio.envs.wrappers.RecordEpisodeStatistics;
import dev.curio.loop.CollectedRollout;
import java.util.ArrayList;
import java.util.List;

/**
 * An episode that ended inside a {@link Rollout}: at {@code step} of column {@code column}, with the
 * statistics the actor's {@code RecordEpisodeStatistics} wrapper measured.
 */
public record Episode(int column, int step, double episodeReturn, int length, boolean terminated, boolean truncated) {
  public Episode {
    if (column < 0 || step < 0 || length < 0) {
      throw new IllegalArgumentException("episode: column, step and length are >= 0, got column " + column
          + ", step " + step + ", length " + length);
    }
  }

  /** The episodes that ended in {@code c}, as its {@code RecordEpisodeStatistics} measured them, in step order. */
  public static List<Episode> of(CollectedRollout c) {
    List<Episode> out = new ArrayList<>(c.ended().size());
    for (CollectedRollout.Ended e : c.ended()) {
      EpisodeStats s = e.info().get(RecordEpisodeStatistics.EPISODE).orElseThrow();
      out.add(new Episode(e.column(), e.step(), s.episodeReturn(), s.length(), s.terminated(), s.truncated()));
    }
    return out;
  }
}
