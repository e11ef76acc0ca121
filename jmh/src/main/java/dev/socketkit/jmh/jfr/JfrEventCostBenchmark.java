package dev.socketkit.jmh.jfr;

import dev.socketkit.internal.jfr.Jfr;
import dev.socketkit.server.RejectReason;
import dev.socketkit.server.SessionInfo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What one socketkit JFR call site costs: the calls the server makes per connection (opened,
 * session timed from open to close), per rejection and per connect attempt, beside a baseline
 * that only consumes the same address. With no recording every call should cost what the baseline
 * costs (the event is disabled, nothing is formatted); with {@code -jvmArgsAppend
 * -XX:StartFlightRecording} the difference is the price of a recorded event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JfrEventCostBenchmark {
  private final SocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 7070);
  private final SocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40123);
  private final Instant started = Instant.now();
  private final SessionInfo session = new SessionInfo() {
    @Override
    public String id() {
      return "bench-1";
    }

    @Override
    public SocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public SocketAddress localAddress() {
      return local;
    }

    @Override
    public Instant startedAt() {
      return started;
    }

    @Override
    public long bytesIn() {
      return 20;
    }

    @Override
    public long bytesOut() {
      return 20;
    }
  };

  /**
   * No event: the address consumed, as every other benchmark consumes it.
   *
   * @param bh the blackhole
   */
  @Benchmark
  public void baseline(Blackhole bh) {
    bh.consume(remote);
  }

  /**
   * The server's per-connection pair: {@code ConnectionOpened}, then a {@code ConnectionClosed}
   * timed across the (here empty) session.
   *
   * @param bh the blackhole
   */
  @Benchmark
  public void connectionOpenedAndClosed(Blackhole bh) {
    Jfr.opened("bench", local, remote, "threadPerConnection()");
    Jfr.sessionClosed(Jfr.sessionStarted(), "bench", session, "threadPerConnection()", false, null);
    bh.consume(remote);
  }

  /**
   * A rejected connection.
   *
   * @param bh the blackhole
   */
  @Benchmark
  public void connectionRejected(Blackhole bh) {
    Jfr.rejected("bench", remote, RejectReason.MAX_CONNECTIONS);
    bh.consume(remote);
  }

  /**
   * One connect attempt, started and ended.
   *
   * @param bh the blackhole
   */
  @Benchmark
  public void connectAttempt(Blackhole bh) {
    Jfr.attemptEnded(Jfr.attemptStarted(), remote, 1, 0, "CONNECTED", null);
    bh.consume(remote);
  }
}
