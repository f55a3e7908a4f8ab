package dev.curio.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.agents.net.Backend;
import dev.curio.envs.worlds.maze.ExoMazeEnv;
import dev.curio.envs.worlds.maze.MazeConfig;
import dev.curio.envs.worlds.maze.MazeLayout;
import dev.curio.envs.worlds.maze.ObservationMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The neural check of issue 25 on the exogenous-noise maze ({@link AcStateMazeStudy}): its pieces
 * on hand-worked values, the protocol on the ideal encoder, and a shorter version of the bench's
 * learning run.
 */
class AcStateMazeStudyTest {
  @BeforeAll
  static void oneNd4jThread() {
    Backend.useThreads(1); // as a training run does (nd4jThreads: 1); two threads are slower on the small ops
  }

  @Test
  void searchFindsAShortestPathByActionsAndNoneToAnUnreachableCode() {
    // 0 -a1-> 1 -a2-> 2 -a1-> 3, and 0 -a3-> 4 -a0-> 3 (as short); 5 is never entered
    int[][] graph = {
        {-1, 1, -1, 4},
        {1, -1, 2, -1},
        {-1, 3, -1, -1},
        {3, 3, 3, 3},
        {3, -1, -1, -1},
        {0, -1, -1, -1}};
    assertArrayEquals(new int[] {1, 2}, AcStateMazeStudy.search(graph, 0, 2));
    assertArrayEquals(new int[] {3, 0}, AcStateMazeStudy.search(graph, 0, 3), "the first path found, actions in order");
    assertArrayEquals(new int[0], AcStateMazeStudy.search(graph, 2, 2));
    assertNull(AcStateMazeStudy.search(graph, 0, 5));
    assertNull(AcStateMazeStudy.search(graph, 3, 0));
  }

  @Test
  void purityCountsSamplesWhoseGroupsMajorityIsTheirOwnLabel() {
    // code 0 holds cells 7, 7, 8 (majority 7); code 1 holds cell 8 twice; code 2 holds 9 and 8 (tie: 8)
    int[] codes = {0, 0, 0, 1, 1, 2, 2};
    int[] cells = {7, 7, 8, 8, 8, 9, 8};
    assertEquals(5 / 7.0, AcStateMazeStudy.purity(codes, cells, 3, 10), 1e-12);
    // cell 8 is split over codes 0, 1 and 2 (majority 1), cells 7 and 9 are whole
    assertEquals(5 / 7.0, AcStateMazeStudy.purity(cells, codes, 10, 3), 1e-12);
  }

  @Test
  void theExogenousClassifierIsFittedOnOneWalkAndScoredOnTheOtherAgainstTheMajorityCell() {
    List<float[]> none = new ArrayList<>();
    int[] empty = new int[0];
    // one distractor; fit: code 0 sees cells 3, 3, 5; code 1 sees 5, 5, 5 (majority overall 5)
    AcStateMazeStudy.Walk fit = new AcStateMazeStudy.Walk(none, new int[6], new int[][] {{3, 3, 5, 5, 5, 5}}, empty,
        empty, empty);
    // score: code 0 at 3 and 5, code 1 at 5, code 2 (unseen in fit: predicts 5) at 4
    AcStateMazeStudy.Walk score = new AcStateMazeStudy.Walk(none, new int[4], new int[][] {{3, 5, 5, 4}}, empty,
        empty, empty);
    double[] r = AcStateMazeStudy.exogenous(new int[] {0, 0, 0, 1, 1, 1}, fit, new int[] {0, 0, 1, 2}, score, 3, 6);
    assertEquals(2 / 4.0, r[0], 1e-12, "predicts 3, 3, 5, 5");
    assertEquals(2 / 4.0, r[1], 1e-12, "always 5");
  }

