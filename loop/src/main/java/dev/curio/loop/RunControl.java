package dev.curio.loop;

/** Lets observers stop a run after the current iteration. */
public final class RunControl {
  private volatile String stopReason;

  /** Ends the run after the current iteration; the first reason given is kept. */
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  public boolean stopRequested() {
    return stopReason != null;
  }

  public String stopReason() {
    return stopReason;
  }
}
