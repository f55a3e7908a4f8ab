package dev.curio.envs.worlds.minigrid;

import static dev.curio.envs.worlds.minigrid.MiniGridEnv.DONE;
import static dev.curio.envs.worlds.minigrid.MiniGridEnv.DROP;
import static dev.curio.envs.worlds.minigrid.MiniGridEnv.FORWARD;
import static dev.curio.envs.worlds.minigrid.MiniGridEnv.LEFT;
import static dev.curio.envs.worlds.minigrid.MiniGridEnv.PICKUP;
import static dev.curio.envs.worlds.minigrid.MiniGridEnv.RIGHT;
import static dev.curio.envs.worlds.minigrid.MiniGridEnv.TOGGLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Info;
import dev.curio.envs.Step;
import org.junit.jupiter.api.Test;

/** Actions, doors and keys, rewards and limits. */
class DynamicsTest {
  private static Step<float[]> play(MiniGridEnv env, int... actions) {
    Step<float[]> s = null;
    for (int a : actions) {
      s = env.step(a);
    }
    return s;
  }

  @Test
  void rewardFormulaGoldenValues() {
    assertEquals(1 - 0.9 * 10 / 250.0, MiniGridEnv.successReward(10, 250), 1e-15);
    assertEquals(0.964, MiniGridEnv.successReward(10, 250), 1e-12);
    assertEquals(0.1, MiniGridEnv.successReward(100, 100), 1e-12);
    assertEquals(0.955, MiniGridEnv.successReward(5, 100), 1e-12);
  }

  @Test
  void keyDoorGoalSolvedAtStepTenOfTwoHundredFifty() {
    FixedLayoutEnv env = new FixedLayoutEnv(250,
        "#########",
        "#<KL   G#",
        "#########");
    env.reset(0);
    Step<float[]> s = play(env, LEFT, LEFT); // now facing right
    assertEquals(0, env.agentDirection());
    s = play(env, PICKUP);
    assertEquals(Tile.key(Tile.YELLOW), env.carrying());
    assertEquals(Tile.NONE, env.tileAt(2, 1));
    s = play(env, FORWARD, TOGGLE);
    assertEquals(Tile.door(Tile.YELLOW, Tile.OPEN), env.tileAt(3, 1));
    s = play(env, FORWARD, FORWARD, FORWARD, FORWARD);
    assertEquals(9, env.stepCount());
    assertFalse(s.done());
    assertEquals(0.0, s.reward());
    s = env.step(FORWARD);
    assertTrue(s.terminated());
    assertFalse(s.truncated());
    assertEquals(0.964, s.reward(), 1e-12);
    assertEquals(new GridPos(7, 1), s.info().require(MiniGridEnv.AGENT_POS));
  }

  @Test
  void emptyFiveByFiveReachedInFiveSteps() {
    EmptyEnv env = new EmptyEnv(5, false);
    env.reset(123);
    assertEquals(new GridPos(1, 1), new GridPos(env.agentX(), env.agentY()));
    Step<float[]> s = play(env, FORWARD, FORWARD, RIGHT, FORWARD, FORWARD);
    assertTrue(s.terminated());
    assertEquals(1 - 0.9 * 5 / 100.0, s.reward(), 1e-12);
  }

  @Test
  void lockedDoorNeedsTheKeyOfItsColour() {
    // Facing the locked yellow door with nothing, then with a red key.
    FixedLayoutEnv bare = new FixedLayoutEnv(100, "#####", "#>LG#", "#####");
    bare.reset(0);
    play(bare, TOGGLE, FORWARD);
    assertEquals(Tile.door(Tile.YELLOW, Tile.LOCKED), bare.tileAt(2, 1));
    assertEquals(1, bare.agentX(), "a locked door blocks");

    FixedLayoutEnv red = new FixedLayoutEnv(100, false, Tile.key(Tile.RED), "#####", "#>LG#", "#####");
    red.reset(0);
    play(red, TOGGLE, FORWARD);
    assertEquals(Tile.door(Tile.YELLOW, Tile.LOCKED), red.tileAt(2, 1));
    assertEquals(1, red.agentX());

    FixedLayoutEnv yellow = new FixedLayoutEnv(100, false, Tile.key(Tile.YELLOW), "#####", "#>LG#", "#####");
    yellow.reset(0);
    play(yellow, TOGGLE);
    assertEquals(Tile.door(Tile.YELLOW, Tile.OPEN), yellow.tileAt(2, 1));
    assertEquals(Tile.key(Tile.YELLOW), yellow.carrying(), "the key is kept");
    play(yellow, FORWARD);
    assertEquals(2, yellow.agentX(), "the agent stands in the open door");
    Step<float[]> s = play(yellow, FORWARD);
    assertTrue(s.terminated());
  }

  @Test
  void closedDoorTogglesOpenAndShutWithoutKey() {
    FixedLayoutEnv env = new FixedLayoutEnv(100, "#####", "#>D #", "#####");
    env.reset(0);
    play(env, TOGGLE);
    assertEquals(Tile.door(Tile.YELLOW, Tile.OPEN), env.tileAt(2, 1));
    play(env, TOGGLE);
    assertEquals(Tile.door(Tile.YELLOW, Tile.CLOSED), env.tileAt(2, 1));
    play(env, FORWARD);
    assertEquals(1, env.agentX(), "a closed door blocks");
    // Open it again and walk through: into the doorway, then beyond.
    play(env, TOGGLE, FORWARD, FORWARD);
    assertEquals(3, env.agentX());
  }

