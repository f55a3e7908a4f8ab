package dev.curio.loop;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import dev.curio.rewards.EcConfig;
import dev.curio.rewards.IcmConfig;
import dev.curio.rewards.DisagreementConfig;
import dev.curio.rewards.NoveldConfig;
import dev.curio.rewards.RewardConfig;
import dev.curio.rewards.RewardModules;
import dev.curio.rewards.RfsConfig;
import dev.curio.rewards.RndConfig;
import dev.curio.rewards.examples.CountConfig;
import dev.curio.rewards.social.InfluenceConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * Which intrinsic reward modules a run uses, how their streams are post-processed, and each built-in
 * module's settings (keys {@code rewards.*}). A module's settings apply only when it is listed in
 * {@link #modules}.
 *
 * <p>Build one with {@link #builder()}, which starts from the defaults, and change one with
 * {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class RewardsConfig {
  /**
   * Built-in modules by name, in stream order ({@code icm}, {@code rnd}, {@code rfs}, {@code ec}, {@code
   * count}, {@code noveld}, {@code disagreement}, and {@code influence} for worlds of several agents); empty:
   * extrinsic reward only.
   */
  private final List<String> modules;
  /**
   * Divide each intrinsic stream by a running std of its discounted return (Burda et al. 2018), so the
   * coefficients mean the same across modules and worlds.
   */
  private final boolean normalize;
  /** Clip normalised intrinsic rewards to {@code [-clip, clip]}; 0: no clip. */
  private final double clip;
  /** Kappa of the schedule {@code (1 - kappa)^u} on intrinsic rewards, u = updates so far; 0: constant. */
  private final double decay;
  /** Settings of {@code icm}. */
  private final IcmConfig icm;
  /** Settings of {@code rnd}. */
  private final RndConfig rnd;
  /** Settings of {@code rfs} (random-feature surprisal). */
  private final RfsConfig rfs;
  /** Settings of {@code ec} (episodic curiosity). */
  private final EcConfig ec;
  /** Settings of {@code count}. */
  private final CountConfig count;
  /** Settings of {@code noveld}. */
  private final NoveldConfig noveld;
  /** Settings of {@code disagreement} (an ensemble's disagreement). */
  private final DisagreementConfig disagreement;
  /** Settings of {@code influence} (social influence; worlds of several agents only). */
  private final InfluenceConfig influence;

  private RewardsConfig(Builder b) {
    Check.notNull("rewards.modules", b.modules);
    this.modules = List.copyOf(b.modules);
    this.normalize = b.normalize;
    this.clip = b.clip;
    this.decay = b.decay;
    this.icm = b.icm;
    this.rnd = b.rnd;
    this.rfs = b.rfs;
    this.ec = b.ec;
    this.count = b.count;
    this.noveld = b.noveld;
    this.disagreement = b.disagreement;
    this.influence = b.influence;
    Set<String> seen = new HashSet<>();
    for (String m : modules) {
      if (!RewardModules.NAMES.contains(m)) {
        throw new ConfigException("rewards.modules", "unknown module '" + m + "' (known: "
            + String.join(", ", RewardModules.NAMES) + ")");
      }
      if (!seen.add(m)) {
        throw new ConfigException("rewards.modules", "lists '" + m + "' twice");
      }
    }
    Check.nonNegative("rewards.clip", clip);
    Check.that(decay >= 0 && decay < 1, "rewards.decay", "must be in [0, 1), got " + decay);
    Check.notNull("rewards.icm", icm);
    Check.notNull("rewards.rnd", rnd);
    Check.notNull("rewards.rfs", rfs);
    Check.notNull("rewards.ec", ec);
    Check.notNull("rewards.count", count);
    Check.notNull("rewards.noveld", noveld);
    Check.notNull("rewards.disagreement", disagreement);
    Check.notNull("rewards.influence", influence);
  }

  /** No intrinsic reward; every module's defaults ready for when one is listed. */
  public static RewardsConfig none() {
    return builder().build();
  }

  /** These settings with {@code names} as the modules. */
  public RewardsConfig withModules(List<String> names) {
    return toBuilder().modules(names).build();
  }

  /** The settings record of module {@code name}. */
  public RewardConfig settings(String name) {
    return switch (name) {
      case "icm" -> icm;
      case "rnd" -> rnd;
      case "rfs" -> rfs;
      case "ec" -> ec;
      case "count" -> count;
      case "noveld" -> noveld;
      case "disagreement" -> disagreement;
      case "influence" -> influence;
      default -> throw new ConfigException("rewards.modules", "unknown module '" + name + "'");
    };
  }

  public List<String> modules() {
    return modules;
  }

  public boolean normalize() {
    return normalize;
  }

  public double clip() {
    return clip;
  }

  public double decay() {
    return decay;
  }

  public IcmConfig icm() {
    return icm;
  }

  public RndConfig rnd() {
    return rnd;
  }

  public RfsConfig rfs() {
    return rfs;
  }

  public EcConfig ec() {
    return ec;
  }

  public CountConfig count() {
    return count;
  }

  public NoveldConfig noveld() {
    return noveld;
  }

  public DisagreementConfig disagreement() {
    return disagreement;
  }

  public InfluenceConfig influence() {
    return influence;
  }

  /** A builder at {@link #none()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.modules = modules;
    b.normalize = normalize;
    b.clip = clip;
    b.decay = decay;
    b.icm = icm;
    b.rnd = rnd;
    b.rfs = rfs;
    b.ec = ec;
    b.count = count;
    b.noveld = noveld;
    b.disagreement = disagreement;
    b.influence = influence;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RewardsConfig o
        && Objects.equals(modules, o.modules)
        && normalize == o.normalize
        && Double.compare(clip, o.clip) == 0
        && Double.compare(decay, o.decay) == 0
        && Objects.equals(icm, o.icm)
        && Objects.equals(rnd, o.rnd)
        && Objects.equals(rfs, o.rfs)
        && Objects.equals(ec, o.ec)
        && Objects.equals(count, o.count)
        && Objects.equals(noveld, o.noveld)
        && Objects.equals(disagreement, o.disagreement)
        && Objects.equals(influence, o.influence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modules, normalize, clip, decay, icm, rnd, rfs, ec, count, noveld, disagreement,
        influence);
  }

  @Override
  public String toString() {
    return "RewardsConfig[modules=" + modules
        + ", normalize=" + normalize
        + ", clip=" + clip
        + ", decay=" + decay
        + ", icm=" + icm
        + ", rnd=" + rnd
        + ", rfs=" + rfs
        + ", ec=" + ec
        + ", count=" + count
        + ", noveld=" + noveld
        + ", disagreement=" + disagreement
        + ", influence=" + influence
        + "]";
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private List<String> modules = List.of();
    private boolean normalize = true;
    private double clip = 0;
    private double decay = 0;
    private IcmConfig icm = IcmConfig.defaults();
    private RndConfig rnd = RndConfig.defaults();
    private RfsConfig rfs = RfsConfig.defaults();
    private EcConfig ec = EcConfig.defaults();
    private CountConfig count = CountConfig.defaults();
    private NoveldConfig noveld = NoveldConfig.defaults();
    private DisagreementConfig disagreement = DisagreementConfig.defaults();
    private InfluenceConfig influence = InfluenceConfig.defaults();

    private Builder() {}

    public Builder modules(List<String> modules) {
      this.modules = modules;
      return this;
    }

    public Builder normalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    public Builder clip(double clip) {
      this.clip = clip;
      return this;
    }

    public Builder decay(double decay) {
      this.decay = decay;
      return this;
    }

    public Builder icm(IcmConfig icm) {
      this.icm = icm;
      return this;
    }

    public Builder rnd(RndConfig rnd) {
      this.rnd = rnd;
      return this;
    }

    public Builder rfs(RfsConfig rfs) {
      this.rfs = rfs;
      return this;
    }

    public Builder ec(EcConfig ec) {
      this.ec = ec;
      return this;
    }

    public Builder noveld(NoveldConfig noveld) {
      this.noveld = noveld;
      return this;
    }

    public Builder disagreement(DisagreementConfig disagreement) {
      this.disagreement = disagreement;
      return this;
    }

    public Builder count(CountConfig count) {
      this.count = count;
      return this;
    }

    public Builder influence(InfluenceConfig influence) {
      this.influence = influence;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public RewardsConfig build() {
      return new RewardsConfig(this);
    }
  }
}
