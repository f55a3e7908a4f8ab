package dev.curio.envs.testing;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.envs.AbstractEnv;
import dev.curio.envs.EnvSpec;
import dev.curio.envs.Reset;
import dev.curio.envs.Step;

/**
 * A tiny deterministic world for tests: cells {@code 0 .. length-1} in a line, actions 0 (left) and
 * 1 (right), the episode starts in a cell drawn from the seed among the first half, reaching the
 * last cell terminates with reward 1, and {@code maxSteps} truncates. Observation: one-hot of the
 * cell, {@code [length]}. Info carries the cell under {@link #CELL}.
 */
public final class ChainEnv extends AbstractEnv<float[], Integer> {
  public static final Info.Key<Integer> CELL = Info.Key.of("cell", Integer.class);

  private final int length;
  private final int maxSteps;
  private final EnvSpec<float[], Integer> spec;
  private int cell;
  private int t;

  public ChainEnv(int length, int maxSteps) {
    if (length < 2 || maxSteps < 1) {
      throw new IllegalArgumentException("ChainEnv needs length >= 2 and maxSteps >= 1, got " + length + ", " + maxSteps);
    }
    this.length = length;
    this.maxSteps = maxSteps;
    this.spec = new EnvSpec<>("chain-" + length, new Box(0f, 1f, length), new Discrete(2), maxSteps);
  }

  @Override
  public EnvSpec<float[], Integer> spec() {
    return spec;
  }

  @Override
  protected Reset<float[]> onReset() {
    cell = rng.nextInt(Math.max(1, length / 2));
    t = 0;
    return new Reset<>(observe(), Info.of(CELL, cell));
  }

  @Override
  protected Step<float[]> onStep(Integer action) {
    cell = Math.max(0, Math.min(length - 1, cell + (action == 1 ? 1 : -1)));
    t++;
    boolean goal = cell == length - 1;
    return new Step<>(observe(), goal ? 1.0 : 0.0, goal, !goal && t >= maxSteps, Info.of(CELL, cell));
  }

  private float[] observe() {
    float[] o = new float[length];
    o[cell] = 1f;
    return o;
  }

  @Override
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(i == cell ? 'A' : i == length - 1 ? 'G' : '.');
    }
    return sb.toString();
  }
}
