package dev.curio.representation.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays one kind of call of a network writes its intermediate results into, kept from one
 * call to the next. A network makes the same operations on the same shapes every time it is called
 * at a given batch size, so the k-th array its tape asks for has the same shape as last time: the
 * arena hands that array back instead of a new one. At the loop's sizes making an ND4J array costs
 * a noticeable part of what the operation that fills it costs (its buffer, shape information and
 * deallocation record, which the collector then clears), which a tape on an arena saves.
 *
 * <p>Rules, which the owner keeps: one arena serves one tape at a time (a new tape on it takes the
 * arrays from the start again, so everything the previous tape made on it is overwritten), so
 * nothing a tape computed may be kept past the next call except as a copy; one thread uses it. A
 * request whose shape differs from the array in its place (a smaller last minibatch) replaces
 * that array. Arrays live outside workspaces and are freed with the arena.
 */
public final class Arena {
  private final List<INDArray> arrays = new ArrayList<>();
  private int next;

  /** Starts a new call: the next request gets the first array again. */
  void rewind() {
    next = 0;
  }

  /** An uninitialised array of this type, order and shape: the one in this place since the last call when it fits. */
  INDArray take(DataType type, char order, long[] shape) {
    if (next < arrays.size()) {
      INDArray known = arrays.get(next);
      if (known.dataType() == type && known.ordering() == order && Arrays.equals(known.shape(), shape)) {
        next++;
        return known;
      }
    }
    INDArray fresh;
    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      fresh = Nd4j.createUninitialized(type, shape, order);
    }
    if (next < arrays.size()) {
      arrays.set(next, fresh);
    } else {
      arrays.add(fresh);
    }
    next++;
    return fresh;
  }

  /** Arrays held (for tests). */
  int size() {
    return arrays.size();
  }
}
