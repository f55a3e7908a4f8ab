package dev.curio.representation.net;

import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise activations of {@link Mlp} layers, each one ND4J op forward and one backward. */
public enum Activation {
  IDENTITY, RELU, TANH;

  /** The activation of {@code z} as a new array ({@code z} itself for the identity). */
  INDArray apply(INDArray z) {
    return switch (this) {
      case IDENTITY -> z;
      case RELU -> Transforms.relu(z, true);
      case TANH -> Transforms.tanh(z, true);
    };
  }

  /** {@code dL/dz} from {@code dL/da} and the pre-activation {@code z}; may overwrite {@code z}. */
  INDArray backprop(INDArray z, INDArray gradOut) {
    return switch (this) {
      case IDENTITY -> gradOut;
      case RELU -> new ActivationReLU().backprop(z, gradOut).getFirst();
      case TANH -> new ActivationTanH().backprop(z, gradOut).getFirst();
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
