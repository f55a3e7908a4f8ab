package dev.curio.cli;

import dev.curio.cluster.NodeConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --tls-keystore} and {@code --tls-truststore}, shared by {@code curio learner} and {@code curio
 * actor}: Pekko's TLS transport between the nodes of a run, the stores' password from the environment
 * variable {@value #PASSWORD} (never a command-line argument, which other users of the machine can read).
 */
public final class TlsOptions {
  /** The environment variable holding the password of both stores and of the key. */
  static final String PASSWORD = "CURIO_TLS_PASSWORD";

  /** Where the password is read from: the process's environment (tests that run the CLI in-process replace it). */
  static java.util.function.UnaryOperator<String> environment = System::getenv;

  @Option(names = "--tls-keystore", paramLabel = "FILE",
      description = "Encrypt and authenticate the cluster's traffic with TLS: this node's key store (PKCS12 or JKS;"
          + " password in $" + PASSWORD + "). Every node of the run needs TLS. docs/distributed.md, Security.")
  Path keyStore;

  @Option(names = "--tls-truststore", paramLabel = "FILE",
      description = "The certificates this node accepts from its peers (default: the key store's own).")
  Path trustStore;

  /** The TLS settings given, checked (the stores open with the password); null when none were. */
  NodeConfig.Tls tls() {
    if (keyStore == null) {
      if (trustStore != null) {
        throw new UserError("--tls-truststore needs --tls-keystore (this node's own key)");
      }
      return null;
    }
    String password = environment.apply(PASSWORD);
    if (password == null || password.isEmpty()) {
      throw new UserError("--tls-keystore " + keyStore + ": set the stores' password in the environment variable "
          + PASSWORD);
    }
    try {
      return new NodeConfig.Tls(keyStore, trustStore == null ? keyStore : trustStore, password).check();
    } catch (IllegalArgumentException e) {
      throw new UserError("--tls-keystore/--tls-truststore: " + e.getMessage(), e);
    }
  }
}
