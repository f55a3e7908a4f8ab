package dev.curio.cli;

import dev.curio.cluster.ActorNode;
import dev.curio.loop.io.ConfigLoader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curio actor --join HOST:PORT}: an IMPALA actor in this JVM for the learner at {@code HOST:PORT}
 * ({@code curio learner}): it receives the run's config, builds its envs, and collects until the learner's
 * run ends (curio-cluster's {@link ActorNode}).
 */
@Command(name = "actor", sortOptions = false,
    description = {"Collect for a `curio learner` run: join its node, receive the run's config and parameters,"
        + " and stream trajectories back until the learner stops.",
        "Example: curio actor --join 127.0.0.1:25520"})
public final class ActorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--join", paramLabel = "HOST:PORT", required = true,
      description = "The learner's node, as `curio learner` prints it.")
  String join;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address this node binds (default ${DEFAULT-VALUE}); the learner must be able to reach it.")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0",
      description = "Port of this node (default ${DEFAULT-VALUE}: a free one).")
  int port;

  @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Give up when no learner welcomes this node within this time (default ${DEFAULT-VALUE}).")
  int joinTimeout;

  @Option(names = "--gym-url", paramLabel = "URL",
      description = "For a run on a gym: env, the gym-http-api server this node's envs run on, instead of the"
          + " learner's gym.url (which names the learner's machine; a loopback URL there is this machine here).")
  String gymUrl;

  @Mixin
  TlsOptions tlsOptions;

  @Mixin
  QuietOption quiet;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65_535) {
      throw new UserError("--port must be 0..65535, got " + port);
    }
    if (joinTimeout < 1) {
      throw new UserError("--join-timeout must be at least 1 second, got " + joinTimeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    dev.curio.cluster.NodeConfig.Tls tls = tlsOptions.tls();
    ActorNode node;
    try {
      node = ActorNode.reading(host, port, tls, join, yaml -> {
        ConfigLoader loader = RunConfig.loader().text(yaml, "the learner's config", false);
        if (gymUrl != null) {
          loader.put("gym.url", gymUrl, "--gym-url");
        }
        RunConfig run = RunConfig.of(loader);
        // a gym: env runs as the learner's gym section says (in this JVM, or on its gym.url)
        return new ActorNode.Setup(run.train(), Worlds.trainable(run.train().env(), run.gym(),
            warning -> spec.commandLine().getErr().println("curio actor: warning: " + warning)));
      });
    } catch (IllegalArgumentException e) {
      throw new UserError("--join " + join + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new UserError("cannot start the actor's node on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    try {
      if (!quiet.quiet()) {
        out.println("actor node joining " + join + " (Ctrl-C leaves the run)");
        out.flush();
      }
      long sent;
      try {
        sent = node.run(Duration.ofSeconds(joinTimeout));
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage(), e);
      }
      if (!quiet.quiet()) {
        out.println("the learner's run ended; sent " + sent + " rollouts");
        out.flush();
      }
      return ExitCodes.OK;
    } finally {
      node.close();
    }
  }
}
