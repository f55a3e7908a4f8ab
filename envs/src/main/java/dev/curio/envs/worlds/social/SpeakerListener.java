package dev.curio.envs.worlds.social;

import dev.curio.core.Info;
import dev.curio.core.space.Box;
import dev.curio.core.space.Discrete;
import dev.curio.core.space.Space;
import dev.curio.envs.multi.AbstractMultiAgentEnv;
import dev.curio.envs.multi.ActionChannel;
import dev.curio.envs.multi.MultiAgentSpec;
import dev.curio.envs.multi.MultiReset;
import dev.curio.envs.multi.MultiStep;
import java.util.Arrays;
import java.util.List;

/**
 * A two-agent referential game: the <b>speaker</b> (agent 0) knows which of {@code G} landmarks is the
 * target but cannot move; the <b>listener</b> (agent 1) moves on a {@code size x size} grid but does
 * not know the target, and hears only the speaker's previous utterance. It is the testbed for social
 * influence (Jaques et al. 2019): the listener can do better than chance only if the speaker's actions
 * causally change what it does. The game follows the cooperative-communication tasks of Lowe et al.
 * (2017, "speaker-listener") on a grid.
 *
 * <p>Landmarks sit at fixed cells: the four corners first, then the middles of the four edges (so
 * {@code 2 <= G <= 8}). The listener starts in the centre; the target is drawn uniformly at reset.
 * <b>Reaching any landmark ends the episode</b> ({@code terminated} for both agents): both agents get
 * reward {@code 1} if it is the target and {@code 0} otherwise. Every other step gives {@code 0}. Ending
 * at a wrong landmark is what makes listening necessary: otherwise a listener could simply visit every
 * landmark in turn. After {@code maxEpisodeSteps} steps the episode is truncated.
 *
 * <p>Actions: the speaker's are utterances {@code Discrete(V)} with no effect on the world; the
 * listener's are {@code Discrete(5)}: 0 up, 1 right, 2 down, 3 left, 4 stay (moves into the border are
 * no-ops).
 *
 * <p>Observations (each a {@link Box} in {@code [0, 1]}):
 * <ul>
 *   <li>speaker, shape {@code [G + 5]}: the target as a one-hot of length {@code G}, then the
 *       listener's last action as a one-hot of length 5 (all zeros at reset);</li>
 *   <li>listener, shape {@code [size * size + V]}: its cell as a one-hot over the row-major grid, then
 *       the speaker's last utterance as a one-hot of length {@code V} (all zeros at reset).</li>
 * </ul>
 * The target index is also in each step's info under {@link #TARGET}, for analysis only.
 */
public final class SpeakerListener extends AbstractMultiAgentEnv<float[]> {
  /** Info key: the target landmark's index. */
  public static final Info.Key<Integer> TARGET = Info.Key.of("target", Integer.class);
  /** Agent index of the speaker. */
  public static final int SPEAKER = 0;
  /** Agent index of the listener. */
  public static final int LISTENER = 1;
  /** Number of listener actions: up, right, down, left, stay. */
  public static final int LISTENER_ACTIONS = 5;

  private static final int[] DR = {-1, 0, 1, 0, 0};
  private static final int[] DC = {0, 1, 0, -1, 0};

  private final int size;
  private final int numLandmarks;
  private final int vocabSize;
  private final int[] landmarkCell;
  /** Landmark index per cell, -1 where there is none. */
  private final int[] landmarkAt;
  private final MultiAgentSpec<float[]> spec;

  private int target;
  private int listenerCell;
  private int lastUtterance;
  private int lastMove;
  private int steps;

  /** The default game: a 5 x 5 grid, 4 landmarks in the corners, 4 words, 12-step limit. */
  public SpeakerListener() {
    this(5, 4, 4, 12);
  }

