package dev.curio.bench;

import dev.curio.agents.net.ActorCritic;
import dev.curio.agents.net.Backend;
import dev.curio.agents.ppo.Ppo;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.representation.net.Tape;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The hardware limit beside each measured network figure: for acting at batch 1 and 32 and one PPO
 * minibatch update (the cases of {@link SpsStudy#latency}), the time measured, the floating-point
 * operations the network's matrix products need, the ND4J operations the call dispatches, and the
 * floor those imply on this CPU: {@code flops / (ND4J's GEMM rate at a large square shape) + ops x
 * (the time to dispatch one trivial op)}. A call through the same backend on the same thread count
 * can hardly go below either term, so {@code measured / floor} is about how far each figure is from
 * the ceiling (oneDNN's convolutions are not bound by OpenBLAS's GEMM rate, but at these sizes they
 * do not reach it either).
 *
 * <p>Conventions. FLOPs are {@link ActorCritic#forwardFlops}: two per multiply-add of the
 * convolutions (as the products they equal once unfolded) and dense layers; acting is one forward
 * pass, an update three (forward, backward to the inputs, backward to the weights; the loss, Adam
 * and element-wise work are left out, while the first dense layer's input gradient, which an MLP
 * never computes, is counted: about 2% too much for CartPole's MLP, exact for the CNN). Ops are ND4J's
 * own count of executed operations (its {@link OpProfiler}, on for one untimed call): legacy and
 * custom ops including every matrix product, not array allocation or host reads. The per-op time is
 * the smaller median of two trivial ops on a {@code [1, 4]} array, a scalar {@code addi} and an
 * {@code add} custom op. GEMM rates are medians of {@code Nd4j.gemm} into a preallocated result
 * after warm-up, on the thread count the training config uses.
 */
public final class CeilingStudy {
  /** How long each measurement runs. */
  public record Settings(int actRepeats, int updateRepeats, int gemmRepeats, int dispatchRepeats, int squareSide) {
    /** The suite's own: together about a minute on a 2-core machine. */
    public static Settings bench() {
      return new Settings(2000, 100, 200, 20_000, 512);
    }

    /** A smoke run (tests): a few repeats, a small square GEMM; the numbers are not for reading. */
    public static Settings quick() {
      return new Settings(40, 5, 10, 500, 128);
    }
  }

  /**
   * The backend's limits, measured once per suite.
   *
   * @param squareSide n of the n x n x n product timed
   * @param squareGflops its rate, GFLOP/s
   * @param scalarOpMicros median of one scalar {@code addi} on a {@code [1, 4]} array
   * @param customOpMicros median of one {@code add} custom op on {@code [1, 4]} arrays
   * @param threads ND4J threads per op
   */
  public record Limits(int squareSide, double squareGflops, double scalarOpMicros, double customOpMicros,
                       int threads) {
    /** The time the floor charges per dispatched op: the cheaper trivial op. */
    public double perOpMicros() {
      return Math.min(scalarOpMicros, customOpMicros);
    }

    /** Microseconds {@code flops} take at the square GEMM's rate. */
    public double arithmeticMicros(long flops) {
      return flops / (squareGflops * 1e3);
    }
  }

  /**
   * One measured case beside its floor.
   *
   * @param kind act_b1, act_b32 or update_b{rows}
   * @param measuredMicros median wall time of one call
   * @param flops matrix-product FLOPs of the call
   * @param ops ND4J ops the call executes (ND4J's profiler)
   * @param tapeOps tape operations (forward ops and backward steps) the call runs
   * @param ownShape {@code {M, K, N}} of the network's largest product at this batch
   * @param ownGflops ND4J's GEMM rate at that shape
   */
  public record Row(String env, String agent, String kind, int batch, double measuredMicros, long flops, long ops,
                    long tapeOps, long[] ownShape, double ownGflops, Limits limits) {
    public double arithmeticFloorMicros() {
      return limits.arithmeticMicros(flops);
    }

    public double dispatchFloorMicros() {
      return ops * limits.perOpMicros();
    }

    public double floorMicros() {
      return arithmeticFloorMicros() + dispatchFloorMicros();
    }

    public double ratio() {
      return measuredMicros / floorMicros();
    }

    /** GFLOP/s the call reached: its FLOPs over its measured time. */
    public double achievedGflops() {
      return flops / (measuredMicros * 1e3);
    }
  }

  private CeilingStudy() {}

  /** The square GEMM rate and per-op dispatch times, on {@code threads} ND4J threads. */
  public static Limits limits(int threads, Settings s) {
    Backend.useThreads(threads);
    int n = s.squareSide();
    double square = gemmGflops(new long[] {n, n, n}, Math.max(5, s.gemmRepeats() / 4));
    INDArray tiny = Nd4j.rand(DataType.FLOAT, 1, 4);
    double scalar = SpsStudy.medianNanos(s.dispatchRepeats(), () -> tiny.addi(1e-3)) / 1e3;
    INDArray other = Nd4j.rand(DataType.FLOAT, 1, 4);
    INDArray sum = Nd4j.createUninitialized(DataType.FLOAT, 1, 4);
    double custom = SpsStudy.medianNanos(s.dispatchRepeats(), () -> Nd4j.exec(DynamicCustomOp.builder("add")
        .addInputs(tiny, other).addOutputs(sum).build())) / 1e3;
    return new Limits(n, square, scalar, custom, threads);
  }

  /** ND4J's GEMM rate in GFLOP/s for {@code [M, K] x [K, N]} ({@code mkn}), median of {@code repeats} calls. */
  public static double gemmGflops(long[] mkn, int repeats) {
    INDArray a = Nd4j.rand(DataType.FLOAT, mkn[0], mkn[1]);
    INDArray b = Nd4j.rand(DataType.FLOAT, mkn[1], mkn[2]);
    INDArray c = Nd4j.createUninitialized(DataType.FLOAT, mkn[0], mkn[2]);
    double nanos = SpsStudy.medianNanos(repeats, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
    return 2.0 * mkn[0] * mkn[1] * mkn[2] / nanos;
  }

  /**
   * Acting at batch 1 and 32 and one minibatch update of PPO ({@code agent}) on {@code env}, as
   * {@link SpsStudy#latency} builds them (32 envs), each beside its floor under {@code limits}.
   */
  public static List<Row> measure(String env, String agent, TrainConfig base, Limits limits, Settings s) {
    TrainConfig cfg = SpsStudy.configFor(env, agent, 32, base);
    try (TrainingLoop loop = new TrainingLoop(cfg, SpsStudy.factory(env))) {
      loop.iterate(); // real observations and a trained-once network
      ActorCritic net = ((Ppo) loop.learner()).network();
      int obsDim = SpsStudy.obsDim(loop);
      List<Row> rows = new ArrayList<>();
      for (int batch : new int[] {1, 32}) {
        INDArray obs = Nd4j.rand(DataType.FLOAT, batch, obsDim);
        rows.add(row(env, agent, "act_b" + batch, batch, () -> loop.actor().act(obs), s.actRepeats(),
            net.forwardFlops(batch), net, limits, s));
      }
      int mb = SpsStudy.minibatchRows(cfg);
      rows.add(row(env, agent, "update_b" + mb, mb, SpsStudy.minibatchUpdate(loop, cfg, mb, obsDim), s.updateRepeats(),
          3 * net.forwardFlops(mb), net, limits, s));
      return rows;
    }
  }

  private static Row row(String env, String agent, String kind, int batch, Runnable call, int repeats, long flops,
                         ActorCritic net, Limits limits, Settings s) {
    double micros = SpsStudy.medianNanos(repeats, call) / 1e3;
    long tapeBefore = Tape.operationCount();
    long ops = countOps(call);
    long tapeOps = Tape.operationCount() - tapeBefore;
    long[] own = largest(net.gemmShapes(batch));
    double ownGflops = gemmGflops(own, s.gemmRepeats());
    return new Row(env, agent, kind, batch, micros, flops, ops, tapeOps, own, ownGflops, limits);
  }

  /** ND4J ops one call of {@code call} executes, counted by ND4J's profiler (on for this call only). */
  static long countOps(Runnable call) {
    OpProfiler profiler = OpProfiler.getInstance();
    Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
    try {
      profiler.reset();
      call.run();
      return profiler.getInvocationsCount();
    } finally {
      Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
      profiler.reset();
    }
  }

  /** The product of most FLOPs among {@code shapes}. */
  private static long[] largest(List<long[]> shapes) {
    long[] best = shapes.get(0);
    for (long[] g : shapes) {
      if (g[0] * g[1] * g[2] > best[0] * best[1] * best[2]) {
        best = g;
      }
    }
    return best;
  }
}
