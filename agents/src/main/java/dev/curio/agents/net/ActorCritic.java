package dev.curio.agents.net;

import dev.curio.core.trajectory.Host;
import dev.curio.core.state.Snapshot;
import java.util.Arrays;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import dev.curio.agents.dist.ActionDistribution;
import dev.curio.agents.dist.Categorical;
import dev.curio.agents.dist.DiagGaussian;

/**
 * The actor-critic network: an optional convolutional torso for {@code [H, W, C]} observations,
 * then two separate towers, a policy head and a value head with one output per reward stream. One
 * DL4J {@link ComputationGraph}, used by one thread. The policy head gives a {@link Categorical}'s
 * {@code A} logits, or a {@link DiagGaussian}'s D means; the Gaussian's log-standard-deviations are
 * one state-independent vector {@code logStd [1, D]} next to the graph (initially 0), trained by its
 * own Adam with the same settings, and counted in the parameters.
 *
 * <p>Training is one explicit step per minibatch ({@link #train}): gradients of the PPO losses,
 * clipped by their global L2 norm, then Adam. The value head's last layer is a plain matrix
 * {@code W [hidden, K]} and bias {@code b [K]}; {@link #rescaleValueHead} changes column k for PopArt.
 */
public final class ActorCritic {
  private final ComputationGraph graph;
  private final int[] obsShape;
  private final int obsDim;
  private final boolean cnn;
  private final int numActions;
  private final int numHeads;
  private final ActionDistribution distribution;
  private final PolicyLoss policyLoss;
  private final GaussianPolicyLoss gaussianLoss;
  private final ValueLoss valueLoss;
  // the Gaussian's state-independent log-std and its optimiser (null for a categorical policy)
  private final INDArray logStd;
  private final Adam logStdAdamConfig;
  private final INDArray logStdAdamState;
  private final GradientUpdater<?> logStdAdam;
  private final DataType dtype;

  /**
   * Network outputs for a batch.
   *
   * @param logits the distribution's parameters {@code [B, P]}: logits, or means and log-stds
   * @param values {@code [B, K]}
   */
  public record Output(INDArray logits, INDArray values) {}

