package dev.curio.cluster;

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
}
