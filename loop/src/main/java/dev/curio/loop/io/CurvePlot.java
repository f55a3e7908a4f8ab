package dev.curio.loop.io;

import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.RunStart;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws the learning curve, the rolling mean return against env steps, as a {@value #WIDTH} x
 * {@value #HEIGHT} PNG: every {@code every} iterations (with the checkpoints) and when the run ends.
 * Plain Java2D and ImageIO, no display needed (it runs headless).
 *
 * <p>When a run resumes, {@link #withHistory} names the run's {@code metrics.csv}, whose rows up to
 * the resumed iteration give the curve's beginning.
 *
 * <p>A multi-task run's chart also draws each task's own rolling mean return ({@code task<j>_return}),
 * one thin line per task in its own colour, with a legend; the thick line is then the mean over tasks.
 */
public final class CurvePlot implements RunObserver {
  public static final int WIDTH = 800;
  public static final int HEIGHT = 480;

  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 48;
  private static final int BOTTOM = 62;
  private static final Color LINE = new Color(31, 119, 180);
  private static final Color GRID = new Color(228, 228, 228);
  private static final Color PARTIAL = new Color(150, 150, 200);
  /** One colour per task, repeating after eight. */
  private static final Color[] TASK_COLORS = {new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
      new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
      new Color(188, 189, 34)};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    ImageIO.setUseCache(false);
  }

  private final Path png;
  private final int every;
  private final List<double[]> points = new ArrayList<>();
  /** Per task of a multi-task run, its points {@code [steps, taskMeanReturn]}; empty for one task. */
  private final List<List<double[]>> taskPoints = new ArrayList<>();
  private List<String> taskLabels = List.of();
  private Path history;
  private String title = "learning curve";
  private String yLabel = "mean return";
  private long totalSteps;
  private int window;

  /**
   * @param png where to write the image
   * @param every redraw every this many iterations (0: only at the end)
   */
  public CurvePlot(Path png, int every) {
    if (every < 0) {
      throw new IllegalArgumentException("plot interval must be >= 0, got " + every);
    }
    this.png = Objects.requireNonNull(png, "png");
    this.every = every;
  }

  /** Reads the curve's first part from a metrics file when the run resumes. */
  public CurvePlot withHistory(Path metricsCsv) {
    this.history = metricsCsv;
    return this;
  }

  public Path file() {
    return png;
  }

  /**
   * The points so far, {@code [steps, meanReturn, windowFull]}: {@code windowFull} is 1 once at least
   * {@code returnWindow} episodes have finished (the mean is over a full window), else 0.
   */
  public List<double[]> points() {
    return List.copyOf(points);
  }

  @Override
  public void onStart(RunStart start) {
    title = "mean return vs env steps: " + start.envId() + ", seed " + start.config().seed();
    yLabel = "mean return (last " + start.config().returnWindow() + " episodes)";
    totalSteps = (long) start.config().plannedIterations() * start.config().stepsPerIteration();
    window = start.config().returnWindow();
    points.clear();
    taskPoints.clear();
    taskLabels = start.config().tasks().ids();
    String[] columns = new String[4 + taskLabels.size()];
    columns[0] = "iteration";
    columns[1] = "steps";
    columns[2] = "mean_return";
    columns[3] = "episodes";
    for (int j = 0; j < taskLabels.size(); j++) {
      taskPoints.add(new ArrayList<>());
      columns[4 + j] = "task" + j + "_return";
    }
    if (start.iteration() > 0 && history != null && Files.exists(history)) {
      try {
        for (double[] row : MetricsCsv.read(history, columns)) {
          if (row[0] <= start.iteration() && Double.isFinite(row[2])) {
            points.add(new double[] {row[1], row[2], row[3] >= window ? 1 : 0});
          }
          for (int j = 0; j < taskPoints.size() && row[0] <= start.iteration(); j++) {
            if (Double.isFinite(row[4 + j])) {
              taskPoints.get(j).add(new double[] {row[1], row[4 + j]});
            }
          }
        }
      } catch (IOException | NumberFormatException e) {
        // a damaged history only shortens the curve
      }
    }
  }

  /** Per task of a multi-task run, its points {@code [steps, taskMeanReturn]} so far (empty for one task). */
  public List<List<double[]>> taskPoints() {
    return taskPoints.stream().map(List::copyOf).toList();
  }

  @Override
  public void onIteration(IterationReport r) {
    if (Double.isFinite(r.meanReturn())) {
      points.add(new double[] {r.globalStep(), r.meanReturn(), r.episodes() >= window ? 1 : 0});
    }
    double[] tasks = r.taskMeanReturns();
    for (int j = 0; j < Math.min(tasks.length, taskPoints.size()); j++) {
      if (Double.isFinite(tasks[j])) {
        taskPoints.get(j).add(new double[] {r.globalStep(), tasks[j]});
      }
    }
    if (every > 0 && r.iteration() % every == 0) {
      write();
    }
  }

  @Override
  public void onEnd(RunEnd end) {
    write();
  }

  /** Draws the current curve to the file (atomically). */
  public void write() {
    double xMax = Math.max(1, totalSteps);
    for (double[] p : points) {
      xMax = Math.max(xMax, p[0]);
    }
    BufferedImage image = draw(points, taskPoints, taskLabels, title, "env steps", yLabel, xMax);
    try {
      AtomicFiles.write(png, out -> {
        if (!ImageIO.write(image, "png", out)) {
          throw new IOException("no PNG writer available");
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }

  /**
   * A line chart of {@code points} ({@code [x, y]} pairs, in order) with the x axis from 0 to
   * {@code xMax}, tick labels on both axes, a title and axis labels.
   */
  public static BufferedImage draw(List<double[]> points, String title, String xLabel, String yLabel, double xMax) {
    return draw(points, List.of(), List.of(), title, xLabel, yLabel, xMax);
  }

  /**
   * {@link #draw(List, String, String, String, double)} with one thin line per task ({@code tasks.get(j)}
   * holds {@code [x, y]} pairs of task j, named {@code taskLabels.get(j)} in a legend) under the main curve.
   */
  public static BufferedImage draw(List<double[]> points, List<List<double[]>> tasks, List<String> taskLabels,
                                   String title, String xLabel, String yLabel, double xMax) {
    List<double[]> all = new ArrayList<>(points);
    tasks.forEach(all::addAll);
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      Text text = new Text(g);

      int w = WIDTH - LEFT - RIGHT;
      int h = HEIGHT - TOP - BOTTOM;
      double[] range = yRange(all);
      double yLo = range[0];
      double yHi = range[1];
      boolean flat = isFlat(all);
      double yStep = niceStep(yHi - yLo, 6);
      yLo = Math.floor(yLo / yStep) * yStep;
      yHi = Math.ceil(yHi / yStep) * yStep;
      double xStep = niceStep(xMax, 6);
      double xHi = Math.ceil(xMax / xStep) * xStep;
      Scale sx = new Scale(0, xHi, LEFT, LEFT + w);
      Scale sy = new Scale(yLo, yHi, TOP + h, TOP);

      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setStroke(new BasicStroke(1f));
      for (int i = 0; ; i++) {
        double v = i * xStep;
        if (v > xHi + xStep * 1e-6) {
          break;
        }
        int x = sx.px(v);
        g.setColor(GRID);
        g.drawLine(x, TOP, x, TOP + h);
        g.setColor(Color.DARK_GRAY);
        g.drawLine(x, TOP + h, x, TOP + h + 5);
        text.centred(formatTick(v, xStep, xHi), x, TOP + h + 20);
      }
      for (int i = 0; ; i++) {
        double v = yLo + i * yStep;
        if (v > yHi + yStep * 1e-6) {
          break;
        }
        int y = sy.px(v);
        g.setColor(GRID);
        g.drawLine(LEFT, y, LEFT + w, y);
        g.setColor(Color.DARK_GRAY);
        g.drawLine(LEFT - 5, y, LEFT, y);
        text.right(formatTick(v, yStep, Math.max(Math.abs(yLo), Math.abs(yHi))), LEFT - 8, y + 4);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, w, h);

      for (int j = 0; j < tasks.size(); j++) {
        Path2D.Double line = new Path2D.Double();
        for (double[] p : tasks.get(j)) {
          if (line.getCurrentPoint() == null) {
            line.moveTo(sx.exact(p[0]), sy.exact(p[1]));
          } else {
            line.lineTo(sx.exact(p[0]), sy.exact(p[1]));
          }
        }
        g.setColor(TASK_COLORS[j % TASK_COLORS.length]);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(line);
      }
      if (!tasks.isEmpty()) {
        // the legend, top left: each task's colour and id, then the thick line's meaning
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int y = TOP + 14;
        for (int j = 0; j < tasks.size(); j++, y += 14) {
          g.setColor(TASK_COLORS[j % TASK_COLORS.length]);
          g.fillRect(LEFT + 8, y - 8, 12, 3);
          g.setColor(Color.DARK_GRAY);
          text.left("task " + j + ": " + (j < taskLabels.size() ? taskLabels.get(j) : ""), LEFT + 26, y - 4);
        }
        g.setColor(LINE);
        g.fillRect(LEFT + 8, y - 9, 12, 4);
        g.setColor(Color.DARK_GRAY);
        text.left("mean over tasks", LEFT + 26, y - 4);
      }

      if (points.isEmpty()) {
        g.setColor(Color.GRAY);
        text.centred("no episode has finished yet", LEFT + w / 2, TOP + h / 2);
      } else {
        // points before the window is full in a pale blue-grey, dashed: their mean is over fewer episodes
        Path2D.Double partial = new Path2D.Double();
        Path2D.Double full = new Path2D.Double();
        boolean anyPartial = false;
        for (int i = 0; i < points.size(); i++) {
          double[] p = points.get(i);
          double x = sx.exact(p[0]);
          double y = sy.exact(p[1]);
          boolean isFull = p.length < 3 || p[2] > 0;
          anyPartial |= !isFull;
          Path2D.Double target = isFull ? full : partial;
          if (target.getCurrentPoint() == null) {
            // join a full segment to the last partial point so the curve stays connected
            if (isFull && i > 0) {
              target.moveTo(sx.exact(points.get(i - 1)[0]), sy.exact(points.get(i - 1)[1]));
              target.lineTo(x, y);
            } else {
              target.moveTo(x, y);
            }
          } else {
            target.lineTo(x, y);
          }
        }
        g.setColor(PARTIAL);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        g.draw(partial);
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(full);
        if (points.size() == 1) {
          g.setColor(anyPartial ? PARTIAL : LINE);
          g.fillOval(sx.px(points.get(0)[0]) - 3, sy.px(points.get(0)[1]) - 3, 7, 7);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int note = TOP + 16;
        if (anyPartial) {
          g.setColor(Color.DARK_GRAY);
          text.right("pale, dashed: fewer episodes finished than the window holds", LEFT + w - 8, note);
          note += 16;
        }
        if (flat) {
          g.setColor(Color.DARK_GRAY);
          text.right(String.format(Locale.ROOT, "flat: every point is %.3f", all.get(0)[1]),
              LEFT + w - 8, note);
        }
      }

      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      text.centred(xLabel, LEFT + w / 2, HEIGHT - 14);
      text.vertical(yLabel, 18, TOP + h / 2);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      text.centred(title, WIDTH / 2, 28);
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * The y axis's extent before rounding to ticks: the points' range, or, for a flat curve, the value
   * and 0 with room above (a run whose return is still 0 sits on the bottom edge of a 0-to-1 axis,
   * not in the middle of a symmetric one).
   */
  static double[] yRange(List<double[]> points) {
    if (points.isEmpty()) {
      return new double[] {0, 1};
    }
    double[] e = extent(points);
    if (e[1] - e[0] >= 1e-9) {
      return e;
    }
    double v = e[0];
    double pad = Math.max(1, Math.abs(v) * 0.1);
    return v < 0 ? new double[] {v - pad, 0} : new double[] {0, v + pad};
  }

  /** Two or more points, all at one value. */
  static boolean isFlat(List<double[]> points) {
    if (points.size() < 2) {
      return false;
    }
    double[] e = extent(points);
    return e[1] - e[0] < 1e-9;
  }

  /** The smallest and largest y of {@code points}. */
  private static double[] extent(List<double[]> points) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] p : points) {
      lo = Math.min(lo, p[1]);
      hi = Math.max(hi, p[1]);
    }
    return new double[] {lo, hi};
  }

  /** A step of 1, 2 or 5 times a power of ten giving about {@code ticks} intervals over {@code range}. */
  static double niceStep(double range, int ticks) {
    double raw = Math.max(range, 1e-12) / ticks;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / mag;
    double nice = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
    return nice * mag;
  }

  /** A tick label: thousands as k, millions as M, with just enough decimals for the step. */
  static String formatTick(double v, double step, double largest) {
    double unit = 1;
    String suffix = "";
    if (largest >= 1e9) {
      unit = 1e9;
      suffix = "G";
    } else if (largest >= 1e6) {
      unit = 1e6;
      suffix = "M";
    } else if (largest >= 1e4) {
      unit = 1e3;
      suffix = "k";
    }
    int decimals = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / unit) - 1e-9)));
    double scaled = v / unit;
    if (Math.abs(scaled) < 0.5 * Math.pow(10, -decimals)) {
      scaled = 0; // no "-0"
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", scaled) + (scaled == 0 ? "" : suffix);
  }

  /** Maps data values to pixels along one axis. */
  private record Scale(double lo, double hi, int pxLo, int pxHi) {
    double exact(double v) {
      return pxLo + (v - lo) / (hi - lo) * (pxHi - pxLo);
    }

    int px(double v) {
      return (int) Math.round(exact(v));
    }
  }

  /**
   * Text drawing that survives a JVM without usable fonts (a headless image with no fontconfig):
   * after the first failure the chart is drawn without text rather than not at all.
   */
  private static final class Text {
    private final Graphics2D g;
    private boolean broken;

    Text(Graphics2D g) {
      this.g = g;
    }

    void centred(String s, int x, int baseline) {
      draw(s, x, baseline, 0.5);
    }

    void right(String s, int x, int baseline) {
      draw(s, x, baseline, 1.0);
    }

    void left(String s, int x, int baseline) {
      draw(s, x, baseline, 0.0);
    }

    private void draw(String s, int x, int baseline, double anchor) {
      if (broken) {
        return;
      }
      try {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (int) Math.round(x - anchor * fm.stringWidth(s)), baseline);
      } catch (RuntimeException | Error e) {
        broken = true;
      }
    }

    void vertical(String s, int x, int centreY) {
      if (broken) {
        return;
      }
      AffineTransform saved = g.getTransform();
      try {
        g.translate(x, centreY);
        g.rotate(-Math.PI / 2);
        draw(s, 0, 0, 0.5);
      } finally {
        g.setTransform(saved);
      }
    }
  }
}
