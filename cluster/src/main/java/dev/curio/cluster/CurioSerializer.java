package dev.curio.cluster;

import dev.curio.agents.PolicyParameters;
import dev.curio.core.state.CorruptSnapshotException;
import dev.curio.core.state.Snapshot;
import dev.curio.core.trajectory.Host;
import dev.curio.core.trajectory.Trajectory;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import dev.curio.core.trajectory.RewardStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Pekko serializer of Curio's {@link ClusterMessage}s: each message is a {@link Snapshot} (Curio's
 * checkpoint format: named raw arrays, big-endian, a CRC32C per entry, every length checked before
 * anything is allocated) whose arrays are the message's own float, int and long arrays, copied once.
 * Bound to {@link ClusterMessage} in this module's {@code reference.conf}.
 *
 * <p><b>The wire</b> (protocol {@link #PROTOCOL}, in the entry {@code wire}; the manifest names the
 * message). A {@link Rollout} of {@code [T, N]} steps, observation size O, action size D, P
 * distribution parameters and K value heads holds {@code observations} and {@code nextObservations}
 * ({@code T*N*O} floats each), {@code actions} ({@code T*N*D}), {@code rewards} and {@code logProbs}
 * ({@code T*N}), {@code ends} ({@code T*N} ints: bit 0 terminated, bit 1 truncated), {@code
 * policyParams} ({@code T*N*P}) and {@code values} ({@code T*N*K}) when the trajectory has them, the
 * acting version once ({@code version}) when every step has the same, else {@code versions} ({@code
 * T*N} longs), the task of each column and the episodes that ended (five small arrays). About 4 bytes
 * per number plus some 40 bytes per entry; {@code docs/impala.md} gives the measured size of a CartPole
 * rollout. {@link Parameters} hold the flat parameter vector and, with PopArt, the value scale; {@link
 * Welcome} the config's YAML text and the reward streams; {@link Join} the actor's address (Pekko's
 * {@link ActorRefResolver} form); {@link Ack} the run and the number of the rollout it answers.
 *
 * <p>Only float32 arrays travel (what the loop and the policies make): another data type is refused
 * when sending rather than silently rounded, so a message reads back bit for bit. Bytes that are not a
 * whole message of this protocol (cut, flipped, another protocol, another message's manifest, arrays
 * whose lengths disagree) give a {@link NotSerializableException} with one line saying why; Pekko's
 * remoting logs it and drops that message.
 */
public final class CurioSerializer extends SerializerWithStringManifest {
  /** The serializer's id among the actor system's serializers (Pekko reserves 0 to 40). */
  public static final int IDENTIFIER = 27_271;
  /** The wire protocol this class writes and the only one it reads. */
  public static final long PROTOCOL = 2;

  static final String ROLLOUT = "R";
  static final String PARAMETERS = "P";
  static final String JOIN = "J";
  static final String WELCOME = "W";
  static final String ACK = "A";

  /** Turns actor references into text and back; null when built without an actor system (tests of the bytes). */
  private final ExtendedActorSystem system;
  private ActorRefResolver resolver;

  /** The serializer Pekko builds for an actor system. */
  public CurioSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  private static final int TERMINATED = 1;
  private static final int TRUNCATED = 2;

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Rollout) {
      return ROLLOUT;
    } else if (o instanceof Parameters) {
      return PARAMETERS;
    } else if (o instanceof Join) {
      return JOIN;
    } else if (o instanceof Welcome) {
      return WELCOME;
    } else if (o instanceof Ack) {
      return ACK;
    }
    throw new IllegalArgumentException("curio wire: cannot write a " + o.getClass().getName()
        + " (only Curio's ClusterMessages)");
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof Join j) {
      return header().putString("replyTo", resolver().toSerializationFormat(j.replyTo())).toBytes();
    }
    return toBytes((ClusterMessage) o);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return decode(bytes, manifest, text -> resolver().resolveActorRef(text));
  }

  private ActorRefResolver resolver() {
    if (resolver == null) {
      resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }
    return resolver;
  }

  private static Snapshot header() {
    return new Snapshot().putLong("wire", PROTOCOL);
  }

  /** The bytes of {@code message} on the wire; a {@link Join} needs an actor system's serializer (its reference). */
  public static byte[] toBytes(ClusterMessage message) {
    Snapshot s = header();
    if (message instanceof Rollout r) {
      writeRollout(s.putString("run", r.run()), r);
    } else if (message instanceof Parameters p) {
      writeParameters(s.putString("run", p.run()), p.parameters());
    } else if (message instanceof Welcome w) {
      writeWelcome(s.putString("run", w.run()), w);
    } else if (message instanceof Ack a) {
      s.putString("run", a.run()).putLong("seq", a.seq());
    } else {
      throw new IllegalArgumentException("curio wire: a Join carries an actor reference; send it through an actor"
          + " system, whose serializer can write one");
    }
    return s.toBytes();
  }

  /**
   * The message in {@code bytes}, which {@link #toBytes} wrote for a message of kind {@code manifest}
   * (any but a {@link Join}, which needs an actor system to resolve its reference).
   *
   * @throws NotSerializableException with one line saying why, for bytes that are not such a message
   */
  public static ClusterMessage fromBytes(byte[] bytes, String manifest) throws NotSerializableException {
    return decode(bytes, manifest, null);
  }

  private static ClusterMessage decode(byte[] bytes, String manifest, Function<String, ActorRef<ToActor>> refs)
      throws NotSerializableException {
    String kind = switch (manifest) {
      case ROLLOUT -> "Rollout";
      case PARAMETERS -> "Parameters";
      case JOIN -> "Join";
      case WELCOME -> "Welcome";
      case ACK -> "Ack";
      default -> null;
    };
    if (kind == null) {
      throw new NotSerializableException("curio wire: unknown message kind '" + manifest + "' (a newer Curio?)");
    }
    try {
      Snapshot s = Snapshot.fromBytes(bytes);
      long wire = s.getLong("wire");
      if (wire != PROTOCOL) {
        throw new IllegalStateException("protocol " + wire + ", this node speaks " + PROTOCOL);
      }
      return switch (manifest) {
        case ROLLOUT -> readRollout(s, s.string("run"));
        case PARAMETERS -> new Parameters(s.string("run"), readParameters(s));
        case WELCOME -> readWelcome(s, s.string("run"));
        case ACK -> new Ack(s.string("run"), s.getLong("seq"));
        default -> {
          if (refs == null) {
            throw new IllegalStateException("a Join needs an actor system to resolve its reference");
          }
          yield new Join(refs.apply(s.string("replyTo")));
        }
      };
    } catch (CorruptSnapshotException | RuntimeException e) {
      throw new NotSerializableException("curio wire: cannot read a " + kind + " (" + bytes.length + " bytes): "
          + e.getMessage());
    }
  }

  private static void writeWelcome(Snapshot s, Welcome w) {
    s.putLong("actor", w.actor()).putString("config", w.configYaml()).putLong("streams", w.streams().size());
    for (int i = 0; i < w.streams().size(); i++) {
      RewardStream r = w.streams().get(i);
      s.putChild("stream" + i, new Snapshot().putString("name", r.name()).putDouble("gamma", r.gamma())
          .putLong("episodic", r.episodic() ? 1 : 0).putDouble("coefficient", r.coefficient()));
    }
  }

  private static Welcome readWelcome(Snapshot s, String run) {
    long count = s.getLong("streams");
    if (count < 1 || count > 1_000) {
      throw new IllegalStateException("a run has 1 to 1000 reward streams, the message says " + count);
    }
    List<RewardStream> streams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Snapshot r = s.child("stream" + i);
      streams.add(new RewardStream(r.string("name"), r.getDouble("gamma"), r.getLong("episodic") == 1,
          r.getDouble("coefficient")));
    }
    return new Welcome(run, Math.toIntExact(s.getLong("actor")), s.string("config"), streams);
  }

  private static void writeRollout(Snapshot s, Rollout r) {
    Trajectory tr = r.trajectory();
    int t = tr.steps();
    int n = tr.envs();
    s.putLong("actor", r.actor()).putLong("seq", r.seq()).putInts("obsShape", tr.obsShape()).putInts("actionShape", ints(tr.actions().shape()))
        .putLong("agents", tr.numAgents()).putInts("taskIds", tr.taskIds());
    s.putFloats("observations", floats(tr.observations(), "observations"));
    s.putFloats("nextObservations", floats(tr.nextObservations(), "nextObservations"));
    s.putFloats("actions", floats(tr.actions(), "actions"));
    s.putFloats("rewards", floats(tr.rewards(), "rewards"));
    s.putFloats("logProbs", floats(tr.logProbs(), "logProbs"));
    float[] terminated = floats(tr.terminated(), "terminated");
    float[] truncated = floats(tr.truncated(), "truncated");
    int[] ends = new int[t * n];
    for (int j = 0; j < ends.length; j++) {
      ends[j] = flag(terminated[j], TERMINATED, "terminated", j, n) | flag(truncated[j], TRUNCATED, "truncated", j, n);
    }
    s.putInts("ends", ends);
    tr.policyParams().ifPresent(a -> s.putLong("paramCount", a.size(2)).putFloats("policyParams", floats(a, "policyParams")));
    tr.values().ifPresent(a -> s.putLong("valueHeads", a.size(2)).putFloats("values", floats(a, "values")));
    tr.visibility().ifPresent(a -> s.putFloats("visibility", floats(a, "visibility")));
    long[] versions = new long[t * n];
    boolean same = true;
    for (int j = 0; j < versions.length; j++) {
      versions[j] = tr.version(j / n, j % n);
      same &= versions[j] == versions[0];
    }
    if (same) {
      s.putLong("version", versions.length == 0 ? 0 : versions[0]);
    } else {
      s.putLongs("versions", versions);
    }
    int e = r.episodes().size();
    int[] columns = new int[e];
    int[] steps = new int[e];
    int[] lengths = new int[e];
    int[] endsOf = new int[e];
    double[] returns = new double[e];
    for (int j = 0; j < e; j++) {
      Episode ep = r.episodes().get(j);
      columns[j] = ep.column();
      steps[j] = ep.step();
      lengths[j] = ep.length();
      endsOf[j] = (ep.terminated() ? TERMINATED : 0) | (ep.truncated() ? TRUNCATED : 0);
      returns[j] = ep.episodeReturn();
    }
    s.putInts("episodeColumns", columns).putInts("episodeSteps", steps).putInts("episodeLengths", lengths)
        .putInts("episodeEnds", endsOf).putDoubles("episodeReturns", returns);
  }

  private static Rollout readRollout(Snapshot s, String run) {
    int[] obsShape = s.ints("obsShape");
    int[] actionShape = s.ints("actionShape");
    if (actionShape.length != 2 && actionShape.length != 3) {
      throw new IllegalStateException("actions have shape " + Arrays.toString(actionShape) + ", need [T, N] or [T, N, D]");
    }
    int t = actionShape[0];
    int n = actionShape[1];
    long tn = (long) t * n;
    long[] obs = concat(new long[] {t, n}, obsShape);
    long[] tnShape = {t, n};
    int[] ends = s.ints("ends");
    check("ends", ends.length, tn);
    float[] terminated = new float[ends.length];
    float[] truncated = new float[ends.length];
    for (int j = 0; j < ends.length; j++) {
      if ((ends[j] & ~(TERMINATED | TRUNCATED)) != 0) {
        throw new IllegalStateException("ends[" + j + "] is " + ends[j] + ", need bits 0 and 1 only");
      }
      terminated[j] = (ends[j] & TERMINATED) != 0 ? 1f : 0f;
      truncated[j] = (ends[j] & TRUNCATED) != 0 ? 1f : 0f;
    }
    long[] versions;
    if (s.has("versions")) {
      versions = s.longs("versions");
      check("versions", versions.length, tn);
    } else {
      versions = new long[(int) tn];
      Arrays.fill(versions, s.getLong("version"));
    }
    Trajectory.Builder b = Trajectory.builder(obsShape)
        .observations(array(s, "observations", obs))
        .nextObservations(array(s, "nextObservations", obs))
        .actions(array(s, "actions", longs(actionShape)))
        .rewards(array(s, "rewards", tnShape))
        .logProbs(array(s, "logProbs", tnShape))
        .terminated(Nd4j.create(terminated, tnShape, DataType.FLOAT))
        .truncated(Nd4j.create(truncated, tnShape, DataType.FLOAT))
        .versions(versions)
        .taskIds(s.ints("taskIds"))
        .agents(Math.toIntExact(s.getLong("agents")));
    if (s.has("policyParams")) {
      b.policyParams(array(s, "policyParams", new long[] {t, n, s.getLong("paramCount")}));
    }
    if (s.has("values")) {
      b.values(array(s, "values", new long[] {t, n, s.getLong("valueHeads")}));
    }
    if (s.has("visibility")) {
      b.visibility(array(s, "visibility", new long[] {t, n, s.getLong("agents")}));
    }
    Trajectory trajectory = b.build();
    int[] columns = s.ints("episodeColumns");
    int[] steps = s.ints("episodeSteps");
    int[] lengths = s.ints("episodeLengths");
    int[] endsOf = s.ints("episodeEnds");
    double[] returns = s.doubles("episodeReturns");
    int e = columns.length;
    check("episodeSteps", steps.length, e);
    check("episodeLengths", lengths.length, e);
    check("episodeEnds", endsOf.length, e);
    check("episodeReturns", returns.length, e);
    List<Episode> episodes = new ArrayList<>(e);
    for (int j = 0; j < e; j++) {
      episodes.add(new Episode(columns[j], steps[j], returns[j], lengths[j], (endsOf[j] & TERMINATED) != 0,
          (endsOf[j] & TRUNCATED) != 0));
    }
    return new Rollout(run, Math.toIntExact(s.getLong("actor")), trajectory, episodes, s.getLong("seq"));
  }

  private static void writeParameters(Snapshot s, PolicyParameters p) {
    s.putLong("version", p.version()).putLongs("flatShape", p.flat().shape()).putFloats("flat", floats(p.flat(), "flat"));
    if (p.valueScale() != null) {
      s.putLongs("valueScaleShape", p.valueScale().shape()).putFloats("valueScale", floats(p.valueScale(), "valueScale"));
    }
  }

  private static PolicyParameters readParameters(Snapshot s) {
    INDArray flat = array(s, "flat", s.longs("flatShape"));
    INDArray scale = s.has("valueScale") ? array(s, "valueScale", s.longs("valueScaleShape")) : null;
    return new PolicyParameters(s.getLong("version"), flat, scale);
  }

  /** {@code a}'s elements in row-major order; only float32 arrays travel (another type would not read back exactly). */
  private static float[] floats(INDArray a, String name) {
    if (a.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("curio wire: " + name + " is " + a.dataType() + "; only FLOAT arrays are"
          + " sent (cast it where it is made)");
    }
    return Host.floats(a);
  }

  private static int flag(float v, int bit, String name, int j, int n) {
    if (v != 0f && v != 1f) {
      throw new IllegalArgumentException("curio wire: " + name + "[" + j / n + ", " + j % n + "] is " + v
          + ", need 0 or 1");
    }
    return v == 1f ? bit : 0;
  }

  /** The float entry {@code name} as an array of {@code shape}, after checking that it has that many elements. */
  private static INDArray array(Snapshot s, String name, long[] shape) {
    float[] v = s.floats(name);
    long need = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalStateException(name + " has a negative dimension in " + Arrays.toString(shape));
      }
      need *= d;
    }
    check(name, v.length, need);
    return Nd4j.create(v, shape, DataType.FLOAT);
  }

  private static void check(String name, long have, long need) {
    if (have != need) {
      throw new IllegalStateException(name + " has " + have + " elements, the shapes say " + need);
    }
  }

  private static int[] ints(long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }

  private static long[] longs(int[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static long[] concat(long[] head, int[] tail) {
    long[] out = Arrays.copyOf(head, head.length + tail.length);
    for (int i = 0; i < tail.length; i++) {
      out[head.length + i] = tail[i];
    }
    return out;
  }
}
