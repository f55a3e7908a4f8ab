package dev.curio.gym;

import static org.bytedeco.cpython.global.python.PyLong_FromLongLong;
import static org.bytedeco.cpython.global.python.PyObject_CallMethodNoArgs;
import static org.bytedeco.cpython.global.python.PyObject_CallMethodOneArg;
import static org.bytedeco.cpython.global.python.PyObject_GetAttrString;
import static org.bytedeco.cpython.global.python.PyUnicode_AsUTF8;
import static org.bytedeco.cpython.global.python.PyUnicode_FromString;
import static org.bytedeco.cpython.global.python.Py_DecRef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.cpython.PyObject;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.numpy.PyArrayObject;

/**
 * A real gym 0.21 env running in this JVM on the bundled CPython ({@link PythonRuntime}).
 *
 * <p>Observations are {@code float[]} for a {@code Box} space and {@code Integer} for a
 * {@code Discrete} one; actions likewise. {@code TimeLimit.truncated} becomes {@link Step#truncated()}
 * (and then {@code terminated} is false); any other {@code done} is {@code terminated}.
 *
 * <p>Data crosses the boundary in bulk: the Python side owns three NumPy buffers (observation,
 * {@code [reward, terminated, truncated]}, action) whose memory this class reads and writes with one
 * copy each; a step is one Python call without arguments. Like every env it is used by one thread at
 * a time, but different instances may be stepped from different threads (the GIL serialises them).
 */
public final class PythonGymEnv<O, A> extends AbstractEnv<O, A> {
  private static final ObjectMapper JSON = GymHttpClient.jsonMapper();

  private final EnvSpec<O, A> spec;
  private final PythonRuntime python;
  private final PyObject handle;
  private final PyObject stepName;
  private final PyObject resetName;
  private final FloatPointer obsBuffer;
  private final DoublePointer outBuffer;
  private final FloatPointer actBuffer;
  private final float[] obs;
  private final double[] out = new double[3];
  private final float[] act;
  private final boolean discreteObs;
  private final boolean discreteAct;
  private boolean closed;

  private PythonGymEnv(String id, PythonRuntime python, PyObject handle, JsonNode spaces) {
    this.python = python;
    this.handle = handle;
    Space<?> obsSpace = GymSpaces.parse(id, "observation", spaces.path("observation"));
    Space<?> actSpace = GymSpaces.parse(id, "action", spaces.path("action"));
    @SuppressWarnings("unchecked")
    EnvSpec<O, A> s = new EnvSpec<>(Gym.PREFIX + id, (Space<O>) obsSpace, (Space<A>) actSpace,
        spaces.path("max_episode_steps").asInt(0));
    this.spec = s;
    this.discreteObs = obsSpace instanceof Discrete;
    this.discreteAct = actSpace instanceof Discrete;
    this.obs = new float[discreteObs ? 1 : ((Box) obsSpace).size()];
    this.act = new float[discreteAct ? 1 : ((Box) actSpace).size()];
    this.stepName = PyUnicode_FromString("step");
    this.resetName = PyUnicode_FromString("reset");
    this.obsBuffer = new FloatPointer(buffer(handle, "obs")).capacity(obs.length);
    this.outBuffer = new DoublePointer(buffer(handle, "out")).capacity(3);
    this.actBuffer = new FloatPointer(buffer(handle, "act")).capacity(act.length);
  }

  /**
   * Makes gym's {@code id} (without the {@code gym:} prefix), starting Python on first use.
   *
   * @throws GymException for an unknown id, a space other than Discrete or Box, or a Python failure
   */
  public static PythonGymEnv<?, ?> make(String id) {
    PythonRuntime python = PythonRuntime.get();
    return python.call(() -> {
      PyObject idString = PyUnicode_FromString(id);
      PyObject h = callMethod(python.bridge(), "make", idString);
      Py_DecRef(idString);
      if (h == null || h.isNull()) {
        throw new GymException(PythonRuntime.pendingError());
      }
      PyObject json = callMethod(h, "spaces_json", null);
      if (json == null || json.isNull()) {
        throw new GymException("gym env '" + id + "': " + PythonRuntime.pendingError());
      }
      String text = PyUnicode_AsUTF8(json).getString(StandardCharsets.UTF_8);
      Py_DecRef(json);
      try {
        return new PythonGymEnv<>(id, python, h, JSON.readTree(text));
      } catch (IOException | RuntimeException e) {
        PyObject closed = callMethod(h, "close", null);
        if (closed != null && !closed.isNull()) {
          Py_DecRef(closed);
        }
        Py_DecRef(h);
        throw e instanceof GymException g ? g : new GymException("gym env '" + id + "': " + e.getMessage(), e);
      }
    });
  }

  /** {@code obj.name()} or {@code obj.name(arg)}: a new reference, or null with a Python error pending. */
  private static PyObject callMethod(PyObject obj, String name, PyObject arg) {
    PyObject n = PyUnicode_FromString(name);
    try {
      return arg == null ? PyObject_CallMethodNoArgs(obj, n) : PyObject_CallMethodOneArg(obj, n, arg);
    } finally {
      Py_DecRef(n);
    }
  }

  /** The data pointer of the NumPy array {@code handle.<name>}; the handle keeps the array alive. */
  private static org.bytedeco.javacpp.Pointer buffer(PyObject handle, String name) {
    PyObject array = PyObject_GetAttrString(handle, name);
    if (array == null || array.isNull()) {
      throw new GymException("the gym bridge has no buffer '" + name + "': " + PythonRuntime.pendingError());
    }
    org.bytedeco.javacpp.Pointer data = org.bytedeco.numpy.global.numpy.PyArray_DATA(new PyArrayObject(array));
    Py_DecRef(array); // still referenced by the handle
    return data;
  }

  @Override
  public EnvSpec<O, A> spec() {
    return spec;
  }

  @Override
  protected Reset<O> onReset() {
    long seed = rng.nextLong();
    python.call(() -> {
      PyObject s = PyLong_FromLongLong(seed);
      PyObject r = PyObject_CallMethodOneArg(handle, resetName, s);
      Py_DecRef(s);
      check(r, "reset");
      obsBuffer.get(obs);
      return null;
    });
    return Reset.of(observation());
  }

  @Override
  protected Step<O> onStep(A action) {
    if (discreteAct) {
      act[0] = (Integer) action;
    } else {
      System.arraycopy((float[]) action, 0, act, 0, act.length);
    }
    python.call(() -> {
      actBuffer.put(act);
      PyObject r = PyObject_CallMethodNoArgs(handle, stepName);
      check(r, "step");
      obsBuffer.get(obs);
      outBuffer.get(out);
      return null;
    });
    return new Step<>(observation(), out[0], out[1] != 0, out[2] != 0, Info.empty());
  }

  private void check(PyObject result, String call) {
    if (result == null || result.isNull()) {
      throw new GymException(spec.id() + ": " + call + " failed in Python: " + PythonRuntime.pendingError());
    }
    Py_DecRef(result);
  }

  @SuppressWarnings("unchecked")
  private O observation() {
    return discreteObs ? (O) Integer.valueOf((int) obs[0]) : (O) obs.clone();
  }

  @Override
  public void close() {
    super.close();
    if (closed) {
      return;
    }
    closed = true;
    python.call(() -> {
      PyObject r = callMethod(handle, "close", null);
      if (r == null || r.isNull()) {
        PythonRuntime.pendingError(); // closing is best effort
      } else {
        Py_DecRef(r);
      }
      Py_DecRef(handle);
      Py_DecRef(stepName);
      Py_DecRef(resetName);
      return null;
    });
  }
}
