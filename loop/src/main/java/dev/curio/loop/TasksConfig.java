package dev.curio.loop;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import java.util.List;
import java.util.Objects;

/**
 * The worlds of a multi-task run (keys {@code tasks.*}): one policy trained on several worlds at once,
 * each world a task with its own envs (columns) and reward scale. An empty {@link #ids} list, the
 * default, is a single-task run on {@code env}.
 *
 * <p>What {@link TrainConfig} checks against the rest of the config (that {@link #envs} sums to
 * {@code numEnvs}, or that {@code numEnvs} splits evenly) it checks there, since only it knows
 * {@code numEnvs}; this class checks what the section alone can tell.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class TasksConfig {
  /** World ids, one per task, in task order (task j is {@code ids.get(j)}); empty: a single-task run. */
  private final List<String> ids;
  /** Envs per task, in task order; empty: {@code numEnvs} split evenly. */
  private final List<Integer> envs;
  /** Factor on each task's extrinsic reward in the trajectory, in task order; empty: all 1. */
  private final List<Double> rewardScale;

  private TasksConfig(Builder b) {
    Check.notNull("tasks.ids", b.ids);
    Check.notNull("tasks.envs", b.envs);
    Check.notNull("tasks.rewardScale", b.rewardScale);
    this.ids = List.copyOf(b.ids);
    this.envs = List.copyOf(b.envs);
    this.rewardScale = List.copyOf(b.rewardScale);
    for (String id : ids) {
      Check.that(!id.isBlank(), "tasks.ids", "lists an empty world id in " + ids);
    }
    if (ids.size() == 1) {
      throw new ConfigException("tasks.ids", "lists one world (" + ids.get(0) + "); a multi-task run needs two or"
          + " more, a single-task run sets env instead");
    }
    if (ids.isEmpty()) {
      Check.that(envs.isEmpty(), "tasks.envs", "is " + envs + " but tasks.ids is empty (a single-task run);"
          + " list the tasks' worlds in tasks.ids, or remove tasks.envs");
      Check.that(rewardScale.isEmpty(), "tasks.rewardScale", "is " + rewardScale + " but tasks.ids is empty"
          + " (a single-task run); list the tasks' worlds in tasks.ids, or remove tasks.rewardScale");
      return;
    }
    if (!envs.isEmpty()) {
      Check.that(envs.size() == ids.size(), "tasks.envs", "has " + envs.size() + " entries " + envs + " but tasks.ids"
          + " has " + ids.size() + " worlds; give one env count per task");
      for (int j = 0; j < envs.size(); j++) {
        Check.that(envs.get(j) >= 1, "tasks.envs", "entry " + j + " (" + ids.get(j) + ") must be >= 1, got "
            + envs.get(j));
      }
    }
    if (!rewardScale.isEmpty()) {
      Check.that(rewardScale.size() == ids.size(), "tasks.rewardScale", "has " + rewardScale.size() + " entries "
          + rewardScale + " but tasks.ids has " + ids.size() + " worlds; give one scale per task");
      for (int j = 0; j < rewardScale.size(); j++) {
        double s = rewardScale.get(j);
        Check.that(s > 0 && Double.isFinite(s), "tasks.rewardScale", "entry " + j + " (" + ids.get(j)
            + ") must be a finite number > 0, got " + s);
      }
    }
  }

  /** A single-task run: no tasks listed. */
  public static TasksConfig none() {
    return builder().build();
  }

  /** Tasks on these worlds, envs split evenly, every reward scale 1. */
  public static TasksConfig of(List<String> ids) {
    return builder().ids(ids).build();
  }

  /** Whether the run trains on several worlds ({@link #ids} is not empty). */
  public boolean multiTask() {
    return !ids.isEmpty();
  }

  /** Tasks the policy is trained on: the number of {@link #ids}, or 1 for a single-task run. */
  public int count() {
    return Math.max(1, ids.size());
  }

  /**
   * The run's label, its {@code env} in a multi-task run: {@code tasks:} and the ids joined by
   * {@code +}, e.g. {@code tasks:MiniGrid-Empty-5x5-v0+maze:open-7x7}.
   *
   * @throws IllegalStateException for a single-task run, which is labelled by its env
   */
  public String label() {
    if (!multiTask()) {
      throw new IllegalStateException("a single-task run is labelled by its env, not by tasks");
    }
    return LABEL_PREFIX + String.join("+", ids);
  }

  /** What every multi-task run's label starts with. */
  public static final String LABEL_PREFIX = "tasks:";

  /**
   * Envs of each task for a run of {@code numEnvs} envs: {@link #envs} when given (it must sum to
   * {@code numEnvs}), else {@code numEnvs} split evenly (it must divide).
   *
   * @throws ConfigException naming {@code tasks.envs} when neither holds
   */
  public int[] envsPerTask(int numEnvs) {
    int n = count();
    if (!envs.isEmpty()) {
      int[] out = envs.stream().mapToInt(Integer::intValue).toArray();
      long sum = 0;
      for (int e : out) {
        sum += e;
      }
      if (sum != numEnvs) {
        throw new ConfigException("tasks.envs", envs + " sums to " + sum + " envs, but numEnvs is " + numEnvs
            + "; the tasks' envs must add up to numEnvs");
      }
      return out;
    }
    if (numEnvs % n != 0) {
      throw new ConfigException("tasks.envs", "not given, so numEnvs " + numEnvs + " is split evenly over the " + n
          + " tasks, but " + n + " does not divide it; set numEnvs to a multiple of " + n + " or give tasks.envs");
    }
    int[] out = new int[n];
    java.util.Arrays.fill(out, numEnvs / n);
    return out;
  }

  /** The reward scale of task {@code task} (1 unless {@link #rewardScale} says otherwise). */
  public double scale(int task) {
    return rewardScale.isEmpty() ? 1.0 : rewardScale.get(task);
  }

  public List<String> ids() {
    return ids;
  }

  public List<Integer> envs() {
    return envs;
  }

  public List<Double> rewardScale() {
    return rewardScale;
  }

  /** A builder at {@link #none()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ids = ids;
    b.envs = envs;
    b.rewardScale = rewardScale;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TasksConfig o
        && ids.equals(o.ids)
        && envs.equals(o.envs)
        && rewardScale.equals(o.rewardScale);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ids, envs, rewardScale);
  }

  @Override
  public String toString() {
    return "TasksConfig[ids=" + ids + ", envs=" + envs + ", rewardScale=" + rewardScale + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private List<String> ids = List.of();
    private List<Integer> envs = List.of();
    private List<Double> rewardScale = List.of();

    private Builder() {}

    public Builder ids(List<String> ids) {
      this.ids = ids;
      return this;
    }

    public Builder envs(List<Integer> envs) {
      this.envs = envs;
      return this;
    }

    public Builder rewardScale(List<Double> rewardScale) {
      this.rewardScale = rewardScale;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public TasksConfig build() {
      return new TasksConfig(this);
    }
  }
}
