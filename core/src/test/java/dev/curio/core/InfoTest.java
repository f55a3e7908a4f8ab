package dev.curio.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InfoTest {
  static final Info.Key<Integer> COUNT = Info.Key.of("count", Integer.class);
  static final Info.Key<String> NAME = Info.Key.of("name", String.class);

  @Test
  void typedEntriesAreImmutable() {
    Info a = Info.of(COUNT, 3);
    Info b = a.with(NAME, "x").with(COUNT, 4);
    assertEquals(3, a.require(COUNT));
    assertFalse(a.has(NAME));
    assertEquals(4, b.require(COUNT));
    assertEquals("x", b.get(NAME).orElseThrow());
    assertTrue(Info.empty().isEmpty());
  }

  @Test
  void mergeLetsTheOtherWin() {
    Info merged = Info.of(COUNT, 1).merge(Info.of(COUNT, 2).with(NAME, "n"));
    assertEquals(2, merged.require(COUNT));
    assertEquals("n", merged.require(NAME));
  }

  @Test
  void missingOrWrongTypeIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Info.empty().require(COUNT));
    assertTrue(e.getMessage().contains("count"));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Info.Key<Object> raw = (Info.Key) COUNT;
    assertThrows(IllegalArgumentException.class, () -> Info.empty().with(raw, "not a number"));
  }
}
