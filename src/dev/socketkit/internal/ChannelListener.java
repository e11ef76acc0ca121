package dev.socketkit.internal;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Listener} over a non-blocking {@link ServerSocketChannel}. Accepting threads take turns:
 * the one holding the lock tries {@code accept}, and if nobody is waiting to be accepted, sleeps in
 * the selector; {@link #close()} wakes it. A thread waiting for the lock waits at most its own
 * time-out.
 */
public final class ChannelListener implements Listener {
  private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);

  private final ServerSocketChannel channel;
  private final SocketAddress local;
  private final String name;
  private final ConnectionOptions connectionOptions;
  private final Poller.Slot slot;
  private final Waiter waiter;
  private final ReentrantLock acceptLock = new ReentrantLock();
  private final boolean unix;
  private volatile boolean closed;

  private ChannelListener(ServerSocketChannel channel, ConnectionOptions connectionOptions)
      throws IOException {
    this.channel = channel;
    this.local = channel.getLocalAddress();
    this.name = Errors.format(local);
    this.unix = local instanceof UnixDomainSocketAddress;
    this.connectionOptions = connectionOptions;
    this.slot = new Poller.Slot(channel);
    this.waiter = new Waiter(channel, SelectionKey.OP_ACCEPT, slot);
  }

  /** Binds and listens on {@code local}; accepted connections get {@code accepted}. */
  public static Listener bind(SocketAddress local, ListenOptions options, ConnectionOptions accepted)
      throws IOException {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(options, "options");
    String where = Errors.format(local);
    ServerSocketChannel ch;
    boolean isUnix = local instanceof UnixDomainSocketAddress;
    if (isUnix) {
      UnixPaths.checkLength("bind", (UnixDomainSocketAddress) local);
      UnixPaths.replaceStale((UnixDomainSocketAddress) local);
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    } else if (local instanceof InetSocketAddress) {
      if (((InetSocketAddress) local).isUnresolved()) {
        throw new UnknownHostException("bind " + where + ": unknown host");
      }
      ch = ServerSocketChannel.open();
    } else {
      throw new IllegalArgumentException("local: " + local
          + " (expected: an InetSocketAddress or a UnixDomainSocketAddress)");
    }
    try {
      if (!isUnix) {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
      }
      if (options.reusePort()) {
        if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
          throw new UnsupportedOperationException("bind " + where + ": SO_REUSEPORT is not supported for "
              + (isUnix ? "Unix-domain sockets" : "TCP on this platform"));
        }
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      try {
        ch.bind(local, backlog(options));
      } catch (BindException e) {
        throw (BindException) new BindException("bind " + where + ": " + describe(e)).initCause(e);
      } catch (java.net.SocketException e) {
        if (isUnix) {
          throw (BindException) new BindException("bind " + where + ": " + e.getMessage()).initCause(e);
        }
        throw e;
      }
      ch.configureBlocking(false);
      ChannelListener listener = new ChannelListener(ch, accepted);
      log.debug("listening on {} (backlog {})", listener.name, backlog(options));
      return listener;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static int backlog(ListenOptions options) {
    return options.backlog() == 0 ? Checks.maxBacklog() : options.backlog();
  }

  private static String describe(BindException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("in use")) {
      return "address already in use";
    }
    if (m.contains("ermission")) {
      return "permission denied (ports below 1024 need privileges)";
    }
    return m;
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public Connection accept() throws IOException {
    return accept(Duration.ZERO);
  }

  @Override
  public Connection accept(Duration timeout) throws IOException {
    Checks.notNegative("timeout", timeout);
    long limit = Checks.limitNanos(timeout);
    long start = System.nanoTime();
    try {
      if (limit == Checks.FOREVER) {
        acceptLock.lockInterruptibly();
      } else if (!acceptLock.tryLock(limit, TimeUnit.NANOSECONDS)) {
        throw acceptTimedOut(timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("accept " + name + ": interrupted");
    }
    try {
      while (true) {
        if (closed) {
          throw new SocketClosedException("accept " + name + ": listener closed");
        }
        SocketChannel accepted = channel.accept();
        if (accepted != null) {
          return Connection.of(SocketTransport.of(accepted, new Poller.Slot(accepted)), connectionOptions);
        }
        long left = Checks.left(limit, start);
        if (left <= 0) {
          throw acceptTimedOut(timeout);
        }
        waiter.await(left);
      }
    } catch (ClosedSelectorException e) {
      throw Errors.closed("accept", name, e);
    } catch (IOException e) {
      if (closed) {
        throw (SocketClosedException) new SocketClosedException("accept " + name + ": listener closed").initCause(e);
      }
      throw Errors.translate("accept", name, e);
    } finally {
      acceptLock.unlock();
    }
  }

  private TimedOutException acceptTimedOut(Duration timeout) {
    return new TimedOutException("accept " + name + ": no client within " + timeout,
        TimedOutException.Kind.ACCEPT, timeout);
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      waiter.close();
      slot.closeWith(channel);
    } finally {
      if (unix) {
        Files.deleteIfExists(((UnixDomainSocketAddress) local).getPath());
      }
    }
    log.debug("closed listener on {}", name);
  }

  @Override
  public String toString() {
    return "Listener[" + name + (closed ? ", closed]" : "]");
  }
}
