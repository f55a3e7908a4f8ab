import dev.curio.agents.ppo.PpoConfig;
import dev.curio.envs.worlds.classic.CartPole;
import dev.curio.loop.IterationReport;
import dev.curio.loop.RunEnd;
import dev.curio.loop.RunObserver;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.TrainingLoop;

public class TrainCartPole {
  public static void main(String[] args) {
    TrainConfig config = TrainConfig.builder()
        .env("CartPole-v1")
        .totalSteps(100_000)
        .ppo(PpoConfig.builder().learningRate(1e-3).build())
        .build();
    try (TrainingLoop loop = new TrainingLoop(config, CartPole::new)) {
      loop.addObserver(new RunObserver() {
        @Override
        public void onIteration(IterationReport r) {
          System.out.printf("%d steps, mean return %.1f%n", r.globalStep(), r.meanReturn());
        }
      });
      RunEnd end = loop.run();
      System.out.printf("best mean return %.1f%n", end.bestMeanReturn());
    }
  }
}
