package dev.curio.envs.worlds.social;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.multi.AbstractMultiAgentEnv;
import dev.curio.envs.multi.MultiAgentSpec;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import java.util.List;

/**
 * Two-agent coordination through a channel (after the speaker-listener tasks of Lowe et al. 2017 and
 * the influence experiments of Jaques et al. 2019). Agent 0, the speaker, sees which of the
 * {@code G} landmarks is the target but cannot move; its action is an utterance {@code 0..G-1}.
 * Agent 1, the listener, moves on a {@code size x size} grid, sees its own cell and the speaker's
 * last utterance, but not the target. Both receive reward 1 when the listener steps onto the target
 * landmark (the episode terminates); stepping onto another landmark gives nothing. A step limit
 * truncates.
 *
 * <p>Landmarks sit in fixed cells: the corners, then the edge midpoints (G at most 8). The listener
 * starts in the centre cell.
 * <ul>
 *   <li>Speaker observation {@code [G + 5]}: one-hot target, one-hot of the listener's last action
 *       (zeros at the start).</li>
 *   <li>Listener observation {@code [size*size + G]}: one-hot of its cell, one-hot of the speaker's
 *       last utterance (zeros at the start).</li>
 *   <li>Listener actions: 0 stay, 1 up, 2 right, 3 down, 4 left.</li>
 * </ul>
 * Info carries the target under {@link #TARGET} (for evaluation).
 */
public final class SpeakerListener extends AbstractMultiAgentEnv<float[]> {
  public static final Info.Key<Integer> TARGET = Info.Key.of("target", Integer.class);
  public static final int SPEAKER = 0;
  public static final int LISTENER = 1;
  private static final int[] DR = {0, -1, 0, 1, 0};
  private static final int[] DC = {0, 0, 1, 0, -1};

  private final int size;
  private final int landmarks;
  private final int maxSteps;
  private final int[][] cells;
  private final MultiAgentSpec<float[]> spec;
  private int target;
  private int row;
  private int col;
  private int lastUtterance = -1;
  private int lastMove = -1;
  private int t;

  /** The registered task: a 5x5 grid, 3 landmarks, 30 steps. */
  public SpeakerListener() {
    this(5, 3, 30);
  }

  public SpeakerListener(int size, int landmarks, int maxSteps) {
    if (size < 3 || size % 2 == 0) {
      throw new IllegalArgumentException("SpeakerListener: size must be odd and >= 3, got " + size);
    }
    if (landmarks < 2 || landmarks > 8) {
      throw new IllegalArgumentException("SpeakerListener: landmarks must be in 2..8, got " + landmarks);
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("SpeakerListener: maxSteps must be >= 1, got " + maxSteps);
    }
    this.size = size;
    this.landmarks = landmarks;
    this.maxSteps = maxSteps;
    int e = size - 1;
    int m = size / 2;
    int[][] spots = {{0, 0}, {0, e}, {e, 0}, {e, e}, {0, m}, {m, 0}, {m, e}, {e, m}};
    this.cells = java.util.Arrays.copyOf(spots, landmarks);
    List<Space<float[]>> obs = List.of(new Box(0f, 1f, landmarks + 5), new Box(0f, 1f, size * size + landmarks));
    this.spec = new MultiAgentSpec<>("social:speaker-listener", obs, List.of(new Discrete(landmarks), new Discrete(5)),
        maxSteps);
  }

  @Override
  public MultiAgentSpec<float[]> spec() {
    return spec;
  }

  @Override
  protected MultiReset<float[]> onReset() {
    target = rng.nextInt(landmarks);
    row = size / 2;
    col = size / 2;
    lastUtterance = -1;
    lastMove = -1;
    t = 0;
    return new MultiReset<>(List.of(speakerObs(), listenerObs()), Info.of(TARGET, target));
  }

  @Override
  protected MultiStep<float[]> onStep(int[] actions) {
    int move = actions[LISTENER];
    row = Math.max(0, Math.min(size - 1, row + DR[move]));
    col = Math.max(0, Math.min(size - 1, col + DC[move]));
    lastUtterance = actions[SPEAKER];
    lastMove = move;
    t++;
    boolean reached = row == cells[target][0] && col == cells[target][1];
    boolean truncated = !reached && t >= maxSteps;
    double r = reached ? 1.0 : 0.0;
    return new MultiStep<>(List.of(speakerObs(), listenerObs()), new double[] {r, r}, new boolean[] {reached, reached},
        new boolean[] {truncated, truncated}, actions, Info.of(TARGET, target));
  }

  private float[] speakerObs() {
    float[] o = new float[landmarks + 5];
    o[target] = 1f;
    if (lastMove >= 0) {
      o[landmarks + lastMove] = 1f;
    }
    return o;
  }

  private float[] listenerObs() {
    float[] o = new float[size * size + landmarks];
    o[row * size + col] = 1f;
    if (lastUtterance >= 0) {
      o[size * size + lastUtterance] = 1f;
    }
    return o;
  }

  @Override
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        char ch = '.';
        for (int k = 0; k < landmarks; k++) {
          if (cells[k][0] == r && cells[k][1] == c) {
            ch = k == target ? 'T' : (char) ('0' + k);
          }
        }
        sb.append(r == row && c == col ? 'L' : ch);
      }
      sb.append('\n');
    }
    sb.append("target ").append(target).append(", last utterance ").append(lastUtterance < 0 ? "-" : lastUtterance);
    return sb.toString();
  }
}
