package dev.curio.agents.math;

/**
 * Generalised advantage estimation (Schulman et al. 2016) for one reward stream, as a pure function
 * over time-major arrays {@code [T, N]} stored flat (index {@code t*N + i}).
 *
 * <p>With {@code v_t = V(s_t)} and {@code v'_t = V(s'_t)}, the value of the true successor, and
 * {@code done_t = term_t or trunc_t}:
 * <pre>
 *   episodic:     delta_t = r_t + gamma (1 - term_t) v'_t - v_t
 *   non-episodic: delta_t = r_t + gamma v'_t - v_t
 *   both:         A_t     = delta_t + gamma lambda (1 - done_t) A_{t+1}
 *   A_T = 0,  returns_t = A_t + v_t
 * </pre>
 * A truncated step bootstraps from its real final state in both cases. A <b>non-episodic</b> stream
 * (e.g. RND's novelty) does not end with the episode: every episode end, terminated or truncated, is
 * treated as a truncation of an unending stream, bootstrapping from {@code V(final observation)}.
 * The lambda-trace is cut there in both cases, because the next step of that column belongs to
 * another episode whose advantages say nothing about this one's final state. (The alternative,
 * continuing the trace through the reset observation as CleanRL's RND code does, would need the
 * reset observation's value as the bootstrap; mixing the final observation's bootstrap with the next
 * episode's trace, as this class did before, was neither.) Plain loops over primitive arrays: this is
 * O(T*N) scalar work, far below the cost of one network call.
 */
public final class Gae {
  private Gae() {}

  /** Advantages and lambda-returns, both {@code [T, N]} flat. */
  public record Result(float[] advantages, float[] returns) {}

  public static Result compute(float[] rewards, float[] values, float[] nextValues, float[] terminated,
                               float[] truncated, int steps, int envs, double gamma, double lambda, boolean episodic) {
    int size = steps * envs;
    for (float[] a : new float[][] {rewards, values, nextValues, terminated, truncated}) {
      if (a.length != size) {
        throw new IllegalArgumentException("GAE arrays must have T*N = " + size + " elements, got " + a.length);
      }
    }
    if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("GAE needs gamma and lambda in [0, 1], got " + gamma + ", " + lambda);
    }
    float[] adv = new float[size];
    float[] ret = new float[size];
    double[] next = new double[envs];
    for (int t = steps - 1; t >= 0; t--) {
      int row = t * envs;
      for (int i = 0; i < envs; i++) {
        int k = row + i;
        double bootstrap = episodic && terminated[k] > 0 ? 0.0 : nextValues[k];
        double cut = (terminated[k] > 0 || truncated[k] > 0) ? 0.0 : 1.0;
        double delta = rewards[k] + gamma * bootstrap - values[k];
        double a = delta + gamma * lambda * cut * next[i];
        next[i] = a;
        adv[k] = (float) a;
        ret[k] = (float) (a + values[k]);
      }
    }
    return new Result(adv, ret);
  }
}
