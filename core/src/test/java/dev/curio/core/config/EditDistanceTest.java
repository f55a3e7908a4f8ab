package dev.curio.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EditDistanceTest {
  @Test
  void goldenDistances() {
    assertEquals(0, EditDistance.between("clip", "clip"));
    assertEquals(1, EditDistance.between("clp", "clip"));
    assertEquals(3, EditDistance.between("kitten", "sitting"));
    assertEquals(4, EditDistance.between("", "seed"));
    assertEquals(2, EditDistance.between("ab", "ba"));
  }
}
