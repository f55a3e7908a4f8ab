package dev.curio.envs.rl4j;

import dev.curio.core.space.Box;
import dev.curio.core.space.Space;
import java.util.Arrays;
import org.deeplearning4j.rl4j.space.ObservationSpace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Curio observation space as RL4J sees it: the shape of a {@code Box} (or {@code [flatDim]} for other
 * spaces, which flatten to one-hot vectors in {@code [0, 1]}) and its real bounds.
 */
final class BoxObservationSpace implements ObservationSpace<org.deeplearning4j.rl4j.space.Box> {
  private final String name;
  private final int[] shape;
  private final float[] low;
  private final float[] high;

  BoxObservationSpace(String name, Space<?> space) {
    this.name = name;
    if (space instanceof Box b) {
      this.shape = b.shape();
      this.low = b.low();
      this.high = b.high();
    } else {
      this.shape = new int[] {space.flatDim()};
      this.low = new float[space.flatDim()];
      this.high = new float[space.flatDim()];
      Arrays.fill(high, 1f);
    }
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public int[] getShape() {
    return shape.clone();
  }

  @Override
  public INDArray getLow() {
    return Nd4j.create(low.clone());
  }

  @Override
  public INDArray getHigh() {
    return Nd4j.create(high.clone());
  }
}
