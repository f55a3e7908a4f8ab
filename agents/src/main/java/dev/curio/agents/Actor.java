package dev.curio.agents;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Chooses actions for a batch of observations in one forward pass. */
public interface Actor {
  /**
   * @param observations {@code [N, obsDim]} one row per env
   * @return one action per env with its log-probability and the value estimates
   */
  ActionBatch act(INDArray observations);
}
