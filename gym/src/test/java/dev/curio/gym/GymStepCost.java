package dev.curio.gym;

import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.bytedeco.cpython.global.python.PyDict_New;
import static org.bytedeco.cpython.global.python.PyDict_SetItemString;
import static org.bytedeco.cpython.global.python.PyEval_GetBuiltins;
import static org.bytedeco.cpython.global.python.PyFloat_AsDouble;
import static org.bytedeco.cpython.global.python.PyRun_String;
import static org.bytedeco.cpython.global.python.Py_DecRef;
import static org.bytedeco.cpython.global.python.Py_eval_input;
import static org.bytedeco.cpython.global.python.Py_file_input;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.bytedeco.cpython.PyObject;
import org.junit.jupiter.api.Test;

/**
 * Per-step cost of every supported gym id, in the JVM and over HTTP on loopback, random actions,
 * resets included, after a warm-up. Measures, asserts nothing about speed; not in the default run:
 * {@code mvn -B -o -pl gym -am test -Dtest=GymStepCost -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 * The numbers are in docs/gym.md.
 */
@Tag("bench")
class GymStepCost {
  @Test
  void stepCosts() {
    StringBuilder table = new StringBuilder(
        "| id | gym alone (Python loop), us/step | in the JVM, us/step | over HTTP, us/step |\n|---|---|---|---|\n");
    try (GymServer server = GymServer.start(0)) {
      GymConfig remote = GymConfig.defaults().withUrl(server.url());
      for (Gym.SupportedId s : Gym.SUPPORTED) {
        double local = microsPerStep(s.id(), GymConfig.defaults(), 2_000, 20_000);
        double python = pythonMicrosPerStep(s.id(), 2_000, 20_000);
        double http = microsPerStep(s.id(), remote, 500, 3_000);
        table.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f |%n", s.id(), python, local, http));
        assertTrue(local > 0 && http > 0);
      }
    }
    System.out.print(table);
  }

  /** The same loop written in Python, run by the embedded interpreter: what gym itself costs. */
  static double pythonMicrosPerStep(String id, int warmup, int steps) {
    String loop = String.join("\n",
        "import time, gym",
        "def measure(env_id, warmup, steps):",
        "    env = gym.make(env_id)",
        "    env.seed(0); env.action_space.seed(0); env.reset()",
        "    seed = 1",
        "    for i in range(warmup + steps):",
        "        if i == warmup:",
        "            t0 = time.perf_counter()",
        "        done = env.step(env.action_space.sample())[2]",
        "        if done:",
        "            env.seed(seed); seed += 1; env.reset()",
        "    return (time.perf_counter() - t0) * 1e6 / steps",
        "");
    PythonRuntime python = PythonRuntime.get();
    return python.call(() -> {
      PyObject globals = PyDict_New();
      PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
      PyObject defined = PyRun_String(loop, Py_file_input, globals, globals);
      if (defined == null || defined.isNull()) {
        throw new GymException(PythonRuntime.pendingError());
      }
      Py_DecRef(defined);
      PyObject r = PyRun_String("measure('" + id + "', " + warmup + ", " + steps + ")", Py_eval_input, globals, globals);
      if (r == null || r.isNull()) {
        throw new GymException(PythonRuntime.pendingError());
      }
      double micros = PyFloat_AsDouble(r);
      Py_DecRef(r);
      Py_DecRef(globals);
      return micros;
    });
  }

  @SuppressWarnings("unchecked")
  static double microsPerStep(String id, GymConfig cfg, int warmup, int steps) {
    try (Env<Object, Object> env = (Env<Object, Object>) Gym.make(id, cfg)) {
      Rng rng = new Rng(0);
      long seed = 0;
      env.reset(seed++);
      long start = 0;
      for (int i = 0; i < warmup + steps; i++) {
        if (i == warmup) {
          start = System.nanoTime();
        }
        Step<Object> st = env.step(env.spec().actionSpace().sample(rng));
        if (st.done()) {
          env.reset(seed++);
        }
      }
      return (System.nanoTime() - start) / 1e3 / steps;
    }
  }
}
