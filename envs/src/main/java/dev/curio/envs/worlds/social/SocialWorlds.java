package dev.curio.envs.worlds.social;

import dev.curio.envs.registry.MultiWorldEntry;
import java.util.List;

/** Multi-agent worlds for the registry. */
public final class SocialWorlds {
  private SocialWorlds() {}

  public static List<MultiWorldEntry> multiEntries() {
    return List.of(
        new MultiWorldEntry("social:speaker-listener",
            "the speaker sees the target landmark, the listener moves and hears the speaker (2 agents)",
            SpeakerListener::new),
        new MultiWorldEntry("social:harvest-2", "common-pool apple harvest, regrowth needs standing apples (2 agents)",
            () -> new Harvest(2, 100)),
        new MultiWorldEntry("social:harvest-3", "common-pool apple harvest (3 agents)", () -> new Harvest(3, 100)),
        new MultiWorldEntry("social:harvest-4", "common-pool apple harvest (4 agents)", () -> new Harvest(4, 100)));
  }
}
