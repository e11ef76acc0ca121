package dev.socketkit.jmh.server;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.netty.NettyTransport;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * The server a network benchmark measures: normally a {@link ServerProcess} (a child JVM), or,
 * with {@code -Dsocketkit.jmh.inProcess=true} (pass it with {@code -jvmArgsAppend}), a server in
 * the benchmark's own JVM, so that JMH's profilers ({@code -prof stack}, {@code -prof gc}) see the
 * server's code too.
 */
public interface ServerUnderTest {
  /**
   * Returns where the echo service listens.
   *
   * @return the address
   */
  SocketAddress echoAddress();

  /**
   * Returns where the churn service listens.
   *
   * @return the address
   */
  SocketAddress churnAddress();

  /**
   * Returns the server's CPU time so far.
   *
   * @return CPU nanoseconds, or -1 when the server shares the benchmark's JVM or its process is
   *     not known
   */
  long cpuNanos();

  /**
   * Stops the server.
   *
   * @return its shutdown report
   */
  String stop();

  /**
   * Starts the named server for a benchmark, in a child JVM unless {@code socketkit.jmh.inProcess}
   * is set; {@code external:ADDRESS} names a server already running there ({@link ExternalServer}).
   *
   * @param name a strategy or peer name, or {@code external:127.0.0.1:7500}
   * @param transport TCP or Unix-domain
   * @return the running server
   * @throws IOException if it does not start
   */
  static ServerUnderTest start(String name, Transport transport) throws IOException {
    if (name.startsWith(ExternalServer.PREFIX)) {
      return ExternalServer.of(name, transport);
    }
    if (name.startsWith("virtual") && Runtime.version().feature() < 21) {
      throw new IllegalStateException("virtual threads need JDK 21 or later; this is " + Runtime.version());
    }
    if (NettyTransport.NAMES.contains(name)) {
      NettyTransport.ofPeer(name).ensureAvailable(); // io_uring: where the kernel refuses it, say so
    }
    if (name.startsWith("reuseport") && transport == Transport.UNIX) {
      throw new IllegalStateException("reuseport is TCP only: SO_REUSEPORT does not apply to Unix-domain sockets");
    }
    int workers = Servers.workersFor(name);
    if (!Boolean.getBoolean("socketkit.jmh.inProcess")) {
      return ServerProcess.start(name, transport, workers);
    }
    RunningServer s;
    try {
      s = Servers.start(name, transport, 0, null, workers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + name, e);
    }
    return new ServerUnderTest() {
      @Override
      public SocketAddress echoAddress() {
        return s.echoAddress();
      }

      @Override
      public SocketAddress churnAddress() {
        return s.churnAddress();
      }

      @Override
      public long cpuNanos() {
        return -1;
      }

      @Override
      public String stop() {
        return s.shutdown();
      }
    };
  }
}
