package dev.curio.loop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curio.loop.TasksConfig;
import dev.curio.loop.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tasks} section: its defaults, comma lists from --set, the run's label and every check, by key. */
class TasksConfigTest {
  private static TrainConfig set(String... assignments) {
    ConfigLoader loader = new ConfigLoader();
    for (String a : assignments) {
      loader.set(a, "--set");
    }
    return loader.build();
  }

  private static String error(String... assignments) {
    return assertThrows(ConfigLoadException.class, () -> set(assignments)).getMessage();
  }

  @Test
  void noTasksIsASingleTaskRunOnEnvAsBefore() {
    TrainConfig d = TrainConfig.defaults();
    assertFalse(d.tasks().multiTask());
    assertEquals(1, d.tasks().count());
    assertEquals(TrainConfig.DEFAULT_ENV, d.env());
    assertEquals(d, ConfigLoader.fromYaml(ConfigLoader.toYaml(d)));
  }

  @Test
  void commaListsSetTheTasksAndTheRunIsLabelledByThem() {
    TrainConfig c = set("tasks.ids=MiniGrid-Empty-5x5-v0,maze:open-7x7", "tasks.rewardScale=1,1000", "tasks.envs=2, 6");
    assertEquals(List.of("MiniGrid-Empty-5x5-v0", "maze:open-7x7"), c.tasks().ids());
    assertEquals(List.of(1.0, 1000.0), c.tasks().rewardScale());
    assertEquals("tasks:MiniGrid-Empty-5x5-v0+maze:open-7x7", c.env());
    assertArrayEquals(new int[] {2, 6}, c.tasks().envsPerTask(c.numEnvs()));
    assertEquals(1000.0, c.tasks().scale(1));
    assertEquals(c, ConfigLoader.fromYaml(ConfigLoader.toYaml(c)), "config.yaml reads back to the same run");
    // without tasks.envs the 8 envs split evenly; brackets still work
    TrainConfig even = set("tasks.ids=[a, b]");
    assertArrayEquals(new int[] {4, 4}, even.tasks().envsPerTask(even.numEnvs()));
    assertEquals(1.0, even.tasks().scale(0));
  }

  @Test
  void listLengthsAndValuesAreCheckedByKey() {
    assertEquals("--set tasks.rewardScale=1,2,3: tasks.rewardScale: has 3 entries [1.0, 2.0, 3.0] but tasks.ids has 2"
        + " worlds; give one scale per task", error("tasks.ids=a,b", "tasks.rewardScale=1,2,3"));
    assertEquals("--set tasks.rewardScale=1,0: tasks.rewardScale: entry 1 (b) must be a finite number > 0, got 0.0",
        error("tasks.ids=a,b", "tasks.rewardScale=1,0"));
    assertEquals("--set tasks.rewardScale=-1,1: tasks.rewardScale: entry 0 (a) must be a finite number > 0, got -1.0",
        error("tasks.ids=a,b", "tasks.rewardScale=-1,1"));
    assertEquals("--set tasks.envs=3,3: tasks.envs: [3, 3] sums to 6 envs, but numEnvs is 8; the tasks' envs must add"
        + " up to numEnvs", error("tasks.ids=a,b", "tasks.envs=3,3"));
    assertEquals("--set tasks.envs=[8]: tasks.envs: has 1 entries [8] but tasks.ids has 2 worlds; give one env count per"
        + " task", error("tasks.ids=a,b", "tasks.envs=[8]"));
    assertEquals("tasks.envs: not given, so numEnvs 8 is split evenly over the 3 tasks, but 3 does not divide it; set"
        + " numEnvs to a multiple of 3 or give tasks.envs", error("tasks.ids=a,b,c").replaceFirst("^--set [^:]*: ", ""));
    assertEquals("--set tasks.ids=[a]: tasks.ids: lists one world (a); a multi-task run needs two or more, a single-task"
        + " run sets env instead", error("tasks.ids=[a]"));
    assertEquals("--set tasks.rewardScale=[2]: tasks.rewardScale: is [2.0] but tasks.ids is empty (a single-task run);"
        + " list the tasks' worlds in tasks.ids, or remove tasks.rewardScale", error("tasks.rewardScale=[2]"));
  }

  @Test
  void anEnvOtherThanTheTasksLabelIsRefused() {
    assertEquals("--set env=maze:open-7x7: env: is 'maze:open-7x7', but tasks.ids [a, b] makes this a multi-task run,"
        + " labelled 'tasks:a+b'; remove env (or set it to that label), or remove tasks.ids",
        error("env=maze:open-7x7", "tasks.ids=a,b"));
    assertEquals("tasks:a+b", set("env=tasks:a+b", "tasks.ids=a,b").env());
    assertEquals("--set env=tasks:a+b: env: 'tasks:a+b' labels a multi-task run, but tasks.ids is empty; list the"
        + " tasks' worlds in tasks.ids (or --tasks), or name one world in env", error("env=tasks:a+b"));
    TrainConfig multi = TrainConfig.defaults().withTasks(TasksConfig.of(List.of("a", "b")));
    assertEquals("tasks:a+b", multi.env());
    assertEquals("tasks:c+d", multi.withTasks(TasksConfig.of(List.of("c", "d"))).env());
    assertEquals(TrainConfig.DEFAULT_ENV, multi.withTasks(TasksConfig.none()).env());
  }
}
