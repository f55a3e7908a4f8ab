package dev.curio.loop.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How a run ended, as written to {@code summary.json}. Numbers that do not exist (no episode
 * finished, so no mean return) are {@code null}.
 *
 * @param env the env id
 * @param seed the run's seed
 * @param status {@code completed} (reached totalSteps), {@code stopped} (see stopReason) or
 *     {@code failed} (see failure)
 * @param stopReason why the run stopped early ({@code stopAtReturn} reached, interrupted), or null
 * @param failure the error that ended the run, or null
 * @param iterations iterations done, over all sessions of a resumed run
 * @param steps env steps done
 * @param totalSteps env steps the config asked for
 * @param finalMeanReturn the rolling mean return at the end
 * @param bestMeanReturn the best rolling mean return after any iteration
 * @param wallSeconds training wall time, summed over all sessions of a resumed run
 * @param blasKernels the OpenBLAS kernel family of the last session ({@code OPENBLAS_CORETYPE}, or
 *     {@code native}); runs compare float for float only with the same value (docs/architecture.md)
 */
public record RunSummary(String env, long seed, String status, String stopReason, String failure, int iterations,
                         long steps, long totalSteps, Double finalMeanReturn, Double bestMeanReturn,
                         double wallSeconds, String blasKernels) {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public static RunSummary read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), RunSummary.class);
  }

  /** Writes this summary as JSON, atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
  }
}
