package dev.curio.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Starts {@code curio} commands in new JVMs on this JVM's Java and classpath: the actor nodes of {@code curio
 * bench distributed}, and tests that must kill a process ({@code kill -9}) or run a cluster of several. Each
 * child gets the launcher's settings ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=0}, the collector settings unless
 * {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS} name a collector ({@code
 * CURIO_JAVA_OPTS} is the launcher's and does not reach here),
 * this JVM's native build) and a heap of {@code heap}; its standard output and
 * error go to {@code log}. The environment (for example {@code OPENBLAS_CORETYPE}, {@code DNNL_MAX_CPU_ISA}) is
 * inherited.
 */
public final class CliProcess {
  private static final Pattern COLLECTOR =
      Pattern.compile("-XX:\\+Use(Serial|Parallel|ParallelOld|G1|Z|Shenandoah|Epsilon|ConcMarkSweep)GC");

  private CliProcess() {}

  /** {@code curio <args>} in a new JVM with a heap of {@code heap} (as {@code -Xmx} takes it), output to {@code log}. */
  public static Process start(List<String> args, Path log, String heap) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap));
    if (!namesCollector(System.getenv("JAVA_TOOL_OPTIONS")) && !namesCollector(System.getenv("JDK_JAVA_OPTIONS"))
        && !namesCollector(System.getenv("_JAVA_OPTIONS"))) {
      cmd.addAll(List.of("-XX:+UseParallelGC", "-Xmn128m", "-XX:SurvivorRatio=2", "-XX:-UseAdaptiveSizePolicy"));
    }
    cmd.addAll(List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0",
        "-Dorg.bytedeco.javacpp.platform.extension=" + System.getProperty("org.bytedeco.javacpp.platform.extension", ""),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Whether JVM options inherited through the environment already pick a collector, as the launcher
   * checks: a second collector flag would stop the child JVM ("multiple garbage collectors selected").
   */
  static boolean namesCollector(String options) {
    return options != null && COLLECTOR.matcher(options).find();
  }
}
