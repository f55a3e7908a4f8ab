package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MutualInformationTest {
  @Test
  void goldenValues() {
    // independent: p(x, y) = p(x) p(y) everywhere, so 0
    assertEquals(0.0, MutualInformation.bits(new long[][] {{2, 6}, {1, 3}}), 1e-15);
    // a perfect copy of a uniform 4-valued variable: H(X) = 2 bits
    long[][] copy = new long[4][4];
    for (int i = 0; i < 4; i++) {
      copy[i][i] = 25;
    }
    assertEquals(2.0, MutualInformation.bits(copy), 1e-12);
    // {{3, 1}, {1, 3}}: p(x, y) = 3/8 on the diagonal, 1/8 off it, marginals 1/2:
    // 2 (3/8) log2(3/2) + 2 (1/8) log2(1/2) = 0.75 log2 3 - 0.75 - 0.25 = 0.75 log2 3 - 1 = 0.188722...
    assertEquals(0.75 * Math.log(3) / Math.log(2) - 1, MutualInformation.bits(new long[][] {{3, 1}, {1, 3}}), 1e-12);
    assertEquals(0.188722, MutualInformation.bits(new long[][] {{3, 1}, {1, 3}}), 1e-6);
    // Miller's bias: (4 - 1)(5 - 1) / (2 * 1000 * ln 2)
    assertEquals(12 / (2000 * Math.log(2)), MutualInformation.bias(4, 5, 1000), 1e-15);
  }

  @Test
  void badTablesAreOneLine() {
    assertEquals("mutual information: every count is 0",
        assertThrows(IllegalArgumentException.class, () -> MutualInformation.bits(new long[][] {{0, 0}})).getMessage());
    assertEquals("mutual information: count at [0, 1] is -1; counts must be >= 0",
        assertThrows(IllegalArgumentException.class, () -> MutualInformation.bits(new long[][] {{1, -1}})).getMessage());
    assertEquals("mutual information: row 1 has 1 entries, row 0 has 2",
        assertThrows(IllegalArgumentException.class, () -> MutualInformation.bits(new long[][] {{1, 1}, {1}}))
            .getMessage());
  }
}
