package dev.curio.gym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * A gym env on a gym-http-api server ({@link GymServer}, or openai/gym-http-api), through
 * {@link GymHttpClient}. Observations and actions have the types of {@link PythonGymEnv}
 * ({@code float[]} for Box, {@code Integer} for Discrete). The seed of each reset is sent to the
 * server ({@code {"seed": ...}}; servers that ignore it give unseeded episodes).
 * {@code info["TimeLimit.truncated"]} becomes {@link Step#truncated()}.
 *
 * <p>{@link EnvSpec#maxEpisodeSteps()} is 0: gym-http-api does not report the limit; the server's
 * TimeLimit still cuts episodes and says so.
 */
public final class RemoteGymEnv<O, A> extends AbstractEnv<O, A> {
  private final GymHttpClient client;
  private final String instance;
  private final EnvSpec<O, A> spec;
  private final boolean discreteObs;
  private final boolean discreteAct;
  private final int obsSize;
  private boolean closed;

  private RemoteGymEnv(GymHttpClient client, String instance, EnvSpec<O, A> spec) {
    this.client = client;
    this.instance = instance;
    this.spec = spec;
    this.discreteObs = spec.observationSpace() instanceof Discrete;
    this.discreteAct = spec.actionSpace() instanceof Discrete;
    this.obsSize = discreteObs ? 1 : ((Box) spec.observationSpace()).size();
  }

  /**
   * Makes gym's {@code id} (without {@code gym:}) on the server at {@code config.url()}.
   *
   * @throws GymException when the server is not there, does not know the id, or answers badly
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static RemoteGymEnv<?, ?> make(String id, GymConfig config) {
    GymHttpClient client = GymHttpClient.of(config);
    String instance = client.create(id);
    try {
      Space<?> obs = GymSpaces.parse(id, "observation", client.observationSpace(instance));
      Space<?> act = GymSpaces.parse(id, "action", client.actionSpace(instance));
      return new RemoteGymEnv<>(client, instance, new EnvSpec(Gym.PREFIX + id, obs, act, 0));
    } catch (RuntimeException e) {
      try {
        client.close(instance);
      } catch (GymException ignored) {
        // the first failure is the one to report
      }
      throw e;
    }
  }

  @Override
  public EnvSpec<O, A> spec() {
    return spec;
  }

  /** The server's id of this env. */
  public String instanceId() {
    return instance;
  }

  @Override
  protected Reset<O> onReset() {
    return Reset.of(observation(client.reset(instance, rng.nextLong()), "reset"));
  }

  @Override
  protected Step<O> onStep(A action) {
    JsonNode a;
    if (discreteAct) {
      a = JsonNodeFactory.instance.numberNode((Integer) action);
    } else {
      ArrayNode arr = JsonNodeFactory.instance.arrayNode();
      for (float v : (float[]) action) {
        arr.add(v);
      }
      a = arr;
    }
    GymHttpClient.StepAnswer s = client.step(instance, a);
    boolean truncated = s.done() && s.truncated();
    return new Step<>(observation(s.observation(), "step"), s.reward(), s.done() && !truncated, truncated, Info.empty());
  }

  @SuppressWarnings("unchecked")
  private O observation(JsonNode node, String call) {
    if (discreteObs) {
      if (!node.canConvertToInt()) {
        throw new GymException(spec.id() + ": the server's " + call + " observation " + node + " is not an integer");
      }
      return (O) Integer.valueOf(node.asInt());
    }
    float[] out = new float[obsSize];
    int n = fill(node, out, 0);
    if (n != obsSize) {
      throw new GymException(spec.id() + ": the server's " + call + " observation has " + n + " numbers, the space "
          + obsSize);
    }
    return (O) out;
  }

  private static int fill(JsonNode node, float[] out, int at) {
    if (node.isArray()) {
      for (JsonNode n : node) {
        at = fill(n, out, at);
      }
      return at;
    }
    if (at < out.length) {
      out[at] = (float) node.asDouble();
    }
    return at + 1;
  }

  /** Frees the env on the server, best effort: a server that is gone has nothing to free. */
  @Override
  public void close() {
    super.close();
    if (closed) {
      return;
    }
    closed = true;
    try {
      client.close(instance);
    } catch (GymException ignored) {
      // the server is gone or forgot the env; either way nothing is left to free
    }
  }
}
