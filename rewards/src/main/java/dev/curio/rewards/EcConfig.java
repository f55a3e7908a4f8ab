package dev.curio.rewards;

import dev.curio.core.config.Check;
import java.util.List;

/**
 * Config of {@link EpisodicCuriosity} (keys {@code rewards.ec.*}).
 *
 * @param k positives are pairs at most k steps apart in one episode; default 5 (paper)
 * @param negativeGap negatives are pairs more than {@code negativeGap * k} steps apart in one
 *     episode (the paper's gamma); default 5 (paper)
 * @param selfPairs whether positives include a frame paired with itself (gap 0, so positives are
 *     0..k steps apart instead of 1..k); default false. With position one-hot observations and a
 *     small k the comparator otherwise never sees an identical pair and may call a revisit novel
 *     (docs/rewards.md, "Unseen cells must look far")
 * @param embeddingDim width of the shared embedding; default 32
 * @param hidden hidden width of the embedding network and of the comparator head; default 64
 * @param initScale factor on the embedding's first-layer weights after the usual initialisation;
 *     default 1. With one-hot observations an input the comparator never trained on keeps its
 *     initial weights; a large factor gives each such input its own embedding far from the
 *     trained ones instead of one shared embedding near all of them (docs/rewards.md)
 * @param head what the comparator reads: {@code concat}, the two embeddings side by side (the
 *     paper's R-network; default), or {@code difference}, their element-wise distance
 *     {@code |e_a - e_b|}. The difference head is symmetric and scores every identical pair alike,
 *     so what the self pairs teach holds for every frame: one that repeats soon looks near, however
 *     far its embedding lies from the training data (docs/rewards.md, "The comparator's head")
 * @param learningRate Adam step size of the comparator; default 1e-3
 * @param memoryCapacity M, embeddings kept per env and episode (random replacement when full); default 200
 * @param percentile which percentile of the comparator scores against memory is the similarity C;
 *     default 90 (paper)
 * @param noveltyThreshold an observation joins the memory when {@code C < noveltyThreshold};
 *     default 0.5 (paper)
 * @param alpha reward scale in {@code alpha (beta - C)}; default 0.05, so that a 40-step episode
 *     of pure novelty earns about the goal's reward of 1 (the paper's 0.0302 suits its reward scale)
 * @param beta reward offset in {@code alpha (beta - C)}; default 0.5 (paper)
 * @param pretrained true: train the comparator once on random-policy walks before RL (the loop
 *     collects {@code pretrainSteps} of them) and never again; false: train it online, every
 *     {@code trainEvery} updates, on the agent's own recent trajectories (bonus 0 until the first
 *     training); default false
 * @param pretrainSteps env steps of random-policy walks in pretrained mode; default 20000
 * @param trainEvery online mode: updates between comparator trainings; default 4
 * @param trainSteps Adam steps per online training (pre-training takes 16x as many); default 64
 * @param batchSize pairs per Adam step, half positive, half negative; default 128
 * @param bufferSteps online mode: recent frames kept per env for training pairs; default 1000
 * @param gamma discount of the stream; default 0.99
 * @param episodic whether the stream's returns are cut at episode ends; default true (the bonus
 *     is a function of this episode's memory)
 * @param coefficient weight of the stream in the mixed advantage; default 1
 */
public record EcConfig(int k, int negativeGap, boolean selfPairs, int embeddingDim, int hidden, double initScale,
                       String head,
                       double learningRate, int memoryCapacity, double percentile, double noveltyThreshold,
                       double alpha, double beta, boolean pretrained,
                       int pretrainSteps, int trainEvery, int trainSteps, int batchSize, int bufferSteps, double gamma,
                       boolean episodic, double coefficient) implements RewardConfig {
  public EcConfig {
    Check.positive("rewards.ec.k", k);
    Check.positive("rewards.ec.negativeGap", negativeGap);
    Check.positive("rewards.ec.embeddingDim", embeddingDim);
    Check.positive("rewards.ec.hidden", hidden);
    Check.positive("rewards.ec.initScale", initScale);
    Check.that(head != null && HEADS.contains(head), "rewards.ec.head", "must be one of " + HEADS + ", got " + head);
    Check.positive("rewards.ec.learningRate", learningRate);
    Check.that(memoryCapacity >= 2, "rewards.ec.memoryCapacity", "must be >= 2, got " + memoryCapacity);
    Check.inRange("rewards.ec.percentile", percentile, 0.0, 100.0);
    Check.inOpenRange("rewards.ec.noveltyThreshold", noveltyThreshold, 0.0, 1.0);
    Check.positive("rewards.ec.alpha", alpha);
    Check.that(Double.isFinite(beta), "rewards.ec.beta", "must be finite, got " + beta);
    Check.positive("rewards.ec.pretrainSteps", pretrainSteps);
    Check.positive("rewards.ec.trainEvery", trainEvery);
    Check.positive("rewards.ec.trainSteps", trainSteps);
    Check.that(batchSize >= 2, "rewards.ec.batchSize", "must be >= 2 (half positive, half negative), got " + batchSize);
    Check.that(bufferSteps > (long) k * negativeGap + 1, "rewards.ec.bufferSteps",
        "must exceed negativeGap * k + 1 = " + ((long) k * negativeGap + 1) + " so that negatives exist, got "
            + bufferSteps);
    Check.inRange("rewards.ec.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.ec.coefficient", "must be finite, got " + coefficient);
  }

  /** The comparator heads ({@link #head()}). */
  public static final List<String> HEADS = List.of("concat", "difference");

  public static EcConfig defaults() {
    return new EcConfig(5, 5, false, 32, 64, 1.0, "concat", 1e-3, 200, 90, 0.5, 0.05, 0.5, false, 20_000, 4, 64, 128, 1000, 0.99,
        true, 1.0);
  }

  /** These settings with positives at most {@code k} and negatives more than {@code negativeGap * k} apart. */
  public EcConfig withReach(int k, int negativeGap) {
    return new EcConfig(k, negativeGap, selfPairs, embeddingDim, hidden, initScale, head, learningRate, memoryCapacity,
        percentile, noveltyThreshold, alpha, beta, pretrained, pretrainSteps, trainEvery, trainSteps, batchSize,
        bufferSteps, gamma, episodic, coefficient);
  }

  /** These settings with comparator head {@code head} ({@link #HEADS}). */
  public EcConfig withHead(String head) {
    return new EcConfig(k, negativeGap, selfPairs, embeddingDim, hidden, initScale, head, learningRate, memoryCapacity,
        percentile, noveltyThreshold, alpha, beta, pretrained, pretrainSteps, trainEvery, trainSteps, batchSize,
        bufferSteps, gamma, episodic, coefficient);
  }

  /** Whether the comparator reads {@code |e_a - e_b|} ({@code head: difference}). */
  public boolean differenceHead() {
    return "difference".equals(head);
  }

  /** These settings in pretrained mode ({@code true}) or online mode. */
  public EcConfig withPretrained(boolean pretrained) {
    return new EcConfig(k, negativeGap, selfPairs, embeddingDim, hidden, initScale, head, learningRate, memoryCapacity,
        percentile, noveltyThreshold, alpha, beta, pretrained, pretrainSteps, trainEvery, trainSteps, batchSize,
        bufferSteps, gamma, episodic, coefficient);
  }
}
