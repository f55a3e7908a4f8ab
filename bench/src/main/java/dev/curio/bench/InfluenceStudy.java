package dev.curio.bench;

import dev.curio.agents.ActionBatch;
import dev.curio.agents.Policy;
import dev.curio.agents.PolicyActor;
import dev.curio.core.Rng;
import dev.curio.envs.multi.MultiAgentVectorEnv;
import dev.curio.envs.vector.VectorStep;
import dev.curio.envs.worlds.social.SpeakerListener;
import dev.curio.loop.EpisodeEnd;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;
import dev.curio.rewards.social.InfluenceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Social influence on the speaker-listener game (docs/social.md): PPO on the shared reward against PPO plus the
 * influence reward of the speaker (the MOA and the centralised variants, and influential communication on a cheap-talk
 * channel), the same worlds, seeds and budget. Per run: the success rate over training (the rolling mean return,
 * which is the share of episodes that ended on the target), the first env step at which it reached {@link #SOLVED},
 * and after training the mutual information between what the listener hears (the speaker's word; in the {@code comm}
 * case its cheap-talk message) and the move it then makes, estimated from {@link #evalSteps} joint steps of the
 * trained policy.
 */
public final class InfluenceStudy {
  /**
   * The cases: {@code ppo} (shared extrinsic reward only), {@code moa} (plus the speaker's influence reward from a
   * model of other agents), {@code centralised} (plus the speaker's influence computed with the listener's own
   * policy on its observation with the heard word rewritten) and {@code comm} (every agent also says one of
   * {@link #VOCABULARY} cheap-talk messages a step, {@code agents.messages}, and the speaker's influence is that of its
   * message, from a model of other agents: {@code rewards.influence.head: message}).
   */
  public static final List<String> CASES = List.of("ppo", "moa", "centralised", "comm");
  /** The world. */
  public static final String ENV = "social:speaker-listener";
  /** A run counts as solved at this success rate over the return window. */
  public static final double SOLVED = 0.9;
  /** Joint steps of the trained policy from which the mutual information is estimated. */
  public static final int EVAL_STEPS = 20_000;
  /** The fewest joint steps of an evaluation (a run shorter than {@link #EVAL_STEPS} evaluates as long as it trained). */
  public static final int MIN_EVAL_STEPS = 2_000;
  /** Env copies of the evaluation. */
  private static final int EVAL_COPIES = 16;
  /** The messages of the {@code comm} case: as many as the world's words. */
  public static final int VOCABULARY = new SpeakerListener().spec().actionSpace(SpeakerListener.SPEAKER).n();

  private InfluenceStudy() {}

  /**
   * One run's numbers.
   *
   * @param curve {@code [steps, success rate]} per iteration once the window is full
   * @param bits the mutual information I(heard word, or message in the comm case; listener's move) in bits, plug-in
   *     estimate
   * @param bitsBias Miller's first-order bias of that estimate
   * @param pairs the (word, move) pairs it was estimated from
   */
  public record Result(String name, long seed, long steps, double success, long solvedAt, double bits, double bitsBias,
                       long pairs, double evalSuccess, List<double[]> curve, double seconds) {}

  /** The config of case {@code name} on top of {@code base} (its env, budget and settings). */
  public static TrainConfig configFor(TrainConfig base, String name, long seed) {
    TrainConfig.Builder b = base.toBuilder().env(ENV).seed(seed);
    switch (name) {
      case "ppo" -> b.rewards(base.rewards().toBuilder().modules(List.of()).build());
      case "moa", "centralised", "comm" -> {
        InfluenceConfig given = base.rewards().influence();
        // the speaker is the influencer, unless the base config names others
        InfluenceConfig.Builder inf = given.toBuilder().counterfactuals(name.equals("centralised") ? "centralised"
            : "moa").head(name.equals("comm") ? "message" : "action");
        if (given.influencers().isEmpty()) {
          inf.influencers(List.of(0));
        }
        b.rewards(base.rewards().toBuilder().modules(List.of("influence")).influence(inf.build()).build());
        b.agents(base.agents().toBuilder().messages(name.equals("comm") ? VOCABULARY : 0).build());
      }
      default -> throw new IllegalArgumentException("influence study: unknown case '" + name + "' (known: " + CASES
          + ")");
    }
    return b.build();
  }

  /** Trains case {@code name} on one seed of the default speaker-listener game and measures it. */
  public static Result run(TrainConfig base, String name, long seed) {
    return run(base, name, seed, SpeakerListener::new);
  }

  /** Trains case {@code name} on one seed of {@code world}'s speaker-listener game and measures it. */
  public static Result run(TrainConfig base, String name, long seed, Supplier<SpeakerListener> world) {
    TrainConfig configured = configFor(base, name, seed);
    // comm talks in as many messages as this world has words
    TrainConfig cfg = configured.agents().messages() == 0 ? configured : configured.withAgents(configured.agents()
        .toBuilder().messages(world.get().spec().actionSpace(SpeakerListener.SPEAKER).n()).build());
    long began = System.nanoTime();
    List<double[]> curve = new ArrayList<>();
    long[] solvedAt = {-1};
    long[] episodes = {0};
    try (TrainingLoop loop = TrainingLoop.multiAgent(cfg, world)) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onEpisodeEnd(EpisodeEnd e) {
          if (e.envIndex() % 2 == 0) {
            episodes[0]++;
          }
        }

        @Override
        public void onIteration(IterationReport r) {
          if (episodes[0] >= cfg.returnWindow()) {
            curve.add(new double[] {r.globalStep(), r.meanReturn()});
            if (solvedAt[0] < 0 && r.meanReturn() >= SOLVED) {
              solvedAt[0] = r.globalStep();
            }
          }
        }
      });
      loop.run();
      Evaluation ev = evaluate(loop.policy(), seed, world, cfg.agents().messages(), evalSteps(cfg.totalSteps()));
      return new Result(name, seed, loop.globalStep(), loop.meanReturn(), solvedAt[0], MutualInformation.bits(ev.counts),
          MutualInformation.bias(ev.counts.length, ev.counts[0].length, ev.pairs), ev.pairs, ev.success, curve,
          (System.nanoTime() - began) / 1e9);
    }
  }

  /** Every case on every seed, case-major; {@code onResult} sees each as it ends. */
  public static List<Result> runAll(TrainConfig base, List<String> cases, List<Long> seeds, Consumer<Result> onResult) {
    return CaseSweep.caseMajor(cases, seeds, (c, seed) -> run(base, c, seed), onResult);
  }

  /**
   * Joint steps of the evaluation after a run of {@code budget} joint steps: {@link #EVAL_STEPS}, or for a shorter run
   * as many as it trained, at least {@link #MIN_EVAL_STEPS}.
   */
  public static int evalSteps(long budget) {
    return (int) Math.max(MIN_EVAL_STEPS, Math.min(EVAL_STEPS, budget));
  }

  /** Joint counts of (heard word or message, listener's move), the pairs counted, and the share of episodes won. */
  record Evaluation(long[][] counts, long pairs, double success) {}

  /**
   * Runs the trained policy (sampling, as it acts in training) for {@code steps} joint steps on fresh copies and
   * counts, at every step where the listener has heard something, what it heard (read from its observation) against
   * the move it then makes: the speaker's word, or with {@code messages} above 0 (the policy was trained with that
   * many cheap-talk messages) the speaker's message.
   */
  static Evaluation evaluate(Policy policy, long seed, Supplier<SpeakerListener> world, int messages, int steps) {
    SpeakerListener probe = world.get();
    int vocab = probe.spec().actionSpace(SpeakerListener.SPEAKER).n();
    long pairs = 0;
    long episodes = 0;
    long won = 0;
    PolicyActor actor = PolicyActor.sampling(policy, new Rng(Rng.derive(seed, "influence-eval")));
    try (MultiAgentVectorEnv v = MultiAgentVectorEnv.of(EVAL_COPIES, world, true, 0, messages)) {
      // the listener observes its cell (one-hot over the grid), then the word it heard (one-hot over the vocabulary);
      // with messages every column then holds the agents' messages, the speaker's first
      int from = messages > 0 ? v.messageOffset(SpeakerListener.SPEAKER)
          : probe.spec().observationSpaces().get(SpeakerListener.LISTENER).flatDim() - vocab;
      int width = messages > 0 ? messages : vocab;
      long[][] counts = new long[width][SpeakerListener.LISTENER_ACTIONS];
      int dim = v.observationDim();
      int n = v.numEnvs();
      float[] obs = v.reset(Rng.derive(seed, "influence-eval-env"));
      Object[] act = new Object[n];
      int[] moves = new int[n];
      for (int t = 0; t < steps; t++) {
        ActionBatch ab = actor.act(Nd4j.create(obs, new long[] {n, dim}, DataType.FLOAT));
        for (int i = 0; i < n; i++) {
          if (messages > 0) {
            float[] a = ab.action(i);
            act[i] = new int[] {(int) a[0], (int) a[1]};
            moves[i] = (int) a[0];
          } else {
            moves[i] = ab.discrete(i);
            act[i] = moves[i];
          }
        }
        for (int e = 0; e < EVAL_COPIES; e++) {
          int listener = e * 2 + SpeakerListener.LISTENER;
          int word = heard(obs, listener * dim + from, width);
          if (word >= 0) {
            counts[word][moves[listener]]++;
            pairs++;
          }
        }
        VectorStep s = v.step(act);
        for (int e = 0; e < EVAL_COPIES; e++) {
          int listener = e * 2 + SpeakerListener.LISTENER;
          if (s.done(listener)) {
            episodes++;
            if (s.rewards()[listener] > 0) {
              won++;
            }
          }
        }
        obs = s.observations();
      }
      return new Evaluation(counts, pairs, episodes == 0 ? Double.NaN : (double) won / episodes);
    }
  }

  /**
   * The word (or message) one-hot at {@code obs[from, from + vocab)}, or -1 when none was heard (the episode's first
   * step).
   */
  private static int heard(float[] obs, int from, int vocab) {
    for (int w = 0; w < vocab; w++) {
      if (obs[from + w] > 0.5f) {
        return w;
      }
    }
    return -1;
  }
}
