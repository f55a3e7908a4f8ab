package dev.curio.envs.worlds.minigrid;

/** A cell of a MiniGrid world: {@code x} to the right, {@code y} downwards, both from 0. */
public record GridPos(int x, int y) {
  @Override
  public String toString() {
    return "(" + x + ", " + y + ")";
  }
}