  private ActorCritic(ComputationGraph graph, int[] obsShape, boolean cnn, ActionDistribution distribution,
                      int numHeads, double learningRate, double adamEpsilon) {
    this.graph = graph;
    this.dtype = graph.params().dataType();
    this.obsShape = obsShape.clone();
    this.obsDim = Arrays.stream(obsShape).reduce(1, (a, b) -> a * b);
    this.cnn = cnn;
    this.distribution = distribution;
    this.numActions = distribution instanceof Categorical c ? c.n() : distribution.actionDim();
    this.numHeads = numHeads;
    ILossFunction loss = ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
        graph.getLayer("policy").conf().getLayer()).getLossFn();
    this.policyLoss = loss instanceof PolicyLoss pl ? pl : null;
    this.gaussianLoss = loss instanceof GaussianPolicyLoss gl ? gl : null;
    if (gaussianLoss != null) {
      int d = distribution.actionDim();
      this.logStd = Nd4j.zeros(dtype, 1, d);
      this.logStdAdamConfig = new Adam(learningRate, 0.9, 0.999, adamEpsilon);
      this.logStdAdamState = Nd4j.zeros(dtype, 1, logStdAdamConfig.stateSize(d));
      this.logStdAdam = logStdAdamConfig.instantiate(logStdAdamState, true);
    } else {
      this.logStd = null;
      this.logStdAdamConfig = null;
      this.logStdAdamState = null;
      this.logStdAdam = null;
    }
    this.valueLoss = (ValueLoss) ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
        graph.getLayer("values").conf().getLayer()).getLossFn();
  }

  /**
   * A freshly initialised network.
   *
   * @param obsShape shape of one observation; {@code [H, W, C]} for the cnn torso
   * @param numHeads value outputs, one per reward stream
   */
  public static ActorCritic create(NetworkConfig cfg, int[] obsShape, int numActions, int numHeads,
                                   double learningRate, double adamEpsilon, long seed) {
    return create(cfg, obsShape, new Categorical(numActions), numHeads, learningRate, adamEpsilon, seed);
  }

  /**
   * A freshly initialised network for {@code distribution}: a {@link Categorical} or a
   * {@link DiagGaussian}.
   *
   * @param obsShape shape of one observation; {@code [H, W, C]} for the cnn torso
   * @param numHeads value outputs, one per reward stream
   */
  public static ActorCritic create(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads,
                                   double learningRate, double adamEpsilon, long seed) {
    return create(cfg, obsShape, distribution, numHeads, learningRate, adamEpsilon, seed, DataType.FLOAT);
  }

  /** As {@link #create(NetworkConfig, int[], ActionDistribution, int, double, double, long)} in {@code dtype} (DOUBLE for gradient checks). */
  static ActorCritic create(NetworkConfig cfg, int[] obsShape, ActionDistribution distribution, int numHeads,
                            double learningRate, double adamEpsilon, long seed, DataType dtype) {
    ILossFunction policyLossFn;
    int policyOut;
    if (distribution instanceof Categorical c) {
      policyLossFn = new PolicyLoss();
      policyOut = c.n();
    } else if (distribution instanceof DiagGaussian g) {
      policyLossFn = new GaussianPolicyLoss(g.dim());
      policyOut = g.dim();
    } else {
      throw new IllegalArgumentException("the actor-critic network supports Categorical and DiagGaussian policies, got "
          + distribution);
    }
    String torso = cfg.resolveTorso(obsShape);
    Activation act = cfg.activation().equals("relu") ? Activation.RELU : Activation.TANH;
    int obsDim = Arrays.stream(obsShape).reduce(1, (a, b) -> a * b);
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(dtype)
        .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
        .updater(new Adam(learningRate, 0.9, 0.999, adamEpsilon))
        .weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("obs");
    String features = "obs";
    boolean isCnn = torso.equals("cnn");
    if (isCnn) {
      int h = obsShape[0];
      int w = obsShape[1];
      int c = obsShape[2];
      if (h < 4 || w < 4) {
        throw new IllegalArgumentException("the cnn torso needs observations of at least 4x4, got " + Arrays.toString(obsShape));
      }
      b.setInputTypes(InputType.convolutional(h, w, c, CNN2DFormat.NHWC));
      b.addLayer("conv1", conv(cfg.cnnChannels().get(0)), "obs");
      String prev = "conv1";
      if (Math.min(h, w) >= 7) {
        b.addLayer("pool1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
            .dataFormat(CNN2DFormat.NHWC).build(), prev);
        prev = "pool1";
      }
      b.addLayer("conv2", conv(cfg.cnnChannels().get(1)), prev);
      b.addLayer("conv3", conv(cfg.cnnChannels().get(2)), "conv2");
      features = "conv3";
    } else {
      b.setInputTypes(InputType.feedForward(obsDim));
    }
    String prev = features;
    for (int i = 0; i < cfg.hidden().size(); i++) {
      b.addLayer("pi" + i, new DenseLayer.Builder().nOut(cfg.hidden().get(i)).activation(act).build(), prev);
      prev = "pi" + i;
    }
    b.addLayer("policy", new OutputLayer.Builder(policyLossFn).nOut(policyOut).activation(Activation.IDENTITY)
        .build(), prev);
    prev = features;
    for (int i = 0; i < cfg.hidden().size(); i++) {
      b.addLayer("v" + i, new DenseLayer.Builder().nOut(cfg.hidden().get(i)).activation(act).build(), prev);
      prev = "v" + i;
    }
    b.addLayer("values", new OutputLayer.Builder(new ValueLoss()).nOut(numHeads).activation(Activation.IDENTITY)
        .build(), prev);
    b.setOutputs("policy", "values");
    ComputationGraph graph = new ComputationGraph(b.build());
    graph.init();
    // A near-uniform initial policy (CleanRL scales its policy head by 0.01 for the same reason).
    graph.getLayer("policy").getParam("W").muli(0.01);
    graph.getLayer("policy").getParam("b").assign(0);
    graph.getLayer("values").getParam("b").assign(0);
    return new ActorCritic(graph, obsShape, isCnn, distribution, numHeads, learningRate, adamEpsilon);
  }

  private static ConvolutionLayer conv(int channels) {
    return new ConvolutionLayer.Builder(2, 2).stride(1, 1).nOut(channels).activation(Activation.RELU)
        .dataFormat(CNN2DFormat.NHWC).build();
  }

  public int numActions() {
    return numActions;
  }

  public int numHeads() {
    return numHeads;
  }

  public int[] obsShape() {
    return obsShape.clone();
  }

  /** The distribution the policy head parameterises. */
  public ActionDistribution distribution() {
    return distribution;
  }

  /** Columns of the policy labels {@link #train} takes before the advantage: A (one-hot) or D (the action). */
  public int actionLabelWidth() {
    return gaussianLoss != null ? distribution.actionDim() : numActions;
  }

  public long numParams() {
    return graph.numParams() + (logStd == null ? 0 : logStd.length());
  }

  /** Flat observations {@code [B, obsDim]} into what the first layer takes (a view for the cnn). */
  private INDArray input(INDArray obs) {
    if (obs.dataType() != dtype) {
      obs = obs.castTo(dtype);
    }
    if (obs.rank() != 2 || obs.columns() != obsDim) {
      throw new IllegalArgumentException("network input must be [B, " + obsDim + "], got " + Arrays.toString(obs.shape()));
    }
    if (cnn) {
      return obs.reshape(new long[] {obs.rows(), obsShape[0], obsShape[1], obsShape[2]});
    }
    return obs;
  }

  /** Logits and values for {@code obs} {@code [B, obsDim]}; inference mode, parameters unchanged. */
  public Output forward(INDArray obs) {
    INDArray[] out = graph.output(false, input(obs));
    if (logStd == null) {
      return new Output(out[0], out[1]);
    }
    INDArray params = Nd4j.hstack(out[0], Nd4j.zeros(dtype, out[0].rows(), logStd.length()).addiRowVector(logStd));
    return new Output(params, out[1]);
  }

  /**
   * The training loss of a minibatch (policy loss plus value loss, as {@link #train} minimises it)
   * and its gradient with respect to every parameter, in {@link #parameterVector()} order, without
   * changing anything. For gradient checks.
   */
  LossAndGradient lossAndGradient(INDArray obs, INDArray policyLabels, INDArray valueLabels) {
    computeGradient(obs, policyLabels.castTo(dtype), valueLabels.castTo(dtype), false);
    double score = graph.score();
    INDArray g = graph.gradient().gradient().reshape(1, graph.numParams()).dup();
    if (gaussianLoss != null) {
      g = Nd4j.hstack(g, gaussianLoss.lastLogStdGradient().castTo(dtype));
    }
    graph.clearLayersStates();
    return new LossAndGradient(score, g);
  }

  /**
   * The graph's gradient of the training loss on a minibatch (left in {@code graph.gradient()}; the
   * Gaussian's log-std gradient in its loss). {@code reuseScore}: take the loss from the gradient
   * call instead of computing it again (see {@link PackedLabelLoss#reuseScoreOfGradient}).
   */
  private void computeGradient(INDArray obs, INDArray policyLabels, INDArray valueLabels, boolean reuseScore) {
    graph.setInputs(input(obs));
    graph.setLabels(policyLabels, valueLabels);
    SurrogatePolicyLoss pLoss = gaussianLoss != null ? gaussianLoss : policyLoss;
    if (gaussianLoss != null) {
      gaussianLoss.setLogStd(logStd);
    }
    pLoss.reuseScoreOfGradient(reuseScore);
    valueLoss.reuseScoreOfGradient(reuseScore);
    try {
      graph.computeGradientAndScore();
    } finally {
      pLoss.reuseScoreOfGradient(false);
      valueLoss.reuseScoreOfGradient(false);
    }
  }

  /** @param gradient {@code [1, numParams]} */
  record LossAndGradient(double loss, INDArray gradient) {}

  /** One optimisation step's measurements. */
  public record StepStats(double policyLoss, double entropy, double approxKl, double clipFraction, double valueLoss,
                          double gradNorm) {}

  /**
   * One gradient step on a minibatch.
   *
   * @param obs {@code [B, obsDim]}
   * @param policyLabels {@code [B, A + 2]}: one-hot action, advantage, old log-probability (for a
   *     Gaussian {@code [B, D + 2]}: the action taken, advantage, old log-probability)
   * @param valueLabels {@code [B, 2K]}: return targets, old values
   * @param maxGradNorm global L2 clip of the gradient, 0 for none
   */
  public StepStats train(INDArray obs, INDArray policyLabels, INDArray valueLabels, double maxGradNorm) {
    computeGradient(obs, policyLabels, valueLabels, true);
    Gradient g = graph.gradient();
    INDArray flat = g.gradient();
    INDArray logStdGrad = gaussianLoss == null ? null : gaussianLoss.lastLogStdGradient();
    double norm = logStdGrad == null ? flat.norm2Number().doubleValue()
        : Math.sqrt(Math.pow(flat.norm2Number().doubleValue(), 2) + Math.pow(logStdGrad.norm2Number().doubleValue(), 2));
    if (maxGradNorm > 0 && norm > maxGradNorm) {
      flat.muli(maxGradNorm / (norm + 1e-6));
      if (logStdGrad != null) {
        logStdGrad.muli(maxGradNorm / (norm + 1e-6));
      }
    }
    ComputationGraphConfiguration conf = graph.getConfiguration();
    int iteration = conf.getIterationCount();
    // losses already average over the minibatch, so the updater divides by 1
    graph.getUpdater().update(g, iteration, conf.getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
    graph.params().subi(flat);
    if (logStdGrad != null) {
      logStdAdam.applyUpdater(logStdGrad, iteration, conf.getEpochCount());
      logStd.subi(logStdGrad);
    }
    conf.setIterationCount(iteration + 1);
    graph.clearLayersStates();
    double[] p = (gaussianLoss != null ? gaussianLoss : policyLoss).lastStats();
    return new StepStats(p[0], p[1], p[2], p[3], valueLoss.lastLoss(), norm);
  }

  public void configureLosses(double clip, double entropyCoef, boolean clipValues, double valueCoef) {
    SurrogatePolicyLoss p = gaussianLoss != null ? gaussianLoss : policyLoss;
    p.setClip(clip);
    p.setEntropyCoef(entropyCoef);
    valueLoss.setClip(clip);
    valueLoss.setClipValues(clipValues);
    valueLoss.setValueCoef(valueCoef);
  }

  public void setLearningRate(double lr) {
    graph.setLearningRate(lr);
    if (logStdAdamConfig != null) {
      logStdAdamConfig.setLrAndSchedule(lr, null);
    }
  }

  /**
   * PopArt's output-preserving rescale of value head {@code k}: {@code W_k <- scale * W_k},
   * {@code b_k <- scale * b_k + shift}.
   */
  public void rescaleValueHead(int k, double scale, double shift) {
    INDArray w = graph.getLayer("values").getParam("W");
    INDArray bias = graph.getLayer("values").getParam("b");
    w.getColumn(k).muli(scale);
    INDArray bk = bias.rank() == 1 ? bias.get(NDArrayIndex.interval(k, k + 1)) : bias.getColumn(k);
    bk.muli(scale).addi(shift);
  }

  /** Parameters, optimiser state and the optimiser's step counter. */
  public Snapshot save() {
    Snapshot s = new Snapshot();
    s.putFloats("params", Host.floats(graph.params()));
    INDArray state = graph.getUpdater().getStateViewArray();
    s.putFloats("updater", state == null ? new float[0] : Host.floats(state));
    s.putLong("iteration", graph.getConfiguration().getIterationCount());
    s.putLong("epoch", graph.getConfiguration().getEpochCount());
    if (logStd != null) {
      s.putFloats("logStd", Host.floats(logStd));
      s.putFloats("logStdUpdater", Host.floats(logStdAdamState));
    }
    return s;
  }

  public void restore(Snapshot s) {
    float[] params = s.floats("params");
    if (params.length != graph.numParams()) {
      throw new IllegalArgumentException("checkpoint has " + params.length + " network parameters, this network has "
          + graph.numParams() + " (different observation/action spaces or network config?)");
    }
    graph.params().assign(Nd4j.createFromArray(params).reshape(graph.params().shape()));
    float[] updater = s.floats("updater");
    INDArray view = graph.getUpdater().getStateViewArray();
    if (view != null) {
      if (updater.length != view.length()) {
        throw new IllegalArgumentException("checkpoint has optimiser state of " + updater.length + " values, expected "
            + view.length());
      }
      view.assign(Nd4j.createFromArray(updater).reshape(view.shape()));
    }
    graph.getConfiguration().setIterationCount((int) s.getLong("iteration"));
    graph.getConfiguration().setEpochCount((int) s.getLong("epoch"));
    if (logStd != null) {
      logStd.assign(Nd4j.createFromArray(s.floats("logStd")).reshape(logStd.shape()));
      logStdAdamState.assign(Nd4j.createFromArray(s.floats("logStdUpdater")).reshape(logStdAdamState.shape()));
    }
  }

  /** A copy of all parameters, flat. */
  public float[] parameters() {
    return Host.floats(parameterVector());
  }

  /** A copy of all parameters as one vector {@code [1, numParams]}: the graph's, then {@code logStd}. */
  public INDArray parameterVector() {
    INDArray p = graph.params().reshape(1, graph.numParams());
    return logStd == null ? p.dup() : Nd4j.hstack(p, logStd);
  }

  /** Replaces all parameters with {@code flat} ({@code numParams} values); the optimiser state is kept. */
  public void setParameters(INDArray flat) {
    if (flat.length() != numParams()) {
      throw new IllegalArgumentException("got " + flat.length() + " parameters for a network of " + numParams());
    }
    INDArray row = flat.reshape(1, flat.length());
    long g = graph.numParams();
    graph.params().assign(row.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, g)).reshape(graph.params().shape()));
    if (logStd != null) {
      logStd.assign(row.get(NDArrayIndex.point(0), NDArrayIndex.interval(g, numParams())).reshape(logStd.shape()));
    }
  }
}
