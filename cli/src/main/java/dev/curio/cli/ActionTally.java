package dev.curio.cli;

import dev.curio.core.trajectory.Trajectory;
import dev.curio.rewards.IntrinsicReward;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a trained agent does with its actions ({@code curio eval --actions}): for each discrete
 * action, the share of the evaluated steps that took it, the share of those that left the
 * observation unchanged (a turn into nothing, a pickup with nothing in front), and the mean reward
 * each of the run's intrinsic modules gives such a step, as the loop would receive it (after the
 * module's own normalisation, before its coefficient); and how many distinct observations an
 * episode shows. A policy that farms a bonus shows it here: a stream that pays more for a step
 * that changes nothing than for one that moves, or an action that fills most of the steps.
 *
 * <p>Each scored module sees every evaluated episode once, whole, as a trajectory of one env, with
 * the parameters and statistics of the checkpoint; nothing is trained. Per-env episode state
 * (NovelD's first-visit sets, the episodic count's) starts empty for each, as for an episode in
 * training. Modules fed step by step
 * ({@link IntrinsicReward#hasStepHooks}: episodic curiosity, whose memory fills as the episode is
 * played) are named without a column.
 */
final class ActionTally implements Evaluation.StepListener {
  private final int actions;
  private final int[] obsShape;
  private final List<IntrinsicReward> scored = new ArrayList<>();
  private final List<String> unscored = new ArrayList<>();
  private final long[] taken;
  private final long[] unchanged;
  private final double[][] bonus;
  /** Per module, the reward summed over the steps that left the observation unchanged, and over the others. */
  private final double[][] bonusBySame;
  private final long[] stepsBySame = new long[2];
  private final Map<Integer, Episode> open = new HashMap<>();
  private long distinct;
  private int episodes;

  /** One episode's steps so far. */
  private static final class Episode {
    final List<float[]> obs = new ArrayList<>();
    final List<float[]> next = new ArrayList<>();
    final List<Integer> acts = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
  }

  /**
   * @param actions the number of discrete actions
   * @param obsShape one observation's shape as the modules take it
   * @param modules the run's intrinsic modules, restored from its checkpoint
   */
  ActionTally(int actions, int[] obsShape, List<IntrinsicReward> modules) {
    this.actions = actions;
    this.obsShape = obsShape.clone();
    for (IntrinsicReward m : modules) {
      if (IntrinsicReward.hasStepHooks(m)) {
        unscored.add(m.stream().name());
      } else {
        // the checkpoint's per-env episode state (NovelD's first-visit sets, the episodic count) belongs to
        // training's episodes under way, not to the evaluated ones; the loop is thrown away after
        m.envsRestarted();
        scored.add(m);
      }
    }
    taken = new long[actions];
    unchanged = new long[actions];
    bonus = new double[scored.size()][actions];
    bonusBySame = new double[scored.size()][2];
  }

  @Override
  public void step(int episode, float[] obs, int action, float[] next, boolean done) {
    Episode e = open.computeIfAbsent(episode, k -> new Episode());
    if (e.obs.isEmpty()) {
      e.seen.add(Arrays.toString(obs));
    }
    e.obs.add(obs.clone());
    e.next.add(next.clone());
    e.acts.add(action);
    e.seen.add(Arrays.toString(next));
    taken[action]++;
    if (Arrays.equals(obs, next)) {
      unchanged[action]++;
    }
    if (done) {
      score(open.remove(episode));
    }
  }

  private void score(Episode e) {
    episodes++;
    distinct += e.seen.size();
    if (scored.isEmpty()) {
      return;
    }
    int t = e.obs.size();
    int dim = e.obs.get(0).length;
    float[] obs = new float[t * dim];
    float[] next = new float[t * dim];
    float[] acts = new float[t];
    boolean[] same = new boolean[t];
    for (int i = 0; i < t; i++) {
      same[i] = Arrays.equals(e.obs.get(i), e.next.get(i));
      stepsBySame[same[i] ? 1 : 0]++;
      System.arraycopy(e.obs.get(i), 0, obs, i * dim, dim);
      System.arraycopy(e.next.get(i), 0, next, i * dim, dim);
      acts[i] = e.acts.get(i);
    }
    long[] shape = new long[2 + obsShape.length];
    shape[0] = t;
    shape[1] = 1;
    for (int i = 0; i < obsShape.length; i++) {
      shape[2 + i] = obsShape[i];
    }
    Trajectory rollout = Trajectory.builder(obsShape)
        .observations(Nd4j.create(obs, shape, DataType.FLOAT))
        .nextObservations(Nd4j.create(next, shape, DataType.FLOAT))
        .actions(Nd4j.create(acts, new long[] {t, 1}, DataType.FLOAT))
        .rewards(Nd4j.zeros(DataType.FLOAT, t, 1))
        .terminated(Nd4j.zeros(DataType.FLOAT, t, 1))
        .truncated(Nd4j.zeros(DataType.FLOAT, t, 1))
        .logProbs(Nd4j.zeros(DataType.FLOAT, t, 1))
        .policyParams(Nd4j.zeros(DataType.FLOAT, t, 1, actions))
        .values(Nd4j.zeros(DataType.FLOAT, t, 1, 1))
        .versions(new long[t])
        .taskIds(new int[1])
        .agents(1)
        .build();
    for (int m = 0; m < scored.size(); m++) {
      INDArray r = scored.get(m).compute(rollout);
      float[] v = r.castTo(DataType.FLOAT).dup('c').data().asFloat();
      for (int i = 0; i < t; i++) {
        bonus[m][e.acts.get(i)] += v[i];
        bonusBySame[m][same[i] ? 1 : 0] += v[i];
      }
    }
  }

  private static String meanOrDash(double sum, long n) {
    return n == 0 ? "-" : String.format(Locale.ROOT, "%.4f", sum / n);
  }

  /** The table, one row per action and a last row over all steps. */
  void print(PrintWriter out) {
    long steps = Arrays.stream(taken).sum();
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "actions over %,d steps of %d episodes:"
        + " share of steps, share that left the observation unchanged", steps, episodes));
    if (!scored.isEmpty()) {
      head.append(", mean reward of each module");
    }
    out.println(head);
    StringBuilder cols = new StringBuilder(String.format(Locale.ROOT, "  %-6s %7s %10s", "action", "share", "unchanged"));
    for (IntrinsicReward m : scored) {
      cols.append(String.format(Locale.ROOT, " %10s", m.stream().name()));
    }
    out.println(cols);
    for (int a = 0; a <= actions; a++) {
      boolean all = a == actions;
      long n = all ? steps : taken[a];
      long same = all ? Arrays.stream(unchanged).sum() : unchanged[a];
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-6s %7.3f %10s", all ? "all" : a,
          steps == 0 ? 0.0 : n / (double) steps, n == 0 ? "-" : String.format(Locale.ROOT, "%.3f", same / (double) n)));
      for (int m = 0; m < scored.size(); m++) {
        double sum = all ? Arrays.stream(bonus[m]).sum() : bonus[m][a];
        row.append(n == 0 ? String.format(Locale.ROOT, " %10s", "-") : String.format(Locale.ROOT, " %10.4f", sum / n));
      }
      out.println(row);
    }
    for (int m = 0; m < scored.size(); m++) {
      out.printf(Locale.ROOT, "%s: mean reward %s for a step that left the observation unchanged, %s for one that"
          + " changed it%n", scored.get(m).stream().name(), meanOrDash(bonusBySame[m][1], stepsBySame[1]),
          meanOrDash(bonusBySame[m][0], stepsBySame[0]));
    }
    out.printf(Locale.ROOT, "distinct observations per episode: %.1f (mean over %d episodes)%n",
        episodes == 0 ? 0.0 : distinct / (double) episodes, episodes);
    if (!unscored.isEmpty()) {
      out.println("not scored (fed step by step during training): " + String.join(", ", unscored));
    }
    out.flush();
  }
}
