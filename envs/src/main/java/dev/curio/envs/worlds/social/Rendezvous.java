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
 * A fully cooperative two-agent game: two agents at the opposite ends of a corridor must meet.
 *
 * <p>The corridor has {@code length} cells, numbered {@code 0 .. length-1}. At reset agent 0 stands in
 * cell 0 and agent 1 in cell {@code length-1}; starts are fixed, so the episode seed changes nothing.
 * Each agent's action is {@code Discrete(3)}: 0 left, 1 stay, 2 right. Both agents move at the same
 * time; a move past either end is a no-op.
 *
 * <p>Every step pays both agents the same reward: {@code -stepCost}, plus {@code 1} on the step after
 * which both agents stand in the same cell. That step <b>terminates</b> the episode for both. Agents
 * that swap cells in one step (each walking into the cell the other just left) cross without meeting:
 * only sharing a cell at the end of a step counts. After {@code maxEpisodeSteps} steps without a
 * meeting the episode is truncated for both.
 *
 * <p>Observation of each agent: a {@link Box} in {@code [0, 1]} of shape {@code [2 * length]}: its own
 * cell as a one-hot of length {@code length}, then the other agent's cell as a one-hot of length
 * {@code length}. The layout is the same for both agents, so one network with shared parameters can
 * play either role (the training loop appends the agent id). The spec id is {@code social:rendezvous-<length>}.
 *
 * <p>Returns. The best joint policy walks both agents toward each other, letting one of them wait one
 * step when {@code length} is even (else they would swap); they meet after
 * {@code ceil((length - 1) / 2)} steps (if the limit allows), for a return of
 * {@code 1 - ceil((length - 1) / 2) * stepCost}:
 * with the defaults ({@code length} 7, cost 0.05) that is 3 steps and <b>0.85</b>. A uniformly random pair
 * with the defaults meets within the 30 steps in about 73% of episodes and has a mean return of about
 * <b>-0.26</b>: -0.259 measured over 2000 episodes by
 * {@code RendezvousTest.aRandomPairMeetsThreeTimesInFour} (an exact sum over the joint positions gives
 * -0.2595).
 */
public final class Rendezvous extends AbstractMultiAgentEnv<float[]> {
  /** Number of actions per agent: left, stay, right. */
  public static final int ACTIONS = 3;
  /** Action: one cell toward cell 0. */
  public static final int LEFT = 0;
  /** Action: stay in place. */
  public static final int STAY = 1;
  /** Action: one cell toward cell {@code length - 1}. */
  public static final int RIGHT = 2;
  /** Smallest and largest corridor allowed. */
  public static final int MIN_LENGTH = 3;
  public static final int MAX_LENGTH = 32;

  private final int length;
  private final double stepCost;
  private final MultiAgentSpec<float[]> spec;

  /** Cell of agent 0 and of agent 1. */
  private final int[] cell = new int[2];
  private int steps;

  /** The default game: 7 cells, step cost 0.05, 30-step limit (registered as {@code social:rendezvous-7}). */
  public Rendezvous() {
    this(7, 0.05, 30);
  }

  /**
   * @param length number of cells, in {@code [3, 32]}
   * @param stepCost cost paid by both agents each step, finite and {@code >= 0}
   * @param maxEpisodeSteps truncation limit, at least 1
   */
  public Rendezvous(int length, double stepCost, int maxEpisodeSteps) {
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new IllegalArgumentException("Rendezvous: length must be in [" + MIN_LENGTH + ", " + MAX_LENGTH
          + "], got " + length);
    }
    if (!Double.isFinite(stepCost) || stepCost < 0) {
      throw new IllegalArgumentException("Rendezvous: stepCost must be finite and >= 0, got " + stepCost);
    }
    if (maxEpisodeSteps < 1) {
      throw new IllegalArgumentException("Rendezvous: maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
    }
    this.length = length;
    this.stepCost = stepCost;
    Box obs = new Box(0f, 1f, 2 * length);
    List<Space<float[]>> observations = List.of(obs, obs);
    this.spec = new MultiAgentSpec<>("social:rendezvous-" + length, observations,
        List.of(new Discrete(ACTIONS), new Discrete(ACTIONS)), maxEpisodeSteps);
  }

  @Override
  public MultiAgentSpec<float[]> spec() {
    return spec;
  }

  @Override
  protected MultiReset<float[]> onReset() {
    cell[0] = 0;
    cell[1] = length - 1;
    steps = 0;
    return new MultiReset<>(observations(), Info.empty());
  }

  @Override
  protected MultiStep<float[]> onStep(int[] actions) {
    for (int i = 0; i < 2; i++) {
      int move = actions[i] - STAY; // -1, 0 or +1
      cell[i] = Math.max(0, Math.min(length - 1, cell[i] + move));
    }
    steps++;
    boolean met = cell[0] == cell[1];
    boolean truncated = !met && steps >= spec.maxEpisodeSteps();
    double reward = -stepCost + (met ? 1.0 : 0.0);
    return new MultiStep<>(observations(), new double[] {reward, reward}, new boolean[] {met, met},
        new boolean[] {truncated, truncated}, actions, Info.empty());
  }

  private List<float[]> observations() {
    return List.of(observation(0), observation(1));
  }

  /** Agent {@code i}'s own cell one-hot, then the other agent's. */
  private float[] observation(int i) {
    float[] o = new float[2 * length];
    o[cell[i]] = 1f;
    o[length + cell[1 - i]] = 1f;
    return o;
  }

  /** The cell of agent {@code agent} (0 or 1). */
  public int cell(int agent) {
    return cell[agent];
  }

  /** Number of cells. */
  public int length() {
    return length;
  }

  /** The corridor as one line: {@code 0} and {@code 1} for the agents, {@code X} where they share a cell. */
  @Override
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < length; c++) {
      boolean a = cell[0] == c;
      boolean b = cell[1] == c;
      sb.append(a && b ? 'X' : a ? '0' : b ? '1' : '.');
    }
    return sb.append("  step ").append(steps).toString();
  }
}
