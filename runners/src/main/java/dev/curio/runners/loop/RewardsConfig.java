package dev.curio.runners.loop;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import dev.curio.rewards.EcConfig;
import dev.curio.rewards.IcmConfig;
import dev.curio.rewards.RewardConfig;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.RfsConfig;
import dev.curio.rewards.RndConfig;
import dev.curio.rewards.examples.CountConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which intrinsic reward modules a run uses, how their streams are post-processed, and each built-in
 * module's settings (keys {@code rewards.*}). A module's settings apply only when it is listed in
 * {@link #modules}.
 *
 * @param modules built-in modules by name, in stream order ({@code icm}, {@code rnd}, {@code rfs},
 *     {@code ec}, {@code count}); empty: extrinsic reward only
 * @param normalize divide each intrinsic stream by a running std of its discounted return (Burda et
 *     al. 2018), so the coefficients mean the same across modules and worlds
 * @param clip clip normalised intrinsic rewards to {@code [-clip, clip]}; 0: no clip
 * @param decay kappa of the schedule {@code (1 - kappa)^u} on intrinsic rewards, u = updates so far;
 *     0: constant
 * @param icm settings of {@code icm}
 * @param rnd settings of {@code rnd}
 * @param rfs settings of {@code rfs} (random-feature surprisal)
 * @param ec settings of {@code ec} (episodic curiosity)
 * @param count settings of {@code count}
 */
public record RewardsConfig(List<String> modules, boolean normalize, double clip, double decay, IcmConfig icm,
                            RndConfig rnd, RfsConfig rfs, EcConfig ec, CountConfig count) {
  public RewardsConfig {
    Check.notNull("rewards.modules", modules);
    Set<String> seen = new HashSet<>();
    for (String m : modules) {
      if (!RewardModules.NAMES.contains(m)) {
        throw new ConfigException("rewards.modules", "unknown module '" + m + "' (known: "
            + String.join(", ", RewardModules.NAMES) + ")");
      }
      if (!seen.add(m)) {
        throw new ConfigException("rewards.modules", "lists '" + m + "' twice");
      }
    }
    modules = List.copyOf(modules);
    Check.nonNegative("rewards.clip", clip);
    Check.that(decay >= 0 && decay < 1, "rewards.decay", "must be in [0, 1), got " + decay);
    Check.notNull("rewards.icm", icm);
    Check.notNull("rewards.rnd", rnd);
    Check.notNull("rewards.rfs", rfs);
    Check.notNull("rewards.ec", ec);
    Check.notNull("rewards.count", count);
  }

  /** No intrinsic reward; every module's defaults ready for when one is listed. */
  public static RewardsConfig none() {
    return new RewardsConfig(List.of(), true, 0, 0, IcmConfig.defaults(), RndConfig.defaults(), RfsConfig.defaults(),
        EcConfig.defaults(), CountConfig.defaults());
  }

  /** These settings with {@code names} as the modules. */
  public RewardsConfig withModules(List<String> names) {
    return new RewardsConfig(names, normalize, clip, decay, icm, rnd, rfs, ec, count);
  }

  /** The settings record of module {@code name}. */
  public RewardConfig settings(String name) {
    return switch (name) {
      case "icm" -> icm;
      case "rnd" -> rnd;
      case "rfs" -> rfs;
      case "ec" -> ec;
      case "count" -> count;
      default -> throw new ConfigException("rewards.modules", "unknown module '" + name + "'");
    };
  }
}
