package dev.curio.agents.math;

import dev.curio.core.config.Check;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import java.util.ArrayList;
import java.util.List;

/**
 * V-trace (Espeholt et al. 2018, "IMPALA: Scalable Distributed Deep-RL with Importance Weighted
 * Actor-Learner Architectures", section 4) for one reward stream, as a pure function over
 * time-major arrays {@code [T, N]} stored flat (index {@code t*N + i}), in the same conventions as
 * {@link Gae}.
 *
 * <p><b>What the paper defines.</b> A trajectory was collected by a behaviour policy {@code mu} (an
 * actor whose parameters may lag the learner's); the learner's policy is {@code pi}. Its eq. 1 is
 * the n-step V-trace target of {@code V(x_s)}:
 * <pre>
 *   v_s = V(x_s) + sum_{t=s}^{s+n-1} gamma^(t-s) (prod_{i=s}^{t-1} c_i) delta_t
 *   delta_t = rho_t (r_t + gamma V(x_{t+1}) - V(x_t))
 *   rho_t = min(rhoBar, pi(a_t|x_t) / mu(a_t|x_t)),   c_i = min(cBar, pi(a_i|x_i) / mu(a_i|x_i))
 * </pre>
 * and the remarks after it say what the two truncation levels do:
 * <ul>
 *   <li>{@code rhoBar} sits in the temporal difference and so chooses the <i>fixed point</i>: the
 *       value of the policy proportional to {@code min(rhoBar mu, pi)}, which is {@code V^pi} for
 *       {@code rhoBar = infinity} and tends to {@code V^mu} as {@code rhoBar -> 0};
 *   <li>the product {@code c_s ... c_{t-1}} says how much a temporal difference seen at time t
 *       changes the estimate at an earlier time s; {@code cBar} bounds the variance of that product
 *       and changes how fast the iteration contracts, not its fixed point;
 *   <li>on-policy ({@code pi = mu}) with {@code cBar >= 1} (and so {@code rhoBar >= 1}) every
 *       {@code c_i} and {@code rho_t} is 1 and eq. 1 is the on-policy n-step Bellman target;
 *   <li>the paper assumes {@code rhoBar >= cBar} (not enforced here);
 *   <li>as in Retrace(lambda), an extra parameter {@code lambda} in [0, 1] may discount the traces:
 *       {@code c_i = lambda min(cBar, pi/mu)}. On-policy the targets are then the lambda-return
 *       ({@code VtraceTest} checks it against the forward-view definition).
 * </ul>
 * Section 4.2's policy gradient weighs {@code grad log pi(a_s|x_s)} by the advantage
 * {@code rho_s (r_s + gamma v_{s+1} - V(x_s))}, with {@code v_{s+1}} the V-trace target of the next
 * state. As in the paper's reference code and rlax, the clip on that {@code rho_s} may differ from
 * the one in the targets ({@link Params#pgRhoBar}, by default {@code rhoBar}).
 *
 * <p><b>What this class computes.</b> Equivalently to eq. 1, backwards over T and for all N columns
 * at once (the recursive form the paper also gives), with {@code v_t = V(x_t)} ({@code values}),
 * {@code v'_t = V(s'_t)}, the value of the <i>true</i> successor ({@code nextValues}, exactly as
 * {@link Gae} takes it), {@code q_t = exp(logRho_t)} and {@code done_t = term_t or trunc_t}:
 * <pre>
 *   rho_t = min(rhoBar, q_t),   c_t = lambda min(cBar, q_t),   rhoPg_t = min(pgRhoBar, q_t)
 *   episodic:     b_t = (1 - term_t) v'_t          non-episodic: b_t = v'_t
 *   delta_t  = rho_t (r_t + gamma b_t - v_t)
 *   a_t      = delta_t + gamma c_t (1 - done_t) a_{t+1},   a_T = 0
 *   vs_t     = v_t + a_t                                        (the targets)
 *   u_t      = b_t + (1 - done_t) a_{t+1}                       (v_{s+1} of section 4.2)
 *   pg_t     = rhoPg_t (r_t + gamma u_t - v_t)                  (the policy-gradient advantages)
 * </pre>
 * Where step t did not end an episode and is not the last, {@code v'_t} must be {@code v_{t+1}}
 * (as the learner builds it); {@code u_t} is then {@code vs_{t+1}}. At an episode's end the trace is
 * cut, because the column's next step belongs to another episode: a terminated step of an episodic
 * stream bootstraps from 0, a truncated one from its real final observation, whose target is its own
 * value (eq. 1 with n = 0, nothing having been seen after it); the rollout's last step bootstraps
 * from its successor's value the same way. A <b>non-episodic</b> stream treats every episode end as a
 * truncation of an unending stream, as {@link Gae} does.
 *
 * <p>The pg advantage follows the paper and its reference code: {@code v_{s+1}} is the full V-trace
 * target. rlax's {@code vtrace_td_error_and_advantage} instead bootstraps it with
 * {@code lambda vs_{t+1} + (1 - lambda) V(x_{t+1})}, which makes the on-policy advantage GAE's; the
 * two agree at {@code lambda = 1}, the paper's setting.
 *
 * <p>Plain loops over primitive arrays, one pass backwards over T per call: this is O(T*N) scalar
 * work, far below the cost of one network call. Arithmetic is in double, results in float.
 */
