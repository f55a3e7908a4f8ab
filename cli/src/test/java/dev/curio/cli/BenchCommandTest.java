package dev.curio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curio.bench.AcStateMazeStudy;
import dev.curio.gym.Gym;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void csvIsOnDiskAfterEveryRowSoAStoppedSuiteKeepsWhatItFinished() throws Exception {
    BenchCommand.Csv csv = new BenchCommand.Csv(tmp, "a,b");
    csv.row("%d,%s", 1, "x");
    assertEquals(List.of("a,b", "1,x"), Files.readAllLines(tmp.resolve("results.csv")),
        "the first row is written before the suite goes on to the next case");
    csv.row("%d,%s", 2, "y");
    assertEquals(List.of("a,b", "1,x", "2,y"), Files.readAllLines(tmp.resolve("results.csv")));

    BenchCommand.Csv named = new BenchCommand.Csv(tmp, "harvest.csv", "c");
    named.write();
    assertEquals(List.of("c"), Files.readAllLines(tmp.resolve("harvest.csv")), "a suite with no rows still gets its header");
    named.row("%.1f", 0.5);
    assertEquals(List.of("c", "0.5"), Files.readAllLines(tmp.resolve("harvest.csv")));
    assertEquals(3, Files.readAllLines(tmp.resolve("results.csv")).size(), "another file's rows leave results.csv alone");
  }

  @Test
  void noisyTvSuiteReportsEveryAgentAndSeedAndEndsWithOneSummaryLine() throws Exception {
    Path out = tmp.resolve("bench");
    Cli.Result r = Cli.run("bench", "noisy-tv", "--steps", "1024", "--seeds", "1,2", "--agents", "random,ppo+rnd",
        "--set", "numEnvs=4", "--set", "rolloutLength=64", "--set", "network.torso=mlp", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("noisy-tv summary"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(5, csv.size(), String.join("\n", csv));
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      double share = Double.parseDouble(f[3]);
      assertTrue(share >= 0 && share <= 1, row);
      if (f[0].equals("random")) {
        // drop is 1 of 7 actions: over 256 late steps the share stays within a wide band around 1/7
        assertTrue(share > 0.06 && share < 0.25, row);
      }
    }
  }

  @Test
  void popartSuiteWritesOneRowPerCaseAndSeedAndNamesBadTasks() throws Exception {
    Path out = tmp.resolve("popart");
    Cli.Result r = Cli.run("bench", "popart", "--agents", "popart,none", "--steps", "1024", "--seeds", "1",
        "--envs", "maze:open-7x7-ego5,maze:corridor-ego5", "--set", "tasks.rewardScale=1,1000", "--set", "numEnvs=4",
        "--set", "rolloutLength=64", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("popart two tasks: [maze:open-7x7-ego5, maze:corridor-ego5] at reward scales [1.0, 1000.0]"),
        r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(1).startsWith("two-task,popart,1,1024,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("two-task,none,1,1024,"), csv.get(2));
    assertEquals(2, csv.get(1).split(",")[7].split(";").length, "a success rate per task: " + csv.get(1));

    Cli.Result unknown = Cli.run("bench", "popart", "--agents", "popart", "--envs", "maze:open-7x7-ego5,maze:nope");
    assertEquals(2, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("tasks.ids") && unknown.err().contains("maze:nope"), unknown.err());
    Cli.Result scales = Cli.run("bench", "popart", "--agents", "none", "--set", "tasks.rewardScale=1,2,3");
    assertEquals(2, scales.exit(), scales.toString());
    assertTrue(scales.err().contains("tasks.rewardScale"), scales.err());
    Cli.Result agent = Cli.run("bench", "popart", "--agents", "pop-art");
    assertEquals(2, agent.exit(), agent.toString());
    assertTrue(agent.err().contains("--agents: unknown agent 'pop-art' for popart (known: toy, popart, shared, none)"),
        agent.err());
  }

  @Test
  void influenceSuiteWritesOneRowPerCaseAndSeedWithItsBits() throws Exception {
    Path out = tmp.resolve("influence");
    // two cases keep it short (each evaluates 20,000 joint steps); moa's wiring is the loop tests' (SocialInfluenceLoopTest)
    Cli.Result r = Cli.run("bench", "influence", "--agents", "ppo,comm", "--steps", "1024", "--seeds", "1",
        "--set", "numEnvs=4", "--set", "rolloutLength=64", "--set", "rewards.influence.hidden=[16]", "--out",
        out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("influence: social:speaker-listener, 1,024 joint steps per run, cases [ppo, comm]"),
        r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(1).startsWith("ppo,1,1024,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("comm,1,1024,"), csv.get(2));
    for (int i = 1; i <= 2; i++) {
      String[] f = csv.get(i).split(",");
      double bits = Double.parseDouble(f[5]);
      // a word or message (4 values) against a move (5): at most log2 4 = 2 bits
      assertTrue(bits >= 0 && bits <= 2, csv.get(i));
      assertTrue(Long.parseLong(f[7]) > 10_000, "pairs counted: " + csv.get(i));
    }
    assertTrue(Files.readAllLines(out.resolve("curves.csv")).get(0).equals("case,seed,steps,success"));
    Cli.Result agent = Cli.run("bench", "influence", "--agents", "mao");
    assertEquals(2, agent.exit(), agent.toString());
    assertTrue(agent.err().contains("--agents: unknown agent 'mao' for influence (known: ppo, moa, centralised, comm)"),
        agent.err());
  }

  @Test
  void influenceSuiteOnHarvestWritesTheSocialMetricsPerCaseAndSeed() throws Exception {
    Path out = tmp.resolve("harvest");
    Cli.Result r = Cli.run("bench", "influence", "--envs", "social:harvest-4", "--steps", "512", "--seeds", "1",
        "--set", "numEnvs=2", "--set", "rolloutLength=64", "--set", "maxEpisodeSteps=64", "--set", "returnWindow=2",
        "--set", "rewards.influence.hidden=[16]", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("influence: social:harvest-4, 512 joint steps per run, independent policies"),
        r.out());
    List<String> csv = Files.readAllLines(out.resolve("harvest.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(1).startsWith("ppo,1,512,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("moa,1,512,"), csv.get(2));
    for (int i = 1; i <= 2; i++) {
      String[] f = csv.get(i).split(",");
      double peace = Double.parseDouble(f[7]);
      assertTrue(peace >= 0 && peace <= 4, "peace is the mean count of agents not frozen: " + csv.get(i));
    }
    Cli.Result world = Cli.run("bench", "influence", "--envs", "social:harvest-2");
    assertEquals(2, world.exit(), world.toString());
    assertTrue(world.err().contains("--envs: unknown world 'social:harvest-2' for influence (known:"
        + " social:speaker-listener, social:harvest-4)"), world.err());
  }

  @Test
  void acStateSuiteNamesItsCasesAndRefusesWorldsItCannotMeasureInOneLine() {
    Cli.Result r = Cli.run("bench", "ac-state", "--agents", "nerual");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("--agents: unknown agent 'nerual' for ac-state (known: tabular, neural)"), r.err());
    Cli.Result plain = Cli.run("bench", "ac-state", "--agents", "neural", "--envs", "maze:open-7x7-pos");
    assertEquals(2, plain.exit(), plain.toString());
    assertEquals(1, plain.err().strip().lines().count(), plain.err());
    assertTrue(plain.err().contains("--envs: 'maze:open-7x7-pos' is not an exogenous-noise maze"), plain.err());
    Cli.Result unknown = Cli.run("bench", "ac-state", "--envs", "maze:exo-nope-k8");
    assertEquals(2, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("--envs: unknown env 'maze:exo-nope-k8'"), unknown.err());
    Cli.Result tabular = Cli.run("bench", "ac-state", "--agents", "tabular", "--envs", AcStateMazeStudy.ENV);
    assertEquals(2, tabular.exit(), tabular.toString());
    assertTrue(tabular.err().contains("--envs: only the neural case of ac-state takes a world"), tabular.err());
  }

  @Test
  void noisyTvSuiteOnTheMazeCountsStepsBesideTheTv() throws Exception {
    Path out = tmp.resolve("maze");
    Cli.Result r = Cli.run("bench", "noisy-tv", "--envs", "maze:noisy-tv-pos", "--steps", "2048", "--seeds", "1",
        "--agents", "random", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("noisy-tv: maze:noisy-tv-pos, 2,048 steps per run"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(2, csv.size(), String.join("\n", csv));
    // 4 of the room's 80 free cells are beside the TV, one of them next to the start: a random walk
    // spends a few percent to a few tenths of its steps there, never none and never all
    double share = Double.parseDouble(csv.get(1).split(",")[3]);
    assertTrue(share > 0.01 && share < 0.4, csv.get(1));

    // a second run into the same --out would replace the first's results: refused before it runs
    Cli.Result again = Cli.run("bench", "noisy-tv", "--envs", "maze:noisy-tv-pos", "--steps", "2048", "--seeds", "2",
        "--agents", "random", "--out", out.toString());
    assertEquals(2, again.exit(), again.toString());
    assertEquals("curio bench: --out " + out + " already holds the files of an earlier run; name another directory"
        + " (nothing was run, nothing written)", again.err().strip());
    assertEquals(csv, Files.readAllLines(out.resolve("results.csv")));
    assertEquals("", again.out());
    Cli.Result underFile = Cli.run("bench", "noisy-tv", "--envs", "maze:noisy-tv-pos", "--steps", "2048",
        "--agents", "random", "--out", out.resolve("results.csv").resolve("x").toString());
    assertEquals(2, underFile.exit(), underFile.toString());
    assertTrue(underFile.err().startsWith("curio bench: cannot create --out ") && underFile.err().contains(
        "nothing was run)"), underFile.err());
    assertEquals(1, underFile.err().strip().lines().count(), underFile.err());
    // a named directory that does not exist yet is made before the suite runs, and removed again when
    // the suite fails before writing anything
    Path fresh = out.resolve("fresh");
    Cli.Result badEnv = Cli.run("bench", "sps", "--envs", "NoSuch-v0", "--out", fresh.toString());
    assertEquals(2, badEnv.exit(), badEnv.toString());
    assertFalse(Files.exists(fresh), "an empty directory the failed suite made is removed");
    Path deep = out.resolve("a").resolve("b").resolve("c");
    Cli.Result badDeep = Cli.run("bench", "sps", "--envs", "NoSuch-v0", "--out", deep.toString());
    assertEquals(2, badDeep.exit(), badDeep.toString());
    assertFalse(Files.exists(out.resolve("a")), "the parents it made go too, down to what was there before");
    assertTrue(Files.isDirectory(out), "what was there before stays");
    BenchCommand.Output made = BenchCommand.outputDirectory(fresh, "sps");
    assertTrue(made.created() && Files.isDirectory(fresh), made.toString());
    assertEquals(new BenchCommand.Output(fresh, false), BenchCommand.outputDirectory(fresh, "sps"));

    Cli.Result sps = Cli.run("bench", "sps", "--envs", "NoSuch-v0", "--out", tmp.resolve("sps-bad").toString());
    assertEquals(2, sps.exit(), sps.toString());
    assertEquals("", sps.out(), "refused before the banner");
    Cli.Result popart = Cli.run("bench", "popart", "--envs", "CartPole-v1", "--out", tmp.resolve("popart-bad").toString());
    assertEquals(2, popart.exit(), popart.toString());
    assertEquals("", popart.out(), "refused before the toy study runs");

    Cli.Result unknown = Cli.run("bench", "noisy-tv", "--envs", "maze:open-7x7-pos");
    assertEquals(2, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("--envs: unknown world 'maze:open-7x7-pos' for noisy-tv (known: "
        + "MiniGrid-MultiRoomNoisyTV-N2-S4-v0, maze:noisy-tv-pos, maze:sparse-maze-tv-pos, maze:exo-small-maze-k8-pos)"),
        unknown.err());
    Cli.Result two = Cli.run("bench", "noisy-tv", "--envs", "maze:noisy-tv-pos,MiniGrid-MultiRoomNoisyTV-N2-S4-v0");
    assertEquals(2, two.exit(), two.toString());
    assertTrue(two.err().contains("--envs: the noisy-tv suite takes one value"), two.err());
  }

  @Test
  void distributedSuiteWritesARowPerModeWithThroughputAndBytes() throws Exception {
    Path out = tmp.resolve("distributed");
    // 6 iterations of 8 envs x 16 steps: 4 of warm-up, 2 timed; the JVM case starts one actor JVM (a few seconds)
    Cli.Result r = Cli.run("bench", "distributed", "--steps", "768", "--actors", "1", "--envs", "CartPole-v1",
        "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("distributed summary (env steps/s for actors [1]): CartPole"
        + " threads "), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("env,mode,actors,seed,num_envs,rollout_length,steps,timed_steps,timed_seconds,sps,updates,"
        + "updates_per_s,learn_ms,wait_ms,wait_share,rollouts,parameter_messages,rollout_bytes_per_s,"
        + "answer_bytes_per_s,bytes_per_s,dropped,lost_actor_jvms,first_iteration_s", csv.get(0));
    assertEquals(3, csv.size(), String.join("\n", csv));
    String[] threads = csv.get(1).split(",");
    String[] jvms = csv.get(2).split(",");
    assertEquals(List.of("CartPole-v1", "threads", "1", "1", "8", "16", "768", "256"), List.of(threads).subList(0, 8));
    assertEquals(List.of("CartPole-v1", "jvms", "1", "1", "8", "16", "768", "256"), List.of(jvms).subList(0, 8));
    assertTrue(Double.parseDouble(threads[9]) > 0 && Double.parseDouble(jvms[9]) > 0, "steps/s");
    assertEquals(0, Double.parseDouble(threads[19]), "nothing crosses a wire between threads");
    // two timed updates of one actor: two rollouts of [16, 8] CartPole steps, about 4 bytes a number
    assertEquals(2, Long.parseLong(jvms[15]), csv.get(2));
    double seconds = Double.parseDouble(jvms[8]);
    double rolloutBytes = Double.parseDouble(jvms[17]) * seconds / 2;
    assertTrue(rolloutBytes > 16 * 8 * 16 * 4 && rolloutBytes < 16 * 8 * 16 * 5, "bytes of one rollout: " + rolloutBytes);

    Cli.Result three = Cli.run("bench", "distributed", "--actors", "3");
    assertEquals(2, three.exit(), three.toString());
    assertEquals("curio bench: --actors: every count must be at least 1 and divide numEnvs (8), got 3",
        three.err().strip());
  }

  @Test
  void unknownSuiteOrAgentIsAUserError() {
    Cli.Result r = Cli.run("bench", "noisy-telly");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("unknown suite 'noisy-telly' (known: noisy-tv, sps,"), r.err());
    Cli.Result a = Cli.run("bench", "noisy-tv", "--agents", "ppo+ride");
    assertEquals(2, a.exit(), a.toString());
    assertTrue(a.err().contains("unknown agent 'ppo+ride'"), a.err());
  }

  @Test
  void latencySuiteTimesActingAndOneUpdate() throws Exception {
    Path out = tmp.resolve("latency");
    Cli.Result r = Cli.run("bench", "latency", "--envs", "CartPole-v1", "--agents", "ppo", "--set", "rolloutLength=16",
        "--set", "numEnvs=2", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(2, csv.size(), String.join("\n", csv));
    for (String field : csv.get(1).split(",")) {
      assertTrue(!field.isBlank(), csv.get(1));
    }
  }

  @Test
  void ceilingSuiteWritesEachCaseBesideItsFloorWithFinitePositiveNumbers() throws Exception {
    Path out = tmp.resolve("ceiling");
    Cli.Result r = Cli.run("bench", "ceiling", "--quick", "--envs", "CartPole-v1", "--set", "rolloutLength=16",
        "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("ceiling summary"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(4, csv.size(), String.join("\n", csv));
    List<String> header = List.of(csv.get(0).split(","));
    assertTrue(csv.get(1).startsWith("CartPole-v1,ppo,act_b1,1,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("CartPole-v1,ppo,act_b32,32,"), csv.get(2));
    // 32 envs x 16 steps / 4 minibatches
    assertTrue(csv.get(3).startsWith("CartPole-v1,ppo,update_b128,128,"), csv.get(3));
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      for (int i = header.indexOf("measured_us"); i < f.length; i++) {
        double v = Double.parseDouble(f[i]);
        assertTrue(Double.isFinite(v) && v > 0, header.get(i) + " in " + row);
      }
    }
    // CartPole's MLP, 4 -> 64 -> 64 -> 2 and 4 -> 64 -> 64 -> 1: 8,896 multiply-adds a row; an update is 3 passes
    assertEquals(2 * 8_896L, Long.parseLong(csv.get(1).split(",")[header.indexOf("flops")]));
    assertEquals(3 * 128 * 2 * 8_896L, Long.parseLong(csv.get(3).split(",")[header.indexOf("flops")]));
  }

  @Test
  void spsSuiteWritesARowPerCaseWithSharesThatAddUp() throws Exception {
    Path out = tmp.resolve("sps");
    Cli.Result r = Cli.run("bench", "sps", "--steps", "128", "--envs", "CartPole-v1", "--agents", "ppo+icm",
        "--num-envs", "2,4", "--set", "rolloutLength=16", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("sps summary"), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    String[] header = csv.get(0).split(",");
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      assertTrue(Long.parseLong(f[3]) >= 128, row);
      assertTrue(Double.parseDouble(f[5]) > 0, row);
      double sum = 0;
      for (int i = 0; i < header.length; i++) {
        if (header[i].startsWith("share_")) {
          sum += Double.parseDouble(f[i]);
        }
      }
      assertEquals(1.0, sum, 1e-3, row);
    }
  }

  @Test
  void rl4jSuiteRunsBothLibrariesInOneJvmAndPrintsTheRatios() throws Exception {
    Path out = tmp.resolve("rl4j");
    Cli.Result r = Cli.run("bench", "rl4j", "--steps", "120", "--agents", "rl4j-dqn,curio-ppo", "--envs", "CartPole-v1",
        "--set", "rolloutLength=8", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    String summary = lines.get(lines.size() - 1);
    assertTrue(summary.startsWith("rl4j summary: CartPole: curio-ppo/rl4j-dqn sps "), summary);
    assertTrue(summary.contains("ppo+rnd DoorKey-8x8 N=32 / rl4j-dqn CartPole sps "), summary);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(4, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(1).startsWith("rl4j-dqn,CartPole-v1,1,"), csv.get(1));
    assertTrue(Long.parseLong(csv.get(1).split(",")[3]) >= 120, "RL4J stepped the env: " + csv.get(1));
    assertTrue(csv.get(2).startsWith("curio-ppo,CartPole-v1,1,"), csv.get(2));
  }

  @Test
  void sampleEfficiencySuiteRunsEachAgentAndSeedToItsBudget() throws Exception {
    Path out = tmp.resolve("sample-efficiency");
    Cli.Result r = Cli.run("bench", "sample-efficiency", "--steps", "2048", "--seeds", "1", "--agents",
        "curio-ppo,ppo+ec", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    String summary = lines.get(lines.size() - 1);
    assertTrue(summary.startsWith("sample-efficiency summary (env steps to target, median over the seeds that reached"
        + " it): curio-ppo on CartPole-v1 0/1 seeds, median -; ppo+ec on MiniGrid-DoorKey-8x8-v0 0/1 seeds, median -"
        + " (success rate 0.9: 0/1, median -)"), summary);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("agent,env,seed,steps,seconds,sps,target,steps_to_target,mean_return,episodes,steps_to_success",
        csv.get(0));
    assertEquals(3, csv.size(), String.join("\n", csv));
    String[] cart = csv.get(1).split(",");
    assertEquals(List.of("curio-ppo", "CartPole-v1", "1"), List.of(cart).subList(0, 3), csv.get(1));
    assertTrue(Long.parseLong(cart[3]) >= 2048 && Long.parseLong(cart[3]) < 4096, "CartPole ran its budget: " + csv.get(1));
    String[] door = csv.get(2).split(",");
    assertEquals("ppo+ec", door[0], csv.get(2));
    // 16 envs x 128 steps per iteration: a 4096-frame budget is 2 iterations, 3x would be 3
    assertEquals(4096, Long.parseLong(door[3]), "DoorKey's budget is twice CartPole's: " + csv.get(2));
    assertTrue(csv.get(1).endsWith(","), "no success column for CartPole: " + csv.get(1));
    assertEquals("-1", door[door.length - 1], "DoorKey's success column: " + csv.get(2));
  }

  @Test
  void sampleEfficiencySuiteRunsTheMiniGridAgentsOnTheWorldsNamedAndRefusesOthersInOneLine() throws Exception {
    Path out = tmp.resolve("sample-efficiency-envs");
    Cli.Result r = Cli.run("bench", "sample-efficiency", "--steps", "2048", "--seeds", "2", "--agents",
        "ppo,curio-ppo", "--envs", "MiniGrid-KeyCorridorS3R3-v0,MiniGrid-MultiRoom-N4-S5-v0", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(3, csv.size(), "curio-ppo runs on CartPole only, which was not named: " + String.join("\n", csv));
    assertTrue(csv.get(1).startsWith("ppo,MiniGrid-KeyCorridorS3R3-v0,2,4096,"), csv.get(1));
    assertTrue(csv.get(1).endsWith(",-1"), "no success within 4,096 frames: " + csv.get(1));
    assertTrue(csv.get(2).startsWith("ppo,MiniGrid-MultiRoom-N4-S5-v0,2,4096,"), csv.get(2));
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).contains("ppo on MiniGrid-MultiRoom-N4-S5-v0 0/1 seeds, median - (success rate"
        + " 0.9: 0/1, median -)"), r.out());

    // each case: the expected start of the one-line error, then the options
    for (String[] bad : List.of(new String[] {"--envs: sample-efficiency measures", "--envs", "Pendulum-v1"},
        new String[] {"--envs: unknown env 'MiniGrid-NoSuchWorld-v0'", "--envs", "MiniGrid-NoSuchWorld-v0"},
        new String[] {"--envs: MiniGrid-DoorKey-8x8-v0 is named twice", "--envs",
            "MiniGrid-DoorKey-8x8-v0,MiniGrid-DoorKey-8x8-v0"},
        new String[] {"--agents: none of [rl4j-dqn] runs on", "--envs", "MiniGrid-DoorKey-8x8-v0", "--agents", "rl4j-dqn"})) {
      List<String> args = new ArrayList<>(List.of("bench", "sample-efficiency", "--steps", "2048", "--seeds", "1",
          "--out", tmp.resolve("bad").toString()));
      args.addAll(List.of(bad).subList(1, bad.length));
      Cli.Result e = Cli.run(args.toArray(String[]::new));
      assertEquals(2, e.exit(), e.toString());
      assertEquals(1, e.err().strip().lines().count(), e.err());
      assertTrue(e.err().contains(bad[0]), e.err());
    }
  }

  @Test
  void continuousSuiteTrainsPendulumPerEnvAndSeed() throws Exception {
    Path out = tmp.resolve("continuous");
    Cli.Result r = Cli.run("bench", "continuous", "--steps", "4096", "--seeds", "1,2", "--envs", "Pendulum-v1",
        "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    String summary = lines.get(lines.size() - 1);
    assertTrue(summary.startsWith("continuous summary: Pendulum-v1: mean -"), summary);
    assertTrue(summary.contains("of 2 seeds at -400 or better"), summary);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("env,seed,steps,seconds,sps,final_mean_return,best_mean_return", csv.get(0));
    assertEquals(3, csv.size(), String.join("\n", csv));
    for (String row : csv.subList(1, 3)) {
      String[] f = row.split(",");
      assertEquals(4096, Long.parseLong(f[2]), "one iteration of 4 envs x 1024 steps: " + row);
      double mean = Double.parseDouble(f[5]);
      assertTrue(mean < 0 && mean >= -16.3 * 200, "a Pendulum return: " + row);
    }
  }

  @Test
  void badSuiteOptionsAreUserErrors() {
    Cli.Result env = Cli.run("bench", "rl4j", "--envs", "CartPole-v0");
    assertEquals(2, env.exit(), env.toString());
    assertTrue(env.err().contains("--envs: unknown env 'CartPole-v0' for rl4j"), env.err());
    Cli.Result n = Cli.run("bench", "sps", "--num-envs", "0");
    assertEquals(2, n.exit(), n.toString());
    assertTrue(n.err().contains("--num-envs: every count must be at least 1, got 0"), n.err());
    Cli.Result agent = Cli.run("bench", "sps", "--agents", "ppo+ec9");
    assertEquals(2, agent.exit(), agent.toString());
    assertTrue(agent.err().contains("--agents: unknown agent 'ppo+ec9' for sps"), agent.err());
    for (String[] twice : List.of(new String[] {"--seeds", "1,2,1", "--seeds: 1 is named twice in [1, 2, 1]"},
        new String[] {"--agents", "ppo,ppo", "--agents: ppo is named twice"},
        new String[] {"--num-envs", "8,8", "--num-envs: 8 is named twice"},
        new String[] {"--actors", "2,2", "--actors: 2 is named twice"})) {
      Cli.Result r = Cli.run("bench", "sps", twice[0], twice[1]);
      assertEquals(2, r.exit(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(twice[2]), r.err());
    }
  }

  @Test
  void gymSuiteTimesEverySupportedIdThreeWays() throws Exception {
    Path out = tmp.resolve("gym");
    Cli.Result r = Cli.run("bench", "gym", "--steps", "40", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("gym summary (us/step: Python / JVM / HTTP): CartPole-v1 "),
        r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("id,steps,http_steps,python_us_per_step,jvm_us_per_step,http_us_per_step", csv.get(0));
    assertEquals(Gym.SUPPORTED.stream().map(Gym.SupportedId::id).toList(),
        csv.subList(1, csv.size()).stream().map(row -> row.split(",")[0]).toList());
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",");
      assertEquals(List.of("40", "4"), List.of(f[1], f[2]), row);
      for (int i = 3; i < 6; i++) {
        double micros = Double.parseDouble(f[i]);
        assertTrue(micros > 0 && Double.isFinite(micros), row);
      }
    }
  }

  @Test
  void jmhSuiteRunsTheMatchingMicrobenchmarks() throws Exception {
    Path out = tmp.resolve("jmh");
    Cli.Result r = Cli.run("bench", "jmh", "--include", "gae|worldStep", "--quick", "--out", out.toString());
    assertEquals(0, r.exit(), r.toString());
    List<String> lines = r.out().strip().lines().toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("jmh summary: gae "), r.out());
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    // benchmarks by name, then the params in the order they are declared
    assertEquals(List.of(List.of("gae", ""), List.of("worldStep", "env=CartPole-v1"),
        List.of("worldStep", "env=social:speaker-listener"), List.of("worldStep", "env=social:harvest-2"),
        List.of("worldStep", "env=social:harvest-4")),
        csv.subList(1, csv.size()).stream().map(row -> List.of(row.split(",")).subList(0, 2)).toList(),
        String.join("\n", csv));
    for (String row : csv.subList(1, csv.size())) {
      assertTrue(Double.parseDouble(row.split(",")[2]) > 0, row);
    }
    Cli.Result none = Cli.run("bench", "jmh", "--include", "nothingLikeThis", "--quick");
    assertEquals(2, none.exit(), none.toString());
    assertTrue(none.err().contains("--include: no benchmark matches 'nothingLikeThis'"), none.err());
  }
}
