package dev.socketkit.jmh.server;

import dev.socketkit.jmh.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;

/**
 * A server the benchmark did not start and does not stop, for example the C reference server,
 * named {@code external:127.0.0.1:7500} (echo on that port, churn on the next, as bench-server
 * lays them out) or {@code external:/tmp/s.sock} (churn at {@code /tmp/s.sock-churn}). Its CPU time
 * is read from {@code /proc} for the process id in the system property {@code
 * socketkit.jmh.externalPid} (pass it with {@code -jvmArgsAppend}); without it, CPU is not
 * reported.
 */
final class ExternalServer implements ServerUnderTest {
  /** What an external server's name starts with. */
  static final String PREFIX = "external:";

  private final String name;
  private final SocketAddress echo;
  private final SocketAddress churn;
  private final ProcessHandle process;

  private ExternalServer(String name, SocketAddress echo, SocketAddress churn, ProcessHandle process) {
    this.name = name;
    this.echo = echo;
    this.churn = churn;
    this.process = process;
  }

  static ExternalServer of(String name, Transport transport) {
    String at = name.substring(PREFIX.length());
    SocketAddress echo = Transport.parseAddress(at);
    SocketAddress churn;
    if (echo instanceof InetSocketAddress) {
      InetSocketAddress e = (InetSocketAddress) echo;
      churn = new InetSocketAddress(e.getAddress(), e.getPort() + 1);
    } else {
      churn = UnixDomainSocketAddress.of(at + "-churn");
    }
    if ((transport == Transport.TCP) != (echo instanceof InetSocketAddress)) {
      throw new IllegalStateException(name + " is " + (echo instanceof InetSocketAddress ? "TCP" : "a Unix-domain socket")
          + ", but the benchmark runs with transport=" + transport.name().toLowerCase(java.util.Locale.ROOT));
    }
    String pid = System.getProperty("socketkit.jmh.externalPid");
    ProcessHandle process = null;
    if (pid != null) {
      process = ProcessHandle.of(Long.parseLong(pid.trim())).orElseThrow(() ->
          new IllegalStateException("socketkit.jmh.externalPid=" + pid + ": no such process"));
    }
    return new ExternalServer(name, echo, churn, process);
  }

  @Override
  public SocketAddress echoAddress() {
    return echo;
  }

  @Override
  public SocketAddress churnAddress() {
    return churn;
  }

  @Override
  public long cpuNanos() {
    return process == null ? -1 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public String stop() {
    return "external server " + name + " left running";
  }
}
