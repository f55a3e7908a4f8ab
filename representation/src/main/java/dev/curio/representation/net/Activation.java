package dev.curio.representation.net;


/** Element-wise activations of {@link Mlp} layers, each one tape operation. */
public enum Activation {
  IDENTITY, RELU, TANH;

  /** The activation of {@code z} on its tape ({@code z} itself for the identity). */
  public Var apply(Var z) {
    return switch (this) {
      case IDENTITY -> z;
      case RELU -> z.relu();
      case TANH -> z.tanh();
    };
  }

  /** Standard deviation multiplier for weights initialised after a layer with this activation. */
  double gain() {
    return this == RELU ? Math.sqrt(2.0) : 1.0;
  }

  /** {@code relu}, {@code tanh} or {@code identity} (case-insensitive). */
  public static Activation of(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "relu" -> RELU;
      case "tanh" -> TANH;
      case "identity", "linear" -> IDENTITY;
      default -> throw new IllegalArgumentException("unknown activation '" + name + "' (relu, tanh, identity)");
    };
  }
}
