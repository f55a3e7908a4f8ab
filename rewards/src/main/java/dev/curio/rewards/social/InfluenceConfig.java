package dev.curio.rewards.social;

import dev.curio.core.config.Check;
import dev.curio.rewards.RewardConfig;
import java.util.List;
import java.util.Objects;

/**
 * Config of {@link SocialInfluence} (keys {@code rewards.influence.*}).
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class InfluenceConfig implements RewardConfig {
  /** Where the counterfactual predictions come from, as {@link #counterfactuals} takes them. */
  public static final List<String> COUNTERFACTUALS = List.of("moa", "centralised");
  /** The action heads influence can be computed on, as {@link #head} takes them. */
  public static final List<String> HEADS = List.of("action", "message");
  /** Divergences by name, as {@link #divergence} takes them. */
  public static final List<String> DIVERGENCES = List.of("kl", "jsd");

  /**
   * {@code moa}: a model of other agents predicts the others' next actions (default); {@code centralised}: the other
   * agent's own policy, on its next observation rewritten for each counterfactual action, where the world declares
   * how the action reaches that observation (the paper's first experiment).
   */
  private final String counterfactuals;
  /**
   * Which of k's choices is the cause: {@code action}, its world action (default; component 0 when the agents also
   * send messages), or {@code message}, its cheap-talk message (needs {@code agents.messages}): the influential
   * communication of the paper. Either way the effect is the others' next world action.
   */
  private final String head;
  /** {@code kl} (the paper's) or {@code jsd} (Jensen-Shannon, bounded by ln 2); default kl. */
  private final String divergence;
  /** Each agent's influence, summed over the others, is clipped to {@code [-clip, clip]}; default 10 (reference). */
  private final double clip;
  /**
   * Steps between an action and the reward for its influence: 1 (the reference: the influence of the action at t is
   * paid with step t+1's reward, and lost when the episode ends at t) or 0 (paid at t); default 1.
   */
  private final int delay;
  /** Env steps of the weight schedule, strictly increasing, {@code >= 0} (whole numbers; 1e7 is allowed); default [0]. */
  private final List<Double> scheduleSteps;
  /** Weights at {@link #scheduleSteps}, interpolated linearly in between (np.interp); default [1]. */
  private final List<Double> scheduleWeights;
  /**
   * Use the world's visibility mask (train the model of other agents and count influence only where the other agent
   * was visible); false: every other agent counts as visible; default true. Worlds that report no mask count
   * everyone as visible either way.
   */
  private final boolean visibleOnly;
  /**
   * The agents that receive the influence reward (the paper's "influencers"); the others' stream is 0. Empty (the
   * default): every agent.
   */
  private final List<Integer> influencers;
  /** Hidden widths of the model of other agents; default [64, 64]. */
  private final List<Integer> hidden;
  /** Adam step size of the model of other agents; default 1e-3. */
  private final double learningRate;
  /** Full-batch Adam steps of the model of other agents per {@code update}; default 4. */
  private final int gradientSteps;
  /** Discount of the stream; default 0.99. */
  private final double gamma;
  /** Whether the stream's returns are cut at episode ends; default false. */
  private final boolean episodic;
  /** Weight of the stream in the mixed advantage; default 1. */
  private final double coefficient;

  private InfluenceConfig(Builder b) {
    this.counterfactuals = b.counterfactuals;
    this.head = b.head;
    this.divergence = b.divergence;
    this.clip = b.clip;
    this.delay = b.delay;
    Check.notNull("rewards.influence.scheduleSteps", b.scheduleSteps);
    Check.notNull("rewards.influence.scheduleWeights", b.scheduleWeights);
    Check.notNull("rewards.influence.hidden", b.hidden);
    Check.notNull("rewards.influence.influencers", b.influencers);
    this.scheduleSteps = List.copyOf(b.scheduleSteps);
    this.scheduleWeights = List.copyOf(b.scheduleWeights);
    this.visibleOnly = b.visibleOnly;
    this.hidden = List.copyOf(b.hidden);
    for (int i = 0; i < b.influencers.size(); i++) {
      Integer a = b.influencers.get(i);
      Check.that(a != null && a >= 0, "rewards.influence.influencers", "agent indices must be >= 0, got " + a
          + " at index " + i);
      Check.that(b.influencers.indexOf(a) == i, "rewards.influence.influencers", "lists agent " + a + " twice");
    }
    this.influencers = List.copyOf(b.influencers);
    this.learningRate = b.learningRate;
    this.gradientSteps = b.gradientSteps;
    this.gamma = b.gamma;
    this.episodic = b.episodic;
    this.coefficient = b.coefficient;
    Check.that(counterfactuals != null && COUNTERFACTUALS.contains(counterfactuals), "rewards.influence.counterfactuals",
        "must be one of " + COUNTERFACTUALS + ", got " + counterfactuals);
    Check.that(head != null && HEADS.contains(head), "rewards.influence.head", "must be one of " + HEADS + ", got "
        + head);
    Check.that(divergence != null && DIVERGENCES.contains(divergence), "rewards.influence.divergence",
        "must be one of " + DIVERGENCES + ", got " + divergence);
    Check.that(clip > 0 && Double.isFinite(clip), "rewards.influence.clip", "must be a finite number > 0, got " + clip);
    Check.that(delay == 0 || delay == 1, "rewards.influence.delay", "must be 0 or 1, got " + delay);
    for (int i = 0; i < scheduleSteps.size(); i++) {
      Double s = scheduleSteps.get(i);
      Check.that(s != null && s >= 0 && s <= (double) (1L << 53) && s == Math.rint(s), "rewards.influence.scheduleSteps",
          "must hold whole numbers of env steps >= 0, got " + s + " at index " + i);
    }
    for (int i = 0; i < scheduleWeights.size(); i++) {
      Check.that(scheduleWeights.get(i) != null, "rewards.influence.scheduleWeights", "has null at index " + i);
    }
    schedule(); // checks order, lengths and finiteness, naming the key
    Check.that(!hidden.isEmpty(), "rewards.influence.hidden", "needs at least one hidden layer, got []");
    for (int i = 0; i < hidden.size(); i++) {
      Integer w = hidden.get(i);
      Check.that(w != null && w > 0, "rewards.influence.hidden", "widths must be > 0, got " + w + " at index " + i);
    }
    Check.positive("rewards.influence.learningRate", learningRate);
    Check.positive("rewards.influence.gradientSteps", gradientSteps);
    Check.inRange("rewards.influence.gamma", gamma, 0.0, 1.0);
    Check.that(Double.isFinite(coefficient), "rewards.influence.coefficient", "must be finite, got " + coefficient);
  }

  public static InfluenceConfig defaults() {
    return builder().build();
  }

  public String counterfactuals() {
    return counterfactuals;
  }

  /** Whether the counterfactuals come from the other agents' own policies. */
  public boolean centralised() {
    return counterfactuals.equals("centralised");
  }

  /** {@code action} or {@code message}: the head whose counterfactuals are taken. */
  public String head() {
    return head;
  }

  /** Whether influence is computed on the message head (influential communication). */
  public boolean messageHead() {
    return head.equals("message");
  }

  public String divergence() {
    return divergence;
  }

  /** {@link #divergence} as {@link Influence}'s enum. */
  public Influence.Divergence divergenceKind() {
    return divergence.equals("jsd") ? Influence.Divergence.JSD : Influence.Divergence.KL;
  }

  public double clip() {
    return clip;
  }

  public int delay() {
    return delay;
  }

  public List<Double> scheduleSteps() {
    return scheduleSteps;
  }

  public List<Double> scheduleWeights() {
    return scheduleWeights;
  }

  /** The weight schedule over env steps; an error naming the key when the lists do not make one. */
  public InfluenceSchedule schedule() {
    long[] steps = new long[scheduleSteps.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = (long) (double) scheduleSteps.get(i);
    }
    double[] weights = scheduleWeights.stream().mapToDouble(Double::doubleValue).toArray();
    return InfluenceSchedule.of(steps, weights, "rewards.influence.scheduleSteps", "rewards.influence.scheduleWeights");
  }

  public boolean visibleOnly() {
    return visibleOnly;
  }

  public List<Integer> influencers() {
    return influencers;
  }

  public List<Integer> hidden() {
    return hidden;
  }

  public double learningRate() {
    return learningRate;
  }

  public int gradientSteps() {
    return gradientSteps;
  }

  public double gamma() {
    return gamma;
  }

  public boolean episodic() {
    return episodic;
  }

  public double coefficient() {
    return coefficient;
  }

  /** A builder at the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.counterfactuals = counterfactuals;
    b.head = head;
    b.divergence = divergence;
    b.clip = clip;
    b.delay = delay;
    b.scheduleSteps = scheduleSteps;
    b.scheduleWeights = scheduleWeights;
    b.visibleOnly = visibleOnly;
    b.hidden = hidden;
    b.influencers = influencers;
    b.learningRate = learningRate;
    b.gradientSteps = gradientSteps;
    b.gamma = gamma;
    b.episodic = episodic;
    b.coefficient = coefficient;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InfluenceConfig o
        && counterfactuals.equals(o.counterfactuals)
        && head.equals(o.head)
        && divergence.equals(o.divergence)
        && Double.compare(clip, o.clip) == 0
        && delay == o.delay
        && scheduleSteps.equals(o.scheduleSteps)
        && scheduleWeights.equals(o.scheduleWeights)
        && visibleOnly == o.visibleOnly
        && influencers.equals(o.influencers)
        && hidden.equals(o.hidden)
        && Double.compare(learningRate, o.learningRate) == 0
        && gradientSteps == o.gradientSteps
        && Double.compare(gamma, o.gamma) == 0
        && episodic == o.episodic
        && Double.compare(coefficient, o.coefficient) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(counterfactuals, head, divergence, clip, delay, scheduleSteps, scheduleWeights, visibleOnly,
        influencers, hidden, learningRate, gradientSteps, gamma, episodic, coefficient);
  }

  @Override
  public String toString() {
    return "InfluenceConfig[counterfactuals=" + counterfactuals
        + ", head=" + head
        + ", divergence=" + divergence
        + ", clip=" + clip
        + ", delay=" + delay
        + ", scheduleSteps=" + scheduleSteps
        + ", scheduleWeights=" + scheduleWeights
        + ", visibleOnly=" + visibleOnly
        + ", influencers=" + influencers
        + ", hidden=" + hidden
        + ", learningRate=" + learningRate
        + ", gradientSteps=" + gradientSteps
        + ", gamma=" + gamma
        + ", episodic=" + episodic
        + ", coefficient=" + coefficient
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private String counterfactuals = "moa";
    private String head = "action";
    private String divergence = "kl";
    private double clip = Influence.DEFAULT_CLIP;
    private int delay = 1;
    private List<Double> scheduleSteps = List.of(0.0);
    private List<Double> scheduleWeights = List.of(1.0);
    private boolean visibleOnly = true;
    private List<Integer> influencers = List.of();
    private List<Integer> hidden = List.of(64, 64);
    private double learningRate = 1e-3;
    private int gradientSteps = 4;
    private double gamma = 0.99;
    private boolean episodic = false;
    private double coefficient = 1.0;

    private Builder() {}

    public Builder counterfactuals(String counterfactuals) {
      this.counterfactuals = counterfactuals;
      return this;
    }

    /** {@code rewards.influence.head}: {@code action} or {@code message}. */
    public Builder head(String head) {
      this.head = head;
      return this;
    }

    public Builder divergence(String divergence) {
      this.divergence = divergence;
      return this;
    }

    public Builder clip(double clip) {
      this.clip = clip;
      return this;
    }

    public Builder delay(int delay) {
      this.delay = delay;
      return this;
    }

    public Builder scheduleSteps(List<Double> scheduleSteps) {
      this.scheduleSteps = scheduleSteps;
      return this;
    }

    public Builder scheduleWeights(List<Double> scheduleWeights) {
      this.scheduleWeights = scheduleWeights;
      return this;
    }

    public Builder visibleOnly(boolean visibleOnly) {
      this.visibleOnly = visibleOnly;
      return this;
    }

    public Builder influencers(List<Integer> influencers) {
      this.influencers = influencers;
      return this;
    }

    public Builder hidden(List<Integer> hidden) {
      this.hidden = hidden;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder gradientSteps(int gradientSteps) {
      this.gradientSteps = gradientSteps;
      return this;
    }

    public Builder gamma(double gamma) {
      this.gamma = gamma;
      return this;
    }

    public Builder episodic(boolean episodic) {
      this.episodic = episodic;
      return this;
    }

    public Builder coefficient(double coefficient) {
      this.coefficient = coefficient;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public InfluenceConfig build() {
      return new InfluenceConfig(this);
    }
  }
}
