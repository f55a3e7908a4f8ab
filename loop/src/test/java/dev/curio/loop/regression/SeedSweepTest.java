package dev.curio.loop.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The k-of-n verdict: decided early, and the same as running every seed would give. */
class SeedSweepTest {
  private static final long[] SEEDS = {1, 2, 3, 4, 5};

  @Test
  void stopsStartingSeedsOnceKPassed() {
    AtomicInteger ran = new AtomicInteger();
    SeedSweep.Verdict<Long> v = SeedSweep.atLeast("all pass", 2, 1, SEEDS, s -> {
      ran.incrementAndGet();
      return s;
    }, s -> true);
    assertTrue(v.holds(), v.toString());
    assertEquals(2, ran.get(), "seeds 3-5 cannot change the verdict");
    assertEquals(2, v.runs().size());
  }

  @Test
  void stopsStartingSeedsOnceTooManyFailed() {
    AtomicInteger ran = new AtomicInteger();
    SeedSweep.Verdict<Long> v = SeedSweep.atLeast("none pass", 4, 1, SEEDS, s -> {
      ran.incrementAndGet();
      return s;
    }, s -> false);
    assertFalse(v.holds());
    assertEquals(2, ran.get(), "after 2 failures 4 of 5 is out of reach");
    assertTrue(v.toString().contains("passed in 0 of 2 seeds run (2 failed, 3 not run), needed 4 of 5"), v.toString());
  }

  @Test
  void verdictMatchesTheFullSweepWhateverTheThreadCount() {
    for (int k = 1; k <= SEEDS.length; k++) {
      for (int threads = 1; threads <= 3; threads++) {
        // seeds 2 and 4 fail: 3 of 5 pass
        SeedSweep.Verdict<Long> v = SeedSweep.atLeast("odd seeds pass", k, threads, SEEDS, s -> s, s -> s % 2 == 1);
        assertEquals(k <= 3, v.holds(), "k = " + k + ", threads = " + threads + ": " + v);
      }
    }
  }

  @Test
  void rejectsAClaimNoSweepCanDecide() {
    assertThrows(IllegalArgumentException.class, () -> SeedSweep.atLeast("k > n", 6, 1, SEEDS, s -> s, s -> true));
  }
}
