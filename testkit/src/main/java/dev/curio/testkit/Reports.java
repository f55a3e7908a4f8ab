package dev.curio.testkit;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where claims write each seed's {@code metrics.csv} and {@code curve.png}:
 * {@code <root>/<test>/<world>/<agent>/seed-<s>/}, the root being {@code target/curio-testkit} under the
 * working directory (a Maven module's directory under Surefire) unless the system property
 * {@code curio.testkit.dir} names another. The test's name comes from {@link CurioTestkit} when the
 * test class uses it, else from the calling method.
 */
final class Reports {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private Reports() {}

  static void enter(String testName) {
    CURRENT.set(testName);
  }

  static void leave() {
    CURRENT.remove();
  }

  /** The running test's name: from the extension, else the first caller outside the testkit. */
  static String currentTest() {
    String named = CURRENT.get();
    if (named != null) {
      return named;
    }
    Optional<String> caller = StackWalker.getInstance().walk(frames -> frames
        .filter(f -> !isTestkit(f.getClassName()))
        .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName())
        .findFirst());
    return caller.orElse("claims");
  }

  private static final Set<String> OWN = Set.of("Claim", "Claims", "AgentClaim", "Reports", "SeedRunner");

  private static boolean isTestkit(String className) {
    String pkg = Reports.class.getPackageName() + ".";
    if (!className.startsWith(pkg)) {
      return false;
    }
    String simple = className.substring(pkg.length());
    int dollar = simple.indexOf('$');
    return OWN.contains(dollar < 0 ? simple : simple.substring(0, dollar));
  }

  static Path directoryFor(String testName) {
    String root = System.getProperty("curio.testkit.dir");
    Path base = root == null || root.isBlank() ? Path.of("target", "curio-testkit") : Path.of(root);
    return base.resolve(safe(testName));
  }

  /** A file-name-safe version of {@code name}: letters, digits, '.', '_', '-', '+'. */
  static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._+-]", "_");
    return s.isEmpty() ? "_" : s.length() > 120 ? s.substring(0, 120) : s;
  }

  private static String simpleName(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    int dollar = simple.indexOf('$');
    return dollar < 0 ? simple : simple.substring(0, dollar);
  }
}
