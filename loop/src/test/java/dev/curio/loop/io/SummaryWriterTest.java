package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.LearnerStats;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunControl;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunStart;
import dev.curio.loop.TrainConfig;
import dev.curio.rewards.UpdateStats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json while a run goes, and the wall time of a process that never reached its end. */
class SummaryWriterTest {
  @TempDir
  Path tmp;

  private static final TrainConfig CONFIG = TrainConfig.builder().env("chain-10").seed(3).build();

  private static RunStart start(int iteration) {
    return RunStart.builder().config(CONFIG).envId("chain-10").obsShape(new int[] {10}).numActions(2)
        .streams(List.of("extrinsic")).iteration(iteration).globalStep(iteration * 1024L).control(new RunControl())
        .numAgents(1).build();
  }

  private static IterationReport iteration(int i) {
    return IterationReport.builder().iteration(i).globalStep(i * 1024L).meanReturn(0.5)
        .learner(LearnerStats.builder().build()).rewardStats(UpdateStats.of()).control(new RunControl()).build();
  }

  @Test
  void aKilledProcessLeavesARunningSummaryWhoseWallTimeTheResumeKeeps() throws Exception {
    Path file = tmp.resolve("summary.json");
    SummaryWriter killed = new SummaryWriter(file, 0);
    killed.onStart(start(0));
    Thread.sleep(30);
    killed.onIteration(iteration(1));
    Thread.sleep(30);
    killed.onIteration(iteration(2)); // then the process dies: no onEnd
    RunSummary left = RunSummary.read(file);
    assertEquals("running", left.status());
    assertEquals(2, left.iterations());
    assertTrue(left.wallSeconds() >= 0.05, "the killed process's time is on record: " + left.wallSeconds());

    SummaryWriter resumed = new SummaryWriter(file, 0);
    resumed.onStart(start(2));
    resumed.onEnd(new RunEnd(4, 4096, 0.9, 0.9, null, null));
    RunSummary done = RunSummary.read(file);
    assertEquals("completed", done.status());
    assertTrue(done.wallSeconds() >= left.wallSeconds(), done.wallSeconds() + " counts " + left.wallSeconds());
  }
}