  /**
   * @param size side of the grid, odd and at least 3
   * @param numLandmarks {@code G}, between 2 and 8
   * @param vocabSize {@code V}, the number of utterances, at least 1
   * @param maxEpisodeSteps truncation limit, at least 1
   */
  public SpeakerListener(int size, int numLandmarks, int vocabSize, int maxEpisodeSteps) {
    if (size < 3 || size % 2 == 0) {
      throw new IllegalArgumentException("SpeakerListener: size must be odd and >= 3, got " + size);
    }
    if (numLandmarks < 2 || numLandmarks > 8) {
      throw new IllegalArgumentException("SpeakerListener: numLandmarks must be in [2, 8], got " + numLandmarks);
    }
    if (vocabSize < 1) {
      throw new IllegalArgumentException("SpeakerListener: vocabSize must be >= 1, got " + vocabSize);
    }
    if (maxEpisodeSteps < 1) {
      throw new IllegalArgumentException("SpeakerListener: maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
    }
    this.size = size;
    this.numLandmarks = numLandmarks;
    this.vocabSize = vocabSize;
    int last = size - 1;
    int mid = size / 2;
    int[][] places = {{0, 0}, {0, last}, {last, 0}, {last, last}, {0, mid}, {mid, last}, {last, mid}, {mid, 0}};
    this.landmarkCell = new int[numLandmarks];
    this.landmarkAt = new int[size * size];
    Arrays.fill(landmarkAt, -1);
    for (int g = 0; g < numLandmarks; g++) {
      landmarkCell[g] = places[g][0] * size + places[g][1];
      landmarkAt[landmarkCell[g]] = g;
    }
    String id = "social:speaker-listener";
    List<Space<float[]>> obs = List.of(
        new Box(0f, 1f, numLandmarks + LISTENER_ACTIONS),
        new Box(0f, 1f, size * size + vocabSize));
    this.spec = new MultiAgentSpec<>(id, obs, List.of(new Discrete(vocabSize), new Discrete(LISTENER_ACTIONS)),
        maxEpisodeSteps);
  }

  @Override
  public MultiAgentSpec<float[]> spec() {
    return spec;
  }

  @Override
  protected MultiReset<float[]> onReset() {
    target = rng.nextInt(numLandmarks);
    listenerCell = (size / 2) * size + size / 2;
    lastUtterance = -1;
    lastMove = -1;
    steps = 0;
    return new MultiReset<>(List.of(speakerObservation(), listenerObservation()), Info.of(TARGET, target));
  }

  @Override
  protected MultiStep<float[]> onStep(int[] actions) {
    int move = actions[LISTENER];
    int r = listenerCell / size + DR[move];
    int c = listenerCell % size + DC[move];
    if (r >= 0 && r < size && c >= 0 && c < size) {
      listenerCell = r * size + c;
    }
    lastUtterance = actions[SPEAKER];
    lastMove = move;
    steps++;
    int reached = landmarkAt[listenerCell];
    boolean terminated = reached >= 0;
    boolean truncated = !terminated && steps >= spec.maxEpisodeSteps();
    double reward = reached == target ? 1.0 : 0.0;
    return new MultiStep<>(List.of(speakerObservation(), listenerObservation()),
        new double[] {reward, reward}, new boolean[] {terminated, terminated},
        new boolean[] {truncated, truncated}, actions, Info.of(TARGET, target));
  }

  private float[] speakerObservation() {
    float[] o = new float[numLandmarks + LISTENER_ACTIONS];
    o[target] = 1f;
    if (lastMove >= 0) {
      o[numLandmarks + lastMove] = 1f;
    }
    return o;
  }

  private float[] listenerObservation() {
    float[] o = new float[size * size + vocabSize];
    o[listenerCell] = 1f;
    if (lastUtterance >= 0) {
      o[size * size + lastUtterance] = 1f;
    }
    return o;
  }

  /**
   * Two channels: the speaker's word is the listener's heard word ({@code [size², size² + V)} of its observation), and
   * the listener's move is the speaker's "last move" ({@code [G, G + 5)} of its observation).
   */
  @Override
  public List<ActionChannel> actionChannels() {
    return List.of(new ActionChannel(SPEAKER, LISTENER, size * size, vocabSize),
        new ActionChannel(LISTENER, SPEAKER, numLandmarks, LISTENER_ACTIONS));
  }

  /** The row-major cell of landmark {@code g}. */
  public int landmarkCell(int g) {
    return landmarkCell[g];
  }

  /** The listener's row-major cell. */
  public int listenerCell() {
    return listenerCell;
  }

  /** The target landmark of the current episode. */
  public int target() {
    return target;
  }

  /**
   * The grid with landmarks as {@code a, b, ...} (the target in upper case), the listener as
   * {@code L}, and the speaker's last utterance.
   */
  @Override
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < size; r++) {
      for (int c = 0; c < size; c++) {
        int cell = r * size + c;
        int g = landmarkAt[cell];
        char ch = g < 0 ? '.' : (char) ((g == target ? 'A' : 'a') + g);
        sb.append(cell == listenerCell ? 'L' : ch);
      }
      sb.append('\n');
    }
    sb.append("speaker said: ").append(lastUtterance < 0 ? "-" : String.valueOf(lastUtterance))
        .append("  step ").append(steps);
    return sb.toString();
  }
}
