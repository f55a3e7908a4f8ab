package dev.curio.envs.multi;

import dev.curio.core.Info;
import java.util.List;
import java.util.Objects;

/** First observations of an episode, one per agent. */
public record MultiReset<O>(List<O> observations, Info info) {
  public MultiReset {
    observations = List.copyOf(observations);
    Objects.requireNonNull(info, "info");
  }
}
