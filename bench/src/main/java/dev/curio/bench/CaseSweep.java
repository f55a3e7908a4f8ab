package dev.curio.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs of a study, every case on every seed, case-major, each handed on as it ends. */
final class CaseSweep {
  /** One run of a case on a seed. */
  @FunctionalInterface
  interface Run<R> {
    R run(String name, long seed);
  }

  private CaseSweep() {}

  /** {@code run} for every case and seed, case-major; {@code onResult} sees each result as it ends. */
  static <R> List<R> caseMajor(List<String> cases, List<Long> seeds, Run<R> run, Consumer<R> onResult) {
    List<R> out = new ArrayList<>();
    for (String c : cases) {
      for (long seed : seeds) {
        R r = run.run(c, seed);
        onResult.accept(r);
        out.add(r);
      }
    }
    return out;
  }
}
