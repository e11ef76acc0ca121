package dev.socketkit;

import dev.socketkit.spi.Transport;
import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.LoggerFactory;

/** How a {@link Connection} applies, checks and reads socket options on its transport. */
final class SocketOptions {
  private SocketOptions() {}

  /** Sets the options; the default {@code TCP_NODELAY} is skipped where the transport has none. */
  static void apply(Connection c, Map<SocketOption<?>, Object> options) throws IOException {
    for (Map.Entry<SocketOption<?>, Object> e : options.entrySet()) {
      if (e.getKey() != StandardSocketOptions.TCP_NODELAY || c.supportedOptions().contains(e.getKey())) {
        setRaw(c, e.getKey(), e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setRaw(Connection c, SocketOption<T> option, Object value) throws IOException {
    c.setOption(option, (T) value);
  }

  /** {@link Connection#getOption}. */
  static <T> T get(SocketOption<T> option, TimedIo io) throws IOException {
    check("getOption", option, io);
    try {
      return io.transport.getOption(option);
    } catch (IOException e) {
      throw io.translate("getOption " + option.name(), e);
    }
  }

  /** {@link Connection#setOption}. */
  static <T> void set(SocketOption<T> option, T value, TimedIo io) throws IOException {
    check("setOption", option, io);
    try {
      io.transport.setOption(option, value);
    } catch (IOException e) {
      throw io.translate("setOption " + option.name(), e);
    }
  }

  /** Throws unless the connection is open and its transport supports {@code option}. */
  private static void check(String op, SocketOption<?> option, TimedIo io) throws SocketClosedException {
    Objects.requireNonNull(option, "option");
    io.ensureOpen(op);
    Transport t = io.transport;
    if (!t.supportedOptions().contains(option)) {
      throw new UnsupportedOperationException(op + " " + io.ends + ": socket option " + option.name()
          + " is not supported by this transport (supported: " + t.supportedOptions() + ")");
    }
  }

  /** {@code SO_PEERCRED}, where the transport has it. */
  static Optional<UnixDomainPrincipal> peerCredentials(TimedIo io) {
    Transport t = io.transport;
    String ends = io.ends;
    if (!t.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
      return Optional.empty();
    }
    try {
      return Optional.of(t.getOption(ExtendedSocketOptions.SO_PEERCRED));
    } catch (IOException | UnsupportedOperationException e) {
      LoggerFactory.getLogger(Connection.class).debug("peer credentials of {} unavailable: {}", ends,
          e.toString());
      return Optional.empty();
    }
  }
}
