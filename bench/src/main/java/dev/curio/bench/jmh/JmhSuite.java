package dev.curio.bench.jmh;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the {@link HotPaths} microbenchmarks through JMH's API and returns one row per benchmark and parameter set. */
public final class JmhSuite {
  /**
   * One benchmark's result.
   *
   * @param params its parameters as {@code key=value} joined by spaces (empty when it has none)
   * @param score mean time per call in {@code unit}
   * @param error half-width of the 99.9% confidence interval, NaN with a single measurement
   */
  public record Row(String benchmark, String params, double score, double error, String unit) {}

  private JmhSuite() {}

  /**
   * @param include a regular expression on benchmark method names (e.g. {@code policyForward|gae})
   * @param quick one short warm-up and measurement in this JVM instead of a forked JVM with 3 + 5
   *     one-second iterations: for smoke tests, not for numbers
   * @throws IllegalArgumentException if {@code include} is not a valid expression or matches no benchmark
   */
  public static List<Row> run(String include, boolean quick) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(include);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("not a regular expression: " + include + " (" + e.getDescription() + ")");
    }
    List<String> names = benchmarks();
    if (names.stream().noneMatch(n -> pattern.matcher(n).matches())) {
      throw new IllegalArgumentException("no benchmark matches '" + include + "' (benchmarks: " + String.join(", ", names)
          + ")");
    }
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include(Pattern.quote(HotPaths.class.getName()) + "\\.(" + include + ")$")
        .shouldFailOnError(true)
        .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL);
    if (quick) {
      // JMH's lock (/tmp/jmh.lock) keeps two measurements from disturbing each other; a smoke run
      // measures nothing, so it must not fail because a real benchmark runs on the same machine
      b.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100)).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200));
    }
    Collection<RunResult> results;
    String lockSetting = System.getProperty("jmh.ignoreLock");
    if (quick) {
      System.setProperty("jmh.ignoreLock", "true");
    }
    try {
      results = new Runner(b.build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e, e);
    } finally {
      if (quick && lockSetting == null) {
        System.clearProperty("jmh.ignoreLock");
      } else if (quick) {
        System.setProperty("jmh.ignoreLock", lockSetting);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      List<String> params = new ArrayList<>();
      for (String key : r.getParams().getParamsKeys()) {
        params.add(key + "=" + r.getParams().getParam(key));
      }
      rows.add(new Row(name, String.join(" ", params), r.getPrimaryResult().getScore(),
          r.getPrimaryResult().getScoreError(), r.getPrimaryResult().getScoreUnit()));
    }
    return rows;
  }

  /** The benchmark method names of {@link HotPaths}, sorted. */
  public static List<String> benchmarks() {
    List<String> names = new ArrayList<>();
    for (Method m : HotPaths.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Benchmark.class)) {
        names.add(m.getName());
      }
    }
    names.sort(null);
    return names;
  }
}
