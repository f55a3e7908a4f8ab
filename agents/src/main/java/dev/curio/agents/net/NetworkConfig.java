package dev.curio.agents.net;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import java.util.Arrays;
import java.util.List;

/**
 * Shape of the actor-critic network.
 *
 * @param torso {@code mlp}, {@code cnn} (observations {@code [H, W, C]}, H and W at least 4), or
 *     {@code auto}: cnn for such observations, mlp otherwise (flat ones, and grids too small for the
 *     convolutions)
 * @param hidden sizes of the hidden layers of the actor and of the critic (separate towers)
 * @param activation {@code tanh} or {@code relu} for the hidden layers
 * @param cnnChannels output channels of the 2x2 convolutions of the cnn torso (a 2x2 max-pool
 *     follows the first), as in the rl-starter-files model for MiniGrid
 * @param init how the weights start: {@code glorot} (normal, variance {@code 2 / (fan-in + fan-out)},
 *     the policy head's scaled by 0.01) or {@code orthogonal} (Saxe et al. 2014, as CleanRL's and
 *     OpenAI baselines' PPO start theirs: gain sqrt(2) for the convolutions and hidden layers, 0.01 for
 *     the policy head, 1 for the value head); biases start at 0 either way
 */
public record NetworkConfig(String torso, List<Integer> hidden, String activation, List<Integer> cnnChannels,
                            String init) {
  /** A network with Glorot-initialised weights. */
  public NetworkConfig(String torso, List<Integer> hidden, String activation, List<Integer> cnnChannels) {
    this(torso, hidden, activation, cnnChannels, "glorot");
  }

  public NetworkConfig {
    Check.that(List.of("auto", "mlp", "cnn").contains(torso), "network.torso",
        "must be one of auto, mlp, cnn, got '" + torso + "'");
    Check.notNull("network.hidden", hidden);
    Check.that(!hidden.isEmpty(), "network.hidden", "needs at least one layer");
    for (int h : hidden) {
      Check.positive("network.hidden", h);
    }
    Check.that(List.of("tanh", "relu").contains(activation), "network.activation",
        "must be tanh or relu, got '" + activation + "'");
    Check.notNull("network.cnnChannels", cnnChannels);
    if (cnnChannels.size() != 3) {
      throw new ConfigException("network.cnnChannels", "needs 3 channel counts, got " + cnnChannels);
    }
    Check.that(List.of("glorot", "orthogonal").contains(init), "network.init",
        "must be glorot or orthogonal, got '" + init + "'");
    hidden = List.copyOf(hidden);
    cnnChannels = List.copyOf(cnnChannels);
  }

  public static NetworkConfig defaults() {
    return new NetworkConfig("auto", List.of(64, 64), "tanh", List.of(16, 32, 64), "glorot");
  }

  /** The smallest height and width the cnn torso takes (three 2x2 convolutions; the pool only from 7x7). */
  public static final int MIN_CNN_SIDE = 4;

  /** The torso this config gives for observations of {@code shape}. */
  public String resolveTorso(int[] shape) {
    boolean image = shape.length == 3 && shape[0] >= MIN_CNN_SIDE && shape[1] >= MIN_CNN_SIDE;
    if (torso.equals("auto")) {
      // a grid smaller than the convolutions' reach (a one-row corridor, say) is read as a flat vector
      return image ? "cnn" : "mlp";
    }
    if (torso.equals("cnn") && !image) {
      throw new ConfigException("network.torso", "cnn needs observations of shape [H, W, C] with H and W at least "
          + MIN_CNN_SIDE + ", got " + Arrays.toString(shape) + "; use mlp (or auto)");
    }
    return torso;
  }
}
