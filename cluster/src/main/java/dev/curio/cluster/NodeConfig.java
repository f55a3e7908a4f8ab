package dev.curio.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.List;
import java.util.Objects;

/**
 * The Pekko settings of a Curio node (a learner or an actor JVM): a cluster member of the actor
 * system {@value #SYSTEM}, remoting over Artery TCP bound to exactly the host it is given (127.0.0.1
 * unless told otherwise, so a node is not reachable from other machines by accident), Curio's
 * messages through {@link CurioSerializer} and Java serialisation refused
 * ({@code pekko.actor.allow-java-serialization = off}): a message Pekko would have written with Java
 * serialisation fails to send instead.
 *
 * <p><b>Faults.</b> Pekko's failure detector marks a node that stops answering heartbeats unreachable
 * (after about 3 s); the split-brain resolver then downs it once membership has been stable for
 * {@value #STABLE_AFTER}, with the strategy keep-oldest restricted to the role {@value #LEARNER_ROLE}: the
 * learner, the oldest member, always stays, an actor node that vanished is removed, and an actor node
 * cut off from the learner downs itself. Actor nodes hold nothing that must survive them.
 */
public final class NodeConfig {
  /** The actor system's name, the same on every node of a run (cluster members must share it). */
  public static final String SYSTEM = "curio";
  /** The cluster role of the learner node. */
  public static final String LEARNER_ROLE = "learner";
  /** The cluster role of an actor node. */
  public static final String ACTOR_ROLE = "actor";
  /** How long membership must be stable before the split-brain resolver downs unreachable nodes. */
  public static final String STABLE_AFTER = "5s";
  /** The host a node binds to unless told otherwise. */
  public static final String LOOPBACK = "127.0.0.1";

  private NodeConfig() {}

  /**
   * The settings of a node of {@code role} ({@link #LEARNER_ROLE} or {@link #ACTOR_ROLE}) that binds
   * {@code host:port} (port 0: any free port) and joins the cluster through {@code seeds} ({@code
   * host:port} of nodes already running; a learner names itself, or none to be joined by hand).
   */
  public static Config of(String host, int port, List<String> seeds, String role) {
    return of(host, port, seeds, role, null, CurioSerializer.PROTOCOL);
  }

  /**
   * Pekko's TLS transport for a node ({@code pekko.remote.artery.transport = tls-tcp}, TLS 1.3, mutual
   * authentication): the node presents the key in {@code keyStore} and accepts peers whose certificate
   * {@code trustStore} trusts; both are Java key stores (PKCS12 or JKS) opened with {@code password}. Every
   * node of a cluster must use TLS if one does. Pekko's hostname verification stays off: peers are
   * authenticated by the trust store, not by name.
   */
  public record Tls(Path keyStore, Path trustStore, String password) {
    public Tls {
      Objects.requireNonNull(keyStore, "keyStore");
      Objects.requireNonNull(trustStore, "trustStore");
      Objects.requireNonNull(password, "password");
    }

    /**
     * Opens both stores as Pekko will, so that a missing file, a wrong password or a store without a key
     * fails here, in one line naming the file, rather than at the first connection.
     *
     * @throws IllegalArgumentException saying what is wrong with which store
     */
    public Tls check() {
      KeyStore keys = open(keyStore, "key store");
      try {
        boolean hasKey = false;
        for (String alias : java.util.Collections.list(keys.aliases())) {
          hasKey |= keys.isKeyEntry(alias);
        }
        if (!hasKey) {
          throw new IllegalArgumentException("the key store " + keyStore + " holds no private key (make one with"
              + " keytool -genkeypair)");
        }
        if (open(trustStore, "trust store").size() == 0) {
          throw new IllegalArgumentException("the trust store " + trustStore + " is empty");
        }
      } catch (KeyStoreException e) {
        throw new IllegalArgumentException("cannot read the key store " + keyStore + ": " + e.getMessage(), e);
      }
      return this;
    }

    /** The stores, not the password. */
    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=(hidden)]";
    }

    private KeyStore open(Path file, String what) {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException("the " + what + " " + file + " is not a readable file");
      }
      try {
        return KeyStore.getInstance(file.toFile(), password.toCharArray());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot open the " + what + " " + file + ": "
            + (e.getCause() instanceof java.security.UnrecoverableKeyException ? "wrong password" : e.getMessage()), e);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot open the " + what + " " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@link #of(String, int, List, String)} for a node that speaks wire protocol {@code wire}, which it tells
   * the other members as its {@code pekko.cluster.app-version} ({@code wire.0.0}): an actor node refuses a
   * learner whose protocol is not its own in one line instead of sending messages the learner cannot read
   * (tests make nodes of another protocol with this).
   */
  static Config of(String host, int port, List<String> seeds, String role, Tls tls, long wire) {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    List<String> addresses = seeds.stream().map(NodeConfig::address).toList();
    Config own = ConfigFactory.parseString("""
        pekko {
          loglevel = WARNING
          actor {
            provider = cluster
            allow-java-serialization = off
            warn-about-java-serializer-usage = off
          }
          remote.artery {
            transport = tcp
          }
          cluster {
            downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
            split-brain-resolver {
              active-strategy = keep-oldest
              stable-after = {STABLE}
              keep-oldest {
                down-if-alone = off
                role = "{ROLE}"
              }
            }
            jmx.enabled = off
            log-info = off
          }
          coordinated-shutdown.exit-jvm = off
        }
        """.replace("{STABLE}", STABLE_AFTER).replace("{ROLE}", LEARNER_ROLE))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(List.of(role)))
        .withValue("pekko.cluster.app-version", ConfigValueFactory.fromAnyRef(appVersion(wire)))
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
        .withValue("pekko.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(addresses));
    if (tls != null) {
      String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
      own = own.withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef("tls-tcp"))
          .withValue(engine + "key-store", ConfigValueFactory.fromAnyRef(tls.keyStore().toAbsolutePath().toString()))
          .withValue(engine + "trust-store", ConfigValueFactory.fromAnyRef(tls.trustStore().toAbsolutePath().toString()))
          .withValue(engine + "key-store-password", ConfigValueFactory.fromAnyRef(tls.password()))
          .withValue(engine + "key-password", ConfigValueFactory.fromAnyRef(tls.password()))
          .withValue(engine + "trust-store-password", ConfigValueFactory.fromAnyRef(tls.password()))
          .withValue(engine + "protocol", ConfigValueFactory.fromAnyRef("TLSv1.3"))
          .withValue(engine + "require-mutual-authentication", ConfigValueFactory.fromAnyRef("on"));
    }
    return own.withFallback(ConfigFactory.load());
  }

  /** The {@code pekko.cluster.app-version} of a node that speaks wire protocol {@code wire}. */
  static String appVersion(long wire) {
    return wire + ".0.0";
  }

  /** The Pekko address of the node at {@code hostPort} ({@code host:port}). */
  static String address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("a node is host:port, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a node is host:port, got '" + hostPort + "' (the port is not a number)");
    }
    if (port <= 0 || port > 65_535) {
      throw new IllegalArgumentException("a node's port is in [1, 65535], got " + port + " in '" + hostPort + "'");
    }
    return "pekko://" + SYSTEM + "@" + hostPort.substring(0, colon) + ":" + port;
  }
}
