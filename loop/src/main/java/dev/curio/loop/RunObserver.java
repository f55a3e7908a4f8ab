package dev.curio.loop;

/**
 * Receives a run's events, in order: {@link #onStart}, then per iteration any number of
 * {@link #onEpisodeEnd} and one {@link #onIteration}, then {@link #onEnd} (also after a failure).
 * Observers read the event objects only; to stop a run early, call {@link RunControl#stop}.
 */
public interface RunObserver {
  default void onStart(RunStart start) {}

  default void onEpisodeEnd(EpisodeEnd episode) {}

  default void onIteration(IterationReport report) {}

  default void onEnd(RunEnd end) {}
}
