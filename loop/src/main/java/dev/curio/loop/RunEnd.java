package dev.curio.loop;

/**
 * A run ended: completed its steps, was stopped by an observer ({@code stopReason}), or failed
 * ({@code failure} non-null). {@code bestMeanReturn} is the best rolling mean over a full window of
 * {@code returnWindow} episodes (NaN if the window never filled).
 */
public record RunEnd(int iterations, long globalStep, double meanReturn, double bestMeanReturn, String stopReason,
                     Throwable failure) {
  public boolean failed() {
    return failure != null;
  }
}
