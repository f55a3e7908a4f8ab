package dev.curio.loop.io;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a run ended, as written to {@code summary.json}. Numbers that do not exist (no episode
 * finished, so no mean return) are {@code null}.
 *
 * <p>Made with {@link #builder()}, every field by name; none is positional.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
@JsonDeserialize(builder = RunSummary.Builder.class)
public final class RunSummary {
  /** The env id. */
  private final String env;
  /** The run's seed. */
  private final long seed;
  /**
   * {@code completed} (reached totalSteps), {@code stopped} (see stopReason), {@code nonfinite} (a NaN or infinite
   * value stopped it, {@code nonFinite: stop}; failure says which, where) or {@code failed} (see failure).
   */
  private final String status;
  /** Why the run stopped early ({@code stopAtReturn} reached, interrupted), or null. */
  private final String stopReason;
  /** The error that ended the run (for {@code nonfinite}: its one-line message), or null. */
  private final String failure;
  /** Iterations done, over all sessions of a resumed run. */
  private final int iterations;
  /** Env steps done. */
  private final long steps;
  /** Env steps the config asked for. */
  private final long totalSteps;
  /** The rolling mean return at the end. */
  private final Double finalMeanReturn;
  /** The best rolling mean return after any iteration. */
  private final Double bestMeanReturn;
  /** Training wall time, summed over all sessions of a resumed run. */
  private final double wallSeconds;
  /**
   * The OpenBLAS kernel family of the last session ({@code OPENBLAS_CORETYPE}, or {@code native}); runs compare
   * float for float only with the same value (docs/architecture.md).
   */
  private final String blasKernels;
  /**
   * The native build of the last session and its oneDNN pin ({@code onednn (oneDNN capped at AVX2)} or {@code
   * plain}); CNN runs compare float for float only with the same value. Absent from summaries written before it.
   */
  private final String nativeBuild;
  /**
   * Iterations that skipped an update for a NaN or infinite value ({@code nonFinite: skip}), summed over the
   * sessions of a resumed run (as wallSeconds is: iterations redone after a crash count again).
   */
  private final int nonFiniteSkipped;
  /** The last of those values, in one line ({@code iteration 12: the rnd stream's ...}), or null. */
  private final String lastNonFinite;

  private RunSummary(Builder b) {
    this.env = b.env;
    this.seed = b.seed;
    this.status = b.status;
    this.stopReason = b.stopReason;
    this.failure = b.failure;
    this.iterations = b.iterations;
    this.steps = b.steps;
    this.totalSteps = b.totalSteps;
    this.finalMeanReturn = b.finalMeanReturn;
    this.bestMeanReturn = b.bestMeanReturn;
    this.wallSeconds = b.wallSeconds;
    this.blasKernels = b.blasKernels;
    this.nativeBuild = b.nativeBuild;
    this.nonFiniteSkipped = b.nonFiniteSkipped;
    this.lastNonFinite = b.lastNonFinite;
  }

  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public static RunSummary read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunSummary.class);
  }

  /** Writes this summary as JSON, atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
  }

  public String env() {
    return env;
  }

  public long seed() {
    return seed;
  }

  public String status() {
    return status;
  }

  public String stopReason() {
    return stopReason;
  }

  public String failure() {
    return failure;
  }

  public int iterations() {
    return iterations;
  }

  public long steps() {
    return steps;
  }

  public long totalSteps() {
    return totalSteps;
  }

  public Double finalMeanReturn() {
    return finalMeanReturn;
  }

  public Double bestMeanReturn() {
    return bestMeanReturn;
  }

  public double wallSeconds() {
    return wallSeconds;
  }

  public String blasKernels() {
    return blasKernels;
  }

  public String nativeBuild() {
    return nativeBuild;
  }

  public int nonFiniteSkipped() {
    return nonFiniteSkipped;
  }

  public String lastNonFinite() {
    return lastNonFinite;
  }

  /** A builder with every field unset (0, false or null). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.env = env;
    b.seed = seed;
    b.status = status;
    b.stopReason = stopReason;
    b.failure = failure;
    b.iterations = iterations;
    b.steps = steps;
    b.totalSteps = totalSteps;
    b.finalMeanReturn = finalMeanReturn;
    b.bestMeanReturn = bestMeanReturn;
    b.wallSeconds = wallSeconds;
    b.blasKernels = blasKernels;
    b.nativeBuild = nativeBuild;
    b.nonFiniteSkipped = nonFiniteSkipped;
    b.lastNonFinite = lastNonFinite;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RunSummary o
        && Objects.equals(env, o.env)
        && seed == o.seed
        && Objects.equals(status, o.status)
        && Objects.equals(stopReason, o.stopReason)
        && Objects.equals(failure, o.failure)
        && iterations == o.iterations
        && steps == o.steps
        && totalSteps == o.totalSteps
        && Objects.equals(finalMeanReturn, o.finalMeanReturn)
        && Objects.equals(bestMeanReturn, o.bestMeanReturn)
        && Double.compare(wallSeconds, o.wallSeconds) == 0
        && Objects.equals(blasKernels, o.blasKernels)
        && Objects.equals(nativeBuild, o.nativeBuild)
        && nonFiniteSkipped == o.nonFiniteSkipped
        && Objects.equals(lastNonFinite, o.lastNonFinite);
  }

  @Override
  public int hashCode() {
    return Objects.hash(env, seed, status, stopReason, failure, iterations, steps, totalSteps, finalMeanReturn,
        bestMeanReturn, wallSeconds, blasKernels, nativeBuild, nonFiniteSkipped, lastNonFinite);
  }

  @Override
  public String toString() {
    return "RunSummary[env=" + env
        + ", seed=" + seed
        + ", status=" + status
        + ", stopReason=" + stopReason
        + ", failure=" + failure
        + ", iterations=" + iterations
        + ", steps=" + steps
        + ", totalSteps=" + totalSteps
        + ", finalMeanReturn=" + finalMeanReturn
        + ", bestMeanReturn=" + bestMeanReturn
        + ", wallSeconds=" + wallSeconds
        + ", blasKernels=" + blasKernels
        + ", nativeBuild=" + nativeBuild
        + ", nonFiniteSkipped=" + nonFiniteSkipped
        + ", lastNonFinite=" + lastNonFinite
        + "]";
  }

  /** Fields by name. */
  @JsonPOJOBuilder(withPrefix = "")
  public static final class Builder {
    private String env;
    private long seed;
    private String status;
    private String stopReason;
    private String failure;
    private int iterations;
    private long steps;
    private long totalSteps;
    private Double finalMeanReturn;
    private Double bestMeanReturn;
    private double wallSeconds;
    private String blasKernels;
    private String nativeBuild;
    private int nonFiniteSkipped;
    private String lastNonFinite;

    private Builder() {}

    public Builder env(String env) {
      this.env = env;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    public Builder stopReason(String stopReason) {
      this.stopReason = stopReason;
      return this;
    }

    public Builder failure(String failure) {
      this.failure = failure;
      return this;
    }

    public Builder iterations(int iterations) {
      this.iterations = iterations;
      return this;
    }

    public Builder steps(long steps) {
      this.steps = steps;
      return this;
    }

    public Builder totalSteps(long totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    public Builder finalMeanReturn(Double finalMeanReturn) {
      this.finalMeanReturn = finalMeanReturn;
      return this;
    }

    public Builder bestMeanReturn(Double bestMeanReturn) {
      this.bestMeanReturn = bestMeanReturn;
      return this;
    }

    public Builder wallSeconds(double wallSeconds) {
      this.wallSeconds = wallSeconds;
      return this;
    }

    public Builder blasKernels(String blasKernels) {
      this.blasKernels = blasKernels;
      return this;
    }

    public Builder nativeBuild(String nativeBuild) {
      this.nativeBuild = nativeBuild;
      return this;
    }

    public Builder nonFiniteSkipped(int nonFiniteSkipped) {
      this.nonFiniteSkipped = nonFiniteSkipped;
      return this;
    }

    public Builder lastNonFinite(String lastNonFinite) {
      this.lastNonFinite = lastNonFinite;
      return this;
    }

    public RunSummary build() {
      return new RunSummary(this);
    }
  }
}
