import dev.curio.representation.net.Parameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shows the native lifetime bug that FencedOpExecutioner fixes (docs/performance.md, Memory): two
 * threads run broadcasts and reductions along an axis while a third allocates garbage fast enough to force a young collection every few
 * milliseconds. With
 * {@code nd4j} (ND4J's own executioner) libnd4j may read an operation's dimension list after ND4J's
 * deallocator freed it and crash (SIGSEGV, exit 134); with {@code curio} (the executioner Curio
 * installs) it must not. A crash needs a collection inside one operation's native call, so run it
 * several times; see run.sh.
 */
public final class FenceStress {
  private static volatile byte[] garbage;

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2 || !(args[0].equals("nd4j") || args[0].equals("curio"))) {
      System.err.println("usage: FenceStress nd4j|curio SECONDS");
      System.exit(2);
    }
    Nd4j.getExecutioner();
    if (args[0].equals("curio")) {
      new Parameters(1); // the first Curio network class installs the fenced executioner
    }
    System.out.println("executioner: " + Nd4j.getExecutioner().getClass().getName());
    long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    Thread collector = new Thread(() -> {
      long bytes = 0;
      while (System.nanoTime() < end) {
        garbage = new byte[256 * 1024]; // escapes, so young collections come every few milliseconds
        bytes += garbage.length;
      }
      System.out.println("allocated " + (bytes >> 30) + " GiB of garbage");
    });
    collector.setDaemon(true);
    collector.start();
    Thread[] workers = new Thread[2];
    long[] counts = new long[workers.length];
    for (int t = 0; t < workers.length; t++) {
      int id = t;
      workers[t] = new Thread(() -> {
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 32);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 32);
        while (System.nanoTime() < end) {
          x.mmul(Nd4j.rand(DataType.FLOAT, 32, 32)).addRowVector(b).sum(0);
          counts[id]++;
        }
      });
      workers[t].start();
    }
    for (Thread w : workers) {
      w.join();
    }
    System.out.println("no crash; operations per thread: " + counts[0] + ", " + counts[1]);
  }
}
