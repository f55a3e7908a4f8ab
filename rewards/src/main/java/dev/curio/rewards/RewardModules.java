package dev.curio.rewards;

import dev.curio.core.config.ConfigException;
import dev.curio.rewards.examples.CountBonus;
import dev.curio.rewards.examples.CountConfig;
import dev.curio.rewards.social.InfluenceConfig;
import dev.curio.rewards.social.SocialInfluence;
import java.util.List;

/**
 * The built-in modules by name: {@code icm}, {@code rnd}, {@code rfs}, {@code ec}, {@code count}, {@code noveld},
 * {@code disagreement}, and for worlds of
 * several agents {@code influence} (social influence). The CLI maps {@code rewards.<name>.*} keys onto the matching
 * config record and calls {@link #create}.
 */
public final class RewardModules {
  /** Names {@link #create} knows, in the order the docs list them. */
  public static final List<String> NAMES = List.of("icm", "rnd", "rfs", "ec", "count", "noveld", "disagreement",
      "influence");

  private RewardModules() {}

  /** The default config record of module {@code name}. */
  public static RewardConfig defaults(String name) {
    return switch (name) {
      case "icm" -> IcmConfig.defaults();
      case "rnd" -> RndConfig.defaults();
      case "rfs" -> RfsConfig.defaults();
      case "ec" -> EcConfig.defaults();
      case "count" -> CountConfig.defaults();
      case "noveld" -> NoveldConfig.defaults();
      case "disagreement" -> DisagreementConfig.defaults();
      case "influence" -> InfluenceConfig.defaults();
      default -> throw unknown(name);
    };
  }

  /** A new module for a single-agent world: {@link #create(String, RewardConfig, int[], int, int, long)} with 1 agent. */
  public static IntrinsicReward create(String name, RewardConfig config, int[] obsShape, int numActions, long seed) {
    return create(name, config, obsShape, numActions, 1, seed);
  }

  /**
   * A new module for agents without messages: {@link #create(String, RewardConfig, int[], int, int, int, long)} with
   * no messages.
   */
  public static IntrinsicReward create(String name, RewardConfig config, int[] obsShape, int numActions, int agents,
                                       long seed) {
    return create(name, config, obsShape, numActions, agents, 0, seed);
  }

  /**
   * A new module.
   *
   * @param name one of {@link #NAMES}
   * @param config that module's config record, or null for its defaults
   * @param obsShape shape of one observation
   * @param numActions number of discrete (world) actions; 0 when they are not {@code Discrete}, for the modules
   *     that do not {@link #readsActions(String) read them}
   * @param agents agents per env (1 for a single-agent world; {@code influence} needs at least 2)
   * @param messages the vocabulary of the agents' cheap-talk messages ({@code agents.messages}), 0 for none; only
   *     {@code influence} reads actions that carry a message
   * @param seed seeds every random choice the module makes
   */
  public static IntrinsicReward create(String name, RewardConfig config, int[] obsShape, int numActions, int agents,
                                       int messages, long seed) {
    RewardConfig c = config == null ? defaults(name) : config;
    if (name.equals("influence") && agents < 2) {
      throw new ConfigException("rewards.modules", "influence (social influence) needs a world of several agents,"
          + " this one has " + agents);
    }
    if (messages > 0 && !name.equals("influence")) {
      throw new ConfigException("rewards.modules", name + " is not built for actions that carry a message: with"
          + " agents.messages " + messages + " every action is (move, message), MultiDiscrete, and of the modules only"
          + " influence takes such worlds; remove " + name + " or set agents.messages to 0");
    }
    return switch (name) {
      case "icm" -> new Icm(cast(name, c, IcmConfig.class), obsShape, numActions, seed);
      case "rnd" -> new Rnd(cast(name, c, RndConfig.class), obsShape, numActions, seed);
      case "rfs" -> new RandomFeatureSurprisal(cast(name, c, RfsConfig.class), obsShape, numActions, seed);
      case "disagreement" -> new Disagreement(cast(name, c, DisagreementConfig.class), obsShape, numActions, seed);
      case "ec" -> new EpisodicCuriosity(cast(name, c, EcConfig.class), obsShape, numActions, seed);
      case "count" -> new CountBonus(cast(name, c, CountConfig.class), obsShape, numActions, seed);
      case "noveld" -> new NovelD(cast(name, c, NoveldConfig.class), obsShape, numActions, seed);
      case "influence" -> new SocialInfluence(cast(name, c, InfluenceConfig.class), obsShape, numActions, messages,
          agents, seed);
      default -> throw unknown(name);
    };
  }

  /**
   * Whether built-in module {@code name} reads the actions ({@link IntrinsicReward#readsActions()}, which
   * the module itself answers once built): {@code icm}, {@code rfs}, {@code disagreement} and {@code influence}
   * do; {@code rnd},
   * {@code noveld}, {@code count} and {@code ec} score observations alone, so they also work when the
   * actions are not {@code Discrete}.
   */
  public static boolean readsActions(String name) {
    return switch (name) {
      case "icm", "rfs", "disagreement", "influence" -> true;
      case "rnd", "noveld", "count", "ec" -> false;
      default -> throw unknown(name);
    };
  }

  private static <T extends RewardConfig> T cast(String name, RewardConfig c, Class<T> type) {
    if (!type.isInstance(c)) {
      throw new ConfigException("rewards." + name, "needs a " + type.getSimpleName() + ", got a "
          + c.getClass().getSimpleName());
    }
    return type.cast(c);
  }

  private static ConfigException unknown(String name) {
    return new ConfigException("rewards", "unknown module '" + name + "' (known: " + String.join(", ", NAMES) + ")");
  }
}
