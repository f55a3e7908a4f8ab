package dev.curio.envs;

import dev.curio.core.Info;
import java.util.Objects;

/** The first observation of an episode and its info. */
public record Reset<O>(O observation, Info info) {
  public Reset {
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(info, "info");
  }

  public static <O> Reset<O> of(O observation) {
    return new Reset<>(observation, Info.empty());
  }
}
