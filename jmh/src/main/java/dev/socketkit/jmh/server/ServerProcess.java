package dev.socketkit.jmh.server;

import dev.socketkit.jmh.Transport;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link BenchServer} in a child JVM (same JDK, same class path), so every server is measured
 * from the outside with the same client, its CPU time can be read per process, and client and
 * server each have their own descriptor budget. Extra JVM options for the child come from the
 * system property {@code socketkit.jmh.serverJvmArgs} (space-separated).
 */
public final class ServerProcess implements ServerUnderTest, AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

  private final Process process;
  private final StringBuffer report = new StringBuffer();
  private final Thread drain;
  private final Thread reaper;
  private final SocketAddress echo;
  private final SocketAddress churn;

  private ServerProcess(Process process, BufferedReader stdout, String listening) {
    this.process = process;
    // If this JVM exits without stop() (a JMH fork ending on a failure), take the child along.
    this.reaper = new Thread(process::destroyForcibly, "bench-server-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    // Read the rest of the child's output as it comes, so the report is there once it exits.
    this.drain = new Thread(() -> {
      try {
        for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
          report.append(line);
        }
      } catch (IOException e) {
        report.append("(output lost: ").append(e).append(')');
      }
    }, "bench-server-stdout");
    drain.setDaemon(true);
    drain.start();
    String[] parts = listening.split(" ");
    this.echo = Transport.parseAddress(parts[1]);
    this.churn = Transport.parseAddress(parts[2]);
  }

  /**
   * Starts a server and waits for its {@code listening} line.
   *
   * @param strategy a strategy or peer name
   * @param transport TCP or Unix-domain
   * @param workers worker threads
   * @return the running child
   * @throws IOException if the child fails to start or says something else
   */
  public static ServerProcess start(String strategy, Transport transport, int workers) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    // Netty's native transports load JNI libraries: allowed up front, so JDK 24+ prints no warning.
    cmd.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow"); // Netty's Unsafe use (NettyTuning), unwarned
    }
    String extra = System.getProperty("socketkit.jmh.serverJvmArgs", "-Xms512m -Xmx512m");
    for (String a : extra.trim().split("\\s+")) {
      if (!a.isEmpty()) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
        "--strategy", strategy, "--transport", transport.name().toLowerCase(java.util.Locale.ROOT),
        "--port", "0", "--workers", Integer.toString(workers)));
    // Stderr joins stdout, which we read: a child holding our inherited stderr open would keep
    // JMH's host waiting for EOF from a fork that has already exited.
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    // The JVM may print warnings first (JDK 24+ about Netty's use of Unsafe): skip to our line.
    StringBuilder before = new StringBuilder();
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        for (int i = 0; i < 1000; i++) {
          String l = r.readLine();
          if (l == null || l.startsWith("listening ")) {
            return l;
          }
          before.append('\n').append(l);
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    try {
      line = first.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("bench-server " + strategy + " " + transport + ": no listening line in " + START_LIMIT, e);
    }
    if (line == null || !line.startsWith("listening ")) {
      p.destroyForcibly();
      StringBuilder rest = new StringBuilder();
      try {
        for (String l = r.readLine(); l != null && rest.length() < 4000; l = r.readLine()) {
          rest.append('\n').append(l);
        }
      } catch (IOException ignored) {
        // what we have is enough
      }
      throw new IOException("bench-server " + strategy + " " + transport + ": no listening line; it said:"
          + before + rest);
    }
    return new ServerProcess(p, r, line);
  }

  /**
   * Returns the echo service's address.
   *
   * @return the address
   */
  @Override
  public SocketAddress echoAddress() {
    return echo;
  }

  /**
   * Returns the churn service's address.
   *
   * @return the address
   */
  @Override
  public SocketAddress churnAddress() {
    return churn;
  }

  /**
   * Returns the child's CPU time so far, user plus system, all threads (Linux: from /proc).
   *
   * @return CPU nanoseconds, or -1 if the platform does not say
   */
  @Override
  public long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /**
   * Returns the child's process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Sends SIGTERM, waits for the shutdown report (killing the child if it takes too long) and
   * returns it.
   *
   * @return the report line, or a note that the child had to be killed
   */
  @Override
  public String stop() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it kills the child too
    }
    process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
    try {
      if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        return "killed after " + STOP_LIMIT;
      }
      drain.join(STOP_LIMIT.toMillis());
      return report.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "interrupted";
    }
  }

  @Override
  public void close() {
    stop();
  }
}
