package dev.socketkit.server;

import dev.socketkit.ConnectionResetException;
import dev.socketkit.Connection;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.Listener;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.internal.Errors;
import dev.socketkit.internal.jfr.Jfr;
import dev.socketkit.internal.jfr.SocketkitEvents;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every strategy shares: the accept loop's error and limit policy, running one session, and
 * the books (counters, live sessions, threads). A strategy only decides which thread calls {@link
 * #accept} and {@link #serve}; each connection {@code accept} returns must reach exactly one
 * {@link #serve} or {@link #reject}.
 */
final class ServerCore {
  static final Logger LOG = LoggerFactory.getLogger(Server.class);
  private static final long FIRST_BACKOFF_MS = 5;
  private static final long MAX_BACKOFF_MS = 1000;
  private static final Duration BUSY_REPLY_TIMEOUT = Duration.ofSeconds(1);

  final String name;
  final ServerOptions options;
  final Counters counters = new Counters();
  final ThreadRegistry threads = new ThreadRegistry();
  private final SessionHandler handler;
  private final Permits permits;
  private final boolean waitForPermit;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong sessionIds = new AtomicLong();
  private final Map<String, AtomicInteger> threadIds = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean aborting;
  volatile List<Listener> listeners = List.of();
  String strategy = ""; // for JFR events; set by Server

  ServerCore(ServerOptions options, SessionHandler handler) {
    this.name = options.name();
    this.options = options;
    this.handler = handler;
    this.permits = new Permits(options.maxConnections());
    this.waitForPermit = options.maxConnections() > 0 && options.overflow() == Overflow.WAIT;
  }

  /** {@code <name>-<role>-<n>}, numbered from 1 per role. */
  String threadName(String role) {
    return name + "-" + role + "-" + threadIds.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet();
  }

  boolean isStopping() {
    return stopping.getCount() == 0;
  }

  /**
   * Accepts the next connection, holding a connection permit for it; returns null once the server
   * stops. Transient failures back off (5 ms doubling to 1 s) and are logged; closing the listener
   * or stopping the server ends every wait at once.
   */
  Connection accept(Listener listener) {
    // With one listener, a permit is taken before accept() so extra clients wait in the backlog.
    // With several (SO_REUSEPORT), a permit held in one listener's accept() would starve a client
    // that the kernel queued on another, so the permit is taken after accept() there.
    boolean before = waitForPermit && listeners.size() == 1;
    boolean after = waitForPermit && !before;
    long backoffMs = 0;
    while (!isStopping()) {
      if (before && !permits.acquire()) {
        return null;
      }
      Connection c;
      try {
        c = listener.accept();
      } catch (IOException | RuntimeException e) {
        if (before) {
          permits.release();
        }
        if (e instanceof SocketClosedException || !listener.isOpen() || isStopping()) {
          return null;
        }
        counters.acceptErrors.increment();
        backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        LOG.warn("{}: accept on {} failed, retrying in {} ms: {}",
            name, Errors.format(listener.localAddress()), backoffMs, e.toString());
        if (awaitStopping(backoffMs)) {
          return null;
        }
        continue;
      }
      backoffMs = 0;
      counters.accepted.increment();
      if (after && !permits.acquire()) {
        reject(c, RejectReason.SHUTDOWN, Overflow.CLOSE, false);
        return null;
      }
      if (!waitForPermit && !permits.tryAcquire()) {
        reject(c, RejectReason.MAX_CONNECTIONS, options.overflow(), false);
        continue;
      }
      return c;
    }
    return null;
  }

  private boolean awaitStopping(long millis) {
    try {
      return stopping.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Runs the handler on the calling thread for a connection from {@link #accept}; never throws. */
  void serve(Connection raw) {
    if (aborting) {
      reject(raw, RejectReason.SHUTDOWN, Overflow.CLOSE, true);
      return;
    }
    CountingConnection counted;
    try {
      counted = new CountingConnection(raw, options.listenOptions().connectionOptions().bufferSize(),
          counters.bytesIn, counters.bytesOut);
    } catch (RuntimeException | Error e) {
      reject(raw, RejectReason.NO_RESOURCES, Overflow.CLOSE, true);
      throw e;
    }
    Session s = new Session(name + "-" + sessionIds.incrementAndGet(), counted, Thread.currentThread());
    sessions.add(s);
    SocketkitEvents.ConnectionClosed jfr = Jfr.sessionStarted();
    Jfr.opened(name, s.localAddress(), s.remoteAddress(), strategy);
    Throwable failure = null;
    counters.active.incrementAndGet();
    MDC.put(Server.MDC_SESSION_KEY, s.id);
    try {
      fire(s, "opened", () -> options.events().opened(s));
      counted.setReadTimeout(options.idleTimeout());
      if (!options.sessionDeadline().isZero()) {
        counted.setDeadline(s.startedAt().plus(options.sessionDeadline()));
      }
      handler.handle(counted);
      if (s.cutOff) {
        counters.cutOff.increment();
      } else {
        counters.completed.increment();
      }
    } catch (Throwable e) {
      failure = e;
      failed(s, e);
      if (e instanceof VirtualMachineError) {
        throw (VirtualMachineError) e;
      }
    } finally {
      closeQuietly(counted, s);
      sessions.remove(s);
      counters.active.decrementAndGet();
      permits.release();
      fire(s, "closed", () -> options.events().closed(s));
      Jfr.sessionClosed(jfr, name, s, strategy, s.cutOff, failure);
      MDC.remove(Server.MDC_SESSION_KEY);
      Thread.interrupted(); // a reused thread carries no interrupt into its next session
    }
  }

  private void failed(Session s, Throwable e) {
    if (s.cutOff) {
      counters.cutOff.increment();
      LOG.debug("{} {}: cut off at shutdown: {}", s.id, describe(s), e.toString());
    } else if (isTimeout(e)) {
      counters.timedOut.increment();
      LOG.info("{} {}: timed out: {}", s.id, describe(s), e.toString());
    } else if (e instanceof EndOfStreamException || e instanceof ConnectionResetException) {
      counters.failed.increment();
      LOG.info("{} {}: client went away: {}", s.id, describe(s), e.toString());
    } else {
      counters.failed.increment();
      LOG.warn("{} {}: session handler failed", s.id, describe(s), e);
    }
    fire(s, "failed", () -> options.events().failed(s, e));
    Jfr.handlerFailed(name, s.id, s.remoteAddress(), e);
  }

  /** The client's address; for a Unix-domain client, which has none, the server's path too. */
  private static String describe(SessionInfo s) {
    String remote = "client " + Errors.format(s.remoteAddress());
    return s.remoteAddress() instanceof InetSocketAddress ? remote : remote + " on " + Errors.format(s.localAddress());
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimedOutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes a connection from {@link #accept} without serving it: counts, logs, tells the event
   * hook, and releases its permit if it holds one. With {@link Overflow#BUSY_REPLY} the reply is
   * sent first, waiting at most a second.
   */
  void reject(Connection c, RejectReason reason, Overflow how, boolean holdsPermit) {
    SocketAddress remote = c.remoteAddress();
    try {
      if (how == Overflow.BUSY_REPLY) {
        c.setWriteTimeout(BUSY_REPLY_TIMEOUT);
        c.output().write(options.busyReply()).flush();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: busy reply to {} failed: {}", name, remote, e.toString());
    } finally {
      closeQuietly(c, remote);
      if (holdsPermit) {
        permits.release();
      }
    }
    counters.rejected.get(reason).increment();
    LOG.info("{}: rejected client {}: {}", name, Errors.format(remote), reason);
    Jfr.rejected(name, remote, reason);
    try {
      options.events().rejected(remote, reason);
    } catch (RuntimeException e) {
      LOG.warn("{}: event hook 'rejected' failed", name, e);
    }
  }

  /** Stops accepting: wakes every acceptor and every wait for a permit, at once. */
  void stopAccepting() {
    stopping.countDown();
    for (Listener l : listeners) {
      closeQuietly(l, l.localAddress());
    }
    permits.close();
  }

  /**
   * Ends the grace period: later {@link #serve} calls reject, and every live session is marked,
   * interrupted and closed. Returns the ids of the sessions cut off.
   */
  List<String> cutOff() {
    aborting = true;
    List<String> ids = new ArrayList<>();
    for (Session s : sessions) {
      s.cutOff = true;
      ids.add(s.id);
      s.thread.interrupt();
      Connection raw = s.raw();
      try {
        raw.setWriteTimeout(Duration.ofMillis(1)); // close() flushes; a stuck peer must not block it
      } catch (RuntimeException e) {
        LOG.debug("{}: write time-out on {} not set: {}", name, s.id, e.toString());
      }
      closeQuietly(raw, s);
    }
    return ids;
  }

  List<SessionInfo> liveSessions() {
    return List.copyOf(sessions);
  }

  private void fire(Session s, String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("{}: event hook '{}' failed", s.id, event, e);
    }
  }

  static void closeQuietly(Closeable c, Object what) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing {} failed: {}", what, e.toString());
    }
  }
}
