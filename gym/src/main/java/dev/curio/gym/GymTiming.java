package dev.curio.gym;

import static org.bytedeco.cpython.global.python.PyDict_New;
import static org.bytedeco.cpython.global.python.PyDict_SetItemString;
import static org.bytedeco.cpython.global.python.PyEval_GetBuiltins;
import static org.bytedeco.cpython.global.python.PyFloat_AsDouble;
import static org.bytedeco.cpython.global.python.PyLong_FromLongLong;
import static org.bytedeco.cpython.global.python.PyRun_String;
import static org.bytedeco.cpython.global.python.PyUnicode_FromString;
import static org.bytedeco.cpython.global.python.Py_DecRef;
import static org.bytedeco.cpython.global.python.Py_eval_input;
import static org.bytedeco.cpython.global.python.Py_file_input;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import org.bytedeco.cpython.PyObject;

/**
 * What one step of a gym env costs, behind {@code curio bench gym} and the table in docs/gym.md.
 * Both methods run the same loop: random actions, a reset whenever an episode ends, the clock
 * started after a warm-up. {@link #microsPerStep} runs it through a Curio env (in the JVM or over
 * HTTP); {@link #pythonMicrosPerStep} runs it in Python in the embedded interpreter, so it measures
 * gym alone. The difference between the two is what the bridge costs.
 */
public final class GymTiming {
  /** The Python twin of {@link #microsPerStep}'s loop; {@code measure} returns microseconds per step. */
  private static final String PYTHON_LOOP = String.join("\n",
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
      "    micros = (time.perf_counter() - t0) * 1e6 / steps",
      "    env.close()",
      "    return micros",
      "");

  private GymTiming() {}

  /**
   * Mean wall-clock microseconds per step of gym's {@code id} made by {@link Gym#make} with
   * {@code config}: in this JVM, or on the server at {@code config.url()}. Actions are sampled from
   * the action space by an {@link Rng} of seed 0; episodes are seeded 0, 1, 2, ...
   *
   * @param warmup untimed steps first, so the JIT and Python's caches are warm
   * @param steps timed steps, at least 1
   * @throws GymException if the env cannot be made or stepped
   */
  @SuppressWarnings("unchecked")
  public static double microsPerStep(String id, GymConfig config, int warmup, int steps) {
    checkCounts(warmup, steps);
    try (Env<Object, Object> env = (Env<Object, Object>) Gym.make(id, config)) {
      Rng rng = new Rng(0);
      long seed = 0;
      env.reset(seed++);
      long start = System.nanoTime();
      for (int i = 0; i < warmup + steps; i++) {
        if (i == warmup) {
          start = System.nanoTime();
        }
        Step<Object> s = env.step(env.spec().actionSpace().sample(rng));
        if (s.done()) {
          env.reset(seed++);
        }
      }
      return (System.nanoTime() - start) / 1e3 / steps;
    }
  }

  /**
   * Mean wall-clock microseconds per step of the same loop written in Python and run by the embedded
   * interpreter: what gym itself costs. It also pays for {@code action_space.sample()} in Python,
   * which {@link #microsPerStep} does in Java. Starts Python on first use.
   *
   * @param warmup untimed steps first
   * @param steps timed steps, at least 1
   * @throws GymException if Python fails (an unknown id, say)
   */
  public static double pythonMicrosPerStep(String id, int warmup, int steps) {
    checkCounts(warmup, steps);
    String gymId = Gym.strip(id);
    return PythonRuntime.get().call(() -> {
      PyObject globals = PyDict_New();
      try {
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
        put(globals, "env_id", PyUnicode_FromString(gymId));
        put(globals, "warmup", PyLong_FromLongLong(warmup));
        put(globals, "steps", PyLong_FromLongLong(steps));
        Py_DecRef(run(PYTHON_LOOP, Py_file_input, globals, gymId));
        PyObject r = run("measure(env_id, warmup, steps)", Py_eval_input, globals, gymId);
        double micros = PyFloat_AsDouble(r);
        Py_DecRef(r);
        return micros;
      } finally {
        Py_DecRef(globals);
      }
    });
  }

  /** {@code globals[name] = value}, dropping our reference to {@code value} (the dict keeps its own). */
  private static void put(PyObject globals, String name, PyObject value) {
    PyDict_SetItemString(globals, name, value);
    Py_DecRef(value);
  }

  /** Runs {@code code}; a new reference to its result, or a {@link GymException} with Python's error. */
  private static PyObject run(String code, int mode, PyObject globals, String id) {
    PyObject r = PyRun_String(code, mode, globals, globals);
    if (r == null || r.isNull()) {
      throw new GymException("gym env '" + id + "' in the Python timing loop: " + PythonRuntime.pendingError());
    }
    return r;
  }

  private static void checkCounts(int warmup, int steps) {
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must be at least 0, got " + warmup);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + steps);
    }
  }
}
