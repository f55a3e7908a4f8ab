package dev.curio.envs.worlds.social;

import java.util.Arrays;
import java.util.Objects;

/**
 * Settings of a {@link Harvest} game, validated on construction.
 *
 * @param layout the map, one text line per row: {@code @} wall, {@code A} apple spawn point (an apple
 *     stands there at reset), {@code P} agent spawn point, space or {@code .} floor
 * @param numAgents players, 1 to 9, no more than the layout's spawn points
 * @param viewRadius {@code r}: each agent sees the {@code (2r+1) x (2r+1)} square around itself
 * @param maxEpisodeSteps fixed episode length; the episode is truncated there
 * @param beamLength cells the zap beam reaches
 * @param freezeSteps steps a zapped agent cannot act
 * @param zapCost reward taken from an agent each time it zaps
 * @param hitPenalty reward taken from an agent each time it is zapped
 * @param regrowthRadius {@code R}: apples in the {@code (2R+1) x (2R+1)} square around an empty spawn
 *     point count as nearby
 * @param regrowthProbabilities {@code p[k]}: chance per step that an empty spawn point regrows when
 *     {@code min(k, p.length - 1)} apples are nearby
 */
public record HarvestConfig(String layout, int numAgents, int viewRadius, int maxEpisodeSteps, int beamLength,
                            int freezeSteps, double zapCost, double hitPenalty, int regrowthRadius,
                            double[] regrowthProbabilities) {
  /**
   * A small map for two players: two diamond-shaped orchards of 13 apples each, four spawn points.
   */
  public static final String MAP_2 = String.join("\n",
      "@@@@@@@@@@@@@@@@",
      "@P  A      A  P@",
      "@  AAA    AAA  @",
      "@ AAAAA  AAAAA @",
      "@  AAA    AAA  @",
      "@   A      A   @",
      "@P            P@",
      "@@@@@@@@@@@@@@@@");

  /** A map for up to six players: three orchards (37 apples), six spawn points. */
  public static final String MAP_4 = String.join("\n",
      "@@@@@@@@@@@@@@@@@@@@@@@",
      "@P         P         P@",
      "@   A             A   @",
      "@  AAA           AAA  @",
      "@ AAAAA   AAA   AAAAA @",
      "@  AAA   AAAAA   AAA  @",
      "@   A     AAA     A   @",
      "@                     @",
      "@P         P         P@",
      "@@@@@@@@@@@@@@@@@@@@@@@");

  /** Regrowth chance by nearby apples 0, 1, 2, 3+, as in the SSD Harvest game (Vinitsky et al.). */
  public static final double[] SSD_REGROWTH = {0, 0.005, 0.02, 0.05};

  public HarvestConfig {
    Objects.requireNonNull(layout, "HarvestConfig: layout");
    Objects.requireNonNull(regrowthProbabilities, "HarvestConfig: regrowthProbabilities");
    check(numAgents >= 1 && numAgents <= 9, "numAgents must be in [1, 9], got " + numAgents);
    check(viewRadius >= 1, "viewRadius must be >= 1, got " + viewRadius);
    check(maxEpisodeSteps >= 1, "maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
    check(beamLength >= 1, "beamLength must be >= 1, got " + beamLength);
    check(freezeSteps >= 0, "freezeSteps must be >= 0, got " + freezeSteps);
    check(Double.isFinite(zapCost), "zapCost must be finite, got " + zapCost);
    check(Double.isFinite(hitPenalty), "hitPenalty must be finite, got " + hitPenalty);
    check(regrowthRadius >= 1, "regrowthRadius must be >= 1, got " + regrowthRadius);
    check(regrowthProbabilities.length >= 1, "regrowthProbabilities must not be empty");
    for (int k = 0; k < regrowthProbabilities.length; k++) {
      double p = regrowthProbabilities[k];
      check(p >= 0 && p <= 1, "regrowthProbabilities[" + k + "] must be in [0, 1], got " + p);
    }
    regrowthProbabilities = regrowthProbabilities.clone();
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException("HarvestConfig: " + message);
    }
  }

  /**
   * Defaults for {@code numAgents} players: {@link #MAP_2} for one or two, {@link #MAP_4} for three to
   * six; view radius 3 (a 7 x 7 window), 1000 steps, a 5-cell beam that freezes for 25 steps at no cost
   * (tagging as in Leibo et al. 2017), regrowth within radius 2 with {@link #SSD_REGROWTH}.
   */
  public static HarvestConfig defaults(int numAgents) {
    String map = numAgents <= 2 ? MAP_2 : MAP_4;
    return new HarvestConfig(map, numAgents, 3, 1000, 5, 25, 0.0, 0.0, 2, SSD_REGROWTH);
  }

  @Override
  public double[] regrowthProbabilities() {
    return regrowthProbabilities.clone();
  }

  public HarvestConfig withLayout(String newLayout) {
    return new HarvestConfig(newLayout, numAgents, viewRadius, maxEpisodeSteps, beamLength, freezeSteps, zapCost,
        hitPenalty, regrowthRadius, regrowthProbabilities);
  }

  public HarvestConfig withMaxEpisodeSteps(int steps) {
    return new HarvestConfig(layout, numAgents, viewRadius, steps, beamLength, freezeSteps, zapCost,
        hitPenalty, regrowthRadius, regrowthProbabilities);
  }

  public HarvestConfig withRegrowthProbabilities(double... p) {
    return new HarvestConfig(layout, numAgents, viewRadius, maxEpisodeSteps, beamLength, freezeSteps, zapCost,
        hitPenalty, regrowthRadius, p);
  }

  public HarvestConfig withZap(int length, int freeze, double cost, double penalty) {
    return new HarvestConfig(layout, numAgents, viewRadius, maxEpisodeSteps, length, freeze, cost, penalty,
        regrowthRadius, regrowthProbabilities);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HarvestConfig c && layout.equals(c.layout) && numAgents == c.numAgents
        && viewRadius == c.viewRadius && maxEpisodeSteps == c.maxEpisodeSteps && beamLength == c.beamLength
        && freezeSteps == c.freezeSteps && Double.compare(zapCost, c.zapCost) == 0
        && Double.compare(hitPenalty, c.hitPenalty) == 0 && regrowthRadius == c.regrowthRadius
        && Arrays.equals(regrowthProbabilities, c.regrowthProbabilities);
  }

  @Override
  public int hashCode() {
    return Objects.hash(layout, numAgents, viewRadius, maxEpisodeSteps, beamLength, freezeSteps, zapCost,
        hitPenalty, regrowthRadius, Arrays.hashCode(regrowthProbabilities));
  }

  @Override
  public String toString() {
    return "HarvestConfig[numAgents=" + numAgents + ", viewRadius=" + viewRadius + ", maxEpisodeSteps="
        + maxEpisodeSteps + ", beamLength=" + beamLength + ", freezeSteps=" + freezeSteps + ", zapCost=" + zapCost
        + ", hitPenalty=" + hitPenalty + ", regrowthRadius=" + regrowthRadius + ", regrowthProbabilities="
        + Arrays.toString(regrowthProbabilities) + ", layout=" + layout.lines().count() + " rows]";
  }
}
