package dev.curio.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A decided claim: whether it holds, the claim in words, the outcome ("reached in 2 of 5 seeds,
 * needed 4") and every seed's result, the rival's after the agent's.
 */
public record Verdict(boolean holds, String claim, String outcome, List<SeedResult> agentSeeds,
                      List<SeedResult> rivalSeeds) {
  public Verdict {
    agentSeeds = List.copyOf(agentSeeds);
    rivalSeeds = List.copyOf(rivalSeeds);
  }

  /** One line: the claim and its outcome. */
  public String summary() {
    return (holds ? "holds: " : "claim failed: ") + claim + ": " + outcome;
  }

  /** The summary, then one line per seed with where its metrics and curve are. */
  public String report() {
    List<String> lines = new ArrayList<>();
    lines.add(summary());
    lines.addAll(Claim.rows(agentSeeds));
    lines.addAll(Claim.rows(rivalSeeds));
    return String.join("\n", lines);
  }
}
