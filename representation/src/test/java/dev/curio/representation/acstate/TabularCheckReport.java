package dev.curio.representation.acstate;

/**
 * Prints the full tables of docs/ac-state.md ("The exact tabular check"): the paper's protocol
 * ({@link TabularCheck.Config#paper}) on the five-state world and on the periodic world, seed 0.
 * Not a test; run it after {@code test-compile} (the command is in the doc). Arguments, all
 * optional: simulations per size (default 50), seed (default 0).
 */
public final class TabularCheckReport {
  private TabularCheckReport() {}

  /** Prints both worlds' tables to standard output; {@code args}: [simulations [seed]]. */
  public static void main(String[] args) {
    int sims = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
    for (TabularWorld w : new TabularWorld[] {
        TabularWorld.fiveState(TabularWorld.PAPER_FLIP_PROBABILITY),
        TabularWorld.periodic(TabularWorld.PAPER_FLIP_PROBABILITY)}) {
      TabularCheck.Config base = TabularCheck.Config.paper(w, seed);
      TabularCheck.Config c = base.with(base.transitions(), sims);
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = System.nanoTime();
      long cpuStart = mx.getCurrentThreadCpuTime();
      TabularCheck.Table t = TabularCheck.run(c);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.println("## " + w + ", " + sims + " simulations, seed " + seed);
      System.out.println();
      System.out.print(t.toMarkdown());
      System.out.println();
      System.out.println("Selected an encoder that merges no two true codes (correct or finer):");
      System.out.println();
      System.out.print(t.toMarkdown(true));
      System.out.println();
      System.out.printf(java.util.Locale.ROOT, "%.1f s wall, %.1f s thread CPU%n%n", seconds, cpu);
    }
  }
}
