package dev.socketkit.jmh.net;

import dev.socketkit.jmh.server.ServerBenchmark;
import dev.socketkit.jmh.server.ServerCpu;
import java.io.IOException;
import java.util.concurrent.Semaphore;
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
 * Bulk over loopback: 64 KiB frames streamed both ways on one connection. A writer thread keeps
 * up to {@link #WINDOW} frames in flight; each operation reads one echoed frame. MB/s per
 * direction = ops/s × 65,536 / 10^6. Also reports the server's CPU time per echoed frame ({@link
 * ServerCpu}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class BulkBenchmark extends ServerBenchmark {
  /** Frames in flight: 1 MiB, enough to keep both directions busy. */
  public static final int WINDOW = 16;

  private static final long WRITER_LIMIT_NANOS = TimeUnit.HOURS.toNanos(1);

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
  @Param({"65536"})
  public int payload;

  private WireClient client;
  private final Semaphore credits = new Semaphore(WINDOW);
  private volatile boolean running;
  private Thread writer;

  /**
   * Starts the server, connects, and starts the writer.
   *
   * @throws IOException if the server does not start or connecting fails
   */
  @Setup(Level.Trial)
  public void start() throws IOException {
    process = EchoServerState.start(server, transport);
    client = WireClient.connect(process.echoAddress(), payload);
    running = true;
    writer = new Thread(this::write, "bulk-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private void write() {
    long deadline = System.nanoTime() + WRITER_LIMIT_NANOS;
    try {
      while (running && System.nanoTime() < deadline) {
        if (credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          client.send(payload);
        }
      }
    } catch (IOException | InterruptedException e) {
      running = false; // the connection was closed under us at teardown
    }
  }

  /**
   * Stops the writer, closes the connection and the server.
   *
   * @throws Exception if joining the writer or closing fails
   */
  @TearDown(Level.Trial)
  public void stop() throws Exception {
    running = false;
    writer.join(10_000);
    client.close();
    EchoServerState.stop(process);
    cpu.report("Bulk.frame", server, transport);
  }


  /**
   * Reads one echoed 64 KiB frame and lets the writer send another.
   *
   * @return a byte of the frame
   * @throws IOException if reading fails
   */
  @Benchmark
  public int frame() throws IOException {
    int b = client.receive(payload);
    credits.release();
    cpu.done();
    return b;
  }
}
