package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import dev.curio.representation.net.Tape;
import dev.curio.representation.net.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The R-network of episodic curiosity (Savinov et al. 2018): an embedding network {@code e(x)}
 * shared by both observations and a comparator head whose sigmoid is the probability that the two
 * observations are within k steps of each other.
 *
 * <p>Embedding {@code obsDim -> hidden -> embeddingDim} (ReLU, linear output). Comparator, one of
 * two heads: the paper's {@code c([e_a, e_b])} on the concatenated embeddings
 * ({@code 2 embeddingDim -> hidden -> 1}), or {@code c(|e_a - e_b|)} on their element-wise
 * distance ({@code embeddingDim -> hidden -> 1}), which is symmetric and gives every identical pair
 * the same score ({@link EcConfig#head()}). ReLU hidden layer, one logit. Loss: mean binary
 * cross-entropy of the logits against labels 1 (reachable) / 0, written on a {@link Tape}. One
 * forward pass of the embedding over both inputs stacked {@code [2B, obsDim]}, so its backward pass
 * is one pass too. Weights and Adam state live in one {@link Parameters} vector.
 * {@code ReachabilityNetworkTest} checks the tape's gradient of that loss against finite differences.
 */
final class ReachabilityNetwork {
  private final Parameters params;
  private final Mlp embedding;
  private final Mlp comparator;
  private final int embeddingDim;
  private final boolean differenceHead;

  ReachabilityNetwork(int obsDim, int hidden, int embeddingDim, double initScale, boolean differenceHead, Rng rng) {
    this(obsDim, hidden, embeddingDim, initScale, differenceHead, rng, DataType.FLOAT);
  }

  /**
   * With {@code DataType.DOUBLE} for gradient checks.
   *
   * @param initScale factor on the embedding's first-layer weights after {@link Mlp}'s
   *     initialisation (see {@link EcConfig#initScale()})
   * @param differenceHead the comparator reads {@code |e_a - e_b|} instead of {@code [e_a, e_b]}
   */
  ReachabilityNetwork(int obsDim, int hidden, int embeddingDim, double initScale, boolean differenceHead, Rng rng,
                      DataType dataType) {
    int[] emb = {obsDim, hidden, embeddingDim};
    int[] cmp = {differenceHead ? embeddingDim : 2 * embeddingDim, hidden, 1};
    this.params = new Parameters(Mlp.paramCount(emb) + Mlp.paramCount(cmp), dataType);
    this.embedding = new Mlp(params, emb, Activation.RELU, Activation.IDENTITY, rng.split());
    this.comparator = new Mlp(params, cmp, Activation.RELU, Activation.IDENTITY, rng.split());
    this.embeddingDim = embeddingDim;
    this.differenceHead = differenceHead;
    if (initScale != 1.0) {
      embedding.weights().get(NDArrayIndex.all(), NDArrayIndex.interval(0, (long) obsDim * hidden)).muli(initScale);
    }
  }

  int embeddingDim() {
    return embeddingDim;
  }

  Parameters parameters() {
    return params;
  }

  /** Embeddings {@code [B, embeddingDim]} of observations {@code [B, obsDim]}. */
  INDArray embed(INDArray x) {
    return embedding.forward(x);
  }

  /** Probabilities {@code [B]} that the rows of {@code pairs} {@code [B, 2 embeddingDim]} ({@code [e_a, e_b]}) are within k steps. */
  INDArray similarity(INDArray pairs) {
    INDArray logits = comparator.forward(headInput(pairs));
    return Transforms.sigmoid(logits, false).reshape(logits.rows());
  }

  /** Probabilities {@code [B]} that {@code a[b]} and {@code b[b]} (observations {@code [B, obsDim]}) are within k steps. */
  INDArray similarity(INDArray a, INDArray b) {
    return similarity(Nd4j.hstack(embed(a), embed(b)));
  }

  /**
   * Mean binary cross-entropy of the comparator on {@code (a, b, labels)}: {@code a, b}
   * {@code [B, obsDim]}, {@code labels} {@code [B, 1]} of 0/1. Changes nothing.
   */
  double loss(INDArray a, INDArray b, INDArray labels) {
    INDArray z = comparator.forward(headInput(Nd4j.hstack(embed(a), embed(b))));
    return bce(z, labels);
  }

  /** {@code e_a - e_b} {@code [B, embeddingDim]} of pairs {@code [B, 2 embeddingDim]}. */
  private INDArray difference(INDArray pairs) {
    return pairs.get(NDArrayIndex.all(), NDArrayIndex.interval(0, embeddingDim))
        .sub(pairs.get(NDArrayIndex.all(), NDArrayIndex.interval(embeddingDim, 2 * embeddingDim)));
  }

  /** What the comparator reads: the pairs as they are, or {@code |e_a - e_b|}. */
  private INDArray headInput(INDArray pairs) {
    return differenceHead ? Transforms.abs(difference(pairs), false) : pairs;
  }

  /** {@code mean(softplus(z) - y z)}, the cross-entropy of sigmoid(z) against y, computed stably. */
  private static double bce(INDArray z, INDArray y) {
    return Transforms.softPlus(z, true).subi(y.mul(z)).meanNumber().doubleValue();
  }

  /**
   * Writes {@code dLoss/dParameters} of {@link #loss} into the parameter vector's gradient and
   * returns the loss (one host read).
   */
  double gradient(INDArray a, INDArray b, INDArray labels) {
    int rows = (int) a.rows();
    Tape t = Tape.training();
    // one embedding pass over both inputs, each pair on adjacent rows [a_0, b_0, a_1, b_1, ...]
    // (a reshape of [a, b] side by side), so the pairs of embeddings [e_a, e_b] are a reshape too
    Var e = embedding.forward(t, t.constant(Nd4j.hstack(a, b).reshape('c', 2L * rows, a.columns())));
    Var pairs = e.reshape(rows, 2L * embeddingDim);
    Var head = differenceHead
        ? pairs.columns(0, embeddingDim).sub(pairs.columns(embeddingDim, 2 * embeddingDim)).abs()
        : pairs;
    Var z = comparator.forward(t, head);
    // mean(softplus(z) - y z), the cross-entropy of sigmoid(z) against y (as bce above)
    Var loss = z.softplus().sub(z.mul(t.constant(labels))).mean();
    t.backward(loss);
    return loss.scalar();
  }

  /** One Adam step on {@link #loss}; returns the loss before the step. */
  double train(INDArray a, INDArray b, INDArray labels, double learningRate) {
    try (MemoryWorkspace ws = Tape.scratch("curio-reachability-train")) {
      double loss = gradient(a, b, labels);
      params.adamStep(learningRate);
      return loss;
    }
  }

  /** Weights and Adam state. */
  Snapshot state() {
    return params.state();
  }

  void restore(Snapshot s) {
    params.restore(s);
  }
}