  /**
   * The protocol on the ideal encoder: with the true cell as the code, purity and consistency are 1,
   * every trial plans to its goal in both loops, and the code tells the distractors' cells no better
   * than chance. No network, so this is exact for the seed.
   */
  @Test
  void withTheTrueCellsAsCodesEveryTrialReachesItsGoalAndTheDistractorsStayAtChance() {
    AcStateMazeStudy.Settings s =
        new AcStateMazeStudy.Settings(4_000, 2_000, 0, 300, AcStateMazeStudy.Settings.encoder(25));
    AcStateMazeStudy.Result r = AcStateMazeStudy.trueCells(AcStateMazeStudy.ENV, s, 1);
    assertEquals(25, r.reachableCells());
    assertEquals(25, r.cellsVisited(), r.toString());
    assertEquals(1.0, r.purity(), 0.0);
    assertEquals(1.0, r.consistency(), 0.0);
    assertEquals(300, r.openLoopWins(), r.toString());
    assertEquals(300, r.closedLoopWins(), r.toString());
    assertEquals(0, r.noPath(), r.toString());
    assertTrue(Math.abs(r.exoAccuracy() - r.exoChance()) < 0.01, r.toString());
  }

  /**
   * A shorter version of the bench's learning run (docs/ac-state.md): the same world and encoder, one
   * code per reachable cell, but 10,000 steps of data, 200 gradient steps at batch 256 and no forward
   * loss, learning rate 0.01 (the bench: 20,000 steps, 12,000 gradient steps at batch 128, forward
   * weight 1, learning rate 0.005), 200 trials. Untrained, the encoder puts the 25 cells in 2 to 4 codes
   * (purity 0.09-0.10) and plans none of the 200 trials. At least 2 of 3 seeds must reach purity 0.7 and closed-loop planning 0.5 (the seeds
   * stop once 2 have), and every seed run must read the distractors within 0.015 of chance.
   */
  @Test
  void aShortTrainingRunLearnsCodesThatHoldTheAgentsCellAndNotTheDistractors() {
    AcStateMazeStudy.Settings s = new AcStateMazeStudy.Settings(10_000, 2_000, 200, 200,
        AcStateMazeStudy.Settings.encoder(25).toBuilder().learningRate(1e-2).batchSize(256).forwardWeight(0)
            .bufferCapacity(10_000).build());
    List<AcStateMazeStudy.Result> results = new ArrayList<>();
    int learned = 0;
    for (long seed = 1; seed <= 3 && learned < 2; seed++) {
      AcStateMazeStudy.Result r = AcStateMazeStudy.run(AcStateMazeStudy.ENV, s, seed);
      results.add(r);
      learned += r.purity() >= 0.7 && r.closedLoop() >= 0.5 ? 1 : 0;
      assertTrue(r.exoAccuracy() <= r.exoChance() + 0.015, "distractor cells read from the code: " + r);
    }
    assertTrue(learned >= 2, "purity >= 0.7 and closed loop >= 0.5 in " + learned + " of 3: " + results);
  }

  @Test
  void worldsTheStudyCannotMeasureAreRefusedInOneLine() {
    AcStateMazeStudy.Settings s = new AcStateMazeStudy.Settings(100, 100, 0, 10, AcStateMazeStudy.Settings.encoder(25));
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> AcStateMazeStudy.run("maze:open-7x7-pos", s, 1));
    assertEquals("'maze:open-7x7-pos' is not an exogenous-noise maze (maze:exo-<layout>-k<K> or"
        + " maze:exo-<layout>-k<K>-pos, e.g. maze:exo-open-7x7-k8-pos)", plain.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> AcStateMazeStudy.run("maze:exo-nope-k8", s, 1));
    assertTrue(unknown.getMessage().startsWith("unknown env 'maze:exo-nope-k8'"), unknown.getMessage());
    ExoMazeEnv keys = new ExoMazeEnv(MazeLayout.fromResource("two-rooms-key"), 2,
        MazeConfig.defaults().withObservation(ObservationMode.POSITION));
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> AcStateMazeStudy.maze(keys));
    assertTrue(key.getMessage().contains("has keys"), key.getMessage());
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
        () -> new AcStateMazeStudy.Settings(0, 100, 0, 10, AcStateMazeStudy.Settings.encoder(25)));
    assertEquals("ac-state maze: trainTransitions must be at least 1, got 0", steps.getMessage());
    IllegalArgumentException restarts = assertThrows(IllegalArgumentException.class,
        () -> new AcStateMazeStudy.Settings(100, 100, 0, 10, AcStateMazeStudy.Settings.encoder(25), 0));
    assertEquals("ac-state maze: restarts must be at least 1, got 0", restarts.getMessage());
    for (Exception e : List.of(plain, unknown, key, steps, restarts)) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }
}
