package dev.curio.loop;

import dev.curio.core.config.Check;
import dev.curio.core.config.ConfigException;
import dev.curio.representation.acstate.AcStateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The run's learned encoder (keys {@code encoder.*}): an AC-State encoder (issue 25,
 * docs/ac-state.md) that the loop trains in its own phase and that reward modules, and optionally
 * the policy, read instead of the observations. The other keys apply only when {@code kind} is
 * {@code ac-state}, as a module's settings apply only when it is listed.
 *
 * <ul>
 *   <li>{@code kind}: {@code none} (the default; no encoder) or {@code ac-state}.
 *   <li>{@code modules}: the built-in reward modules of {@code rewards.modules} that read the
 *       encoder; empty (the default) means all of them. {@code count} reads the one-hot code index
 *       (novelty counted over codes), the others the quantised latent.
 *   <li>{@code policy}: {@code false} (default) the policy reads the observations; {@code true} it reads
 *       the encoder's output.
 *   <li>{@code freezeAfter}: env steps after which the encoder stops training; 0 (default) trains it
 *       the whole run. A policy on a frozen encoder sees inputs that no longer move.
 *   <li>{@code pretrainSteps}: env steps of a uniform random policy the encoder trains on before the run
 *       (not counted in {@code totalSteps}); 0 (default): none.
 *   <li>{@code pretrainUpdates}: gradient steps on those walks; default 1000.
 *   <li>{@code acState}: the encoder's own settings ({@link AcStateConfig}).
 * </ul>
 */
public final class EncoderConfig {
  public static final String NONE = "none";
  public static final String AC_STATE = "ac-state";

  private final String kind;
  private final List<String> modules;
  private final boolean policy;
  private final long freezeAfter;
  private final long pretrainSteps;
  private final int pretrainUpdates;
  private final AcStateConfig acState;

  private EncoderConfig(Builder b) {
    this.kind = b.kind;
    this.modules = b.modules == null ? null : List.copyOf(b.modules);
    this.policy = b.policy;
    this.freezeAfter = b.freezeAfter;
    this.pretrainSteps = b.pretrainSteps;
    this.pretrainUpdates = b.pretrainUpdates;
    this.acState = b.acState;
    Check.that(NONE.equals(kind) || AC_STATE.equals(kind), "encoder.kind",
        "must be none or ac-state, got '" + kind + "'");
    Check.notNull("encoder.modules", modules);
    Check.nonNegative("encoder.freezeAfter", freezeAfter);
    Check.nonNegative("encoder.pretrainSteps", pretrainSteps);
    Check.positive("encoder.pretrainUpdates", pretrainUpdates);
    Check.notNull("encoder.acState", acState);
  }

  /** No encoder. */
  public static EncoderConfig defaults() {
    return builder().build();
  }

  /** Whether the run has an encoder. */
  public boolean enabled() {
    return AC_STATE.equals(kind);
  }

  public String kind() {
    return kind;
  }

  /** As configured: empty means every built-in module of the run (see {@link #reads}). */
  public List<String> modules() {
    return modules;
  }

  /** Whether built-in module {@code name} of the run reads the encoder. */
  public boolean reads(String name) {
    return enabled() && (modules.isEmpty() || modules.contains(name));
  }

  public boolean policy() {
    return policy;
  }

  public long freezeAfter() {
    return freezeAfter;
  }

  /** Random-walk steps the encoder pre-trains on before the run; 0 for none. */
  public long pretrainSteps() {
    return pretrainSteps;
  }

  /** Gradient steps of the pre-training. */
  public int pretrainUpdates() {
    return pretrainUpdates;
  }

  public AcStateConfig acState() {
    return acState;
  }

  /**
   * Checks {@code modules} against the run's {@code rewards.modules}: each named module must be one of
   * them, and none may be {@code influence}, which reads the agents' raw observations and actions.
   */
  void checkAgainst(List<String> runModules) {
    if (!enabled()) {
      return;
    }
    for (String m : modules) {
      if (!runModules.contains(m)) {
        throw new ConfigException("encoder.modules", "names '" + m + "', which is not in rewards.modules "
            + runModules);
      }
    }
    for (String m : modules.isEmpty() ? runModules : modules) {
      if (m.equals("influence")) {
        throw new ConfigException(modules.isEmpty() ? "encoder.kind" : "encoder.modules", "influence cannot read an"
            + " encoder (its model of other agents reads their observations and actions as they are); list the"
            + " modules that should in encoder.modules");
      }
    }
    if (runModules.isEmpty() && !policy) {
      throw new ConfigException("encoder.kind", "is ac-state, but nothing reads it: add a reward module"
          + " (rewards.modules, --reward) or set encoder.policy: true");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.kind = kind;
    b.modules = new ArrayList<>(modules);
    b.policy = policy;
    b.freezeAfter = freezeAfter;
    b.pretrainSteps = pretrainSteps;
    b.pretrainUpdates = pretrainUpdates;
    b.acState = acState;
    return b;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EncoderConfig o && kind.equals(o.kind) && modules.equals(o.modules) && policy == o.policy
        && freezeAfter == o.freezeAfter && pretrainSteps == o.pretrainSteps && pretrainUpdates == o.pretrainUpdates
        && acState.equals(o.acState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, modules, policy, freezeAfter, pretrainSteps, pretrainUpdates, acState);
  }

  @Override
  public String toString() {
    return "EncoderConfig[kind=" + kind + ", modules=" + modules + ", policy=" + policy + ", freezeAfter="
        + freezeAfter + ", pretrainSteps=" + pretrainSteps + ", pretrainUpdates=" + pretrainUpdates + ", acState="
        + acState + "]";
  }

  public static final class Builder {
    private String kind = NONE;
    private List<String> modules = List.of();
    private boolean policy = false;
    private long freezeAfter = 0;
    private long pretrainSteps = 0;
    private int pretrainUpdates = 1000;
    private AcStateConfig acState = AcStateConfig.defaults();

    private Builder() {}

    public Builder kind(String kind) {
      this.kind = kind;
      return this;
    }

    public Builder modules(List<String> modules) {
      this.modules = modules;
      return this;
    }

    public Builder policy(boolean policy) {
      this.policy = policy;
      return this;
    }

    public Builder freezeAfter(long freezeAfter) {
      this.freezeAfter = freezeAfter;
      return this;
    }

    public Builder pretrainSteps(long pretrainSteps) {
      this.pretrainSteps = pretrainSteps;
      return this;
    }

    public Builder pretrainUpdates(int pretrainUpdates) {
      this.pretrainUpdates = pretrainUpdates;
      return this;
    }

    public Builder acState(AcStateConfig acState) {
      this.acState = acState;
      return this;
    }

    public EncoderConfig build() {
      return new EncoderConfig(this);
    }
  }
}
