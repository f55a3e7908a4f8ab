package dev.curio.envs.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.testing.ChainEnv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorEnvTest {
  private static Integer[] allRight(int n) {
    Integer[] a = new Integer[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  @Test
  void batchesObservationsAndKeepsTheTrueFinalObservation() {
    try (SyncVectorEnv<float[], Integer> venv = SyncVectorEnv.of(3, () -> new ChainEnv(3, 50))) {
      float[] obs = venv.reset(0);
      assertEquals(9, obs.length);
      assertEquals(3, venv.observationDim());
      // chain of 3 starts in cell 0; two steps right reach the goal
      VectorStep s1 = venv.step(allRight(3));
      assertFalse(s1.anyDone());
      assertSame(s1.observations(), s1.nextObservations());
      VectorStep s2 = venv.step(allRight(3));
      for (int i = 0; i < 3; i++) {
        assertTrue(s2.terminated()[i]);
        assertEquals(1.0, s2.rewards()[i]);
        // true successor: the goal cell; acting observation: the reset cell
        assertArrayEquals(new float[] {0, 0, 1}, java.util.Arrays.copyOfRange(s2.nextObservations(), 3 * i, 3 * i + 3));
        assertArrayEquals(new float[] {1, 0, 0}, java.util.Arrays.copyOfRange(s2.observations(), 3 * i, 3 * i + 3));
      }
      assertNotSame(s2.observations(), s2.nextObservations());
      assertThrows(IllegalArgumentException.class, () -> venv.step(allRight(2)));
    }
  }

  @Test
  void stepBeforeResetIsRejected() {
    try (SyncVectorEnv<float[], Integer> venv = SyncVectorEnv.of(2, () -> new ChainEnv(3, 5))) {
      assertThrows(IllegalStateException.class, () -> venv.step(allRight(2)));
    }
  }

  /** Runs random actions, recording every array, to compare two vector envs. */
  private static List<float[]> trace(VectorEnv<Integer> venv, long seed, int steps) {
    List<float[]> out = new ArrayList<>();
    out.add(venv.reset(seed));
    Rng r = new Rng(99);
    for (int t = 0; t < steps; t++) {
      Integer[] a = new Integer[venv.numEnvs()];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextInt(2);
      }
      VectorStep s = venv.step(a);
      out.add(s.observations());
      out.add(s.nextObservations());
      float[] flags = new float[a.length * 3];
      for (int i = 0; i < a.length; i++) {
        flags[3 * i] = (float) s.rewards()[i];
        flags[3 * i + 1] = s.terminated()[i] ? 1 : 0;
        flags[3 * i + 2] = s.truncated()[i] ? 1 : 0;
      }
      out.add(flags);
    }
    return out;
  }

  @Test
  void threadedGivesTheSameRunAsSync() {
    List<float[]> sync;
    List<float[]> threaded;
    try (var a = SyncVectorEnv.of(8, () -> new ChainEnv(5, 7))) {
      sync = trace(a, 12, 300);
    }
    try (var b = new ThreadedVectorEnv<>(SyncVectorEnv.make(8, () -> new ChainEnv(5, 7)), 3)) {
      threaded = trace(b, 12, 300);
    }
    assertEquals(sync.size(), threaded.size());
    for (int i = 0; i < sync.size(); i++) {
      assertArrayEquals(sync.get(i), threaded.get(i), "array " + i);
    }
  }

  @Test
  void snapshotAndRestoreContinueIdentically() {
    try (var a = SyncVectorEnv.of(4, () -> new ChainEnv(6, 9)); var b = SyncVectorEnv.of(4, () -> new ChainEnv(6, 9))) {
      a.reset(5);
      Rng r = new Rng(1);
      float[] obs = null;
      for (int t = 0; t < 23; t++) {
        obs = a.step(randomActions(r, 4)).observations();
      }
      VectorEnvState<Integer> snap = a.snapshot();
      float[] restored = b.restore(snap);
      assertArrayEquals(obs, restored);
      Rng r1 = new Rng(2);
      Rng r2 = new Rng(2);
      for (int t = 0; t < 40; t++) {
        VectorStep sa = a.step(randomActions(r1, 4));
        VectorStep sb = b.step(randomActions(r2, 4));
        assertArrayEquals(sa.observations(), sb.observations());
        assertArrayEquals(sa.rewards(), sb.rewards());
      }
    }
  }

  private static Integer[] randomActions(Rng r, int n) {
    Integer[] a = new Integer[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextInt(2);
    }
    return a;
  }

  @Test
  void closeTwiceIsFine() {
    var venv = new ThreadedVectorEnv<>(SyncVectorEnv.make(2, () -> new ChainEnv(3, 5)), 2);
    venv.reset(0);
    venv.close();
    venv.close();
    assertThrows(IllegalStateException.class, () -> venv.reset(0));
  }
}
