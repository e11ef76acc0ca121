package dev.socketkit.jmh.churn;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.net.WireClient;
import dev.socketkit.jmh.server.ServerBenchmark;
import dev.socketkit.jmh.server.ServerCpu;
import dev.socketkit.jmh.server.ServerUnderTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
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

/**
 * Connection churn, the client of UNP chapter 30: connect, ask for 4,000 bytes, read them, close
 * (the client does the active close). Four client threads. Score: connections/s. The server runs
 * in its own JVM; its CPU time over the measurement iterations divided by the connections made
 * is printed and recorded by {@link ServerCpu}. With {@code -p server=external:127.0.0.1:7500}
 * (the echo port; churn is the next) the client measures a server it did not start, such as a C
 * reference server, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class ChurnBenchmark extends ServerBenchmark {
  /** Bytes asked for per connection. */
  public static final int REPLY = 4000;

  /**
   * The server: a socketkit strategy, tuned (time limits off, hand-written framing) or with {@code
   * +defaults} (default options, FrameReader/FrameWriter); a peer ({@code raw-jdk}, {@code
   * netty-nio}, {@code netty-epoll}, {@code netty-iouring}); or {@code external:HOST:PORT} or
   * {@code external:/path}, a server already running there (its CPU from {@code
   * -Dsocketkit.jmh.externalPid}).
   */
  @Param({"iterative", "thread", "pooled", "prestarted-accept", "prestarted-handoff", "reuseport",
      "virtual", "prestarted-accept+defaults", "virtual+defaults", "raw-jdk", "netty-nio", "netty-epoll",
      "netty-iouring"})
  public String server;

  /** {@code tcp} or {@code unix}. */
  @Param({"tcp", "unix"})
  public String transport;


  /**
   * Starts the server.
   *
   * @throws IOException if it does not start
   */
  @Setup(Level.Trial)
  public void start() throws IOException {
    process = ServerUnderTest.start(server, Transport.parse(transport));
  }


  /**
   * Stops the server and reports its CPU time per connection.
   *
   * @throws IOException if the CSV file cannot be written
   */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    System.out.println(process.stop());
    cpu.report("Churn.connection", server, transport);
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
    cpu.done();
    return r;
  }
}
