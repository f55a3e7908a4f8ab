package dev.curio.cli;

import dev.curio.gym.GymException;
import dev.curio.gym.GymServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curio gym-server}: serves real gym envs over the gym-http-api protocol with the bundled
 * Python, until Ctrl-C or {@code POST /v1/shutdown/}.
 */
@Command(name = "gym-server", sortOptions = false,
    description = {"Serve real gym 0.21 envs over the gym-http-api protocol (the bundled Python runs"
        + " curio_gym_server.py), until Ctrl-C or POST /v1/shutdown/.",
        "Train against it with: curio train --env gym:CartPole-v1 --gym-url <the URL it prints>"})
public final class GymServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "5000",
      description = "Port to listen on (default ${DEFAULT-VALUE}); 0 picks a free one.")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}, this machine only; the server has no"
          + " authentication).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UserError("--port must be 0..65535, got " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    GymServer server;
    try {
      server = GymServer.start(host, port, out);
    } catch (GymException e) {
      throw new UserError(e.getMessage(), e);
    }
    Thread hook = new Thread(server::close, "curio-gym-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.println("gym server listening on " + server.url() + "; Ctrl-C stops it");
      out.println("train with: curio train --env gym:CartPole-v1 --gym-url " + server.url());
      out.flush();
      int code = server.waitFor();
      out.println("gym server stopped" + (code == 0 ? "" : " (exit code " + code + ")"));
      out.flush();
      return code == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is stopping the server
      }
    }
  }
}
