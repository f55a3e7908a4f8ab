package dev.curio.cluster;

import dev.curio.core.trajectory.RewardStream;
import java.util.List;
import java.util.Objects;

/**
 * The learner's answer to a {@link Join}: the run, the actor's index in it, the run's config as YAML
 * (what {@code ConfigLoader.toYaml} writes) and the learner's reward streams, extrinsic first, so the
 * actor builds its envs and a policy of the learner's shape.
 */
public record Welcome(String run, int actor, String configYaml, List<RewardStream> streams)
    implements ClusterMessage, ToActor {
  public Welcome {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(configYaml, "configYaml");
    streams = List.copyOf(streams);
    if (actor < 0) {
      throw new IllegalArgumentException("welcome: actor index is >= 0, got " + actor);
    }
  }
}
