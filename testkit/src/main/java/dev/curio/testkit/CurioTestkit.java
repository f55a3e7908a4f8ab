package dev.curio.testkit;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that names each test's report directory after the test
 * ({@code <class>.<method>}, plus the invocation for parameterised tests). Optional: without it the
 * testkit names the directory after the method that stated the claim.
 *
 * <pre>{@code
 * @ExtendWith(CurioTestkit.class)
 * class MyAgentTest { ... }
 * }</pre>
 */
public final class CurioTestkit implements BeforeTestExecutionCallback, AfterTestExecutionCallback {
  @Override
  public void beforeTestExecution(ExtensionContext context) {
    String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    String display = context.getDisplayName();
    if (display.startsWith("[")) {
      // a parameterised invocation: "[2] rnd" -> ".2"
      name += "." + display.substring(1, Math.max(1, display.indexOf(']')));
    }
    Reports.enter(name);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Reports.leave();
  }
}
