package dev.curio.envs.worlds.social;

import java.util.Arrays;
import java.util.Objects;

/**
 * Settings of a {@link Harvest} game, validated on construction.
 *
 * <p>Build one with {@link #builder(int)}, which starts from {@link #defaults(int)}, and change one
 * with {@link #toBuilder()}; every setting is named, none is positional.
 */
public final class HarvestConfig {
  /**
   * The map, one text line per row: {@code @} wall, {@code A} apple spawn point (an apple stands there at
   * reset), {@code P} agent spawn point, space or {@code .} floor.
   */
  private final String layout;
  /** Players, 1 to 9, no more than the layout's spawn points. */
  private final int numAgents;
  /** {@code r}: each agent sees the {@code (2r+1) x (2r+1)} square around itself. */
  private final int viewRadius;
  /** Fixed episode length; the episode is truncated there. */
  private final int maxEpisodeSteps;
  /** Cells the zap beam reaches. */
  private final int beamLength;
  /** Steps a zapped agent cannot act. */
  private final int freezeSteps;
  /** Reward taken from an agent each time it zaps. */
  private final double zapCost;
  /** Reward taken from an agent each time it is zapped. */
  private final double hitPenalty;
  /** {@code R}: apples in the {@code (2R+1) x (2R+1)} square around an empty spawn point count as nearby. */
  private final int regrowthRadius;
  /**
   * {@code p[k]}: chance per step that an empty spawn point regrows when {@code min(k, p.length - 1)} apples are
   * nearby.
   */
  private final double[] regrowthProbabilities;

  private HarvestConfig(Builder b) {
    this.layout = b.layout;
    this.numAgents = b.numAgents;
    this.viewRadius = b.viewRadius;
    this.maxEpisodeSteps = b.maxEpisodeSteps;
    this.beamLength = b.beamLength;
    this.freezeSteps = b.freezeSteps;
    this.zapCost = b.zapCost;
    this.hitPenalty = b.hitPenalty;
    this.regrowthRadius = b.regrowthRadius;
    this.regrowthProbabilities = Objects.requireNonNull(b.regrowthProbabilities, "HarvestConfig: regrowthProbabilities")
        .clone();
    Objects.requireNonNull(layout, "HarvestConfig: layout");
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
  }

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
    Builder b = new Builder();
    b.layout = map;
    b.numAgents = numAgents;
    b.viewRadius = 3;
    b.maxEpisodeSteps = 1000;
    b.beamLength = 5;
    b.freezeSteps = 25;
    b.zapCost = 0.0;
    b.hitPenalty = 0.0;
    b.regrowthRadius = 2;
    b.regrowthProbabilities = SSD_REGROWTH;
    return b.build();
  }

  /** A copy: the config stays immutable. */
  public double[] regrowthProbabilities() {
    return regrowthProbabilities.clone();
  }

  public HarvestConfig withLayout(String newLayout) {
    return toBuilder().layout(newLayout).build();
  }

  public HarvestConfig withMaxEpisodeSteps(int steps) {
    return toBuilder().maxEpisodeSteps(steps).build();
  }

  public HarvestConfig withRegrowthProbabilities(double... p) {
    return toBuilder().regrowthProbabilities(p).build();
  }

  public HarvestConfig withZap(int length, int freeze, double cost, double penalty) {
    return toBuilder().beamLength(length).freezeSteps(freeze).zapCost(cost).hitPenalty(penalty).build();
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

  public String layout() {
    return layout;
  }

  public int numAgents() {
    return numAgents;
  }

  public int viewRadius() {
    return viewRadius;
  }

  public int maxEpisodeSteps() {
    return maxEpisodeSteps;
  }

  public int beamLength() {
    return beamLength;
  }

  public int freezeSteps() {
    return freezeSteps;
  }

  public double zapCost() {
    return zapCost;
  }

  public double hitPenalty() {
    return hitPenalty;
  }

  public int regrowthRadius() {
    return regrowthRadius;
  }

  /** A builder at {@link #defaults(int) defaults(numAgents)}. */
  public static Builder builder(int numAgents) {
    return defaults(numAgents).toBuilder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.layout = layout;
    b.numAgents = numAgents;
    b.viewRadius = viewRadius;
    b.maxEpisodeSteps = maxEpisodeSteps;
    b.beamLength = beamLength;
    b.freezeSteps = freezeSteps;
    b.zapCost = zapCost;
    b.hitPenalty = hitPenalty;
    b.regrowthRadius = regrowthRadius;
    b.regrowthProbabilities = regrowthProbabilities;
    return b;
  }

  /** Settings by name; {@link #build} checks them. */
  public static final class Builder {
    private String layout;
    private int numAgents;
    private int viewRadius;
    private int maxEpisodeSteps;
    private int beamLength;
    private int freezeSteps;
    private double zapCost;
    private double hitPenalty;
    private int regrowthRadius;
    private double[] regrowthProbabilities;

    private Builder() {}

    public Builder layout(String layout) {
      this.layout = layout;
      return this;
    }

    public Builder numAgents(int numAgents) {
      this.numAgents = numAgents;
      return this;
    }

    public Builder viewRadius(int viewRadius) {
      this.viewRadius = viewRadius;
      return this;
    }

    public Builder maxEpisodeSteps(int maxEpisodeSteps) {
      this.maxEpisodeSteps = maxEpisodeSteps;
      return this;
    }

    public Builder beamLength(int beamLength) {
      this.beamLength = beamLength;
      return this;
    }

    public Builder freezeSteps(int freezeSteps) {
      this.freezeSteps = freezeSteps;
      return this;
    }

    public Builder zapCost(double zapCost) {
      this.zapCost = zapCost;
      return this;
    }

    public Builder hitPenalty(double hitPenalty) {
      this.hitPenalty = hitPenalty;
      return this;
    }

    public Builder regrowthRadius(int regrowthRadius) {
      this.regrowthRadius = regrowthRadius;
      return this;
    }

    public Builder regrowthProbabilities(double[] regrowthProbabilities) {
      this.regrowthProbabilities = regrowthProbabilities;
      return this;
    }

    /** The settings; an error naming the first key that is out of range. */
    public HarvestConfig build() {
      return new HarvestConfig(this);
    }
  }
}
