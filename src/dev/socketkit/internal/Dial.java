package dev.socketkit.internal;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
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

/** Opens connections: resolves, connects within the connect time-out, and wraps the channel. */
final class Dial {
  private Dial() {}

  /** Connects to {@code remote}, waiting at most the options' connect time-out. */
  static Connection connect(SocketAddress remote, ConnectionOptions options) throws IOException {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(options, "options");
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
    String where = "to " + Errors.format(remote);
    Duration limit = options.connectTimeout();
    long nanos = limit.isZero() ? ChannelConnection.NONE : ChannelConnection.saturatedNanos(limit);
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
              long left = nanos == ChannelConnection.NONE ? ChannelConnection.NONE : nanos - (System.nanoTime() - start);
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
        return ChannelConnection.wrap(ch, options, slot);
      } catch (IOException e) {
        slot.close();
        ch.close();
        slot.released();
        if (unix && Errors.isWouldBlock(e)) {
          // The listener's backlog is full. The kernel offers no way to wait for room on a
          // Unix-domain socket, so retry with back-off until the connect time-out.
          long left = nanos == ChannelConnection.NONE ? ChannelConnection.NONE : nanos - (System.nanoTime() - start);
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
        slot.close();
        ch.close();
        slot.released();
        throw e;
      }
    }
  }

  private static TimedOutException connectTimedOut(String where, Duration limit) {
    return new TimedOutException("connect " + where + ": timed out after " + limit,
        TimedOutException.Kind.CONNECT, limit);
  }

}
