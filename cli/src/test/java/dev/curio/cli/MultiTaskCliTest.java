package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.io.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curio train --tasks}: one policy on two small mazes, its run directory, resume and eval, and its errors. */
class MultiTaskCliTest {
  private static final String TASKS = "maze:open-7x7-ego5,maze:corridor-ego5";
  /** 4 envs x 32 steps = 128 steps per iteration; 768 steps = 6 iterations. */
  private static final String[] TINY = {"train", "-q", "--tasks", TASKS, "--steps", "768", "--num-envs", "4",
      "--set", "rolloutLength=32", "--set", "network.torso=mlp", "--set", "network.hidden=[16]",
      "--set", "ppo.epochs=1", "--set", "tasks.rewardScale=1,10"};

  @TempDir
  Path tmp;

  private static String[] args(String... tail) {
    return Stream.concat(Arrays.stream(TINY), Stream.of(tail)).toArray(String[]::new);
  }

  /** The metrics without the columns that time the run. */
  private static List<String> untimed(Path metrics) throws Exception {
    List<String> rows = Files.readAllLines(metrics);
    List<String> header = List.of(rows.get(0).split(","));
    List<Integer> timed = Stream.of("sps", "collect_s", "reward_s", "learn_s").map(header::indexOf).toList();
    return rows.stream().map(r -> {
      String[] cells = r.split(",", -1);
      StringBuilder kept = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        if (!timed.contains(i)) {
          kept.append(cells[i]).append(',');
        }
      }
      return kept.toString();
    }).toList();
  }

  @Test
  void aMultiTaskRunWritesPerTaskColumnsResumesIdenticallyAndEvaluatesEachTask() throws Exception {
    Path whole = tmp.resolve("whole");
    Cli.Result w = Cli.run(args("--run-dir", whole.toString()));
    assertEquals(0, w.exit(), w.toString());
    List<String> header = List.of(Files.readAllLines(whole.resolve("metrics.csv")).get(0).split(","));
    assertTrue(header.containsAll(List.of("task0_return", "task1_return", "task0_success", "task1_success")),
        header.toString());
    String config = Files.readString(whole.resolve("config.yaml"));
    assertTrue(config.contains("env: tasks:maze:open-7x7-ego5+maze:corridor-ego5"), config);

    Path resumed = tmp.resolve("resumed");
    RunObserver stopAfter3 = new RunObserver() {
      @Override
      public void onIteration(IterationReport r) {
        if (r.iteration() == 3) {
          r.control().stop("test stop");
        }
      }
    };
    Cli.Result first = Cli.run(cl -> Cli.train(cl).extraObservers.add(stopAfter3), args("--run-dir", resumed.toString()));
    assertEquals(0, first.exit(), first.toString());
    Cli.Result second = Cli.run("train", "-q", "--resume", resumed.toString());
    assertEquals(0, second.exit(), second.toString());
    assertEquals(untimed(whole.resolve("metrics.csv")), untimed(resumed.resolve("metrics.csv")),
        "a resumed multi-task run ends where the unbroken one does");
    assertEquals(6, MetricsCsv.read(resumed.resolve("metrics.csv"), "iteration").length);

    Cli.Result eval = Cli.run("eval", "--run", whole.toString(), "--episodes", "2", "-q");
    assertEquals(0, eval.exit(), eval.toString());
    assertTrue(eval.out().contains("task 0 (maze:open-7x7-ego5): mean return "), eval.out());
    assertTrue(eval.out().contains("task 1 (maze:corridor-ego5): mean return "), eval.out());
    assertTrue(eval.out().contains("mean return over the 2 tasks "), eval.out());
  }

  @Test
  void badTaskListsAreOneLineUserErrors() {
    Path dir = tmp.resolve("never");
    Cli.Result unknown = Cli.run("train", "--tasks", "maze:open-7x7-ego5,maze:opn-7x7-ego5", "--run-dir", dir.toString());
    assertEquals(2, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().startsWith("curio train: tasks.ids: unknown env 'maze:opn-7x7-ego5' (did you mean"
        + " 'maze:open-7x7-ego5'?)"), unknown.err());
    assertEquals(1, unknown.err().strip().lines().count(), "one line, no stack trace: " + unknown.err());

    Cli.Result both = Cli.run("train", "--tasks", TASKS, "--env", "maze:open-7x7", "--run-dir", dir.toString());
    assertEquals(2, both.exit(), both.toString());
    assertTrue(both.err().contains("--tasks and --env cannot be combined"), both.err());

    Cli.Result shapes = Cli.run("train", "--tasks", "maze:open-7x7-pos,maze:corridor-pos", "--run-dir", dir.toString());
    assertEquals(2, shapes.exit(), shapes.toString());
    assertTrue(shapes.err().contains("tasks.ids: maze:open-7x7-pos observes Box(0.0, 1.0, shape=[49]) but"
        + " maze:corridor-pos observes Box(0.0, 1.0, shape=[48]); tasks need one observation shape"), shapes.err());

    Cli.Result scales = Cli.run("train", "--tasks", TASKS, "--set", "tasks.rewardScale=1,2,3", "--run-dir",
        dir.toString());
    assertEquals(2, scales.exit(), scales.toString());
    assertTrue(scales.err().contains("tasks.rewardScale: has 3 entries [1.0, 2.0, 3.0] but tasks.ids has 2 worlds"),
        scales.err());

    Cli.Result multiAgent = Cli.run("train", "--tasks", "maze:open-7x7-ego5,social:rendezvous-7", "--run-dir",
        dir.toString());
    assertEquals(2, multiAgent.exit(), multiAgent.toString());
    assertTrue(multiAgent.err().contains("tasks.ids: 'social:rendezvous-7' is a multi-agent world"), multiAgent.err());
    assertFalse(Files.exists(dir), "nothing was written for a refused run");
  }

  @Test
  void printConfigShowsTheTasksAndTheirLabel() {
    Cli.Result r = Cli.run("train", "--tasks", TASKS, "--set", "tasks.envs=2,6", "--print-config");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("env: tasks:maze:open-7x7-ego5+maze:corridor-ego5"), r.out());
    assertTrue(r.out().contains("tasks:\n  ids:\n  - maze:open-7x7-ego5\n  - maze:corridor-ego5\n  envs:\n  - 2\n  - 6\n"),
        r.out());
  }
}
