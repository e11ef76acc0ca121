package dev.socketkit.client;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The failures of one {@link Connector#connect} call, and the exception that reports them: typed
 * like the last failure, saying what was tried, how often and for how long, with that failure as
 * its cause and the earlier ones suppressed.
 */
final class ConnectFailure {
  private static final int MAX_SUPPRESSED = 16;

  private final String target;
  private final List<IOException> failures = new ArrayList<>();
  private final Set<SocketAddress> addresses = new HashSet<>();
  private int connects;
  private int roundStart;

  ConnectFailure(String target) {
    this.target = target;
  }

  /** What the caller asked to connect to: {@code host:port}, an address, or a list of them. */
  String target() {
    return target;
  }

  void startRound() {
    roundStart = failures.size();
  }

  void started(SocketAddress address) {
    connects++;
    addresses.add(address);
  }

  void add(IOException e) {
    failures.add(e);
  }

  /** Whether a failure of the current round is one that may pass: refused, unreachable, timed out. */
  boolean roundMayPass() {
    for (IOException e : failures.subList(roundStart, failures.size())) {
      if (e instanceof ConnectException
          || e instanceof NoRouteToHostException
          || (e instanceof TimedOutException && ((TimedOutException) e).kind() == TimedOutException.Kind.CONNECT)) {
        return true;
      }
    }
    return false;
  }

  /** Adds the failures so far to {@code e} as suppressed exceptions, and returns it. */
  <T extends IOException> T withEarlier(T e) {
    int from = Math.max(0, failures.size() - MAX_SUPPRESSED);
    for (IOException x : failures.subList(from, failures.size())) {
      if (x != e) {
        e.addSuppressed(x);
      }
    }
    return e;
  }

  /**
   * Returns the exception for a connect that gave up after {@code rounds} rounds and {@code nanos}
   * in all, such as {@code connect to 127.0.0.1:7070 refused after 5 attempts in 1.15 s}.
   */
  IOException exhausted(int rounds, long nanos, java.time.Duration totalTime) {
    String tried = rounds + (rounds == 1 ? " attempt" : " attempts")
        + (connects == rounds ? "" : " (" + connects + " connects to " + addresses.size()
            + (addresses.size() == 1 ? " address)" : " addresses)"))
        + String.format(Locale.ROOT, " in %.2f s", nanos / 1e9);
    if (failures.isEmpty()) {
      return new TimedOutException("connect to " + target + " timed out: the total time of " + totalTime
          + " was used up after " + tried, TimedOutException.Kind.CONNECT, totalTime);
    }
    IOException last = failures.remove(failures.size() - 1);
    String head = "connect to " + target;
    IOException e;
    if (last instanceof TimedOutException) {
      e = new TimedOutException(head + " timed out after " + tried, TimedOutException.Kind.CONNECT,
          ((TimedOutException) last).limit());
    } else if (last instanceof ConnectionRefusedException) {
      e = new ConnectionRefusedException(head + " refused after " + tried);
    } else if (last instanceof NoRouteToHostException) {
      e = new NoRouteToHostException(head + ": no route to host after " + tried);
    } else if (last instanceof ConnectException) {
      e = new ConnectException(head + " failed after " + tried + ": " + last.getMessage());
    } else if (last instanceof SocketException) {
      e = new SocketException(head + " failed after " + tried + ": " + last.getMessage());
    } else {
      e = new IOException(head + " failed after " + tried + ": " + last.getMessage());
    }
    e.initCause(last);
    return withEarlier(e);
  }
}
