package dev.curio.gym;

import com.fasterxml.jackson.databind.JsonNode;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads gym spaces in the JSON form of gym-http-api's {@code action_space}/{@code observation_space}
 * answers ({@code {"name": "Discrete", "n": 2}}, {@code {"name": "Box", "shape": [..], "low": [..],
 * "high": [..]}}), which the in-process bridge uses too. Other spaces are refused.
 */
final class GymSpaces {
  private GymSpaces() {}

  static Space<?> parse(String envId, String what, JsonNode info) {
    String name = info.path("name").asText("");
    switch (name) {
      case "Discrete" -> {
        int n = info.path("n").asInt(0);
        if (n < 1) {
          throw new GymException("gym env '" + envId + "': its " + what + " space Discrete has n = " + info.path("n"));
        }
        return new Discrete(n);
      }
      case "Box" -> {
        JsonNode shapeNode = info.path("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asInt();
        }
        float[] low = floats(info.path("low"));
        float[] high = floats(info.path("high"));
        try {
          return new Box(low, high, shape.length == 0 ? new int[] {1} : shape);
        } catch (IllegalArgumentException e) {
          throw new GymException("gym env '" + envId + "': its " + what + " space cannot be read: " + e.getMessage(), e);
        }
      }
      default -> throw new GymException("gym env '" + envId + "' has a " + (name.isEmpty() ? info.toString() : name)
          + " " + what + " space; Curio takes Discrete and Box spaces only");
    }
  }

  /** A flat list of numbers; nested lists (Box bounds of rank > 1 from gym-http-api) are flattened. */
  private static float[] floats(JsonNode node) {
    List<Float> out = new ArrayList<>();
    collect(node, out);
    float[] a = new float[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void collect(JsonNode node, List<Float> out) {
    if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    } else {
      out.add((float) node.asDouble());
    }
  }
}
