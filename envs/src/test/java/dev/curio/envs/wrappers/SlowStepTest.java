package dev.curio.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.testing.ChainEnv;
import org.junit.jupiter.api.Test;

class SlowStepTest {
  @Test
  void everyStepTakesAtLeastTheDelayAndReturnsTheInnerEnvsStep() {
    SlowStep<float[], Integer> slow = new SlowStep<>(new ChainEnv(10, 100), 2_000_000);
    ChainEnv plain = new ChainEnv(10, 100);
    assertArrayEquals(plain.reset(3).observation(), slow.reset(3).observation());
    int steps = 20;
    long began = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      Step<float[]> s = slow.step(i % 3 == 2 ? 0 : 1);
      Step<float[]> p = plain.step(i % 3 == 2 ? 0 : 1);
      assertArrayEquals(p.observation(), s.observation());
      assertEquals(p.reward(), s.reward());
      assertEquals(p.done(), s.done());
      if (p.done()) {
        slow.reset(i);
        plain.reset(i);
      }
    }
    double perStepMs = (System.nanoTime() - began) / 1e6 / steps;
    assertTrue(perStepMs >= 2.0, "each step waits 2 ms: " + perStepMs);
    // an upper bound wide enough for a loaded machine; it catches a wait that never ends or doubles
    assertTrue(perStepMs < 20, "no step waits much longer than asked: " + perStepMs);
    assertEquals("slow:2ms:chain-10", slow.spec().id(), "a run's config names the env by its spec's id");
    assertEquals("slow:1500us:chain-10", new SlowStep<>(new ChainEnv(10, 100), 1_500_000).spec().id());
    assertEquals("slow:2000us:chain-10", new SlowStep<>(new ChainEnv(10, 100), 2_000_000, "slow:2000us:chain-10")
        .spec().id());
    assertEquals(plain.spec().observationSpace(), slow.spec().observationSpace());
    EnvChecker.check(() -> new SlowStep<>(new ChainEnv(10, 100), 1_000)).assertPassed();
  }

  @Test
  void anInterruptEndsTheWaitAndStaysSet() {
    SlowStep<float[], Integer> slow = new SlowStep<>(new ChainEnv(10, 100), 30_000_000_000L);
    slow.reset(0);
    Thread.currentThread().interrupt();
    try {
      long began = System.nanoTime();
      slow.step(1);
      assertTrue(System.nanoTime() - began < 5_000_000_000L, "the 30 s wait ended at the interrupt");
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void idsParseToADelayAndTheInnerIdAndBadFormsAreOneLine() {
    assertEquals(new SlowStep.Id(1_000_000, "CartPole-v1"), SlowStep.parse("slow:1ms:CartPole-v1"));
    assertEquals(new SlowStep.Id(250_000, "maze:open-7x7-pos"), SlowStep.parse("slow:250us:maze:open-7x7-pos"));
    assertEquals(new SlowStep.Id(3_000, "slow:1ms:CartPole-v1"), SlowStep.parse("slow:3us:slow:1ms:CartPole-v1"));
    assertTrue(SlowStep.isSlowId("slow:x"));
    for (String bad : new String[] {"slow:1:CartPole-v1", "slow:1ms", "slow:1ms:", "slow:ms:CartPole-v1",
        "slow:-1ms:CartPole-v1", "slow:1s:CartPole-v1", "slow:1.5ms:CartPole-v1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlowStep.parse(bad));
      assertEquals("env '" + bad + "': a slowed env is slow:<n>ms:<id> or slow:<n>us:<id>, e.g. slow:1ms:CartPole-v1",
          e.getMessage());
    }
    assertEquals("env 'slow:0ms:CartPole-v1': the delay per step must be 1 to 60000ms, got 0ms",
        assertThrows(IllegalArgumentException.class, () -> SlowStep.parse("slow:0ms:CartPole-v1")).getMessage());
    assertEquals("env 'slow:60000001us:CartPole-v1': the delay per step must be 1 to 60000000us, got 60000001us",
        assertThrows(IllegalArgumentException.class, () -> SlowStep.parse("slow:60000001us:CartPole-v1")).getMessage());
    assertEquals(1, assertThrows(IllegalArgumentException.class, () -> SlowStep.parse("slow:1\nms:x")).getMessage()
        .lines().count());
    assertThrows(IllegalArgumentException.class, () -> new SlowStep<>(new ChainEnv(10, 100), 0));
    assertThrows(IllegalArgumentException.class, () -> new SlowStep<>(new ChainEnv(10, 100), 1_500));
  }
}
