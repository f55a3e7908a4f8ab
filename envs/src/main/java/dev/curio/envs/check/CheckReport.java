package dev.curio.envs.check;

import java.util.ArrayList;
import java.util.List;

/** The outcome of {@link EnvChecker}: each check by name, passed or failed with a reason. */
public final class CheckReport {
  /** One check's outcome; {@code detail} says why it failed, or what was skipped. */
  public record Result(String check, boolean passed, String detail) {}

  private final String envId;
  private final List<Result> results = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  CheckReport(String envId) {
    this.envId = envId;
  }

  void pass(String check) {
    results.add(new Result(check, true, ""));
  }

  void pass(String check, String note) {
    results.add(new Result(check, true, note));
  }

  void fail(String check, String why) {
    results.add(new Result(check, false, why));
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  /** What the env said about itself ({@link EnvWarnings}): worth reading, but no check failed. */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  public String envId() {
    return envId;
  }

  public List<Result> results() {
    return List.copyOf(results);
  }

  public boolean passed() {
    return results.stream().allMatch(Result::passed);
  }

  public List<Result> failures() {
    return results.stream().filter(r -> !r.passed()).toList();
  }

  /** Throws an {@link AssertionError} listing every failed check; for use in tests. */
  public CheckReport assertPassed() {
    if (!passed()) {
      throw new AssertionError(toString());
    }
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("env check of ").append(envId).append(": ")
        .append(passed() ? "passed" : failures().size() + " of " + results.size() + " checks failed");
    if (!warnings.isEmpty()) {
      sb.append(" (").append(warnings.size()).append(warnings.size() == 1 ? " warning)" : " warnings)");
    }
    for (String w : warnings) {
      sb.append("\n  warn ").append(w);
    }
    for (Result r : results) {
      sb.append("\n  ").append(r.passed() ? "ok   " : "FAIL ").append(r.check());
      if (!r.detail().isEmpty()) {
        sb.append(": ").append(r.detail());
      }
    }
    return sb.toString();
  }
}
