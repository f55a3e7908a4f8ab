package dev.curio.cli;

import dev.curio.envs.Env;
import dev.curio.envs.multi.MultiAgentEnv;
import dev.curio.envs.multi.MultiAgentSpec;
import dev.curio.envs.registry.EnvRegistry;
import dev.curio.envs.registry.MultiWorldEntry;
import dev.curio.envs.registry.WorldEntry;
import dev.curio.gym.Gym;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code curio envs}: the built-in worlds and the tested gym ids, with their spaces. */
@Command(name = "envs", description = {"List the built-in worlds and the tested gym ids: id, observation and action"
    + " spaces, description.", "Any other gym id with Discrete or Box spaces works too as gym:<id> (docs/gym.md).",
    "Any world slowed by a fixed wait per step: slow:<n>ms:<id> or slow:<n>us:<id>, e.g. slow:1ms:CartPole-v1"
        + " (docs/envs.md)."})
public final class EnvsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "OBSERVATION", "ACTIONS", "DESCRIPTION"});
    for (WorldEntry w : EnvRegistry.worlds()) {
      try (Env<?, ?> env = w.factory().get()) {
        rows.add(new String[] {w.id(), String.valueOf(env.spec().observationSpace()),
            String.valueOf(env.spec().actionSpace()), w.description()});
      }
    }
    for (MultiWorldEntry w : EnvRegistry.multiAgentWorlds()) {
      try (MultiAgentEnv<?> env = w.factory().get()) {
        MultiAgentSpec<?> s = env.spec();
        rows.add(new String[] {w.id(), s.observationSpace(0) + " per agent", s.actionSpace(0) + " per agent",
            "[multi-agent, " + s.numAgents() + " agents] " + w.description()});
      }
    }
    for (Gym.SupportedId g : Gym.SUPPORTED) {
      rows.add(new String[] {Gym.PREFIX + g.id(), g.observation(), g.action(),
          "[real gym 0.21, in the JVM or with --gym-url] " + g.note()});
    }
    int[] width = new int[3];
    for (String[] r : rows) {
      for (int c = 0; c < 3; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String[] r : rows) {
      out.println(String.format("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s", (Object[]) r)
          .stripTrailing());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
