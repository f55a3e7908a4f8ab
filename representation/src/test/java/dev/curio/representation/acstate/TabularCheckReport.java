package dev.curio.representation.acstate;

/**
 * Prints the full tables of docs/ac-state.md ("The exact tabular check"): the paper's protocol
 * ({@link TabularCheck.Config#paper}) on the five-state world and on the periodic world, seed 0.
 * Not a test; run it after {@code test-compile} (the command is in the doc). Arguments, all
 * optional: simulations per size (default 50), seed (default 0).
 */
public final class TabularCheckReport {
  private TabularCheckReport() {}

  public static void main(String[] args) {
    int sims = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
    for (TabularWorld w : new TabularWorld[] {
        TabularWorld.fiveState(TabularWorld.PAPER_FLIP_PROBABILITY),
        TabularWorld.periodic(TabularWorld.PAPER_FLIP_PROBABILITY)}) {
      TabularCheck.Config base = TabularCheck.Config.paper(w, seed);
      TabularCheck.Config c = base.with(base.transitions(), sims);
      long start = System.nanoTime();
      TabularCheck.Table t = TabularCheck.run(c);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println("## " + w + ", " + sims + " simulations, seed " + seed);
      System.out.println();
      System.out.print(t.toMarkdown());
      System.out.println();
      System.out.println("consistent (no two true codes merged), AC-State then ACDF, per size and K:");
      int[] sizes = c.transitions();
      for (int s = 0; s < sizes.length; s++) {
        StringBuilder sb = new StringBuilder().append(sizes[s]).append(':');
        for (int f = 0; f < 2; f++) {
          for (int k = 1; k <= c.maxK(); k++) {
            sb.append(' ').append(t.consistent(s, k, f == 1));
          }
          sb.append(f == 0 ? " |" : "");
        }
        System.out.println(sb);
      }
      System.out.printf(java.util.Locale.ROOT, "%.1f s%n%n", seconds);
    }
  }
}
