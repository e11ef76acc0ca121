package dev.socketkit.jmh.net;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.server.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Holds many idle connections open against a server in a child JVM and reports what they cost
 * the server (heap after a full GC, resident memory, threads) and the ping-pong latency across
 * them: one 64-byte round trip on each connection in turn, for a few rounds.
 *
 * <pre>
 * JAVA_HOME=/path/to/jdk25 jmh/idle-connections \
 *   --strategy virtual --connections 10000 [--transport tcp] [--rounds 3]
 * </pre>
 *
 * <p>The server is started from this JVM's {@code java.home}, so both run on the JDK that runs
 * this class ({@code jmh/idle-connections} uses JAVA_HOME's, or the java on PATH).
 *
 * <p>The server runs in its own process so that client and server each hold one descriptor per
 * connection within the per-process limit ({@code ulimit -n}).
 */
public final class IdleConnections {
  private static final long LIMIT_NANOS = TimeUnit.MINUTES.toNanos(5);

  private IdleConnections() {}

  /**
   * Runs the test and prints the report.
   *
   * @param args {@code --strategy S --connections N --transport T --rounds R}
   * @throws Exception if the server does not start or a connection fails
   */
  public static void main(String[] args) throws Exception {
    String strategy = "virtual";
    int n = 10_000;
    Transport transport = Transport.TCP;
    int rounds = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--strategy": strategy = args[i + 1]; break;
        case "--connections": n = Integer.parseInt(args[i + 1]); break;
        case "--transport": transport = Transport.parse(args[i + 1]); break;
        case "--rounds": rounds = Integer.parseInt(args[i + 1]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long deadline = System.nanoTime() + LIMIT_NANOS;
    ByteBuffer in = WireClient.buffer(64);
    ByteBuffer out = WireClient.buffer(64);
    List<WireClient> clients = new ArrayList<>(n);
    try (ServerProcess server = ServerProcess.start(strategy, transport, 32)) {
      String before = memory(server.pid());
      long t0 = System.nanoTime();
      try {
        for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
          WireClient c = WireClient.connect(server.echoAddress(), in, out);
          clients.add(c);
          c.send(64); // the server has a session for it once the echo is back
          c.receive(64);
        }
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        String after = memory(server.pid());
        long[] rtt = new long[clients.size() * rounds];
        int k = 0;
        for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
          for (WireClient c : clients) {
            long s = System.nanoTime();
            c.send(64);
            c.receive(64);
            rtt[k++] = System.nanoTime() - s;
          }
        }
        long[] sorted = Arrays.copyOf(rtt, k);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "idle-connections strategy=%s transport=%s jdk=%s connections=%d opened in %.1f s%n",
            strategy, transport, System.getProperty("java.version"), clients.size(), openSeconds);
        System.out.println("  server before: " + before);
        System.out.println("  server after:  " + after);
        System.out.printf(Locale.ROOT, "  ping-pong across all (%d round trips): p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
            k, pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999), sorted[k - 1] / 1e3);
      } finally {
        for (WireClient c : clients) {
          c.close();
        }
      }
      System.out.println("  " + server.stop());
    }
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e3;
  }

  /** Heap used after a full GC (jcmd), resident set and thread count (/proc) of a process. */
  private static String memory(long pid) throws IOException, InterruptedException {
    String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
    run(jcmd, Long.toString(pid), "GC.run");
    String heap = run(jcmd, Long.toString(pid), "GC.heap_info");
    String used = "?";
    for (String line : heap.split("\n")) {
      int at = line.indexOf("used ");
      if (at >= 0 && line.contains("total")) {
        used = line.substring(at + 5).split("[ ,]")[0];
        break;
      }
    }
    String rss = "?";
    String threads = "?";
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmRSS:")) {
        rss = line.substring(6).trim();
      } else if (line.startsWith("Threads:")) {
        threads = line.substring(8).trim();
      }
    }
    return "heap used " + used + " (after full GC), RSS " + rss + ", OS threads " + threads;
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
    return new String(out, StandardCharsets.UTF_8);
  }
}
