package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.NetworkConfig;
import dev.curio.agents.ppo.PpoConfig;
import dev.curio.envs.testing.ChainEnv;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RewardsConfig;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What curve.png shows: which points have a full return window, and a flat curve on a sensible axis. */
class CurvePlotTest {
  @TempDir
  Path tmp;

  @Test
  void pointsBeforeTheWindowIsFullAreMarkedAndDrawnApart() throws Exception {
    // 2 envs x 16 steps on a 6-cell chain with a 10-episode window: the first iterations finish
    // fewer than 10 episodes, the later ones more
    TrainConfig cfg = TrainConfig.builder().env("chain-6").numEnvs(2).rolloutLength(16).totalSteps(2 * 16 * 12)
        .returnWindow(10).checkpointEvery(0).build();
    CurvePlot plot = new CurvePlot(tmp.resolve("curve.png"), 0);
    List<Long> episodes = new ArrayList<>();
    try (TrainingLoop loop = new TrainingLoop(cfg, () -> new ChainEnv(6, 30))) {
      loop.addObserver(plot);
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          if (Double.isFinite(r.meanReturn())) {
            episodes.add(r.episodes());
          }
        }
      });
      loop.run();
    }
    List<double[]> points = plot.points();
    assertEquals(episodes.size(), points.size());
    boolean sawPartial = false;
    boolean sawFull = false;
    for (int i = 0; i < points.size(); i++) {
      boolean full = episodes.get(i) >= 10;
      assertEquals(full ? 1.0 : 0.0, points.get(i)[2], "point " + i + " after " + episodes.get(i) + " episodes");
      sawPartial |= !full;
      sawFull |= full;
    }
    assertTrue(sawPartial && sawFull, "the run should cross the window: " + episodes);
    BufferedImage png = ImageIO.read(tmp.resolve("curve.png").toFile());
    assertTrue(hasColour(png, 150, 150, 200), "the partial-window points are drawn in the pale blue-grey");
    assertTrue(hasColour(png, 31, 119, 180), "the full-window points in the curve's colour");
  }

  @Test
  void aFlatCurveSitsOnAnAxisFromItsValueToZeroNotInTheMiddleOfASymmetricOne() {
    assertArrayEquals(new double[] {0, 1}, CurvePlot.yRange(List.of(new double[] {1, 0}, new double[] {2, 0})));
    assertArrayEquals(new double[] {0, 220}, CurvePlot.yRange(List.of(new double[] {1, 200}, new double[] {2, 200})));
    assertArrayEquals(new double[] {-1.5, 0}, CurvePlot.yRange(List.of(new double[] {1, -0.5}, new double[] {2, -0.5})));
    assertArrayEquals(new double[] {0.2, 0.7}, CurvePlot.yRange(List.of(new double[] {1, 0.2}, new double[] {2, 0.7})));
    assertTrue(CurvePlot.isFlat(List.of(new double[] {1, 0}, new double[] {2, 0})));
    assertFalse(CurvePlot.isFlat(List.of(new double[] {1, 0})));
  }

  private static boolean hasColour(BufferedImage img, int r, int g, int b) {
    int want = (r << 16) | (g << 8) | b;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == want) {
          return true;
        }
      }
    }
    return false;
  }
}
