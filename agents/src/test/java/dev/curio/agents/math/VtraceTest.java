package dev.curio.agents.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.config.ConfigException;
import dev.curio.core.trajectory.RewardStream;
import dev.curio.core.trajectory.RewardStreams;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * V-trace against the paper's definitions written out here as plain double loops: eq. 1 as the
 * literal sum over t of {@code gamma^(t-s) (prod c_i) delta_t} (not the backward recursion the class
 * uses), and on-policy the lambda-return as the forward-view weighted sum of n-step returns.
 */
class VtraceTest {
  private static final float EPS = 1e-6f;

  /** One random rollout, {@code [T, N]} flat; {@code nextValues} built as the learner builds it. */
  private record Case(int steps, int envs, float[] logRhos, float[] rewards, float[] values, float[] nextValues,
                      float[] terminated, float[] truncated) {
    boolean done(int k) {
      return terminated[k] > 0 || truncated[k] > 0;
    }

    /** The last step of the episode s belongs to, within the rollout: its end or the rollout's last step. */
    int end(int s, int i) {
      int t = s;
      while (t < steps - 1 && !done(t * envs + i)) {
        t++;
      }
      return t;
    }

    /** What step t's last temporal difference bootstraps from: 0 at an episodic termination, else V(s'_t). */
    double bootstrap(int t, int i, boolean episodic) {
      int k = t * envs + i;
      return episodic && terminated[k] > 0 ? 0.0 : nextValues[k];
    }
  }

  /**
   * Random rewards, values and log-ratios (ratios from about 0.2 to 5, so both sides of a clip at 1
   * occur), episode ends in the middle of the rollout, both kinds; V(s'_t) is V(x_{t+1}) within an
   * episode and an independent value of the final observation at its end and at the rollout's end.
   */
  private static Case randomCase(long seed, int steps, int envs) {
    Random rng = new Random(seed);
    int size = steps * envs;
    float[] logRhos = new float[size];
    float[] rewards = new float[size];
    float[] values = new float[size];
    float[] term = new float[size];
    float[] trunc = new float[size];
    for (int k = 0; k < size; k++) {
      logRhos[k] = (float) (rng.nextDouble() * 3.2 - 1.6);
      rewards[k] = (float) rng.nextGaussian();
      values[k] = (float) (rng.nextDouble() * 4 - 2);
      double u = rng.nextDouble();
      if (u < 0.12) {
        term[k] = 1;
      } else if (u < 0.24) {
        trunc[k] = 1;
      }
    }
    // make sure both kinds of end occur before the last step
    term[envs] = 1;
    trunc[envs] = 0;
    trunc[2 * envs + envs - 1] = 1;
    term[2 * envs + envs - 1] = 0;
    float[] next = new float[size];
    for (int k = 0; k < size; k++) {
      boolean last = k >= (steps - 1) * envs;
      next[k] = last || term[k] > 0 || trunc[k] > 0 ? (float) (rng.nextDouble() * 6 - 3) : values[k + envs];
    }
    return new Case(steps, envs, logRhos, rewards, values, next, term, trunc);
  }

  /** Another reward stream on {@code c}'s steps: its own rewards and value head, the same episode ends and ratios. */
  private static Case otherStream(Case c, long seed) {
    Random rng = new Random(seed);
    int size = c.steps() * c.envs();
    float[] rewards = new float[size];
    float[] values = new float[size];
    for (int k = 0; k < size; k++) {
      rewards[k] = (float) (rng.nextDouble() * 0.1);
      values[k] = (float) (rng.nextDouble() * 3);
    }
    float[] next = new float[size];
    for (int k = 0; k < size; k++) {
      boolean last = k >= (c.steps() - 1) * c.envs();
      next[k] = last || c.done(k) ? (float) (rng.nextDouble() * 3) : values[k + c.envs()];
    }
    return new Case(c.steps(), c.envs(), c.logRhos(), rewards, values, next, c.terminated(), c.truncated());
  }

