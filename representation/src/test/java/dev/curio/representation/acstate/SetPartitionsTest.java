package dev.curio.representation.acstate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetPartitionsTest {

  @Test
  void bellNumbersFromTheTriangle() {
    long[] expected = {1, 1, 2, 5, 15, 52, 203, 877, 4140, 21147, 115975};
    for (int n = 0; n < expected.length; n++) {
      assertEquals(expected[n], SetPartitions.bell(n), "Bell(" + n + ")");
    }
    assertEquals(4638590332229999353L, SetPartitions.bell(25));
    assertThrows(IllegalArgumentException.class, () -> SetPartitions.bell(26));
  }

  @Test
  void enumerationCountEqualsBellUpToTen() {
    for (int n = 1; n <= 10; n++) {
      SetPartitions p = new SetPartitions(n);
      long count = 0;
      do {
        count++;
      } while (p.next());
      assertEquals(SetPartitions.bell(n), count, "n = " + n);
    }
  }

  /** Every partition appears once, as a valid restricted growth string, with the right block count. */
  @Test
  void everyPartitionOnceAsARestrictedGrowthString() {
    for (int n = 1; n <= 7; n++) {
      Set<String> seen = new HashSet<>();
      SetPartitions p = new SetPartitions(n);
      do {
        int[] l = p.labels();
        assertEquals(0, l[0]);
        int max = 0;
        for (int i = 1; i < n; i++) {
          assertTrue(l[i] <= max + 1, Arrays.toString(l));
          max = Math.max(max, l[i]);
        }
        assertEquals(max + 1, p.blocks());
        assertArrayEquals(l, SetPartitions.canonical(l));
        assertTrue(seen.add(Arrays.toString(l)), "twice: " + Arrays.toString(l));
      } while (p.next());
      assertEquals(SetPartitions.bell(n), seen.size());
    }
  }

  @Test
  void lexicographicOrderFromOneBlockToSingletons() {
    SetPartitions p = new SetPartitions(3);
    int[][] expected = {{0, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}, {0, 1, 2}};
    int i = 0;
    do {
      assertArrayEquals(expected[i++], p.labels());
    } while (p.next());
    assertEquals(5, i);
    assertFalse(p.next());
    assertArrayEquals(new int[] {0, 1, 2}, p.labels()); // the last stays
    assertEquals(3, p.blocks());
  }

  @Test
  void canonicalFormsAndRefinement() {
    assertArrayEquals(new int[] {0, 0, 1, 0, 2}, SetPartitions.canonical(new int[] {7, 7, 3, 7, -1}));
    assertTrue(SetPartitions.samePartition(new int[] {4, 4, 9}, new int[] {0, 0, 1}));
    assertFalse(SetPartitions.samePartition(new int[] {4, 4, 9}, new int[] {0, 1, 1}));
    int[] truth = {0, 1, 2, 0, 1, 2};
    assertTrue(SetPartitions.refines(truth, truth));
    assertTrue(SetPartitions.refines(new int[] {0, 1, 2, 3, 1, 2}, truth)); // splits a code
    assertFalse(SetPartitions.refines(new int[] {0, 0, 2, 0, 0, 2}, truth)); // merges two codes
    assertTrue(SetPartitions.refines(truth, new int[6])); // everything refines one block
  }

  @Test
  void badInputNamesTheParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SetPartitions(0));
    assertEquals("n must be at least 1, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SetPartitions.refines(new int[2], new int[3]));
    assertThrows(IllegalArgumentException.class, () -> SetPartitions.canonical(new int[0]));
  }
}
