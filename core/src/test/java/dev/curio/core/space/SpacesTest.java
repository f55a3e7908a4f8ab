package dev.curio.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import org.junit.jupiter.api.Test;

class SpacesTest {
  @Test
  void discrete() {
    Discrete d = new Discrete(4);
    assertTrue(d.contains(0));
    assertTrue(d.contains(3));
    assertFalse(d.contains(4));
    assertFalse(d.contains(-1));
    assertFalse(d.contains((Integer) null));
    assertArrayEquals(new float[] {0, 0, 1, 0}, d.flatten(2));
    Rng r = new Rng(1);
    for (int i = 0; i < 100; i++) {
      assertTrue(d.contains(d.sample(r)));
    }
    assertEquals(d.sample(new Rng(9)), d.sample(new Rng(9)));
    assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
    assertEquals("Discrete(4)", d.toString());
  }

  @Test
  void box() {
    Box b = new Box(-1f, 1f, 2, 3);
    assertEquals(6, b.flatDim());
    assertArrayEquals(new int[] {2, 3}, b.shape());
    assertTrue(b.contains(new float[6]));
    assertFalse(b.contains(new float[5]));
    assertFalse(b.contains(new float[] {0, 0, 0, 0, 0, 1.5f}));
    assertFalse(b.contains(new float[] {0, 0, 0, 0, 0, Float.NaN}));
    Rng r = new Rng(2);
    for (int i = 0; i < 100; i++) {
      assertTrue(b.contains(b.sample(r)));
    }
    Box unbounded = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 3);
    assertTrue(unbounded.contains(unbounded.sample(r)));
    Box half = new Box(0f, Float.POSITIVE_INFINITY, 3);
    assertTrue(half.contains(half.sample(r)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Box(new float[] {0, 2}, new float[] {1, 1}, 2));
    assertTrue(e.getMessage().contains("bound 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Box(0f, 1f, 0));
  }

  @Test
  void multiDiscrete() {
    MultiDiscrete m = new MultiDiscrete(2, 3);
    assertTrue(m.contains(new int[] {1, 2}));
    assertFalse(m.contains(new int[] {2, 0}));
    assertFalse(m.contains(new int[] {0}));
    assertArrayEquals(new float[] {0, 1, 0, 0, 1}, m.flatten(new int[] {1, 2}));
    assertEquals(5, m.flatDim());
    assertTrue(m.contains(m.sample(new Rng(4))));
    assertThrows(IllegalArgumentException.class, () -> new MultiDiscrete(2, 0));
  }
}