public final class Vtrace {
  private Vtrace() {}

  /**
   * V-trace's parameters, checked when built: {@code lambda} in [0, 1]; {@code rhoBar}, {@code cBar}
   * and {@code pgRhoBar} finite and above 0. A bad value fails in one line naming it, e.g.
   * {@code vtrace.cBar: must be a finite number > 0, got 0.0}.
   *
   * @param lambda the trace discount of the {@code c_i} (1 in the paper's experiments)
   * @param rhoBar the clip of the importance weights in the temporal differences (the targets' fixed point)
   * @param cBar the clip of the importance weights in the traces
   * @param pgRhoBar the clip of the importance weight of the policy-gradient advantage
   */
  public record Params(double lambda, double rhoBar, double cBar, double pgRhoBar) {
    public Params {
      Check.inRange("vtrace.lambda", lambda, 0.0, 1.0);
      Check.positive("vtrace.rhoBar", rhoBar);
      Check.positive("vtrace.cBar", cBar);
      Check.positive("vtrace.pgRhoBar", pgRhoBar);
    }

    /** The paper's setting: {@code lambda = rhoBar = cBar = pgRhoBar = 1}. */
    public static Params defaults() {
      return new Params(1.0, 1.0, 1.0, 1.0);
    }

    /** {@code lambda}, {@code rhoBar} and {@code cBar}, with the policy gradient clipped at {@code rhoBar}. */
    public static Params of(double lambda, double rhoBar, double cBar) {
      return new Params(lambda, rhoBar, cBar, rhoBar);
    }
  }

  /**
   * The V-trace targets and the policy-gradient advantages, both {@code [T, N]} flat.
   *
   * @param targets {@code vs_t}, the value targets of {@code V(x_t)}
   * @param pgAdvantages {@code min(pgRhoBar, q_t) (r_t + gamma vs_{t+1} - V(x_t))}
   */
  public record Result(float[] targets, float[] pgAdvantages) {}

  /**
   * V-trace for one stream.
   *
   * @param logRhos {@code [T, N]} {@code log pi(a_t|x_t) - log mu(a_t|x_t)}: the learner's
   *     log-probability of the action taken minus the behaviour policy's; not NaN
   * @param rewards {@code [T, N]} the stream's rewards {@code r_t}
   * @param values {@code [T, N]} {@code V(x_t)} under the learner's parameters
   * @param nextValues {@code [T, N]} {@code V(s'_t)}, the value of step t's true successor:
   *     {@code V(x_{t+1})} unless step t ended an episode (then of its final observation) or is the
   *     last (then of the observation after the rollout)
   * @param terminated {@code [T, N]} above 0 where the MDP ended at step t
   * @param truncated {@code [T, N]} above 0 where the episode was cut off at step t
   * @param steps T, at least 1
   * @param envs N, at least 1
   * @param gamma the stream's discount, in [0, 1]
   * @param episodic whether the stream ends with the episode (bootstraps 0 at {@code terminated})
   */
  public static Result compute(float[] logRhos, float[] rewards, float[] values, float[] nextValues,
                               float[] terminated, float[] truncated, int steps, int envs, double gamma,
                               boolean episodic, Params params) {
    checkShapes(steps, envs, logRhos, rewards, values, nextValues, terminated, truncated);
    Check.inRange("vtrace.gamma", gamma, 0.0, 1.0);
    Check.notNull("vtrace.params", params);
    checkLogRhos(logRhos, envs);
    int size = steps * envs;
    float[] targets = new float[size];
    float[] pg = new float[size];
    // a_{t+1} = vs_{t+1} - V(x_{t+1}) per column, 0 after the last step
    double[] next = new double[envs];
    for (int t = steps - 1; t >= 0; t--) {
      int row = t * envs;
      for (int i = 0; i < envs; i++) {
        int k = row + i;
        double q = Math.exp(logRhos[k]);
        double rho = Math.min(params.rhoBar(), q);
        double c = params.lambda() * Math.min(params.cBar(), q);
        double rhoPg = Math.min(params.pgRhoBar(), q);
        double bootstrap = episodic && terminated[k] > 0 ? 0.0 : nextValues[k];
        double cut = (terminated[k] > 0 || truncated[k] > 0) ? 0.0 : 1.0;
        double delta = rho * (rewards[k] + gamma * bootstrap - values[k]);
        double following = cut * next[i];
        double a = delta + gamma * c * following;
        targets[k] = (float) (values[k] + a);
        pg[k] = (float) (rhoPg * (rewards[k] + gamma * (bootstrap + following) - values[k]));
        next[i] = a;
      }
    }
    return new Result(targets, pg);
  }

