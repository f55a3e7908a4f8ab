package dev.curio.agents.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaeTest {
  private static final float EPS = 1e-6f;

  @Test
  void goldenSingleEnvNoEnds() {
    // T=3, N=1, gamma=0.9, lambda=0.8; values v, successor values v' = (v1, v2, 4.0)
    float[] r = {1, 0, 2};
    float[] v = {0.5f, 1.0f, 1.5f};
    float[] vn = {1.0f, 1.5f, 4.0f};
    float[] zero = new float[3];
    Gae.Result g = Gae.compute(r, v, vn, zero, zero, 3, 1, 0.9, 0.8, true);
    // deltas: d2 = 2 + 0.9*4 - 1.5 = 4.1 ; d1 = 0 + 0.9*1.5 - 1.0 = 0.35 ; d0 = 1 + 0.9*1.0 - 0.5 = 1.4
    // A2 = 4.1 ; A1 = 0.35 + 0.72*4.1 = 3.302 ; A0 = 1.4 + 0.72*3.302 = 3.77744
    assertArrayEquals(new float[] {3.77744f, 3.302f, 4.1f}, g.advantages(), EPS);
    assertArrayEquals(new float[] {4.27744f, 4.302f, 5.6f}, g.returns(), EPS);
  }

  @Test
  void terminationBootstrapsZeroAndCuts() {
    float[] r = {1, 0, 2};
    float[] v = {0.5f, 1.0f, 1.5f};
    float[] vn = {1.0f, 7.0f, 4.0f};
    float[] term = {0, 1, 0};
    float[] trunc = new float[3];
    Gae.Result g = Gae.compute(r, v, vn, term, trunc, 3, 1, 0.9, 0.8, true);
    // d2 = 4.1 ; d1 = 0 + 0 - 1.0 = -1.0 (terminated: no bootstrap) ; A1 = -1.0 (cut: A2 not added)
    // d0 = 1.4 ; A0 = 1.4 + 0.72*(-1.0) = 0.68
    assertArrayEquals(new float[] {0.68f, -1.0f, 4.1f}, g.advantages(), EPS);
  }

  @Test
  void truncationBootstrapsFromTheFinalStateAndCuts() {
    float[] r = {1, 0, 2};
    float[] v = {0.5f, 1.0f, 1.5f};
    float[] vn = {1.0f, 7.0f, 4.0f};
    float[] term = new float[3];
    float[] trunc = {0, 1, 0};
    Gae.Result g = Gae.compute(r, v, vn, term, trunc, 3, 1, 0.9, 0.8, true);
    // d1 = 0 + 0.9*7.0 - 1.0 = 5.3 ; A1 = 5.3 (cut) ; A0 = 1.4 + 0.72*5.3 = 5.216
    assertArrayEquals(new float[] {5.216f, 5.3f, 4.1f}, g.advantages(), EPS);
  }

  /**
   * A non-episodic stream bootstraps from the final state at every episode end, terminated or not,
   * and cuts the trace there: the same numbers as a truncation in an episodic stream.
   */
  @Test
  void nonEpisodicStreamsBootstrapAtEveryEndAndCutTheTrace() {
    float[] r = {1, 0, 2};
    float[] v = {0.5f, 1.0f, 1.5f};
    float[] vn = {1.0f, 7.0f, 4.0f};
    float[] term = {0, 1, 0};
    float[] trunc = {0, 0, 1};
    Gae.Result g = Gae.compute(r, v, vn, term, trunc, 3, 1, 0.9, 0.8, false);
    // d2 = 2 + 0.9*4 - 1.5 = 4.1 ; A2 = 4.1 (end)
    // d1 = 0 + 0.9*7 - 1 = 5.3 (terminated, but the stream goes on: bootstrap 7) ; A1 = 5.3 (end: cut)
    // d0 = 1 + 0.9*1 - 0.5 = 1.4 ; A0 = 1.4 + 0.9*0.8*5.3 = 5.216
    assertArrayEquals(new float[] {5.216f, 5.3f, 4.1f}, g.advantages(), EPS);
    assertArrayEquals(new float[] {5.716f, 6.3f, 5.6f}, g.returns(), 1e-5f);
    // the episodic reading of the same steps bootstraps the terminated step with 0
    Gae.Result e = Gae.compute(r, v, vn, term, trunc, 3, 1, 0.9, 0.8, true);
    // d1 = 0 - 1 = -1 ; A1 = -1 ; A0 = 1.4 + 0.72*(-1) = 0.68
    assertArrayEquals(new float[] {0.68f, -1.0f, 4.1f}, e.advantages(), EPS);
  }

  /** Without episode ends the non-episodic trace runs through the whole rollout. */
  @Test
  void nonEpisodicStreamsWithoutEndsAreOneTrace() {
    float[] r = {1, 0, 2};
    float[] v = {0.5f, 1.0f, 1.5f};
    float[] vn = {1.0f, 1.5f, 4.0f};
    Gae.Result g = Gae.compute(r, v, vn, new float[3], new float[3], 3, 1, 0.9, 0.8, false);
    // d2 = 4.1 ; d1 = 0.9*1.5 - 1 = 0.35 ; A1 = 0.35 + 0.72*4.1 = 3.302 ; A0 = 1.4 + 0.72*3.302 = 3.77744
    assertArrayEquals(new float[] {3.77744f, 3.302f, 4.1f}, g.advantages(), 1e-5f);
  }

  @Test
  void envsAreIndependentColumns() {
    // T=2, N=2 laid out t*N+i; env 1 terminates at t=0, env 0 does not
    float[] r = {1, 1, 0, 0};
    float[] v = {0, 0, 0, 0};
    float[] vn = {0, 5, 0, 0};
    float[] term = {0, 1, 0, 0};
    float[] trunc = new float[4];
    Gae.Result g = Gae.compute(r, v, vn, term, trunc, 2, 2, 1.0, 1.0, true);
    assertArrayEquals(new float[] {1, 1, 0, 0}, g.advantages(), EPS);
  }

  @Test
  void lambdaOneGivesDiscountedReturnsLambdaZeroGivesTd() {
    float[] r = {1, 1, 1};
    float[] v = {0.2f, 0.3f, 0.4f};
    float[] vn = {0.3f, 0.4f, 0.0f};
    float[] z = new float[3];
    Gae.Result mc = Gae.compute(r, v, vn, z, z, 3, 1, 0.5, 1.0, true);
    // lambda = 1: returns are discounted sums bootstrapped at the end: 1 + .5 + .25 = 1.75, 1.5, 1
    assertArrayEquals(new float[] {1.75f, 1.5f, 1.0f}, mc.returns(), EPS);
    Gae.Result td = Gae.compute(r, v, vn, z, z, 3, 1, 0.5, 0.0, true);
    assertArrayEquals(new float[] {1.15f, 1.2f, 1.0f}, td.returns(), EPS);
  }

  @Test
  void badShapesAreRejected() {
    float[] a = new float[3];
    assertThrows(IllegalArgumentException.class, () -> Gae.compute(a, a, a, a, new float[2], 3, 1, 0.9, 0.9, true));
    assertThrows(IllegalArgumentException.class, () -> Gae.compute(a, a, a, a, a, 3, 1, 1.1, 0.9, true));
    assertEquals(3, a.length);
  }
}
