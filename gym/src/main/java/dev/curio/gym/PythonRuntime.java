package dev.curio.gym;

import static org.bytedeco.cpython.global.python.PyErr_Clear;
import static org.bytedeco.cpython.global.python.PyErr_Fetch;
import static org.bytedeco.cpython.global.python.PyErr_NormalizeException;
import static org.bytedeco.cpython.global.python.PyEval_GetBuiltins;
import static org.bytedeco.cpython.global.python.PyEval_SaveThread;
import static org.bytedeco.cpython.global.python.PyDict_SetItemString;
import static org.bytedeco.cpython.global.python.PyGILState_Ensure;
import static org.bytedeco.cpython.global.python.PyGILState_Release;
import static org.bytedeco.cpython.global.python.PyImport_AddModule;
import static org.bytedeco.cpython.global.python.PyModule_GetDict;
import static org.bytedeco.cpython.global.python.PyObject_GetAttrString;
import static org.bytedeco.cpython.global.python.PyObject_Str;
import static org.bytedeco.cpython.global.python.PyRun_String;
import static org.bytedeco.cpython.global.python.PyUnicode_AsUTF8;
import static org.bytedeco.cpython.global.python.Py_DecRef;
import static org.bytedeco.cpython.global.python.Py_file_input;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bytedeco.cpython.PyObject;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The bundled CPython 3.10 with NumPy and gym 0.21, started at most once per JVM, on first use
 * ({@link #get()}), never from a static initializer.
 *
 * <p>Threads: after start-up the starting thread releases the interpreter lock (GIL); every call into
 * Python goes through {@link #call}, which takes the GIL with {@code PyGILState_Ensure} and gives it
 * back with {@code PyGILState_Release}. So any Java thread may use Python (a threaded vector env
 * steps several gym envs from a pool), and calls from different threads run one at a time, as the
 * GIL demands. The interpreter is never finalised: NumPy cannot be re-initialised in one process.
 *
 * <p>{@link #pythonPath()}, {@link #executable()} and {@link #libraryPath()} let the same Python run
 * as a separate process (the {@link GymServer}).
 */
public final class PythonRuntime {
  private static final Object LOCK = new Object();
  private static volatile PythonRuntime instance;
  private static volatile RuntimeException startFailure;

  private final PyObject bridge;

  private PythonRuntime(PyObject bridge) {
    this.bridge = bridge;
  }

  /** The running interpreter, started on the first call; later calls return the same one. */
  public static PythonRuntime get() {
    PythonRuntime r = instance;
    if (r != null) {
      return r;
    }
    synchronized (LOCK) {
      if (instance == null) {
        if (startFailure != null) {
          throw startFailure;
        }
        try {
          instance = start();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
      }
      return instance;
    }
  }

  private static PythonRuntime start() {
    File[] path;
    try {
      path = pythonPath().toArray(new File[0]);
      // NumPy's extension modules link libopenblas.so.0; loading the preset puts it in the process
      Loader.load(org.bytedeco.numpy.global.numpy.class);
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      throw new GymException("cannot start the bundled Python for gym: " + e, e);
    }
    boolean ok;
    try {
      ok = org.bytedeco.cpython.helper.python.Py_Initialize(path);
    } catch (IOException e) {
      throw new GymException("cannot start the bundled Python for gym: " + e, e);
    }
    if (!ok) {
      throw new GymException("cannot start the bundled Python for gym (Py_Initialize failed)");
    }
    // the GIL is ours until PyEval_SaveThread
    PyObject bridge;
    try {
      if (org.bytedeco.numpy.global.numpy._import_array() < 0) {
        throw new GymException("cannot start NumPy in the bundled Python: " + pendingError());
      }
      bridge = loadBridge();
    } finally {
      PyEval_SaveThread();
    }
    return new PythonRuntime(bridge);
  }

  private static PyObject loadBridge() {
    String source;
    try (InputStream in = PythonRuntime.class.getResourceAsStream("curio_gym_bridge.py")) {
      if (in == null) {
        throw new GymException("curio_gym_bridge.py is missing from the curio-gym jar");
      }
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GymException("cannot read curio_gym_bridge.py: " + e, e);
    }
    PyObject module = PyImport_AddModule("curio_gym_bridge"); // borrowed
    PyObject globals = PyModule_GetDict(module); // borrowed
    PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
    PyObject result = PyRun_String(source, Py_file_input, globals, globals);
    if (result == null || result.isNull()) {
      throw new GymException("cannot import gym in the bundled Python: " + pendingError());
    }
    Py_DecRef(result);
    return module;
  }

  /**
   * Runs {@code body} holding the GIL, from any thread. Python objects made inside must not be used
   * outside another {@code call}.
   */
  public <T> T call(Supplier<T> body) {
    int state = PyGILState_Ensure();
    try {
      return body.get();
    } finally {
      PyGILState_Release(state);
    }
  }

  /** The bridge module ({@code curio_gym_bridge.py}); use only inside {@link #call}. */
  PyObject bridge() {
    return bridge;
  }

  /**
   * The pending Python exception as {@code Type: message}, cleared; call holding the GIL right after
   * a call returned {@code NULL}.
   */
  static String pendingError() {
    PointerPointer<PyObject> type = new PointerPointer<>(1);
    PointerPointer<PyObject> value = new PointerPointer<>(1);
    PointerPointer<PyObject> tb = new PointerPointer<>(1);
    PyErr_Fetch(type, value, tb);
    PyErr_NormalizeException(type, value, tb);
    PyObject t = type.get(PyObject.class, 0);
    PyObject v = value.get(PyObject.class, 0);
    String typeName = "Error";
    if (t != null && !t.isNull()) {
      PyObject name = PyObject_GetAttrString(t, "__name__");
      if (name != null && !name.isNull()) {
        typeName = PyUnicode_AsUTF8(name).getString(StandardCharsets.UTF_8);
        Py_DecRef(name);
      }
    }
    String message = "";
    if (v != null && !v.isNull()) {
      PyObject s = PyObject_Str(v);
      if (s != null && !s.isNull()) {
        message = PyUnicode_AsUTF8(s).getString(StandardCharsets.UTF_8);
        Py_DecRef(s);
      }
    }
    for (PointerPointer<PyObject> p : List.of(type, value, tb)) {
      PyObject o = p.get(PyObject.class, 0);
      if (o != null && !o.isNull()) {
        Py_DecRef(o);
      }
    }
    PyErr_Clear();
    String oneLine = message.strip().replaceAll("\\s*\\R\\s*", "; ");
    return "ValueError".equals(typeName) ? oneLine : typeName + ": " + oneLine;
  }

  // ---------------------------------------------------------------- the same Python as a process

  /** The folders Python needs on its path: its standard library, NumPy, gym and cloudpickle (extracted on first use). */
  public static List<File> pythonPath() throws IOException {
    List<File> path = new ArrayList<>(Arrays.asList(org.bytedeco.numpy.presets.numpy.cachePackages()));
    path.add(org.bytedeco.gym.presets.gym.cachePackage());
    return path;
  }

  /** The bundled {@code python3.10} executable (extracted on first use). */
  public static File executable() {
    String exe = Loader.load(org.bytedeco.cpython.python.class);
    if (exe == null) {
      throw new GymException("the bundled CPython has no executable for " + Loader.getPlatform());
    }
    return new File(exe);
  }

  /** The folder of {@code libopenblas.so.0}, which NumPy's extension modules link. */
  public static File libraryPath() {
    String lib = Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
    return new File(lib).getParentFile();
  }

  /** The environment variables a separate {@link #executable()} process needs to import NumPy and gym. */
  public static Map<String, String> processEnvironment() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> parts = new ArrayList<>();
    for (File f : pythonPath()) {
      parts.add(f.getCanonicalPath());
    }
    env.put("PYTHONPATH", String.join(File.pathSeparator, parts));
    String ld = libraryPath().getCanonicalPath();
    String old = System.getenv("LD_LIBRARY_PATH");
    env.put("LD_LIBRARY_PATH", old == null || old.isEmpty() ? ld : ld + File.pathSeparator + old);
    env.put("PYTHONNOUSERSITE", "1");
    env.put("PYTHONUNBUFFERED", "1");
    return env;
  }
}
