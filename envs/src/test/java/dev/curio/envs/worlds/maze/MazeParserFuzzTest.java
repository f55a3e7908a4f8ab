package dev.curio.envs.worlds.maze;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.curio.core.Rng;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random mutations of valid layouts (the shipped ones and small ones with keys, doors, lava and
 * TVs): every text either parses into a layout a {@link MazeEnv} can play, or is refused with one line
 * ({@link IllegalArgumentException}); never another exception, never a message over several lines.
 * The same for random bytes read through {@link MazeLayout#fromFile}.
 */
class MazeParserFuzzTest {
  /** Invocations and cases per invocation: 60 x 50 texts, 20 x 15 files. */
  static final int TEXT_BATCHES = 60;
  static final int TEXTS_PER_BATCH = 50;
  static final int FILE_BATCHES = 20;
  static final int FILES_PER_BATCH = 15;

  private static final List<String> SEEDS = seeds();

  @TempDir
  static Path tmp;

  private static List<String> seeds() {
    List<String> out = new ArrayList<>();
    for (String name : Mazes.layoutNames()) {
      out.add(MazeLayout.fromResource(name).gridText());
    }
    out.add("; name: demo\n; max_steps: 50\n#########\n#S.a.A.G#\n; inside\n#.~.T.b.#\n#########\n");
    out.add("#####\r\n#S.G#   \r\n#####\r\n\r\n");
    out.add("#######\n#SA.Ga#\n#######\n");
    return out;
  }

  /** Characters a mutation inserts: the layout alphabet, near misses, separators and a few hostile ones. */
  private static final String[] PIECES = {"#", ".", "S", "G", "~", "T", "a", "f", "A", "F", "g", "Z", " ", "\t", "\r",
      "\n", "\n\n", ";", "; name: x\n", "; max_steps: 0\n", "; max_steps: 99999999999\n", "; name: Bad Name\n",
      "; description: \u0000\n", "\u0000", "\u2028", "\u00e9", "\ud83d\ude00", "\ud800", "\uFEFF", "#".repeat(130),
      "\n" + "#\n".repeat(130)};

  static IntStream textBatches() {
    return IntStream.range(0, TEXT_BATCHES);
  }

  static IntStream fileBatches() {
    return IntStream.range(0, FILE_BATCHES);
  }

  private static final String LAYOUT_CHARS = "#.SG~TabcfABCF";

  static String mutate(String text, Random r) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
      int kind = r.nextInt(10);
      if (kind < 4) { // a cell becomes another: the grid keeps its shape, its meaning changes
        if (at < sb.length() && sb.charAt(at) != '\n') {
          sb.setCharAt(at, LAYOUT_CHARS.charAt(r.nextInt(LAYOUT_CHARS.length())));
        }
      } else if (kind == 4) {
        sb.insert(at, PIECES[r.nextInt(PIECES.length)]);
      } else if (kind == 5) {
        if (sb.length() > 0) {
          sb.delete(Math.min(at, sb.length() - 1), Math.min(sb.length(), at + 1 + r.nextInt(8)));
        }
      } else if (kind == 6) {
        sb.setLength(Math.min(sb.length(), at)); // truncated
      } else if (kind == 7) { // a line twice
        int start = sb.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
        int end = sb.indexOf("\n", at);
        if (end > start) {
          sb.insert(end + 1, sb.substring(start, end) + "\n");
        }
      } else if (kind == 8) {
        sb.insert(at, (char) r.nextInt(0x3000));
      } else { // two lines swap
        String[] lines = sb.toString().split("\n", -1);
        int i = r.nextInt(lines.length);
        int j = r.nextInt(lines.length);
        String t = lines[i];
        lines[i] = lines[j];
        lines[j] = t;
        sb = new StringBuilder(String.join("\n", lines));
      }
    }
    return sb.toString();
  }

  private static void checkOneLine(IllegalArgumentException e, String input) {
    String m = e.getMessage();
    assertTrue(m != null && !m.isBlank(), "empty message for: " + printable(input));
    assertFalse(m.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085'
        || c == '\u000B' || c == '\u000C'), "multi-line message '" + m + "' for: " + printable(input));
  }

  private static String printable(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r");
  }

  /** A parsed layout is playable: a few random steps in every observation mode. */
  private static void play(MazeLayout layout) {
    for (MazeConfig c : List.of(MazeConfig.defaults(), MazeConfig.defaults().withObservation(ObservationMode.POSITION),
        MazeConfig.defaults().withEgocentricView(3))) {
      try (MazeEnv env = new MazeEnv(layout, c)) {
        env.reset(1);
        Rng rng = new Rng(2);
        for (int t = 0; t < 20; t++) {
          if (env.step(rng.nextInt(4)).done()) {
            env.reset(t);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("textBatches")
  void mutatedTextsParseOrFailInOneLine(int batch) {
    for (int i = 0; i < TEXTS_PER_BATCH; i++) {
      int seed = batch * TEXTS_PER_BATCH + i;
      Random r = new Random(seed);
      String input = mutate(SEEDS.get(seed % SEEDS.size()), r);
      MazeLayout layout;
      try {
        layout = MazeLayout.parse(input, "fuzz-" + seed + ".txt");
      } catch (IllegalArgumentException e) {
        checkOneLine(e, input);
        continue;
      } catch (RuntimeException | StackOverflowError e) {
        fail("case " + seed + ": parse threw " + e + " for: " + printable(input), e);
        return;
      }
      layout.reachabilityWarning().ifPresent(w -> assertFalse(w.contains("\n"), w));
      play(layout);
    }
  }

  @ParameterizedTest
  @MethodSource("fileBatches")
  void randomBytesReadOrFailInOneLine(int batch) throws Exception {
    for (int i = 0; i < FILES_PER_BATCH; i++) {
      int seed = batch * FILES_PER_BATCH + i;
      Random r = new Random(1_000_000 + seed);
      byte[] bytes;
      if (seed % 2 == 0) {
        bytes = new byte[r.nextInt(200)];
        r.nextBytes(bytes);
      } else { // a valid layout with a few bytes overwritten
        bytes = SEEDS.get(seed % SEEDS.size()).getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < 1 + r.nextInt(3) && bytes.length > 0; k++) {
          bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        }
      }
      Path file = tmp.resolve("fuzz-" + seed + ".txt");
      Files.write(file, bytes);
      try {
        play(MazeLayout.fromFile(file));
      } catch (IllegalArgumentException e) {
        checkOneLine(e, new String(bytes, StandardCharsets.ISO_8859_1));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
      }
    }
  }
}
