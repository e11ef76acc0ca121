package dev.socketkit.jmh.churn;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.net.WireClient;
import dev.socketkit.jmh.server.ServerUnderTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Connection churn, the client of UNP chapter 30: connect, ask for 4,000 bytes, read them, close
 * (the client does the active close). Four client threads. Score: connections/s. The server runs
 * in its own JVM; its CPU time over the measurement iterations divided by the connections made
 * is printed as {@code server-cpu-per-connection} and, when the system property {@code
 * socketkit.jmh.cpuFile} names a file, appended there as CSV.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class ChurnBenchmark {
  /** Bytes asked for per connection. */
  public static final int REPLY = 4000;

  /** The server: a socketkit strategy, or a peer ({@code raw-jdk}, {@code netty}). */
  @Param({"iterative", "thread", "pooled", "prestarted-accept", "prestarted-handoff", "reuseport",
      "virtual", "raw-jdk", "netty"})
  public String server;

  /** {@code tcp} or {@code unix}. */
  @Param({"tcp", "unix"})
  public String transport;

  private ServerUnderTest process;
  private final LongAdder connections = new LongAdder();
  private long cpuAtStart;
  private long connectionsAtStart;
  private long measuredCpu;
  private long measuredConnections;

  /**
   * Starts the server.
   *
   * @throws IOException if it does not start
   */
  @Setup(Level.Trial)
  public void start() throws IOException {
    process = ServerUnderTest.start(server, Transport.parse(transport));
  }

  /** Notes the server's CPU time before an iteration. */
  @Setup(Level.Iteration)
  public void mark() {
    cpuAtStart = process.cpuNanos();
    connectionsAtStart = connections.sum();
  }

  /**
   * Adds a measurement iteration's server CPU time and connections to the totals.
   *
   * @param iteration whether this was warm-up or measurement
   */
  @TearDown(Level.Iteration)
  public void account(IterationParams iteration) {
    if (iteration.getType() == IterationType.MEASUREMENT && cpuAtStart >= 0) {
      measuredCpu += process.cpuNanos() - cpuAtStart;
      measuredConnections += connections.sum() - connectionsAtStart;
    }
  }

  /**
   * Stops the server and reports its CPU time per connection.
   *
   * @throws IOException if the CSV file cannot be written
   */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    System.out.println(process.stop());
    double micros = measuredConnections == 0 || measuredCpu < 0 ? Double.NaN : measuredCpu / 1e3 / measuredConnections;
    String line = String.format("%s,%s,%.2f,%d", server, transport, micros, measuredConnections);
    System.out.println("server-cpu-per-connection " + line + " (strategy,transport,us,connections)");
    String file = System.getProperty("socketkit.jmh.cpuFile");
    if (file != null) {
      Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  /** Each client thread's reusable buffers. */
  @State(Scope.Thread)
  public static class Buffers {
    final ByteBuffer in = WireClient.buffer(REPLY);
    final ByteBuffer out = WireClient.buffer(4);
  }

  /**
   * One short connection.
   *
   * @param b this thread's buffers
   * @return a byte of the reply
   * @throws IOException if any step fails
   */
  @Benchmark
  public int connection(Buffers b) throws IOException {
    int r;
    try (WireClient c = WireClient.connect(process.churnAddress(), b.in, b.out)) {
      c.request(REPLY);
      r = c.receive(REPLY);
    }
    connections.increment();
    return r;
  }
}
