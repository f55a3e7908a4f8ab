package dev.curio.cli;

import dev.curio.cluster.LearnerNode;
import dev.curio.envs.Env;
import dev.curio.gym.GymException;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import dev.curio.cluster.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code curio learner}: {@code curio train} whose IMPALA learner learns on rollouts from actor nodes
 * ({@code curio actor --join HOST:PORT}) in other JVMs, through a Pekko cluster node on {@code
 * --host:--port} (curio-cluster's {@link LearnerNode}). The run directory, checkpoints, metrics and
 * {@code --resume} are {@code curio train}'s; {@code impala.actors} (--actors) is how many slices of
 * {@code numEnvs / actors} envs one learner batch is made of, each slice one actor node's rollout.
 */
@Command(name = "learner", sortOptions = false,
    description = {"Train with IMPALA's learner in this JVM and its actors in others: start this, then"
        + " `curio actor --join HOST:PORT` on each actor machine (or terminal). Takes every option of `curio train`.",
        "Example: curio learner --env CartPole-v1 --num-envs 8 --actors 2 --port 25520"},
    footer = {"", "The port binds to --host only (127.0.0.1 by default: this machine). Remoting is plain TCP unless"
        + " --tls-keystore is given; a non-loopback --host needs TLS or --allow-plaintext. docs/distributed.md."})
public final class LearnerCommand extends TrainCommand {
  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address the learner's node binds and actor nodes join (default ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "25520",
      description = "Port of the learner's node (default ${DEFAULT-VALUE}); 0 picks a free one.")
  int port;

  @Option(names = "--allow-plaintext",
      description = "Allow a --host other than a loopback address without --tls-keystore, so that the cluster's"
          + " traffic is not encrypted and anyone who reaches the port can join: only on a network you trust.")
  boolean allowPlaintext;

  @Mixin
  TlsOptions tlsOptions;

  private LearnerNode node;
  private NodeConfig.Tls tls;

  @Override
  public Integer call() {
    if (port < 0 || port > 65_535) {
      throw new UserError("--port must be 0..65535, got " + port);
    }
    tls = tlsOptions.tls();
    checkHost();
    if (learner == null && resume == null) {
      learner = TrainConfig.IMPALA;
    }
    try {
      return super.call();
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private void checkHost() {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UserError("--host " + host + " is not an address of this machine: " + e.getMessage());
    }
    if (!address.isLoopbackAddress() && tls == null && !allowPlaintext) {
      throw new UserError("--host " + host + " is reachable from other machines: give --tls-keystore (TLS between the"
          + " nodes), or pass --allow-plaintext for plain TCP on a network you trust (docs/distributed.md)");
    }
  }

  @Override
  TrainingLoop newRunLoop(TrainConfig cfg, Supplier<Env<?, ?>> factory, List<Supplier<Env<?, ?>>> taskFactories,
                          boolean multi, boolean toResume) {
    if (factory == null) {
      throw new UserError("env '" + cfg.env() + "': actor nodes collect single-agent, single-task worlds only so far;"
          + " train it with `curio train`");
    }
    if (cfg.impala().actors() < 1) {
      throw new UserError("give --actors N (impala.actors): one learner batch is N actor rollouts of numEnvs / N envs");
    }
    if (!cfg.learnerName().equals(TrainConfig.IMPALA)) {
      throw new UserError("learner: is " + cfg.learnerName() + ", but actor nodes deliver rollouts as they come, which only"
          + " the impala learner corrects for (V-trace); set --learner impala (ppo takes actor threads in one process:"
          + " curio train --actors N)");
    }
    try {
      // the gym section travels with the config: an actor node makes gym: envs where the learner would
      node = LearnerNode.start(host, port, tls, cfg.env() + "-s" + cfg.seed() + "-" + UUID.randomUUID(), cfg,
          runConfig.sections());
    } catch (RuntimeException e) {
      throw new UserError("cannot start the learner's node on " + host + ":" + port + " (is the port in use?): "
          + firstLine(e), e);
    }
    try {
      return TrainingLoop.fedBy(node, cfg, factory, List.of(), toResume);
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** {@code curio learner --resume DIR} with this node's address and TLS options, which the run directory does not hold. */
  @Override
  String resumeCommand(java.nio.file.Path dir) {
    StringBuilder c = new StringBuilder(super.resumeCommand(dir));
    if (!host.equals("127.0.0.1")) {
      c.append(" --host ").append(host);
    }
    // the port the node bound (with --port 0, the one it picked: actors were told to join that one)
    String bound = node == null ? null : node.address();
    c.append(" --port ").append(bound == null ? Integer.toString(port) : bound.substring(bound.lastIndexOf(':') + 1));
    if (tlsOptions.keyStore != null) {
      c.append(" --tls-keystore ").append(tlsOptions.keyStore);
    }
    if (tlsOptions.trustStore != null) {
      c.append(" --tls-truststore ").append(tlsOptions.trustStore);
    }
    if (allowPlaintext) {
      c.append(" --allow-plaintext");
    }
    return c.toString();
  }

  @Override
  void beforeTraining(TrainingLoop loop) {
    try {
      node.open(loop);
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage(), e);
    }
    if (!quiet.quiet()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("learner node at " + node.address() + "; start actors with: curio actor --join " + node.address());
      out.flush();
    }
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = String.valueOf(root.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
