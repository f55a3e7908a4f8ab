package dev.curio.rewards;

import dev.curio.core.Rng;
import dev.curio.representation.Encoder;
import dev.curio.representation.RandomEncoder;
import dev.curio.representation.acstate.AcStateConfig;
import dev.curio.representation.acstate.AcStateEncoder;
import dev.curio.representation.net.Activation;
import dev.curio.rewards.examples.CountBonus;
import dev.curio.rewards.examples.CountConfig;
import dev.curio.rewards.testing.IntrinsicRewardContract;
import org.junit.jupiter.api.Nested;

/** The contract suite run on every built-in module and both decorators. */
class ModuleContractTests {
  @Nested
  class IcmContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new Icm(IcmConfig.defaults(), obsShape(), numActions(), seed);
    }
  }

  @Nested
  class IcmTrainingFeaturesContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      IcmConfig d = IcmConfig.defaults();
      return new Icm(d.toBuilder().featureDim(8).hidden(16).learningRate(1e-2).gradientSteps(2)
          .forwardTrainsFeatures(true).unitFeatures(true).obsClip(5.0).episodic(false).coefficient(1.0)
          .build(), obsShape(),
          numActions(), seed);
    }
  }

  @Nested
  class RndContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new Rnd(RndConfig.defaults(), obsShape(), numActions(), seed);
    }
  }

  @Nested
  class NoveldContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new NovelD(NoveldConfig.defaults(), obsShape(), numActions(), seed);
    }
  }

  @Nested
  class DisagreementContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      // one Adam step per update instead of the defaults' 16, and 64 hidden units: the contract is about the
      // API (purity, restore, shapes), which does not depend on how hard the models train
      return new Disagreement(DisagreementConfig.builder().gradientSteps(1).hidden(64).build(), obsShape(), numActions(),
          seed);
    }
  }

  @Nested
  class RfsContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new RandomFeatureSurprisal(RfsConfig.defaults(), obsShape(), numActions(), seed);
    }
  }

  /**
   * Episodic curiosity with reach and training cadence small enough that the suite's six-step
   * rollouts hold negatives (pairs more than 2 steps apart) and every update trains; with self pairs
   * a scaled first layer and the difference head, so the contract covers those paths too.
   */
  static EcConfig smallEc() {
    EcConfig d = EcConfig.defaults().withReach(1, 2);
    return d.toBuilder().selfPairs(true).embeddingDim(8).hidden(16).initScale(4.0).head("difference")
        .learningRate(1e-2).memoryCapacity(3).pretrained(false).trainEvery(1).trainSteps(4).batchSize(16)
        .bufferSteps(64).build();
  }

  @Nested
  class EcContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new EpisodicCuriosity(smallEc(), obsShape(), numActions(), seed);
    }
  }

  @Nested
  class NormalizedEcContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new NormalizedReward(new EpisodicCuriosity(smallEc(), obsShape(), numActions(), seed), 5.0);
    }
  }

  @Nested
  class CountContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new CountBonus(CountConfig.defaults(), obsShape(), numActions(), seed);
    }
  }

  @Nested
  class EpisodicCountContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new CountBonus(new CountConfig(0.5, true, 0.9, 1.0), obsShape(), numActions(), seed);
    }
  }

  @Nested
  class NormalizedIcmContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new NormalizedReward(new Icm(IcmConfig.defaults(), obsShape(), numActions(), seed), 3.0);
    }
  }

  @Nested
  class ScheduledRndContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      return new ScheduledReward(new Rnd(RndConfig.defaults(), obsShape(), numActions(), seed), 0.5, 0.1);
    }
  }

  @Nested
  class FlatObservationsContract extends IntrinsicRewardContract {
    @Override
    protected int[] obsShape() {
      return new int[] {5};
    }

    @Override
    protected int numActions() {
      return 2;
    }

    @Override
    protected IntrinsicReward create(long seed) {
      return new NormalizedReward(RewardModules.create("rfs", null, obsShape(), numActions(), seed), 0);
    }
  }


  /**
   * RND on a fixed random encoder's output that someone else owns: the encoder is seeded apart from the module,
   * as a loop's shared encoder is, so the module's snapshot (without it) restores exactly.
   */
  @Nested
  class EncodedRndContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      Encoder shared = new RandomEncoder(6, new int[] {8}, 4, Activation.RELU, new Rng(99));
      return EncodedReward.reading(shared, new Rnd(RndConfig.defaults(), new int[] {4}, numActions(), seed));
    }
  }

  /** The count bonus on the codes of an AC-State encoder the module trains itself (the Java API's few-line form). */
  @Nested
  class TrainingCountOnCodesContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      AcStateEncoder enc = new AcStateEncoder(AcStateConfig.builder().codes(4).latentDim(2).encoderHidden(8)
          .headHidden(8).batchSize(8).build(), 6, numActions(), seed);
      return EncodedReward.training(enc, enc.codeView(),
          new CountBonus(CountConfig.defaults(), new int[] {enc.codeCount()}, numActions(), seed));
    }
  }

  /** Random-feature surprisal on the latents of an AC-State encoder the module trains, return-normalised. */
  @Nested
  class NormalizedTrainingRfsContract extends IntrinsicRewardContract {
    @Override
    protected IntrinsicReward create(long seed) {
      AcStateEncoder enc = new AcStateEncoder(AcStateConfig.builder().codes(4).latentDim(3).encoderHidden(8)
          .headHidden(8).batchSize(8).build(), 6, numActions(), seed);
      return new NormalizedReward(EncodedReward.training(enc,
          new RandomFeatureSurprisal(RfsConfig.defaults(), new int[] {enc.latentDim()}, numActions(), seed)), 5.0);
    }
  }
}
