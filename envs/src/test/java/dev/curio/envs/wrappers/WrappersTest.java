package dev.curio.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.space.Box;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.testing.ChainEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrappersTest {
  @Test
  void timeLimitTruncatesAndThenRefusesSteps() {
    TimeLimit<float[], Integer> env = new TimeLimit<>(new ChainEnv(10, 100), 3);
    assertEquals(3, env.spec().maxEpisodeSteps());
    env.reset(0);
    assertFalse(env.step(0).done());
    assertFalse(env.step(0).done());
    Step<float[]> last = env.step(0);
    assertTrue(last.truncated());
    assertFalse(last.terminated());
    assertThrows(IllegalStateException.class, () -> env.step(0));
    env.reset(1);
    assertFalse(env.step(0).done());
    EnvChecker.check(() -> new TimeLimit<>(new ChainEnv(10, 100), 4)).assertPassed();
  }

  @Test
  void timeLimitKeepsTerminationAtTheSameStep() {
    // chain of 2 from cell 0: one step right reaches the goal, exactly at the limit
    TimeLimit<float[], Integer> env = new TimeLimit<>(new ChainEnv(2, 100), 1);
    env.reset(0);
    Step<float[]> s = env.step(1);
    assertTrue(s.terminated());
    assertTrue(s.truncated());
  }

  @Test
  void recordEpisodeStatisticsReportsOnTheLastStep() {
    RecordEpisodeStatistics<float[], Integer> env = new RecordEpisodeStatistics<>(new ScaleReward<>(new ChainEnv(4, 50), 2.0));
    env.reset(0); // chain of 4 starts in cell 0 or 1
    Step<float[]> s;
    int steps = 0;
    do {
      s = env.step(1);
      steps++;
      if (!s.done()) {
        assertFalse(s.info().has(RecordEpisodeStatistics.EPISODE));
      }
    } while (!s.done());
    EpisodeStats stats = s.info().require(RecordEpisodeStatistics.EPISODE);
    assertEquals(2.0, stats.episodeReturn());
    assertEquals(steps, stats.length());
    assertTrue(stats.terminated());
  }

  @Test
  void clipAndScale() {
    Env<float[], Integer> env = new ClipReward<>(new ScaleReward<>(new ChainEnv(2, 5), 5.0), -1, 1.5);
    env.reset(0);
    assertEquals(1.5, env.step(1).reward());
    assertThrows(IllegalArgumentException.class, () -> new ClipReward<>(new ChainEnv(2, 5), 1, 0));
  }

  @Test
  void flattenAndFind() {
    TimeLimit<float[], Integer> limit = new TimeLimit<>(new ChainEnv(3, 10), 5);
    FlattenObservation<float[], Integer> flat = new FlattenObservation<>(limit);
    assertEquals(new Box(0f, 1f, 3), flat.spec().observationSpace());
    assertSame(limit, Wrappers.find(flat, TimeLimit.class).orElseThrow());
    assertTrue(Wrappers.find(flat, FrameStack.class).isEmpty());
    assertTrue(Wrappers.unwrapped(flat) instanceof ChainEnv);
    assertEquals(List.of("FlattenObservation", "TimeLimit", "ChainEnv"), Wrappers.stack(flat));
    EnvChecker.check(() -> new FlattenObservation<>(new ChainEnv(5, 10))).assertPassed();
  }

  @Test
  void oneHotCodes() {
    // a chain of 2 observes [1, 0] in cell 0: read as two code channels with 2 classes each
    Env<float[], Integer> codes = new ChainEnv(2, 3);
    OneHotObservation<Integer> hot = new OneHotObservation<>(codes, 2, 2);
    assertArrayEquals(new int[] {4}, hot.spec().observationSpace().shape());
    float[] obs = hot.reset(0).observation(); // chain of 2 starts in cell 0: codes (1, 0)
    assertArrayEquals(new float[] {0, 1, 1, 0}, obs);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OneHotObservation<>(codes, 2, 2, 2));
    assertTrue(e.getMessage().contains("channels"), e.getMessage());
  }

  @Test
  void frameStackShiftsOldestOut() {
    FrameStack<Integer> env = new FrameStack<>(new ChainEnv(3, 10), 2);
    assertArrayEquals(new int[] {2, 3}, env.spec().observationSpace().shape());
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, env.reset(0).observation());
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, env.step(1).observation());
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, env.step(1).observation());
    EnvChecker.check(() -> new FrameStack<>(new ChainEnv(5, 10), 3)).assertPassed();
  }

  /** Never ends; its observation is the action it received, out of 1000. */
  static final class Echo extends dev.curio.envs.AbstractEnv<float[], Integer> {
    final dev.curio.envs.EnvSpec<float[], Integer> spec =
        new dev.curio.envs.EnvSpec<>("echo", new Box(0f, 1000f, 1), new dev.curio.core.space.Discrete(1000), 0);

    @Override
    public dev.curio.envs.EnvSpec<float[], Integer> spec() {
      return spec;
    }

    @Override
    protected dev.curio.envs.Reset<float[]> onReset() {
      return dev.curio.envs.Reset.of(new float[1]);
    }

    @Override
    protected Step<float[]> onStep(Integer action) {
      return new Step<>(new float[] {action}, 0, false, false, dev.curio.core.Info.empty());
    }
  }

  @Test
  void stickyActionsRepeatAtTheRightRateAndStaySeeded() {
    StickyActions<float[], Integer> env = new StickyActions<>(new Echo(), 0.25);
    env.reset(3);
    dev.curio.core.Rng r = new dev.curio.core.Rng(8);
    int n = 40000;
    int replaced = 0;
    float[] first = null;
    for (int t = 0; t < n; t++) {
      int a = r.nextInt(1000);
      float taken = env.step(a).observation()[0];
      if (t == 0) {
        assertEquals(a, taken, "the first step of an episode takes the given action");
      }
      if (taken != a) {
        replaced++;
      }
    }
    // a repeat differs from the given action unless both drew the same of 1000 values
    assertEquals(0.25, replaced / (double) n, 0.01);
    assertThrows(IllegalArgumentException.class, () -> env.step(1000));
    // same seed, same repeats
    StickyActions<float[], Integer> a = new StickyActions<>(new Echo(), 0.5);
    StickyActions<float[], Integer> b = new StickyActions<>(new Echo(), 0.5);
    a.reset(9);
    b.reset(9);
    for (int t = 0; t < 100; t++) {
      assertArrayEquals(a.step(t % 1000).observation(), b.step(t % 1000).observation());
    }
    EnvChecker.check(() -> new StickyActions<>(new ChainEnv(6, 20), 0.25)).assertPassed();
  }
}
