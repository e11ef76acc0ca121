package dev.socketkit.internal;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Opens socket transports: resolves, connects within the connect time-out, and wraps the channel. */
public final class Dial {
  private Dial() {}

  /** Connects to {@code remote}, waiting at most {@code limit} (zero: no limit). */
  public static SocketTransport connect(SocketAddress remote, Duration limit) throws IOException {
    Objects.requireNonNull(remote, "remote");
    Checks.notNegative("connectTimeout", limit);
    boolean unix = remote instanceof UnixDomainSocketAddress;
    if (unix) {
      UnixPaths.checkLength("connect", (UnixDomainSocketAddress) remote);
    } else if (remote instanceof InetSocketAddress) {
      InetSocketAddress inet = (InetSocketAddress) remote;
      if (inet.isUnresolved()) {
        inet = new InetSocketAddress(inet.getHostString(), inet.getPort());
        if (inet.isUnresolved()) {
          throw new UnknownHostException("connect " + Errors.format(remote) + ": unknown host");
        }
        remote = inet;
      }
    } else {
      throw new IllegalArgumentException("remote: " + remote
          + " (expected: an InetSocketAddress or a UnixDomainSocketAddress)");
    }
    String where = "->" + Errors.format(remote);
    long nanos = Checks.limitNanos(limit);
    long start = System.nanoTime();
    long backoff = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      SocketChannel ch = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
      // Shared with the connection: a virtual thread's wait registers the channel with the poller.
      Poller.Slot slot = new Poller.Slot(ch);
      try {
        ch.configureBlocking(false);
        if (!ch.connect(remote)) {
          try (Waiter w = new Waiter(ch, SelectionKey.OP_CONNECT, slot)) {
            while (!ch.finishConnect()) {
              long left = Checks.left(nanos, start);
              if (left <= 0) {
                throw connectTimedOut(where, limit);
              }
              w.await(left);
            }
          }
        }
        if (!ch.isRegistered()) {
          ch.configureBlocking(true); // else it waited through the poller and stays non-blocking
        }
        return SocketTransport.of(ch, slot);
      } catch (IOException e) {
        slot.closeWith(ch);
        if (unix && Errors.isWouldBlock(e)) {
          // The listener's backlog is full. The kernel offers no way to wait for room on a
          // Unix-domain socket, so retry with back-off until the connect time-out.
          long left = Checks.left(nanos, start);
          if (left <= 0) {
            throw connectTimedOut(where, limit);
          }
          LockSupport.parkNanos(Math.min(backoff, left));
          backoff = Math.min(backoff * 2, TimeUnit.MILLISECONDS.toNanos(50));
          continue;
        }
        if (unix && !Files.exists(((UnixDomainSocketAddress) remote).getPath())) {
          throw (IOException) new ConnectionRefusedException(
              "connect " + where + ": connection refused (no socket file at that path)").initCause(e);
        }
        throw Errors.translate("connect", where, e);
      } catch (RuntimeException e) {
        slot.closeWith(ch);
        throw e;
      }
    }
  }

  private static TimedOutException connectTimedOut(String where, Duration limit) {
    return new TimedOutException("connect " + where + ": timed out after " + limit,
        TimedOutException.Kind.CONNECT, limit);
  }

}
