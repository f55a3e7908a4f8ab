package dev.curio.agents.net;

/**
 * What every PPO policy loss shares, whatever its action distribution: the clip epsilon, the entropy
 * weight, and the last computation's statistics. A subclass computes its log-probabilities and
 * entropies and hands them to {@link ClippedSurrogate}.
 */
public abstract class SurrogatePolicyLoss extends PackedLabelLoss {
  private static final long serialVersionUID = 1L;
  private double clip = 0.2;
  private double entropyCoef = 0.01;
  private transient double[] last = new double[4];

  public double getClip() {
    return clip;
  }

  public void setClip(double clip) {
    this.clip = clip;
  }

  public double getEntropyCoef() {
    return entropyCoef;
  }

  public void setEntropyCoef(double entropyCoef) {
    this.entropyCoef = entropyCoef;
  }

  /** Of the last computation: policy loss, mean entropy, approximate KL, clip fraction. */
  public double[] lastStats() {
    return last == null ? new double[4] : last.clone();
  }

  /** The surrogate of one minibatch, its statistics kept for {@link #lastStats()}. */
  protected ClippedSurrogate surrogate(org.nd4j.linalg.api.ndarray.INDArray logp,
                                       org.nd4j.linalg.api.ndarray.INDArray oldLogp,
                                       org.nd4j.linalg.api.ndarray.INDArray adv,
                                       org.nd4j.linalg.api.ndarray.INDArray entropy) {
    ClippedSurrogate s = ClippedSurrogate.of(logp, oldLogp, adv, entropy, clip, entropyCoef);
    last = s.stats();
    return s;
  }
}