  /** Eq. 1, literally: v_s = V(x_s) + sum_{t=s}^{e} gamma^(t-s) (prod_{i=s}^{t-1} c_i) delta_t. */
  private static double[] paperTargets(Case c, double gamma, boolean episodic, Vtrace.Params p) {
    int n = c.envs();
    double[] vs = new double[c.steps() * n];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < c.steps(); s++) {
        int e = c.end(s, i);
        double sum = 0;
        for (int t = s; t <= e; t++) {
          double product = 1;
          for (int j = s; j < t; j++) {
            product *= p.lambda() * Math.min(p.cBar(), Math.exp(c.logRhos()[j * n + i]));
          }
          int k = t * n + i;
          double vNext = t < e ? c.values()[k + n] : c.bootstrap(t, i, episodic);
          double rho = Math.min(p.rhoBar(), Math.exp(c.logRhos()[k]));
          double delta = rho * (c.rewards()[k] + gamma * vNext - c.values()[k]);
          sum += Math.pow(gamma, t - s) * product * delta;
        }
        vs[s * n + i] = c.values()[s * n + i] + sum;
      }
    }
    return vs;
  }

  /** Section 4.2's advantage: min(pgRhoBar, ratio_s) (r_s + gamma v_{s+1} - V(x_s)), v_{s+1} from {@code vs}. */
  private static double[] paperPgAdvantages(Case c, double[] vs, double gamma, boolean episodic, Vtrace.Params p) {
    int n = c.envs();
    double[] pg = new double[vs.length];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < c.steps(); s++) {
        int k = s * n + i;
        double vNext = c.end(s, i) == s ? c.bootstrap(s, i, episodic) : vs[k + n];
        double rho = Math.min(p.pgRhoBar(), Math.exp(c.logRhos()[k]));
        pg[k] = rho * (c.rewards()[k] + gamma * vNext - c.values()[k]);
      }
    }
    return pg;
  }

  /** The lambda-return, forward view: (1 - lambda) sum_{m<M} lambda^(m-1) G^(m) + lambda^(M-1) G^(M). */
  private static double[] lambdaReturns(Case c, double gamma, double lambda, boolean episodic) {
    int n = c.envs();
    double[] g = new double[c.steps() * n];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < c.steps(); s++) {
        int e = c.end(s, i);
        int longest = e - s + 1;
        double total = 0;
        for (int m = 1; m <= longest; m++) {
          double nStep = 0;
          for (int j = 0; j < m; j++) {
            nStep += Math.pow(gamma, j) * c.rewards()[(s + j) * n + i];
          }
          int last = s + m - 1;
          double bootstrap = last < e ? c.values()[(last + 1) * n + i] : c.bootstrap(last, i, episodic);
          nStep += Math.pow(gamma, m) * bootstrap;
          double weight = m < longest ? (1 - lambda) * Math.pow(lambda, m - 1) : Math.pow(lambda, m - 1);
          total += weight * nStep;
        }
        g[s * n + i] = total;
      }
    }
    return g;
  }

  private static Vtrace.Result run(Case c, double gamma, boolean episodic, Vtrace.Params p) {
    return Vtrace.compute(c.logRhos(), c.rewards(), c.values(), c.nextValues(), c.terminated(), c.truncated(),
        c.steps(), c.envs(), gamma, episodic, p);
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int k = 0; k < expected.length; k++) {
      double tol = 2e-5 * Math.max(1.0, Math.abs(expected[k]));
      assertEquals(expected[k], actual[k], tol, what + " at flat index " + k);
    }
  }

  // (a) eq. 1 as a literal sum, off-policy, with episode ends, truncation bootstraps and clipping
  @Test
  void matchesThePapersSumOffPolicyWithEpisodeEndsAndClipping() {
    Vtrace.Params[] settings = {
        Vtrace.Params.defaults(),
        new Vtrace.Params(0.9, 2.0, 0.5, 1.5),
        new Vtrace.Params(0.5, 0.7, 1.2, 3.0),
        Vtrace.Params.of(0.0, 1.0, 1.0),
    };
    for (long seed = 1; seed <= 4; seed++) {
      Case c = randomCase(seed, 9, 3);
      boolean above = false;
      boolean below = false;
      for (float lr : c.logRhos()) {
        above |= lr > 0.1;
        below |= lr < -0.1;
      }
      assertTrue(above && below, "the ratios should lie on both sides of 1");
      for (Vtrace.Params p : settings) {
        for (boolean episodic : new boolean[] {true, false}) {
          double gamma = episodic ? 0.9 : 0.97;
          Vtrace.Result r = run(c, gamma, episodic, p);
          double[] vs = paperTargets(c, gamma, episodic, p);
          String what = "seed " + seed + ", " + p + ", episodic " + episodic;
          assertClose(vs, r.targets(), "targets, " + what);
          assertClose(paperPgAdvantages(c, vs, gamma, episodic, p), r.pgAdvantages(), "pg advantages, " + what);
        }
      }
    }
  }

  // (b) on-policy the targets are the lambda-return and the advantage is r + gamma v_{s+1} - V
  @Test
  void onPolicyTargetsAreTheLambdaReturn() {
    for (long seed = 11; seed <= 13; seed++) {
      Case random = randomCase(seed, 8, 2);
      Case c = new Case(random.steps(), random.envs(), new float[random.logRhos().length], random.rewards(),
          random.values(), random.nextValues(), random.terminated(), random.truncated());
      for (double lambda : new double[] {0.0, 0.5, 0.95, 1.0}) {
        for (boolean episodic : new boolean[] {true, false}) {
          double gamma = 0.9;
          // clips at or above 1 do not bite on-policy (every ratio is 1)
          for (Vtrace.Params p : new Vtrace.Params[] {Vtrace.Params.of(lambda, 1, 1),
              new Vtrace.Params(lambda, 5, 3, 2)}) {
            Vtrace.Result r = run(c, gamma, episodic, p);
            double[] g = lambdaReturns(c, gamma, lambda, episodic);
            String what = "seed " + seed + ", lambda " + lambda + ", episodic " + episodic;
            assertClose(g, r.targets(), "targets, " + what);
            double[] adv = new double[g.length];
            for (int i = 0; i < c.envs(); i++) {
              for (int s = 0; s < c.steps(); s++) {
                int k = s * c.envs() + i;
                double vNext = c.end(s, i) == s ? c.bootstrap(s, i, episodic) : g[k + c.envs()];
                adv[k] = c.rewards()[k] + gamma * vNext - c.values()[k];
              }
            }
            assertClose(adv, r.pgAdvantages(), "pg advantages, " + what);
            // and the same returns as GAE's (the same conventions at episode ends)
            Gae.Result gae = Gae.compute(c.rewards(), c.values(), c.nextValues(), c.terminated(), c.truncated(),
                c.steps(), c.envs(), gamma, lambda, episodic);
            assertArrayEquals(gae.returns(), r.targets(), 1e-5f, "GAE's returns, " + what);
          }
        }
      }
    }
  }

  // (c) a hand-worked case: T = 3, N = 2, gamma = 0.9, lambda = rhoBar = cBar = 1
  private static final float[] HAND_REWARDS = {1, 0, 0, 1, 2, 1};
  private static final float[] HAND_VALUES = {0.5f, 2, 1, 1, 1.5f, 0};
  // column 0 runs through: V(s'_t) = V(x_{t+1}), then 4 after the rollout; column 1 ends at t = 0
  // (final observation worth 5), then V(s'_1) = V(x_2) = 0 and 3 after the rollout
  private static final float[] HAND_NEXT = {1, 5, 1.5f, 0, 4, 3};
  // ratios: column 0 2, 0.5, 1; column 1 0.5, 2, 1
  private static final float[] HAND_LOG_RHOS = {(float) Math.log(2), (float) Math.log(0.5), (float) Math.log(0.5),
      (float) Math.log(2), 0, 0};

  @Test
  void goldenHandWorkedCase() {
    float[] term = {0, 1, 0, 0, 0, 0};
    float[] trunc = new float[6];
    Vtrace.Result r = Vtrace.compute(HAND_LOG_RHOS, HAND_REWARDS, HAND_VALUES, HAND_NEXT, term, trunc, 3, 2, 0.9,
        true, Vtrace.Params.defaults());
    // column 0, backwards (rho = c = min(1, ratio)):
    //   t=2: ratio 1:   delta = 2 + 0.9*4 - 1.5 = 4.1;             a = 4.1;                 vs = 5.6
    //        pg = 1 * (2 + 0.9*4 - 1.5) = 4.1
    //   t=1: ratio 0.5: delta = 0.5 (0 + 0.9*1.5 - 1) = 0.175;     a = 0.175 + 0.9*0.5*4.1 = 2.02; vs = 3.02
    //        pg = 0.5 (0 + 0.9*5.6 - 1) = 2.02
    //   t=0: ratio 2 -> 1: delta = 1 + 0.9*1 - 0.5 = 1.4;          a = 1.4 + 0.9*1*2.02 = 3.218; vs = 3.718
    //        pg = 1 * (1 + 0.9*3.02 - 0.5) = 3.218
    // column 1:
    //   t=2: ratio 1:   delta = 1 + 0.9*3 - 0 = 3.7;               vs = 3.7,  pg = 3.7
    //   t=1: ratio 2 -> 1: delta = 1 + 0.9*0 - 1 = 0;              a = 0 + 0.9*1*3.7 = 3.33; vs = 4.33
    //        pg = 1 * (1 + 0.9*3.7 - 1) = 3.33
    //   t=0: terminated, ratio 0.5: delta = 0.5 (0 + 0 - 2) = -1; trace cut: a = -1; vs = 1
    //        pg = 0.5 (0 + 0 - 2) = -1
    assertArrayEquals(new float[] {3.718f, 1f, 3.02f, 4.33f, 5.6f, 3.7f}, r.targets(), EPS);
    assertArrayEquals(new float[] {3.218f, -1f, 2.02f, 3.33f, 4.1f, 3.7f}, r.pgAdvantages(), EPS);
  }

  /** The same steps with column 1 truncated at t = 0: it bootstraps from its final observation (5). */
  @Test
  void goldenTruncationBootstrapsFromTheFinalObservationAndCuts() {
    float[] term = new float[6];
    float[] trunc = {0, 1, 0, 0, 0, 0};
    Vtrace.Result r = Vtrace.compute(HAND_LOG_RHOS, HAND_REWARDS, HAND_VALUES, HAND_NEXT, term, trunc, 3, 2, 0.9,
        true, Vtrace.Params.defaults());
    // column 1, t=0: delta = 0.5 (0 + 0.9*5 - 2) = 1.25; cut: a = 1.25, vs = 3.25;
    //                v_{s+1} is the final observation's own value 5: pg = 0.5 (0 + 0.9*5 - 2) = 1.25
    assertArrayEquals(new float[] {3.718f, 3.25f, 3.02f, 4.33f, 5.6f, 3.7f}, r.targets(), EPS);
    assertArrayEquals(new float[] {3.218f, 1.25f, 2.02f, 3.33f, 4.1f, 3.7f}, r.pgAdvantages(), EPS);
    // a non-episodic stream reads the termination of the golden case as this truncation
    float[] termOnly = {0, 1, 0, 0, 0, 0};
    Vtrace.Result ne = Vtrace.compute(HAND_LOG_RHOS, HAND_REWARDS, HAND_VALUES, HAND_NEXT, termOnly, new float[6],
        3, 2, 0.9, false, Vtrace.Params.defaults());
    assertArrayEquals(r.targets(), ne.targets(), 0f);
    assertArrayEquals(r.pgAdvantages(), ne.pgAdvantages(), 0f);
  }

  // (d) clipping
  @Test
  void hugeRatiosAreClippedAtTheBars() {
    Case c = randomCase(21, 6, 2);
    float[] huge = new float[c.logRhos().length];
    java.util.Arrays.fill(huge, 50f);
    float[] one = new float[huge.length];
    Case big = new Case(c.steps(), c.envs(), huge, c.rewards(), c.values(), c.nextValues(), c.terminated(),
        c.truncated());
    Case onPolicy = new Case(c.steps(), c.envs(), one, c.rewards(), c.values(), c.nextValues(), c.terminated(),
        c.truncated());
    // with every bar at 1, a ratio of e^50 counts as 1: the on-policy result, exactly
    Vtrace.Result clipped = run(big, 0.9, true, Vtrace.Params.defaults());
    Vtrace.Result exact = run(onPolicy, 0.9, true, Vtrace.Params.defaults());
    assertArrayEquals(exact.targets(), clipped.targets(), 0f);
    assertArrayEquals(exact.pgAdvantages(), clipped.pgAdvantages(), 0f);
    for (float v : clipped.targets()) {
      assertTrue(Float.isFinite(v));
    }
  }

  @Test
  void eachBarClipsItsOwnWeight() {
    // T=2, N=1, gamma 0.5, ratio e^50 at both steps; rhoBar 2, cBar 0.5, pgRhoBar 1.5
    float[] logRhos = {50, 50};
    float[] r = {1, 1};
    float[] v = {0, 0};
    float[] next = {0, 2};
    float[] zero = new float[2];
    Vtrace.Result res = Vtrace.compute(logRhos, r, v, next, zero, zero, 2, 1, 0.5, true,
        new Vtrace.Params(1.0, 2.0, 0.5, 1.5));
    // t=1: delta = 2 (1 + 0.5*2 - 0) = 4;                 vs = 4;   pg = 1.5 (1 + 0.5*2 - 0) = 3
    // t=0: delta = 2 (1 + 0.5*0 - 0) = 2; a = 2 + 0.5*0.5*4 = 3; vs = 3; pg = 1.5 (1 + 0.5*4 - 0) = 4.5
    assertArrayEquals(new float[] {3, 4}, res.targets(), EPS);
    assertArrayEquals(new float[] {4.5f, 3}, res.pgAdvantages(), EPS);
    // an infinite log-ratio is clipped the same way; a ratio of 0 (log -inf) makes no correction at all
    Vtrace.Result inf = Vtrace.compute(new float[] {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, r, v, next,
        zero, zero, 2, 1, 0.5, true, new Vtrace.Params(1.0, 2.0, 0.5, 1.5));
    assertArrayEquals(res.targets(), inf.targets(), 0f);
    Vtrace.Result none = Vtrace.compute(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, r, v, next,
        zero, zero, 2, 1, 0.5, true, Vtrace.Params.defaults());
    assertArrayEquals(v, none.targets(), 0f);
    assertArrayEquals(zero, none.pgAdvantages(), 0f);
  }

  // per stream, each with its own discount and episodic flag, as PPO runs GAE
  @Test
  void perStreamRunsEachStreamWithItsOwnDiscountAndEpisodicFlag() {
    Case c = randomCase(31, 5, 2);
    Case d = otherStream(c, 32);
    List<RewardStream> streams = List.of(RewardStream.extrinsic(0.9), new RewardStream("rnd", 0.99, false, 0.5));
    float[][] rewards = {c.rewards(), d.rewards()};
    float[][] values = {c.values(), d.values()};
    float[][] next = {c.nextValues(), d.nextValues()};
    Vtrace.Params p = new Vtrace.Params(0.95, 1.0, 1.0, 1.0);
    List<Vtrace.Result> out = Vtrace.perStream(c.logRhos(), streams, rewards, values, next, c.terminated(),
        c.truncated(), 5, 2, p);
    assertEquals(2, out.size());
    Vtrace.Result ext = run(c, 0.9, true, p);
    Vtrace.Result rnd = run(d, 0.99, false, p);
    assertArrayEquals(ext.targets(), out.get(0).targets(), 0f);
    assertArrayEquals(ext.pgAdvantages(), out.get(0).pgAdvantages(), 0f);
    assertArrayEquals(rnd.targets(), out.get(1).targets(), 0f);
    assertArrayEquals(rnd.pgAdvantages(), out.get(1).pgAdvantages(), 0f);
    assertClose(paperTargets(d, 0.99, false, p), out.get(1).targets(), "rnd targets");
    assertClose(paperTargets(c, 0.9, true, p), out.get(0).targets(), "extrinsic targets");

    // the learner's form: one [T, N] INDArray per stream
    RewardStreams asArrays = new RewardStreams(streams, List.of(matrix(c.rewards(), 5, 2), matrix(d.rewards(), 5, 2)));
    List<Vtrace.Result> fromArrays = Vtrace.perStream(c.logRhos(), asArrays, values, next, c.terminated(),
        c.truncated(), 5, 2, p);
    for (int s = 0; s < 2; s++) {
      assertArrayEquals(out.get(s).targets(), fromArrays.get(s).targets(), 0f);
      assertArrayEquals(out.get(s).pgAdvantages(), fromArrays.get(s).pgAdvantages(), 0f);
    }
  }

  private static INDArray matrix(float[] flat, int steps, int envs) {
    return Nd4j.create(flat, new long[] {steps, envs}, 'c');
  }

  // (e) bad input: one line naming what is wrong
  private static String oneLine(Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  private static String configError(Executable call) {
    ConfigException e = assertThrows(ConfigException.class, call);
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void badParametersFailInOneLineNamingThem() {
    assertEquals("vtrace.lambda: must be in [0.0, 1.0], got 1.5", configError(() -> Vtrace.Params.of(1.5, 1, 1)));
    assertTrue(configError(() -> Vtrace.Params.of(-0.1, 1, 1)).startsWith("vtrace.lambda: "));
    assertTrue(configError(() -> Vtrace.Params.of(Double.NaN, 1, 1)).startsWith("vtrace.lambda: "));
    assertEquals("vtrace.rhoBar: must be a finite number > 0, got 0.0", configError(() -> Vtrace.Params.of(1, 0, 1)));
    assertTrue(configError(() -> Vtrace.Params.of(1, -1, 1)).startsWith("vtrace.rhoBar: "));
    assertTrue(configError(() -> Vtrace.Params.of(1, Double.POSITIVE_INFINITY, 1)).startsWith("vtrace.rhoBar: "));
    assertTrue(configError(() -> Vtrace.Params.of(1, Double.NaN, 1)).startsWith("vtrace.rhoBar: "));
    assertTrue(configError(() -> Vtrace.Params.of(1, 1, 0)).startsWith("vtrace.cBar: "));
    assertTrue(configError(() -> Vtrace.Params.of(1, 1, Double.NaN)).startsWith("vtrace.cBar: "));
    assertTrue(configError(() -> new Vtrace.Params(1, 1, 1, Double.POSITIVE_INFINITY)).startsWith("vtrace.pgRhoBar: "));
    assertTrue(configError(() -> new Vtrace.Params(1, 1, 1, 0)).startsWith("vtrace.pgRhoBar: "));

    float[] a = new float[6];
    Vtrace.Params p = Vtrace.Params.defaults();
    assertEquals("vtrace.gamma: must be in [0.0, 1.0], got 1.1",
        configError(() -> Vtrace.compute(a, a, a, a, a, a, 3, 2, 1.1, true, p)));
    assertTrue(configError(() -> Vtrace.compute(a, a, a, a, a, a, 3, 2, Double.NaN, true, p))
        .startsWith("vtrace.gamma: "));
  }

  @Test
  void badShapesAndValuesFailInOneLineNamingThem() {
    float[] a = new float[6];
    Vtrace.Params p = Vtrace.Params.defaults();
    assertEquals("vtrace: rewards has 5 elements, need T*N = 6 (T = 3, N = 2)",
        oneLine(() -> Vtrace.compute(a, new float[5], a, a, a, a, 3, 2, 0.9, true, p)));
    assertTrue(oneLine(() -> Vtrace.compute(a, a, a, a, a, new float[7], 3, 2, 0.9, true, p))
        .startsWith("vtrace: truncated has 7 elements"));
    assertTrue(oneLine(() -> Vtrace.compute(new float[4], a, a, a, a, a, 3, 2, 0.9, true, p))
        .startsWith("vtrace: logRhos has 4 elements"));
    assertTrue(oneLine(() -> Vtrace.compute(a, a, a, null, a, a, 3, 2, 0.9, true, p))
        .startsWith("vtrace: nextValues is required"));
    assertTrue(oneLine(() -> Vtrace.compute(new float[0], new float[0], new float[0], new float[0], new float[0],
        new float[0], 0, 2, 0.9, true, p)).startsWith("vtrace: need T >= 1"));
    float[] nan = new float[6];
    nan[3] = Float.NaN;
    assertTrue(oneLine(() -> Vtrace.compute(nan, a, a, a, a, a, 3, 2, 0.9, true, p))
        .startsWith("vtrace: logRhos is NaN at [t, i] = [1, 1]"));

    List<RewardStream> two = List.of(RewardStream.extrinsic(0.9), new RewardStream("rnd", 0.99, false, 0.5));
    assertEquals("vtrace: 2 reward streams need one array each, got 2 reward, 1 value and 2 next-value arrays",
        oneLine(() -> Vtrace.perStream(a, two, new float[][] {a, a}, new float[][] {a}, new float[][] {a, a}, a, a,
            3, 2, p)));
    assertEquals("vtrace: reward stream rnd's values has 4 values, need T*N = 6",
        oneLine(() -> Vtrace.perStream(a, two, new float[][] {a, a}, new float[][] {a, new float[4]},
            new float[][] {a, a}, a, a, 3, 2, p)));
  }
}
