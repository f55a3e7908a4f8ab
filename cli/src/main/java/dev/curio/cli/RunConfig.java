package dev.curio.cli;

import dev.curio.gym.GymConfig;
import dev.curio.loop.TrainConfig;
import dev.curio.loop.io.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code curio} reads from a config file: the loop's {@link TrainConfig} and, under the key
 * {@code gym}, where {@code gym:} envs run. The loop never sees the gym settings; the CLI uses them to
 * make the envs it hands the loop.
 */
record RunConfig(TrainConfig train, GymConfig gym) {
  static final String GYM = "gym";

  /** A loader at the defaults that also knows the {@code gym} keys. */
  static ConfigLoader loader() {
    return new ConfigLoader().section(GYM, GymConfig.defaults());
  }

  static RunConfig of(ConfigLoader loader) {
    return new RunConfig(loader.build(), loader.buildSection(GYM, GymConfig.class));
  }

  static RunConfig defaults() {
    return of(loader());
  }

  static RunConfig load(Path file) {
    return of(loader().file(file));
  }

  /** The sections beside the loop's config: {@code gym}. */
  Map<String, Object> sections() {
    return Map.of(GYM, gym);
  }

  String toYaml() {
    return ConfigLoader.toYaml(train, sections());
  }
}
