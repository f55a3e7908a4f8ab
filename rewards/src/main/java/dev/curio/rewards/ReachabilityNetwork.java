package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.core.state.Snapshot;
import dev.curio.representation.net.Activation;
import dev.curio.representation.net.Mlp;
import dev.curio.representation.net.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The R-network of episodic curiosity (Savinov et al. 2018): an embedding network {@code e(x)}
 * shared by both observations and a comparator head {@code c([e_a, e_b])} whose sigmoid is the
 * probability that the two observations are within k steps of each other.
 *
 * <p>Embedding {@code obsDim -> hidden -> embeddingDim} (ReLU, linear output); comparator
 * {@code 2 embeddingDim -> hidden -> 1} (ReLU, one logit). Loss: mean binary cross-entropy of the
 * logits against labels 1 (reachable) / 0. One forward pass of the embedding over both inputs
 * stacked {@code [2B, obsDim]}, so its backward pass is one pass too. Weights and Adam state live in
 * one {@link Parameters} vector. {@code ReachabilityNetworkTest} checks the backward pass against
 * finite differences.
 */
final class ReachabilityNetwork {
  private final Parameters params;
  private final Mlp embedding;
  private final Mlp comparator;
  private final int embeddingDim;

  ReachabilityNetwork(int obsDim, int hidden, int embeddingDim, double initScale, Rng rng) {
    this(obsDim, hidden, embeddingDim, initScale, rng, DataType.FLOAT);
  }

  /**
   * With {@code DataType.DOUBLE} for gradient checks.
   *
   * @param initScale factor on the embedding's first-layer weights after {@link Mlp}'s
   *     initialisation (see {@link EcConfig#initScale()})
   */
  ReachabilityNetwork(int obsDim, int hidden, int embeddingDim, double initScale, Rng rng, DataType dataType) {
    int[] emb = {obsDim, hidden, embeddingDim};
    int[] cmp = {2 * embeddingDim, hidden, 1};
    this.params = new Parameters(Mlp.paramCount(emb) + Mlp.paramCount(cmp), dataType);
    this.embedding = new Mlp(params, emb, Activation.RELU, Activation.IDENTITY, rng.split());
    this.comparator = new Mlp(params, cmp, Activation.RELU, Activation.IDENTITY, rng.split());
    this.embeddingDim = embeddingDim;
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
    INDArray logits = comparator.forward(pairs);
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
    INDArray z = comparator.forward(Nd4j.hstack(embed(a), embed(b)));
    return bce(z, labels);
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
    Mlp.Trace emb = embedding.trace(Nd4j.vstack(a, b));
    INDArray e = emb.output();
    INDArray pairs = Nd4j.hstack(e.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()),
        e.get(NDArrayIndex.interval(rows, 2 * rows), NDArrayIndex.all()));
    Mlp.Trace cmp = comparator.trace(pairs);
    INDArray z = cmp.output();
    double loss = bce(z, labels);
    INDArray dz = Transforms.sigmoid(z, true).subi(labels).divi(rows);
    INDArray dPairs = comparator.backward(cmp, dz, true);
    INDArray dE = Nd4j.vstack(dPairs.get(NDArrayIndex.all(), NDArrayIndex.interval(0, embeddingDim)),
        dPairs.get(NDArrayIndex.all(), NDArrayIndex.interval(embeddingDim, 2 * embeddingDim)));
    embedding.backward(emb, dE, false);
    return loss;
  }

  /** One Adam step on {@link #loss}; returns the loss before the step. */
  double train(INDArray a, INDArray b, INDArray labels, double learningRate) {
    double loss = gradient(a, b, labels);
    params.adamStep(learningRate);
    return loss;
  }

  /** Weights and Adam state. */
  Snapshot state() {
    return params.state();
  }

  void restore(Snapshot s) {
    params.restore(s);
  }
}
