package dev.curio.envs.wrappers;

/**
 * A finished episode's undiscounted extrinsic return and length, as seen under
 * {@link RecordEpisodeStatistics} (so after any reward wrappers inside it).
 */
public record EpisodeStats(double episodeReturn, int length, boolean terminated, boolean truncated) {}
