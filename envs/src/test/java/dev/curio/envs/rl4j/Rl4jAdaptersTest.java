package dev.curio.envs.rl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.core.Rng;
import dev.curio.envs.Env;
import dev.curio.envs.Step;
import dev.curio.envs.check.EnvChecker;
import dev.curio.envs.testing.ChainEnv;
import org.deeplearning4j.gym.StepReply;
import org.deeplearning4j.rl4j.space.Box;
import org.junit.jupiter.api.Test;

class Rl4jAdaptersTest {
  @Test
  void curioEnvAsMdpBehavesLikeTheEnv() {
    EnvMdp<float[]> mdp = new EnvMdp<>(() -> new ChainEnv(5, 8), 4);
    assertEquals(2, mdp.getActionSpace().getSize());
    assertArrayEquals(new int[] {5}, mdp.getObservationSpace().getShape());
    Box first = mdp.reset();
    assertEquals(5, first.toArray().length);
    int steps = 0;
    StepReply<Box> reply;
    do {
      reply = mdp.step(1);
      steps++;
    } while (!reply.isDone());
    assertTrue(mdp.isDone());
    assertEquals(1.0, reply.getReward());
    assertTrue(steps <= 5);
    mdp.close();
  }

  @Test
  void roundTripEnvToMdpToEnvKeepsTrajectories() {
    // Curio env -> RL4J MDP -> Curio env, seeded per episode, must replay the original exactly.
    Env<float[], Integer> original = new ChainEnv(7, 12);
    MdpEnv<Box> roundTrip = MdpEnv.seeded("chain-roundtrip", seed -> new EnvMdp<>(() -> new ChainEnv(7, 12), seed), 0);
    assertEquals(original.spec().observationSpace().flatDim(), roundTrip.spec().observationSpace().flatDim());
    Rng actions = new Rng(3);
    for (int episode = 0; episode < 5; episode++) {
      float[] o1 = roundTrip.reset(episode).observation();
      // The inner MDP seeds its env from a stream started at the seed the adapter drew; rebuild it.
      Rng adapterRng = new Rng(episode);
      long mdpSeed = adapterRng.nextLong();
      long envSeed = new Rng(mdpSeed).nextLong();
      assertArrayEquals(original.reset(envSeed).observation(), o1);
      boolean done = false;
      while (!done) {
        int a = actions.nextInt(2);
        Step<float[]> s1 = original.step(a);
        Step<float[]> s2 = roundTrip.step(a);
        assertArrayEquals(s1.observation(), s2.observation());
        assertEquals(s1.reward(), s2.reward());
        assertEquals(s1.done(), s2.done());
        // RL4J has only `done`: truncation comes back as termination unless truncateAt is set
        assertEquals(s1.done(), s2.terminated());
        done = s1.done();
      }
    }
    EnvChecker.check(() -> MdpEnv.seeded("chain-roundtrip", seed -> new EnvMdp<>(() -> new ChainEnv(7, 12), seed), 12))
        .assertPassed();
  }

  @Test
  void truncateAtMarksTheMdpStepLimitAsTruncation() {
    MdpEnv<Box> env = MdpEnv.seeded("chain", seed -> new EnvMdp<>(() -> new ChainEnv(50, 6), seed), 6);
    env.reset(0);
    Step<float[]> s = null;
    for (int i = 0; i < 6; i++) {
      s = env.step(0);
    }
    assertTrue(s.truncated());
    assertTrue(!s.terminated());
  }
}
