package dev.curio.envs.worlds.minigrid;

import dev.curio.core.Info;

/**
 * MultiRoom with a noisy TV, after RIDE (Raileanu and Rocktäschel 2020, "RIDE: Rewarding
 * Impact-Driven Exploration for Procedurally-Generated Environments", and its {@code MultiRoomNoisyTV}
 * env in github.com/facebookresearch/impact-driven-exploration).
 *
 * <p>The layout is {@link MultiRoomEnv}'s, plus a ball of random colour placed at a random free cell of
 * the first room (the room the agent starts in) right after that room's walls are drawn. The
 * {@code drop} action never drops anything: each press gives the ball a new colour drawn uniformly
 * from the six (so it may stay the same), whether or not the agent is looking at it, as in RIDE's
 * code. The ball can be picked up like any ball; the TV then travels in the agent's hands and its
 * colour shows in the agent's own cell of the view. Rewards, limits and spaces are MultiRoom's.
 *
 * <p>Info: {@link #TV_PRESS} (this step was a {@code drop}, i.e. a TV press) and {@link #TV_VISIBLE}
 * (the TV is in the agent's visible view after this step, or carried), so experiments can count
 * presses and presses in sight.
 */
public final class MultiRoomNoisyTvEnv extends MultiRoomEnv {
  /** This step was a TV press (the {@code drop} action). False at reset. */
  public static final Info.Key<Boolean> TV_PRESS = Info.Key.of("tv_press", Boolean.class);
  /** The TV is visible in this step's observation (or carried). */
  public static final Info.Key<Boolean> TV_VISIBLE = Info.Key.of("tv_visible", Boolean.class);

  private int tvX;
  private int tvY;
  private boolean tvCarried;

  /** {@code MiniGrid-MultiRoomNoisyTV-N{n}-S{s}-v0}: exactly {@code n} rooms of side at most {@code s}. */
  public MultiRoomNoisyTvEnv(int numRooms, int maxRoomSize) {
    super("MiniGrid-MultiRoomNoisyTV-N" + numRooms + "-S" + maxRoomSize + "-v0", numRooms, numRooms, maxRoomSize);
  }

  @Override
  protected void afterFirstRoom(int topX, int topY, int sizeX, int sizeY) {
    int color = randColor();
    GridPos p = placeObj(Tile.ball(color), topX, topY, sizeX, sizeY, null, 100);
    tvX = p.x();
    tvY = p.y();
    tvCarried = false;
  }

  /** The TV's cell, or the agent's cell while carried. */
  public GridPos tvPosition() {
    return tvCarried ? new GridPos(agentX, agentY) : new GridPos(tvX, tvY);
  }

  /** The TV's current colour index. */
  public int tvColor() {
    return Tile.color(tvCarried ? carrying : grid.get(tvX, tvY));
  }

  public boolean tvCarried() {
    return tvCarried;
  }

  @Override
  protected void onPickedUp(int x, int y) {
    if (!tvCarried && x == tvX && y == tvY) {
      tvCarried = true;
    }
  }

  /** A TV press: a new random colour for the TV; nothing is dropped. */
  @Override
  protected void drop(int fx, int fy, int front) {
    int color = randColor();
    if (tvCarried) {
      carrying = Tile.withColor(carrying, color);
    } else {
      grid.set(tvX, tvY, Tile.withColor(grid.get(tvX, tvY), color));
    }
  }

  @Override
  protected Info extraInfo(Info info, int action) {
    boolean visible = tvCarried || inView(tvX, tvY);
    return info.with(TV_PRESS, action == DROP).with(TV_VISIBLE, visible);
  }
}
