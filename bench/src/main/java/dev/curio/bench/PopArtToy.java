package dev.curio.bench;

import dev.curio.agents.math.PopArt;
import dev.curio.core.Rng;
import dev.curio.core.trajectory.Host;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The binary-regression toy of van Hasselt et al. 2016 ("Learning values across many orders of
 * magnitude", section 3), in Curio's own version: the input is the 16-bit binary code of an integer
 * z, the target z itself. z is drawn uniformly from 0..1023 (only the low 10 bits vary) except that
 * one sample in every {@code rareEvery} is 65535 (all 16 bits): rare targets 64 times larger than
 * the largest usual one (the paper presents one every 1000 samples). A small ReLU MLP learns online, one sample per step, with plain SGD on the squared error,
 * either on the raw targets ({@code sgd}) or on PopArt-normalised ones ({@code popart}: ART and POP
 * on its linear output layer before each step).
 *
 * <p>Measured: the RMSE of the unnormalised predictions over all 1024 usual inputs, every
 * {@code every} samples. Plain SGD's output layer takes a step of the size of the rare target's
 * error and is thrown far off on the usual inputs; PopArt's statistics absorb the new scale and POP
 * keeps the outputs where they were.
 */
public final class PopArtToy {
  /** Input bits. */
  public static final int BITS = 16;
  /** The usual targets: 0 .. 2^10 - 1. */
  public static final int USUAL = 1024;
  /** The rare target, all 16 bits set. */
  public static final int RARE = 65535;

  /**
   * One run's settings.
   *
   * @param method {@code sgd} or {@code popart}
   * @param samples online SGD steps
   * @param learningRate SGD step size
   * @param beta PopArt's step size per sample
   * @param rareEvery every this many samples, one is the rare target: sample number {@code rareEvery/2},
   *     then every {@code rareEvery} (0: never)
   * @param every measure the RMSE every this many samples
   * @param seed initialisation and the sample stream
   */
  public record Settings(String method, int samples, double learningRate, double beta, int rareEvery,
                         int every, long seed) {
    public Settings {
      if (!method.equals("sgd") && !method.equals("popart")) {
        throw new IllegalArgumentException("the toy's methods are sgd and popart, got " + method);
      }
      if (samples < 1 || every < 1) {
        throw new IllegalArgumentException("samples and every must be positive");
      }
    }
  }

  /**
   * A run's measurements.
   *
   * @param samplesSeen the sample count at each measurement
   * @param rmse the RMSE over the 1024 usual inputs at each measurement
   * @param firstRare the index of the first rare sample (-1 if none came)
   */
  public record Result(Settings settings, int[] samplesSeen, double[] rmse, int firstRare) {
    /**
     * The median RMSE of the measurements taken after the first rare target: infinite when the
     * network diverged (a measurement that is not finite), NaN when no rare target came.
     */
    public double medianAfterFirstRare() {
      double[] after = java.util.stream.IntStream.range(0, rmse.length)
          .filter(i -> firstRare >= 0 && samplesSeen[i] > firstRare).mapToDouble(i -> rmse[i]).sorted().toArray();
      if (after.length == 0) {
        return Double.NaN;
      }
      if (diverged()) {
        return Double.POSITIVE_INFINITY;
      }
      int m = after.length / 2;
      return after.length % 2 == 1 ? after[m] : (after[m - 1] + after[m]) / 2;
    }

    /** Whether a measurement was not finite (the weights overflowed). */
    public boolean diverged() {
      return java.util.Arrays.stream(rmse).anyMatch(v -> !Double.isFinite(v));
    }

    /** The RMSE at the last measurement. */
    public double finalRmse() {
      return rmse[rmse.length - 1];
    }
  }

  private PopArtToy() {}

  /** The 16-bit code of z, least significant bit first, as a {@code [1, 16]} row. */
  static float[] bits(int z) {
    float[] x = new float[BITS];
    for (int i = 0; i < BITS; i++) {
      x[i] = (z >> i) & 1;
    }
    return x;
  }

  /** Trains one network as {@code s} says and measures it. */
  public static Result run(Settings s) {
    Rng init = new Rng(Rng.derive(s.seed(), "popart-toy-init"));
    Rng samples = new Rng(Rng.derive(s.seed(), "popart-toy-samples"));
    Parameters params = new Parameters(Mlp.paramCount(BITS, 10, 10, 10) + 10 + 1, DataType.FLOAT);
    Mlp torso = new Mlp(params, new int[] {BITS, 10, 10, 10}, Activation.RELU, Activation.RELU, init);
    Parameters.Slice head = params.claim(11);
    Parameters.Weight w = head.weight(0, 10, 1);
    Parameters.Weight b = head.weight(10, 1, 1);
    float[] w0 = new float[10];
    for (int i = 0; i < 10; i++) {
      w0[i] = (float) (init.nextGaussian() / Math.sqrt(10));
    }
    w.values().assign(Nd4j.create(w0, new long[] {10, 1}, DataType.FLOAT));
    boolean popart = s.method().equals("popart");
    PopArt.State stats = PopArt.initial(1);
    int[] only = {0};

    float[] usual = new float[USUAL * BITS];
    for (int z = 0; z < USUAL; z++) {
      System.arraycopy(bits(z), 0, usual, z * BITS, BITS);
    }
    INDArray testX = Nd4j.create(usual, new long[] {USUAL, BITS}, DataType.FLOAT);

    List<Integer> seen = new ArrayList<>();
    List<Double> rmse = new ArrayList<>();
    int firstRare = -1;
    for (int i = 0; i < s.samples(); i++) {
      // the rare samples fall mid-period (the 500th, 1500th, ... for every 1000), so a run ends half a period after one
      boolean rare = s.rareEvery() > 0 && (i + 1) % s.rareEvery() == s.rareEvery() / 2;
      int z = rare ? RARE : samples.nextInt(USUAL);
      if (rare && firstRare < 0) {
        firstRare = i;
      }
      float target = z;
      if (popart) {
        PopArt.State next = PopArt.art(stats, new float[] {target}, only, s.beta(), 1e-4, 1e6);
        PopArt.pop(w.values(), b.values(), stats, next, only);
        stats = next;
        target = PopArt.normalize(stats, new float[] {target}, only)[0];
      }
      Tape t = Tape.training();
      Var x = t.constant(Nd4j.create(bits(z), new long[] {1, BITS}, DataType.FLOAT));
      Var out = predict(t, x, torso, w, b);
      Var loss = out.sub(t.constant(Nd4j.scalar(DataType.FLOAT, target).reshape(1, 1))).square().mean().mul(0.5);
      t.backward(loss);
      params.values().subi(params.gradient().mul(s.learningRate()));
      if ((i + 1) % s.every() == 0 || i == s.samples() - 1) {
        seen.add(i + 1);
        double e = testRmse(torso, w, b, testX, popart ? stats : null);
        rmse.add(e);
        if (!Double.isFinite(e)) {
          break; // diverged: the weights are no longer numbers
        }
      }
    }
    return new Result(s, seen.stream().mapToInt(Integer::intValue).toArray(),
        rmse.stream().mapToDouble(Double::doubleValue).toArray(), firstRare);
  }

  /** The network's raw output for {@code x} on {@code t}: the torso, then the linear head PopArt rescales. */
  private static Var predict(Tape t, Var x, Mlp torso, Parameters.Weight w, Parameters.Weight b) {
    return t.dense(torso.forward(t, x), w.on(t), b.on(t), Activation.IDENTITY);
  }

  /** RMSE of the (unnormalised) predictions for the usual inputs {@code x}, row z of which encodes z. */
  private static double testRmse(Mlp torso, Parameters.Weight w, Parameters.Weight b, INDArray x, PopArt.State stats) {
    Tape t = Tape.inference();
    float[] out = Host.floats(predict(t, t.constant(x), torso, w, b).value());
    double sum = 0;
    for (int z = 0; z < USUAL; z++) {
      double y = stats == null ? out[z] : stats.sigma()[0] * out[z] + stats.mu()[0];
      sum += (y - z) * (y - z);
    }
    return Math.sqrt(sum / USUAL);
  }
}