  @Test
  void pickupDropAndBox() {
    FixedLayoutEnv env = new FixedLayoutEnv(100, "######", "#>OR #", "#B   #", "######");
    env.reset(0);
    play(env, PICKUP);
    assertEquals(Tile.ball(Tile.RED), env.carrying());
    play(env, FORWARD, PICKUP);
    assertEquals(Tile.ball(Tile.RED), env.carrying(), "hands are full: the red key stays");
    assertEquals(Tile.key(Tile.RED), env.tileAt(3, 1));
    play(env, LEFT, DROP);
    assertEquals(Tile.ball(Tile.RED), env.carrying(), "cannot drop onto a wall");
    play(env, RIGHT, RIGHT, DROP);
    assertEquals(Tile.NONE, env.carrying());
    assertEquals(Tile.ball(Tile.RED), env.tileAt(2, 2));
    // From (2, 1) facing down: face left, step to (1, 1), face down at the box at (1, 2), toggle.
    play(env, RIGHT, FORWARD, LEFT, TOGGLE);
    assertEquals(1, env.agentX());
    assertEquals(Tile.NONE, env.tileAt(1, 2), "toggling an empty box removes it");
  }

  @Test
  void lavaTerminatesWithoutReward() {
    FixedLayoutEnv env = new FixedLayoutEnv(100, "#####", "#>~G#", "#####");
    env.reset(0);
    Step<float[]> s = env.step(FORWARD);
    assertTrue(s.terminated());
    assertEquals(0.0, s.reward());
    assertEquals(2, env.agentX());
  }

  @Test
  void maxStepsTruncates() {
    FixedLayoutEnv env = new FixedLayoutEnv(5, "#####", "#> G#", "#####");
    env.reset(0);
    Step<float[]> s = play(env, DONE, DONE, DONE, DONE);
    assertFalse(s.done());
    s = env.step(DONE);
    assertTrue(s.truncated());
    assertFalse(s.terminated());
    assertEquals(0.0, s.reward());
    assertThrows(IllegalStateException.class, () -> env.step(DONE));

    EmptyEnv empty = new EmptyEnv(5, false);
    assertEquals(100, empty.spec().maxEpisodeSteps());
    empty.reset(0);
    int t = 0;
    Step<float[]> last;
    do {
      last = empty.step(LEFT);
      t++;
    } while (!last.done());
    assertEquals(100, t);
    assertTrue(last.truncated());
  }

  @Test
  void goalOnTheLastStepIsTerminatedAndTruncated() {
    FixedLayoutEnv env = new FixedLayoutEnv(2, "#####", "#> G#", "#####");
    env.reset(0);
    env.step(FORWARD);
    Step<float[]> s = env.step(FORWARD);
    assertTrue(s.terminated());
    assertTrue(s.truncated(), "MiniGrid sets both when the goal is reached at max_steps");
    assertEquals(0.1, s.reward(), 1e-12);
  }

  @Test
  void infoCarriesDirectionMissionAndPosition() {
    DoorKeyEnv env = new DoorKeyEnv(5);
    Info info = env.reset(4).info();
    assertEquals(env.agentDirection(), info.require(MiniGridEnv.DIRECTION));
    assertEquals("use the key to open the door and then get to the goal", info.require(MiniGridEnv.MISSION));
    assertEquals(new GridPos(env.agentX(), env.agentY()), info.require(MiniGridEnv.AGENT_POS));
    Info next = env.step(RIGHT).info();
    assertEquals((info.require(MiniGridEnv.DIRECTION) + 1) % 4, next.require(MiniGridEnv.DIRECTION));
  }

  @Test
  void maxStepsPerTaskFollowMiniGrid() {
    assertEquals(4 * 64, new EmptyEnv(8, false).maxSteps());
    assertEquals(4 * 256, new EmptyEnv(16, false).maxSteps());
    assertEquals(100, new FourRoomsEnv().maxSteps());
    assertEquals(250, new DoorKeyEnv(5).maxSteps());
    assertEquals(640, new DoorKeyEnv(8).maxSteps());
    assertEquals(2560, new DoorKeyEnv(16).maxSteps());
    assertEquals(40, new MultiRoomEnv(2, 4).maxSteps());
    assertEquals(80, new MultiRoomEnv(4, 5).maxSteps());
    assertEquals(120, new MultiRoomEnv("MiniGrid-MultiRoom-N6-v0", 6, 6, 10).maxSteps());
    assertEquals(270, new KeyCorridorEnv(3, 1).maxSteps());
    assertEquals(1080, new KeyCorridorEnv(6, 3).maxSteps());
    assertEquals(40, new MultiRoomNoisyTvEnv(2, 4).maxSteps());
  }

  @Test
  void badConstructorArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new DoorKeyEnv(4));
    assertThrows(IllegalArgumentException.class, () -> new EmptyEnv(3, false));
    assertThrows(IllegalArgumentException.class, () -> new MultiRoomEnv(2, 3));
    assertThrows(IllegalArgumentException.class, () -> new KeyCorridorEnv(2, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KeyCorridorEnv(3, 0));
    assertTrue(e.getMessage().contains("MiniGrid-KeyCorridorS3R0-v0"), e.getMessage());
  }

  @Test
  void renderShowsTheWholeGrid() {
    EmptyEnv env = new EmptyEnv(5, false);
    env.reset(0);
    String expected = """
        #####
        #>  #
        #   #
        #  G#
        #####
        step 0/100, carrying nothing
        mission: get to the green goal square""";
    assertEquals(expected, env.render());
    env.step(RIGHT);
    assertTrue(env.render().startsWith("#####\n#v  #"), env.render());
  }
}
