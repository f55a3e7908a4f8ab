package dev.curio.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.PolicyParameters;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CurioSerializerTest {
  private static ActorSystem<Void> system;
  private static Serialization serialization;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM, NodeConfig.of(NodeConfig.LOOPBACK, 0, List.of(), NodeConfig.ACTOR_ROLE));
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  /** A trajectory as an actor sends it: {@code [T, N]} steps of obs size 4, random floats, versions varying when asked. */
  static Trajectory trajectory(int t, int n, boolean mixedVersions, long seed) {
    Random r = new Random(seed);
    long[] obs = {t, n, 4};
    long[] tn = {t, n};
    float[] terminated = new float[t * n];
    float[] truncated = new float[t * n];
    long[] versions = new long[t * n];
    for (int j = 0; j < t * n; j++) {
      terminated[j] = r.nextInt(5) == 0 ? 1f : 0f;
      truncated[j] = terminated[j] == 0f && r.nextInt(7) == 0 ? 1f : 0f;
      versions[j] = mixedVersions ? 40 + r.nextInt(3) : 41;
    }
    float[] actions = new float[t * n];
    for (int j = 0; j < actions.length; j++) {
      actions[j] = r.nextInt(2);
    }
    return Trajectory.builder(4)
        .observations(random(r, obs)).nextObservations(random(r, obs))
        .actions(Nd4j.create(actions, tn, DataType.FLOAT)).rewards(random(r, tn))
        .terminated(Nd4j.create(terminated, tn, DataType.FLOAT)).truncated(Nd4j.create(truncated, tn, DataType.FLOAT))
        .logProbs(random(r, tn)).policyParams(random(r, new long[] {t, n, 2})).values(random(r, new long[] {t, n, 2}))
        .versions(versions).taskIds(new int[n]).agents(1).build();
  }

  private static INDArray random(Random r, long[] shape) {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    float[] v = new float[(int) count];
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) r.nextGaussian();
    }
    v[0] = -0f; // a sign bit and a subnormal must survive too
    if (v.length > 1) {
      v[1] = Float.MIN_VALUE;
    }
    return Nd4j.create(v, shape, DataType.FLOAT);
  }

  private static void assertSameBits(INDArray expected, INDArray actual, String name) {
    assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
    float[] e = Host.floats(expected);
    float[] a = Host.floats(actual);
    for (int j = 0; j < e.length; j++) {
      assertEquals(Float.floatToRawIntBits(e[j]), Float.floatToRawIntBits(a[j]), name + "[" + j + "]");
    }
  }

  private static Object throughPekko(Object message) throws Exception {
    var serializer = serialization.findSerializerFor(message);
    assertInstanceOf(CurioSerializer.class, serializer, "the binding in reference.conf picks CurioSerializer");
    byte[] bytes = serialization.serialize(message).get();
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, message);
    return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void aRolloutRoundTripsBitForBitThroughTheActorSystemsSerialization() throws Exception {
    for (boolean mixed : new boolean[] {false, true}) {
      Trajectory tr = trajectory(6, 3, mixed, 7);
      Rollout sent = new Rollout("run-a", 2, tr, List.of(new Episode(1, 3, 21.5, 22, true, false),
          new Episode(0, 5, -1e-3, 500, false, true)), 41);
      Rollout got = (Rollout) throughPekko(sent);
      assertEquals("run-a", got.run());
      assertEquals(2, got.actor());
      assertEquals(41, got.seq());
      assertEquals(sent.episodes(), got.episodes());
      Trajectory back = got.trajectory();
      assertArrayEquals(tr.obsShape(), back.obsShape());
      assertSameBits(tr.observations(), back.observations(), "observations");
      assertSameBits(tr.nextObservations(), back.nextObservations(), "nextObservations");
      assertSameBits(tr.actions(), back.actions(), "actions");
      assertSameBits(tr.rewards(), back.rewards(), "rewards");
      assertSameBits(tr.terminated(), back.terminated(), "terminated");
      assertSameBits(tr.truncated(), back.truncated(), "truncated");
      assertSameBits(tr.logProbs(), back.logProbs(), "logProbs");
      assertSameBits(tr.policyParams().orElseThrow(), back.policyParams().orElseThrow(), "policyParams");
      assertSameBits(tr.values().orElseThrow(), back.values().orElseThrow(), "values");
      assertArrayEquals(tr.taskIds(), back.taskIds());
      assertEquals(tr.numAgents(), back.numAgents());
      for (int s = 0; s < tr.steps(); s++) {
        for (int i = 0; i < tr.envs(); i++) {
          assertEquals(tr.version(s, i), back.version(s, i), "version[" + s + ", " + i + "]");
        }
      }
    }
  }

  @Test
  void parametersRoundTripBitForBitWithAndWithoutAValueScale() throws Exception {
    Random r = new Random(3);
    INDArray flat = random(r, new long[] {1, 1_000});
    INDArray scale = random(r, new long[] {2, 3});
    for (INDArray s : new INDArray[] {null, scale}) {
      Parameters got = (Parameters) throughPekko(new Parameters("run-b", new PolicyParameters(17, flat, s)));
      assertEquals("run-b", got.run());
      assertEquals(17, got.parameters().version());
      assertSameBits(flat, got.parameters().flat(), "flat");
      if (s == null) {
        assertNull(got.parameters().valueScale());
      } else {
        assertSameBits(s, got.parameters().valueScale(), "valueScale");
      }
    }
  }

  @Test
  void theControlMessagesRoundTrip() throws Exception {
    List<dev.curio.core.trajectory.RewardStream> streams = List.of(dev.curio.core.trajectory.RewardStream.extrinsic(0.99),
        new dev.curio.core.trajectory.RewardStream("rnd", 0.999, false, 0.5));
    Welcome w = new Welcome("run-e", 3, "env: CartPole-v1\nseed: 4\n", streams);
    assertEquals(w, throughPekko(w));
    assertEquals(new Ack("run-e", 7), throughPekko(new Ack("run-e", 7)));
    org.apache.pekko.actor.typed.ActorRef<ToActor> probe = system.systemActorOf(Behaviors.<ToActor>empty(), "probe",
        org.apache.pekko.actor.typed.Props.empty());
    Join back = (Join) throughPekko(new Join(probe));
    assertEquals(probe, back.replyTo());
  }

  @Test
  void bytesThatAreNotAWholeMessageAreRefusedInOneLine() {
    byte[] good = CurioSerializer.toBytes(new Rollout("run-c", 0, trajectory(4, 2, false, 1), List.of(), 1));
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    bad.add(java.util.Arrays.copyOf(good, good.length / 2));
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    bad.add(flipped);
    for (byte[] b : bad) {
      NotSerializableException e = assertThrows(NotSerializableException.class,
          () -> CurioSerializer.fromBytes(b, CurioSerializer.ROLLOUT));
      assertTrue(e.getMessage().startsWith("curio wire: cannot read a Rollout (" + b.length + " bytes): "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    // the right bytes under another message's manifest, and a manifest no Curio writes
    NotSerializableException other = assertThrows(NotSerializableException.class,
        () -> CurioSerializer.fromBytes(good, CurioSerializer.PARAMETERS));
    assertTrue(other.getMessage().contains("no entry 'version'") || other.getMessage().contains("flatShape"),
        other.getMessage());
    NotSerializableException unknown = assertThrows(NotSerializableException.class,
        () -> CurioSerializer.fromBytes(good, "Z"));
    assertEquals("curio wire: unknown message kind 'Z' (a newer Curio?)", unknown.getMessage());
  }

  @Test
  void aMessageOfAnotherProtocolIsRefused() {
    long other = CurioSerializer.PROTOCOL + 1;
    dev.curio.core.state.Snapshot s = new dev.curio.core.state.Snapshot().putLong("wire", other).putString("run", "x");
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> CurioSerializer.fromBytes(s.toBytes(), CurioSerializer.PARAMETERS));
    assertTrue(e.getMessage().endsWith("protocol " + other + ", this node speaks " + CurioSerializer.PROTOCOL),
        e.getMessage());
  }

  @Test
  void onlyFloatArraysAreSentSoNothingIsRoundedOnTheWay() {
    INDArray doubles = Nd4j.zeros(DataType.DOUBLE, 1, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CurioSerializer.toBytes(new Parameters("r", new PolicyParameters(0, doubles))));
    assertEquals("curio wire: flat is DOUBLE; only FLOAT arrays are sent (cast it where it is made)", e.getMessage());
  }

  @Test
  void javaSerialisationIsRefused() {
    ArrayList<Integer> serializable = new ArrayList<>(List.of(1, 2, 3));
    assertTrue(serialization.serialize(serializable).isFailure(),
        "allow-java-serialization = off: a java.io.Serializable must not be written");
    assertEquals("off", system.settings().config().getString("pekko.actor.allow-java-serialization"));
  }

  @Test
  void theNodeBindsTheHostItIsGiven() {
    var address = org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address();
    assertEquals("127.0.0.1", address.getHost().get());
    assertEquals("127.0.0.1", system.settings().config().getString("pekko.remote.artery.bind.hostname"));
  }

  /** The size docs/impala.md states: a CartPole rollout of one actor thread of `--actors 2 --num-envs 8`. */
  @Test
  void aCartPoleRolloutIsAboutFourBytesANumber() {
    int t = 128;
    int n = 4;
    Trajectory tr = trajectory(t, n, false, 11);
    List<Episode> eps = new ArrayList<>();
    for (int j = 0; j < 10; j++) {
      eps.add(new Episode(j % n, 10 * j, 20, 20, true, false));
    }
    int bytes = CurioSerializer.toBytes(new Rollout("run-d", 0, tr, eps, 12)).length;
    // per step and column: obs 4 + next 4 + action + reward + logProb + end flags + 2 logits + 2 values = 16 numbers
    int numbers = t * n * 16;
    System.out.printf("CartPole rollout [%d, %d], 2 logits, 2 value heads, %d episodes: %,d bytes (%.2f per number)%n",
        t, n, eps.size(), bytes, bytes / (double) numbers);
    assertTrue(bytes < numbers * 4 + 1_000, bytes + " bytes for " + numbers + " numbers");
    // what `curio learner --num-envs 8 --actors 2 --set rolloutLength=16` sends: [16, 4] and 9,155 parameters
    int small = CurioSerializer.toBytes(new Rollout("CartPole-v1-s1-" + java.util.UUID.randomUUID(), 0,
        trajectory(16, 4, false, 12), List.of(new Episode(0, 3, 20, 20, true, false)), 1)).length;
    int params = CurioSerializer.toBytes(new Parameters("CartPole-v1-s1-" + java.util.UUID.randomUUID(),
        new PolicyParameters(5, Nd4j.zeros(DataType.FLOAT, 1, 9_155)))).length;
    System.out.printf("CartPole rollout [16, 4] with 1 episode: %,d bytes; parameters (9,155): %,d bytes%n", small, params);
    assertTrue(small < 16 * 4 * 16 * 4 + 1_000, small + " bytes");
    assertTrue(params < 9_155 * 4 + 300, params + " bytes");
  }
}