  /**
   * V-trace for every reward stream of a rollout, one value head per stream, each with its own
   * discount and episodic flag, as PPO runs {@link Gae} per stream. The importance weights are the
   * policy's and shared by all streams; mixing the streams' advantages (by their coefficients, and
   * per task scale under PopArt) is left to the learner.
   *
   * @param streams the streams, in the critic's head order
   * @param rewards {@code [K][T*N]}: stream s's rewards at {@code rewards[s]}
   * @param values {@code [K][T*N]}: head s's {@code V(x_t)}
   * @param nextValues {@code [K][T*N]}: head s's {@code V(s'_t)} (see {@link #compute})
   * @return one result per stream, in stream order
   */
  public static List<Result> perStream(float[] logRhos, List<RewardStream> streams, float[][] rewards,
                                       float[][] values, float[][] nextValues, float[] terminated,
                                       float[] truncated, int steps, int envs, Params params) {
    int k = streams.size();
    if (k == 0) {
      throw new IllegalArgumentException("vtrace: need at least one reward stream");
    }
    if (rewards.length != k || values.length != k || nextValues.length != k) {
      throw new IllegalArgumentException("vtrace: " + k + " reward streams need one array each, got " + rewards.length
          + " reward, " + values.length + " value and " + nextValues.length + " next-value arrays");
    }
    int size = steps * envs;
    List<Result> out = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      RewardStream stream = streams.get(s);
      String[] names = {"rewards", "values", "nextValues"};
      float[][] arrays = {rewards[s], values[s], nextValues[s]};
      for (int j = 0; j < arrays.length; j++) {
        if (arrays[j] == null || arrays[j].length != size) {
          throw new IllegalArgumentException("vtrace: reward stream " + stream.name() + "'s " + names[j] + " has "
              + (arrays[j] == null ? "no array" : arrays[j].length + " values") + ", need T*N = " + size);
        }
      }
      out.add(compute(logRhos, rewards[s], values[s], nextValues[s], terminated, truncated, steps, envs,
          stream.gamma(), stream.episodic(), params));
    }
    return out;
  }

  /**
   * {@link #perStream(float[], List, float[][], float[][], float[][], float[], float[], int, int, Params)}
   * with the rewards as a learner receives them: one {@code [T, N]} array per stream, copied to the
   * host once each.
   */
  public static List<Result> perStream(float[] logRhos, RewardStreams rewards, float[][] values,
                                       float[][] nextValues, float[] terminated, float[] truncated, int steps,
                                       int envs, Params params) {
    float[][] r = new float[rewards.size()][];
    for (int s = 0; s < r.length; s++) {
      r[s] = Host.floats(rewards.rewards().get(s));
    }
    return perStream(logRhos, rewards.streams(), r, values, nextValues, terminated, truncated, steps, envs, params);
  }

  private static void checkShapes(int steps, int envs, float[] logRhos, float[] rewards, float[] values,
                                  float[] nextValues, float[] terminated, float[] truncated) {
    if (steps < 1 || envs < 1) {
      throw new IllegalArgumentException("vtrace: need T >= 1 steps and N >= 1 columns, got T = " + steps + ", N = "
          + envs);
    }
    int size = steps * envs;
    String[] names = {"logRhos", "rewards", "values", "nextValues", "terminated", "truncated"};
    float[][] arrays = {logRhos, rewards, values, nextValues, terminated, truncated};
    for (int j = 0; j < arrays.length; j++) {
      if (arrays[j] == null) {
        throw new IllegalArgumentException("vtrace: " + names[j] + " is required");
      }
      if (arrays[j].length != size) {
        throw new IllegalArgumentException("vtrace: " + names[j] + " has " + arrays[j].length
            + " elements, need T*N = " + size + " (T = " + steps + ", N = " + envs + ")");
      }
    }
  }

  /** A NaN log-ratio (e.g. the difference of two infinite log-probabilities) would poison a whole column. */
  private static void checkLogRhos(float[] logRhos, int envs) {
    for (int k = 0; k < logRhos.length; k++) {
      if (Float.isNaN(logRhos[k])) {
        throw new IllegalArgumentException("vtrace: logRhos is NaN at [t, i] = [" + k / envs + ", " + k % envs
            + "]; the learner's and the behaviour policy's log-probabilities must be numbers");
      }
    }
  }
}
