package dev.curio.agents.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ActorCritic#forwardFlops} against multiply-adds counted by hand. */
class ActorCriticFlopsTest {
  @Test
  void smallMlpCountsEveryDenseLayerOfBothTowers() {
    NetworkConfig cfg = new NetworkConfig("mlp", List.of(5), "tanh", List.of(16, 32, 64));
    ActorCritic net = ActorCritic.create(cfg, new int[] {3}, 2, 1, 1e-3, 1e-5, 1);
    // policy: 3x5 + 5x2 = 25 multiply-adds a row; value: 3x5 + 5x1 = 20; 45 a row, 2 FLOPs each
    assertEquals(90, net.forwardFlops(1));
    assertEquals(4 * 90, net.forwardFlops(4));
  }

  @Test
  void doorKeyCnnCountsTheConvolutionsAsTheirUnfoldedProducts() {
    ActorCritic net = ActorCritic.create(NetworkConfig.defaults(), new int[] {7, 7, 3}, 7, 1, 1e-3, 1e-5, 1);
    // conv1 2x2, 3 -> 16 on 7x7: 6x6 outputs x (2*2*3) x 16 = 36 * 12 * 16 = 6,912 (then the pool: 3x3)
    // conv2 2x2, 16 -> 32 on 3x3: 2x2 outputs x (2*2*16) x 32 = 4 * 64 * 32 = 8,192
    // conv3 2x2, 32 -> 64 on 2x2: 1x1 output x (2*2*32) x 64 = 128 * 64 = 8,192; 64 features
    // policy tower 64 -> 64 -> 64 -> 7: 4,096 + 4,096 + 448 = 8,640
    // value tower 64 -> 64 -> 64 -> 1: 4,096 + 4,096 + 64 = 8,256
    // 40,192 multiply-adds a row, 80,384 FLOPs
    long perRow = 2L * (6_912 + 8_192 + 8_192 + 8_640 + 8_256);
    assertEquals(80_384, perRow);
    assertEquals(perRow, net.forwardFlops(1));
    assertEquals(1024 * perRow, net.forwardFlops(1024));
    List<long[]> shapes = net.gemmShapes(2);
    assertEquals(9, shapes.size());
    assertArrayEquals(new long[] {2 * 36, 12, 16}, shapes.get(0));
    assertArrayEquals(new long[] {2 * 4, 64, 32}, shapes.get(1));
    assertArrayEquals(new long[] {2, 128, 64}, shapes.get(2));
    assertArrayEquals(new long[] {2, 64, 7}, shapes.get(5));
    assertArrayEquals(new long[] {2, 64, 1}, shapes.get(8));
  }
}
