package dev.curio.envs.worlds.social;

import dev.curio.envs.registry.MultiWorldEntry;
import java.util.List;

/**
 * The multi-agent worlds, for the global registry: the speaker/listener game, Harvest for 2, 3 and
 * 4 players, and the two-agent rendezvous corridor.
 */
public final class SocialWorlds {
  private SocialWorlds() {}

  /** One entry per world; each factory makes a new, independent instance. */
  public static List<MultiWorldEntry> multiEntries() {
    return List.of(
        new MultiWorldEntry("social:speaker-listener",
            "Speaker sees the target landmark, listener moves on a 5x5 grid and hears the last word; shared reward 1",
            SpeakerListener::new),
        new MultiWorldEntry("social:harvest-2",
            "Commons harvest for 2 agents: apples regrow only near apples, zap beam freezes others, 1000 steps",
            () -> new Harvest(2)),
        new MultiWorldEntry("social:harvest-3",
            "Commons harvest for 3 agents on the 4-player map, 1000 steps",
            () -> new Harvest(3)),
        new MultiWorldEntry("social:harvest-4",
            "Commons harvest for 4 agents: three orchards, zap beam, 1000 steps",
            () -> new Harvest(4)),
        new MultiWorldEntry("social:rendezvous-7",
            "Two agents at the ends of a 7-cell corridor must meet; shared reward 1, cost 0.05 per step, 30 steps",
            Rendezvous::new));
  }
}
