package dev.socketkit.internal;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether this platform lets TCP keep-alive be tuned, asked of the JDK once per process. */
public final class KeepAlive {
  private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
  private static final List<SocketOption<Integer>> TUNING = List.of(
      ExtendedSocketOptions.TCP_KEEPIDLE, ExtendedSocketOptions.TCP_KEEPINTERVAL, ExtendedSocketOptions.TCP_KEEPCOUNT);

  private KeepAlive() {}

  private static final class Supported {
    static final Set<SocketOption<?>> TCP = tcpOptions();

    private static Set<SocketOption<?>> tcpOptions() {
      try (SocketChannel probe = SocketChannel.open()) {
        return probe.supportedOptions();
      } catch (IOException e) {
        LOG.debug("cannot open a socket to list its options; keep-alive tuning is checked at connect", e);
        return Set.copyOf(TUNING);
      }
    }
  }

  /**
   * Puts {@code SO_KEEPALIVE} and the three tuning options into an options builder's map, after
   * checking the values (whole seconds; Linux's ranges) and that this platform can tune them.
   */
  public static void put(Map<SocketOption<?>, Object> options, Duration idle, Duration interval, int count) {
    int idleSeconds = seconds("idle", idle);
    int intervalSeconds = seconds("interval", interval);
    if (count < 1 || count > 127) {
      throw new IllegalArgumentException("keepAlive count: " + count + " (expected: 1 to 127)");
    }
    requireTuning();
    options.put(StandardSocketOptions.SO_KEEPALIVE, Boolean.TRUE);
    options.put(ExtendedSocketOptions.TCP_KEEPIDLE, idleSeconds);
    options.put(ExtendedSocketOptions.TCP_KEEPINTERVAL, intervalSeconds);
    options.put(ExtendedSocketOptions.TCP_KEEPCOUNT, count);
  }

  private static int seconds(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.getNano() != 0 || d.getSeconds() < 1 || d.getSeconds() > 32767) {
      throw new IllegalArgumentException("keepAlive " + name + ": " + d + " (expected: whole seconds, 1 to 32767)");
    }
    return (int) d.getSeconds();
  }

  /** Throws {@link UnsupportedOperationException} naming the platform unless TCP sockets here can be tuned. */
  public static void requireTuning() {
    check(Supported.TCP);
  }

  /** Throws unless {@code supported} holds every keep-alive tuning option. */
  public static void check(Set<SocketOption<?>> supported) {
    List<String> missing = TUNING.stream().filter(o -> !supported.contains(o)).map(SocketOption::name)
        .collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new UnsupportedOperationException("keepAlive: TCP keep-alive tuning (" + String.join(", ", missing)
          + ") is not supported on " + System.getProperty("os.name") + " " + System.getProperty("os.version")
          + " (" + System.getProperty("os.arch") + ") with Java " + System.getProperty("java.version")
          + "; option(StandardSocketOptions.SO_KEEPALIVE, true) turns keep-alive on with the system's timing");
    }
  }
}
