package dev.curio.loop.io;

import dev.curio.agents.LearnerStats;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.RunStart;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one CSV row per iteration, flushed as it is written, so a crashed run keeps its metrics.
 * The columns are {@link #BASE_COLUMNS} and, for each reward stream in value-head order,
 * {@code <name>_reward} (mean reward per step), {@code <name>_return} (mean return target) and
 * {@code <name>_adv_share} (its share of the mixed advantage), then {@code agent<m>_return} per agent
 * of a multi-agent world and {@link #COLLECTIVE_RETURN} (the rolling mean of the sum of the agents'
 * returns), the four {@link #SOCIAL_COLUMNS} for a world that reports frozen agents (Harvest: the
 * rolling means of Perolat et al.'s efficiency, equality, sustainability and peace), {@code task<j>_return} and {@code task<j>_success} per task of a
 * multi-task run (its rolling mean return in the world's own units, and the share of its window's
 * episodes that terminated with a positive return) and, with {@code nonFinite: skip}, {@link #NONFINITE_SKIPPED} (1 when the
 * iteration skipped an update for a NaN or infinite value) and, with actor threads, {@link
 * #ACTOR_ROLLOUTS} (rollouts learned from per actor) and {@link #DROPPED_TRAJECTORIES} (a running count). A value not known (the mean return
 * before the first episode ends, the learner's statistics of an iteration it skipped) is written
 * {@code NaN}.
 *
 * <p>When a run resumes at iteration {@code i}, the file must reach row {@code i}, and that row must
 * have the checkpoint's steps ({@link #rowsAfter}); it is then kept up to row {@code i} (rows written
 * after the checkpoint, by a crash between checkpoints or before a fall back to the previous
 * checkpoint, are dropped, as the resumed run redoes them) and new rows are appended. A file that
 * ends before row {@code i} is refused and left as it is: its rows are not the checkpoint's run, or
 * some are lost, and appending would leave a gap.
 */
public final class MetricsCsv implements RunObserver, AutoCloseable {
  /** The columns every run has, in order. */
  public static final List<String> BASE_COLUMNS = List.of("iteration", "steps", "mean_return", "mean_length",
      "episodes", "sps", "collect_s", "reward_s", "learn_s", "policy_loss", "value_loss", "entropy", "approx_kl", "clip_fraction",
      "grad_norm", "explained_variance", "learning_rate");

  /** The column of multi-agent runs: the rolling mean of the episodes' collective return (the agents' returns summed). */
  public static final String COLLECTIVE_RETURN = "collective_return";

  /**
   * The columns of runs on a world that reports frozen agents, in this order: the rolling means of the
   * social-dilemma metrics efficiency, equality, sustainability and peace ({@code SocialMetrics}).
   */
  public static final List<String> SOCIAL_COLUMNS = List.of("social_efficiency", "social_equality",
      "social_sustainability", "social_peace");

  /** The column of runs with {@code nonFinite: skip}: 1 when the iteration skipped an update, else 0. */
  public static final String NONFINITE_SKIPPED = "nonfinite_skipped";
  /**
   * The last column of a run with actor threads ({@code impala.actors} > 0): trajectories dropped so far for
   * acting more than {@code impala.maxStaleness} policy versions before the learner's.
   */
  public static final String DROPPED_TRAJECTORIES = "dropped_trajectories";
  /**
   * The column before {@link #DROPPED_TRAJECTORIES} in a run with actors: per actor, the rollouts learned
   * from so far, as {@code index:count} pairs in index order separated by spaces ({@code 0:40 1:38 2:5});
   * an actor node that joined late appears when its first rollout is learned from.
   */
  public static final String ACTOR_ROLLOUTS = "actor_rollouts";

  private final Path file;
  private List<String> streams = List.of();
  private boolean skipColumn;
  private boolean droppedColumn;
  private boolean collectiveColumn;
  private boolean socialColumns;
  /**
   * When a resumed run's file was written before some of this run's columns existed: for each of the
   * file's columns, its index among this run's; null when the file has this run's header.
   */
  private int[] projection;
  private Writer out;

  public MetricsCsv(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  public Path file() {
    return file;
  }

  /** The header for a single-agent run with these reward streams. */
  public static List<String> columns(List<String> streams) {
    return columns(streams, 1);
  }

  /** The header for a run with these reward streams and agents per env ({@code agent<m>_return} when more than one). */
  public static List<String> columns(List<String> streams, int agents) {
    return columns(streams, agents, false);
  }

  /**
   * The header for a run with these reward streams and agents per env, and {@link #NONFINITE_SKIPPED}
   * last when {@code skipsNonFinite} ({@code nonFinite: skip}).
   */
  public static List<String> columns(List<String> streams, int agents, boolean skipsNonFinite) {
    return columns(streams, agents, 1, skipsNonFinite);
  }

  /**
   * The header for a run with these reward streams, agents per env and tasks ({@code task<j>_return}
   * and {@code task<j>_success} when more than one), and {@link #NONFINITE_SKIPPED} last when
   * {@code skipsNonFinite}.
   */
  public static List<String> columns(List<String> streams, int agents, int tasks, boolean skipsNonFinite) {
    return columns(streams, agents, false, tasks, skipsNonFinite);
  }

  /**
   * The header for a run with these reward streams, agents per env ({@code agent<m>_return} and
   * {@link #COLLECTIVE_RETURN} when more than one), the {@link #SOCIAL_COLUMNS} when {@code social}, tasks
   * ({@code task<j>_return} and {@code task<j>_success} when more than one), and {@link #NONFINITE_SKIPPED}
   * last when {@code skipsNonFinite}.
   */
  public static List<String> columns(List<String> streams, int agents, boolean social, int tasks,
                                     boolean skipsNonFinite) {
    List<String> cols = new ArrayList<>(BASE_COLUMNS);
    for (String s : streams) {
      cols.add(s + "_reward");
      cols.add(s + "_return");
      cols.add(s + "_adv_share");
    }
    for (int m = 0; agents > 1 && m < agents; m++) {
      cols.add("agent" + m + "_return");
    }
    if (agents > 1) {
      cols.add(COLLECTIVE_RETURN);
    }
    if (social) {
      cols.addAll(SOCIAL_COLUMNS);
    }
    for (int j = 0; tasks > 1 && j < tasks; j++) {
      cols.add("task" + j + "_return");
    }
    for (int j = 0; tasks > 1 && j < tasks; j++) {
      cols.add("task" + j + "_success");
    }
    if (skipsNonFinite) {
      cols.add(NONFINITE_SKIPPED);
    }
    return cols;
  }

  @Override
  public void onStart(RunStart start) {
    streams = List.copyOf(start.streams());
    skipColumn = start.config().skipsNonFinite();
    collectiveColumn = start.numAgents() > 1;
    socialColumns = start.socialMetrics();
    List<String> cols = columns(streams, start.numAgents(), socialColumns, start.config().tasks().count(), skipColumn);
    droppedColumn = start.config().impala().actors() > 0;
    if (droppedColumn) {
      cols.add(ACTOR_ROLLOUTS);
      cols.add(DROPPED_TRAJECTORIES);
    }
    String header = String.join(",", cols);
    projection = null;
    try {
      if (start.iteration() > 0 && Files.exists(file)) {
        keepRowsUpTo(start.iteration(), start.globalStep(), cols);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } else {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(header);
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void keepRowsUpTo(int iteration, long globalStep, List<String> cols) throws IOException {
    String header = String.join(",", cols);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    if (lines.isEmpty()) {
      throw new IOException("its header is not the one this run writes (" + header + ")");
    }
    if (!lines.get(0).equals(header)) {
      projection = olderLayout(List.of(lines.get(0).split(",", -1)), cols);
      if (projection == null) {
        throw new IOException("its header is not the one this run writes (" + header + ")");
      }
    }
    List<String> kept = new ArrayList<>();
    // rewritten only when rows go, or the last one lost its line end (appending would join two rows)
    if (plan(lines, iteration, globalStep, kept) > 0 || !text.endsWith("\n")) {
      AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
    }
  }

  /** Columns a file written before they existed may lack; a resumed run then goes on without them. */
  static final List<String> ADDED_LATER = List.of("collective_return", "social_efficiency", "social_equality",
      "social_sustainability", "social_peace", ACTOR_ROLLOUTS);

  /**
   * For a file whose header {@code old} is this run's {@code cols} without some {@link #ADDED_LATER}
   * columns (same order otherwise), each old column's index in {@code cols}; else null.
   */
  static int[] olderLayout(List<String> old, List<String> cols) {
    int[] idx = new int[old.size()];
    int at = 0;
    for (int i = 0; i < old.size(); i++) {
      while (at < cols.size() && !cols.get(at).equals(old.get(i))) {
        if (!ADDED_LATER.contains(cols.get(at))) {
          return null;
        }
        at++;
      }
      if (at == cols.size()) {
        return null;
      }
      idx[i] = at++;
    }
    for (; at < cols.size(); at++) {
      if (!ADDED_LATER.contains(cols.get(at))) {
        return null;
      }
    }
    return idx;
  }

  /**
   * Checks that the metrics file {@code file} can continue a run restored at {@code iteration} with
   * {@code globalStep} env steps, without changing it: its rows must reach row {@code iteration},
   * and that row's {@code steps} must be {@code globalStep}. Returns how many rows come after that
   * row, which {@link #onStart} will drop when the run resumes (the resumed run redoes those
   * iterations); a last line cut off by a crash counts as one of them.
   *
   * @throws java.nio.file.NoSuchFileException when there is no such file
   * @throws IOException with a one-line message when the rows cannot continue that checkpoint
   */
  public static int rowsAfter(Path file, int iteration, long globalStep) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("it is not UTF-8 text (a metrics file holds CSV rows)", e);
    }
    return plan(lines, iteration, globalStep, new ArrayList<>());
  }

  /**
   * Puts into {@code kept} the header and the rows up to {@code iteration}, and returns how many
   * rows come after; refuses rows that end before {@code iteration} or disagree on its steps.
   */
  private static int plan(List<String> lines, int iteration, long globalStep, List<String> kept) throws IOException {
    if (lines.isEmpty()) {
      throw new IOException("metrics file is empty (no header)");
    }
    kept.add(lines.get(0));
    int stepsColumn = List.of(lines.get(0).split(",", -1)).indexOf("steps");
    int last = 0;
    int after = 0;
    String stepsAtIteration = null;
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      int it;
      try {
        it = Integer.parseInt(cells[0]);
      } catch (NumberFormatException e) {
        if (n == lines.size() - 1) {
          after++; // a row cut off by a crash while it was written
          continue;
        }
        throw new IOException("line " + (n + 1) + " is not a row of metrics (its iteration is '" + abbreviate(cells[0]) + "')");
      }
      if (it > iteration) {
        after++;
        last = Math.max(last, it);
        continue;
      }
      kept.add(line);
      last = Math.max(last, it);
      if (it == iteration) {
        stepsAtIteration = stepsColumn >= 0 && stepsColumn < cells.length ? cells[stepsColumn] : "";
      }
    }
    if (iteration > 0 && stepsAtIteration == null) {
      throw new IOException(last < iteration
          ? "its rows end at iteration " + last + ", but the checkpoint is at iteration " + iteration
              + " (rows " + (last + 1) + "-" + iteration + " are missing)"
          : "it has no row for iteration " + iteration + ", the checkpoint's");
    }
    if (iteration > 0 && stepsColumn >= 0 && !stepsAtIteration.equals(Long.toString(globalStep))) {
      throw new IOException("its row for iteration " + iteration + " has steps '" + abbreviate(stepsAtIteration)
          + "', but the checkpoint has " + globalStep + " (not the same run)");
    }
    return after;
  }

  private static String abbreviate(String s) {
    return s.length() <= 20 ? s : s.substring(0, 20) + "...";
  }

  /** The {@link #ACTOR_ROLLOUTS} cell of these counts: {@code index:count} pairs separated by spaces. */
  static String actorRollouts(java.util.SortedMap<Integer, Long> counts) {
    StringBuilder cell = new StringBuilder();
    counts.forEach((a, c) -> cell.append(cell.length() == 0 ? "" : " ").append(a).append(':').append(c));
    return cell.toString();
  }

  @Override
  public void onIteration(IterationReport r) {
    if (out == null) {
      throw new IllegalStateException("MetricsCsv.onIteration before onStart");
    }
    LearnerStats l = r.learner();
    StringBuilder row = new StringBuilder(256);
    row.append(r.iteration()).append(',').append(r.globalStep());
    for (double v : new double[] {r.meanReturn(), r.meanLength()}) {
      row.append(',').append(number(v));
    }
    row.append(',').append(r.episodes());
    for (double v : new double[] {r.sps(), r.collectSeconds(), r.rewardSeconds(), r.learnSeconds(), l.policyLoss(), l.valueLoss(),
        l.entropy(), l.approxKl(), l.clipFraction(), l.gradNorm(), l.explainedVariance(), l.learningRate()}) {
      row.append(',').append(number(v));
    }
    for (String name : streams) {
      LearnerStats.StreamStats s = l.streams().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
      row.append(',').append(number(s == null ? Double.NaN : s.meanReward()))
          .append(',').append(number(s == null ? Double.NaN : s.meanReturn()))
          .append(',').append(number(s == null ? Double.NaN : s.advantageShare()));
    }
    for (double v : r.agentMeanReturns()) {
      row.append(',').append(number(v));
    }
    if (collectiveColumn) {
      row.append(',').append(number(r.collectiveMeanReturn()));
    }
    for (int j = 0; socialColumns && j < SOCIAL_COLUMNS.size(); j++) {
      double[] social = r.socialMetrics();
      row.append(',').append(number(j < social.length ? social[j] : Double.NaN));
    }
    for (double v : r.taskMeanReturns()) {
      row.append(',').append(number(v));
    }
    for (double v : r.taskSuccessRates()) {
      row.append(',').append(number(v));
    }
    if (skipColumn) {
      row.append(',').append(r.nonFiniteSkipped());
    }
    if (droppedColumn) {
      row.append(',').append(actorRollouts(r.actorRollouts()));
      row.append(',').append(r.droppedTrajectories());
    }
    if (projection != null) {
      String[] cells = row.toString().split(",", -1);
      StringBuilder older = new StringBuilder(row.length());
      for (int i = 0; i < projection.length; i++) {
        older.append(i == 0 ? "" : ",").append(cells[projection[i]]);
      }
      row = older;
    }
    try {
      out.write(row.append('\n').toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onEnd(RunEnd end) {
    close();
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
      } finally {
        out = null;
      }
    }
  }

  /** Six significant digits, shortest form; {@code NaN} for a missing value. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(new BigDecimal(v).round(new MathContext(6)).doubleValue());
  }

  /**
   * The values of some columns of a metrics file, row by row ({@code [rows][columns.length]}); a
   * column the file lacks reads as NaN.
   */
  public static double[][] read(Path file, String... columns) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return new double[0][];
    }
    List<String> header = List.of(lines.get(0).split(",", -1));
    int[] idx = new int[columns.length];
    for (int j = 0; j < columns.length; j++) {
      idx[j] = header.indexOf(columns[j]);
    }
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      double[] row = new double[columns.length];
      for (int j = 0; j < columns.length; j++) {
        row[j] = idx[j] < 0 || idx[j] >= cells.length ? Double.NaN : Double.parseDouble(cells[idx[j]]);
      }
      rows.add(row);
    }
    return rows.toArray(new double[0][]);
  }
}
