package dev.curio.rewards;

import dev.curio.core.state.Snapshot;
import java.util.Arrays;

/** Argument checks shared by the built-in modules' constructors and restores. */
final class Shapes {
  private Shapes() {}

  static int obsDim(String module, int[] obsShape) {
    if (obsShape == null || obsShape.length == 0) {
      throw new IllegalArgumentException(module + ": needs an observation shape, got "
          + Arrays.toString(obsShape));
    }
    long d = 1;
    for (int s : obsShape) {
      if (s <= 0) {
        throw new IllegalArgumentException(module + ": observation shape must be positive, got "
            + Arrays.toString(obsShape));
      }
      d *= s;
    }
    return Math.toIntExact(d);
  }

  static int checkActions(String module, int numActions) {
    if (numActions < 1) {
      throw new IllegalArgumentException(module + ": needs >= 1 discrete action, got " + numActions);
    }
    return numActions;
  }

  /** {@code numActions} for a module that does not read actions: 0 (not a Discrete action space) or more. */
  static int checkActionCount(String module, int numActions) {
    if (numActions < 0) {
      throw new IllegalArgumentException(module + ": numActions must be >= 0 (0: not a Discrete action space), got "
          + numActions);
    }
    return numActions;
  }

  static void checkModule(Snapshot s, String module) {
    String found = s.has("module") ? s.string("module") : "?";
    if (!found.equals(module)) {
      throw new IllegalArgumentException("snapshot is of module '" + found + "', not '" + module + "'");
    }
  }
}
