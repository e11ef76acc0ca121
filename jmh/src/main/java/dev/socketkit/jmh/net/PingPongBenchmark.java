package dev.socketkit.jmh.net;

import dev.socketkit.jmh.server.ServerBenchmark;
import dev.socketkit.jmh.server.ServerCpu;
import java.io.IOException;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Ping-pong over loopback: send a 64-byte frame, wait for the echo. {@link #oneConnection} runs
 * in SampleTime mode, so the result has the latency percentiles (p50, p99, p99.9; round trips/s is
 * 1/mean); run it under {@code taskset -c 0} to put client and server on one CPU, where p50 is
 * stable. {@link #sixteenConnections} measures round trips/s over 16 connections, one client
 * thread each; the iterative strategy refuses it (it serves one connection at a time, so fifteen
 * clients would wait for ever). Both also report the server's CPU time per round trip ({@link
 * ServerCpu}).
 */
@State(Scope.Benchmark)
public class PingPongBenchmark extends ServerBenchmark {
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

  /** The payload size. */
  @Param({"64"})
  public int payload;

  private String benchmark;

  /**
   * Starts the server; refuses the iterative strategy with more than one client thread.
   *
   * @param params the thread count
   * @throws IOException if it does not start
   */
  @Setup(Level.Trial)
  public void start(BenchmarkParams params) throws IOException {
    if (params.getThreads() > 1 && server.equals("iterative")) {
      throw new IllegalStateException("iterative serves one connection at a time: "
          + params.getThreads() + " concurrent connections would wait for ever");
    }
    process = EchoServerState.start(server, transport);
    String b = params.getBenchmark();
    benchmark = "PingPong." + b.substring(b.lastIndexOf('.') + 1);
  }


  /**
   * Stops the server, prints its shutdown report and its CPU time per round trip.
   *
   * @throws IOException if the CPU file cannot be written
   */
  @TearDown(Level.Trial)
  public void stop() throws IOException {
    EchoServerState.stop(process);
    cpu.report(benchmark, server, transport);
  }

  /** One connection per benchmark thread. */
  @State(Scope.Thread)
  public static class Client {
    WireClient c;
    int payload;
    ServerCpu cpu;

    /**
     * Connects to the echo service.
     *
     * @param b the benchmark with the running server
     * @throws IOException if connecting fails
     */
    @Setup(Level.Trial)
    public void open(PingPongBenchmark b) throws IOException {
      payload = b.payload;
      cpu = b.cpu;
      c = WireClient.connect(b.process.echoAddress(), payload);
    }

    /**
     * Closes the connection.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      c.close();
    }
  }

  /**
   * One round trip on one connection: latency percentiles.
   *
   * @param client this thread's connection
   * @return a byte of the reply
   * @throws IOException if the exchange fails
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public int oneConnection(Client client) throws IOException {
    client.c.send(client.payload);
    int r = client.c.receive(client.payload);
    client.cpu.done();
    return r;
  }

  /**
   * One round trip on each of 16 connections at once: round trips per second.
   *
   * @param client this thread's connection
   * @return a byte of the reply
   * @throws IOException if the exchange fails
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public int sixteenConnections(Client client) throws IOException {
    client.c.send(client.payload);
    int r = client.c.receive(client.payload);
    client.cpu.done();
    return r;
  }
}
