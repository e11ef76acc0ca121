package dev.socketkit.datagram;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.SocketClosedException;
import dev.socketkit.internal.Checks;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;

/** The endpoint's typed exceptions and time-limit arithmetic, in one place. */
final class Failures {
  private Failures() {}

  /** {@code local->peer}, or {@code local->any sender} for an unconnected endpoint. */
  static String where(InetSocketAddress local, InetSocketAddress peer) {
    return Errors.format(local) + "->" + (peer == null ? "any sender" : Errors.format(peer));
  }

  /**
   * The typed exception for {@code e} from operation {@code op} at {@code where}: ICMP port
   * unreachable is a refusal, anything on a closed channel is a local close.
   */
  static IOException typed(String op, String where, boolean open, IOException e) {
    String at = op + " " + where;
    IOException typed;
    if (e instanceof PortUnreachableException) {
      typed = new ConnectionRefusedException(at + ": port unreachable (ICMP): nothing listens there");
    } else if (!open) {
      typed = new SocketClosedException(at + (Thread.currentThread().isInterrupted()
          ? ": closed because the thread was interrupted" : ": socket closed"));
    } else {
      return Errors.translate(op, where, e);
    }
    typed.initCause(e);
    return typed;
  }

  /** A bind failure that names the address. */
  static BindException bind(InetSocketAddress local, BindException e) {
    BindException b = new BindException("bind " + Errors.format(local)
        + ": address already in use or not available (" + e.getMessage() + ")");
    b.initCause(e);
    return b;
  }

  /** {@code timeout} in whole milliseconds for {@code SO_TIMEOUT}: 0 for none, else 1 or more. */
  static long millis(Duration timeout) {
    if (Checks.notNegative("timeout", timeout).isZero()) {
      return 0;
    }
    long ms = timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0
        ? Integer.MAX_VALUE : (timeout.toNanos() + 999_999) / 1_000_000;
    return Math.max(1, ms);
  }
}
