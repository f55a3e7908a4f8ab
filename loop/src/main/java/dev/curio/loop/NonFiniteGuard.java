package dev.curio.loop;

import dev.curio.agents.LearnerStats;
import dev.curio.agents.Policy;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.wrappers.Wrapper;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loop's checks for NaN and infinity ({@code nonFinite} in {@link TrainConfig}). Each check
 * names what it found in one line; with {@code stop} that line is thrown as a
 * {@link NonFiniteException}, with {@code skip} it is kept for the iteration's report and the check
 * answers false, so the loop can discard the update.
 *
 * <p>Checks are cheap: an array is summed once (a sum is finite only when every element is) and
 * scanned element by element only when the sum is not finite, to name the first bad element (a sum
 * that overflowed on finite elements then finds nothing, and passes).
 */
final class NonFiniteGuard {
  private final boolean skip;
  private final String envId;
  private final int agents;
  private final List<String> found = new ArrayList<>();
  private int iteration;

  /**
   * @param skip {@code nonFinite: skip}: keep what is found instead of throwing
   * @param agents agents per env: trajectory column {@code c} is env {@code c / agents}'s agent {@code c % agents}
   */
  NonFiniteGuard(boolean skip, String envId, int agents) {
    this.skip = skip;
    this.envId = envId;
    this.agents = agents;
  }

  boolean skips() {
    return skip;
  }

  /** Starts iteration {@code iteration} (counted from 1): forgets the previous iteration's findings. */
  void begin(int iteration) {
    this.iteration = iteration;
    found.clear();
  }

  /** What this iteration found (only with skip; empty when everything was finite), one line each. */
  List<String> found() {
    return List.copyOf(found);
  }

  /** Throws {@code what} (stop) or keeps it (skip); false, for {@code return found(...)}. */
  private boolean found(String what) {
    NonFiniteException e = new NonFiniteException(iteration, what);
    if (!skip) {
      throw e;
    }
    found.add(e.getMessage());
    return false;
  }

  /**
   * The env's reward {@code reward} at {@code step} of column {@code column} does not fit a 32-bit
   * float (the trajectory's type): NaN, infinite, or beyond its range.
   */
  boolean extrinsicReward(double reward, int step, int column) {
    String value = Double.isFinite(reward) ? reward + " (beyond a 32-bit float's range)" : String.valueOf(reward);
    return found("the extrinsic reward from " + envId + " is " + value + " at " + where(step, column));
  }

  /** Whether every element of a module's rewards {@code [T, N]} is finite. */
  boolean intrinsicRewards(String stream, INDArray rewards) {
    long bad = firstNonFinite(rewards);
    if (bad < 0) {
      return true;
    }
    int n = (int) rewards.size(1);
    return found("the " + stream + " stream's intrinsic reward is " + rewards.getDouble(bad / n, bad % n) + " at "
        + where((int) (bad / n), (int) (bad % n)));
  }

  /**
   * Whether what the learner measured and the policy it left are finite: each stream's advantage
   * (through its share of the mixed advantage, which is NaN exactly when one of the stream's
   * advantages is not finite) and mean return target, the policy and value losses, the entropy, the
   * gradient norm, then every parameter of the policy. Learners fill in what they measure; what they
   * leave at 0 passes.
   */
  boolean learner(LearnerStats stats, Policy policy) {
    for (LearnerStats.StreamStats s : stats.streams()) {
      if (!Double.isFinite(s.advantageShare())) {
        return found("the " + s.name() + " stream's advantage is not finite (its share of the mixed advantage is "
            + s.advantageShare() + ")");
      }
      if (!Double.isFinite(s.meanReturn())) {
        return found("the " + s.name() + " stream's mean return target is " + s.meanReturn());
      }
    }
    String[] names = {"policy loss", "value loss", "entropy", "gradient norm"};
    double[] values = {stats.policyLoss(), stats.valueLoss(), stats.entropy(), stats.gradNorm()};
    for (int i = 0; i < names.length; i++) {
      if (!Double.isFinite(values[i])) {
        return found("the learner's " + names[i] + " is " + values[i]);
      }
    }
    INDArray params = policy.parameters().flat();
    long bad = firstNonFinite(params);
    if (bad >= 0) {
      return found("the policy's parameter " + bad + " (of " + params.length() + ") is "
          + params.reshape(params.length()).getDouble(bad) + " after learning");
    }
    return true;
  }

  /** "step 3 of env 5", or in a multi-agent world "step 3 of env 2's agent 1"; both count from 0. */
  private String where(int step, int column) {
    return "step " + step + " of env " + (agents > 1 ? column / agents + "'s agent " + column % agents : column);
  }

  /** The row-major index of the first NaN or infinite element of {@code a}, or -1 when all are finite. */
  static long firstNonFinite(INDArray a) {
    if (a.isEmpty() || Double.isFinite(a.sumNumber().doubleValue())) {
      return -1;
    }
    double[] values = a.dup('c').data().asDouble();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        return i;
      }
    }
    return -1; // the sum overflowed on finite elements
  }

  /**
   * The innermost wrapper of every env the loop makes: a reward that is not finite as a 32-bit float
   * is taken out of the step (0 goes on, so the vector env, which refuses such rewards, steps every
   * env and stays consistent) and kept for the loop to report with the iteration and step.
   */
  static final class EnvRewards<O, A> extends Wrapper<O, A> {
    private double caught;
    private boolean pending;

    EnvRewards(Env<O, A> env) {
      super(env);
    }

    @Override
    public Step<O> step(A action) {
      Step<O> s = env.step(action);
      if (Float.isFinite((float) s.reward())) {
        return s;
      }
      caught = s.reward();
      pending = true;
      return s.withReward(0.0);
    }

    /** Whether a step since the last {@link #take} had a reward that does not fit a float. */
    boolean pending() {
      return pending;
    }

    /** The reward caught, forgotten once taken. */
    double take() {
      pending = false;
      return caught;
    }
  }
}
