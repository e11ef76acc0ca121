package dev.socketkit.server;

import dev.socketkit.ConnectionResetException;
import dev.socketkit.Connection;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.Listener;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.framing.CorruptFrameException;
import dev.socketkit.framing.TooLongFrameException;
import dev.socketkit.internal.Checks;
import dev.socketkit.internal.Errors;
import dev.socketkit.internal.jfr.Jfr;
import dev.socketkit.internal.jfr.SocketkitEvents;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
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
 * What every strategy shares: the accept loop's error and limit policy, running one session, the
 * books (counters, live sessions, threads), and the shutdown sequence. A strategy only decides
 * which thread calls {@link #accept} and which runs each {@link Admission}'s exit.
 */
final class ServerCore {
  static final Logger LOG = LoggerFactory.getLogger(Server.class);
  private static final long FIRST_BACKOFF_MS = 5;
  private static final long MAX_BACKOFF_MS = 1000;
  private static final long STRAGGLER_LOG_NANOS = Duration.ofSeconds(10).toNanos();
  /** The time-out that makes {@code accept} take only a client that is already waiting. */
  private static final Duration NO_WAIT = Duration.ofNanos(1);
  /** What {@code accept} returns, with {@code onlyWaiting}, when nobody is waiting. */
  private static final Admission NOBODY = new Admission(null, null, false);

  final String name;
  final ServerOptions options;
  final Counters counters = new Counters();
  final ThreadRegistry threads = new ThreadRegistry();
  private final SessionHandler handler;
  private final Permits permits;
  private final SourceAdmission sources;
  private final boolean waitForPermit;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong sessionIds = new AtomicLong();
  private final Map<String, AtomicInteger> threadIds = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private volatile boolean aborting;
  volatile List<Listener> listeners = List.of();
  String strategy = ""; // for JFR events and logs; set by Server
  Starvation starvation; // set by Server before start

  ServerCore(ServerOptions options, SessionHandler handler) {
    this.name = options.name();
    this.options = options;
    this.handler = handler;
    this.permits = new Permits(options.maxConnections());
    this.sources = new SourceAdmission(options.sourceLimits());
    this.waitForPermit = options.maxConnections() > 0 && options.overflow() == Overflow.WAIT;
  }

  /** {@code <name>-<role>-<n>}, numbered from 1 per role. */
  String threadName(String role) {
    return name + "-" + role + "-" + threadIds.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet();
  }

  boolean isStopping() {
    return stopping.getCount() == 0;
  }

  boolean isAborting() {
    return aborting;
  }

  void releasePermit() {
    permits.release();
  }

  /**
   * Accepts the next connection with its connection permit; returns null once the server stops.
   * Transient failures back off (5 ms doubling to 1 s) and are logged; closing the listener or
   * stopping the server ends every wait at once.
   */
  Admission accept(Listener listener) {
    return accept(listener, false);
  }

  /**
   * {@link #accept(Listener)} for a handler coming back for work while every other one is busy:
   * first takes a client already waiting in the backlog, if any, and counts it as having waited
   * for a handler.
   */
  Admission acceptAfterBusy(Listener listener) {
    Admission c = accept(listener, true);
    if (c != NOBODY) {
      if (c != null) {
        starvation.waited();
      }
      return c;
    }
    return accept(listener, false);
  }

  private Admission accept(Listener listener, boolean onlyWaiting) {
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
        c = onlyWaiting ? listener.accept(NO_WAIT) : listener.accept();
      } catch (IOException | RuntimeException e) {
        if (before) {
          permits.release();
        }
        if (onlyWaiting && e instanceof TimedOutException) {
          return NOBODY;
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
        new Admission(this, c, false).reject(RejectReason.SHUTDOWN, Overflow.CLOSE);
        return null;
      }
      SourceAdmission.Verdict source = sources.admit(c.remoteAddress());
      if (source.lease == null) {
        new Admission(this, c, waitForPermit).reject(source.reason, source.how); // gives a WAIT permit back
        continue;
      }
      if (!waitForPermit && !permits.tryAcquire()) {
        new Admission(this, c, false, source.lease).reject(RejectReason.MAX_CONNECTIONS, options.overflow());
        continue;
      }
      return new Admission(this, c, true, source.lease);
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

  /**
   * Runs the handler on the calling thread; for {@link Admission#serve()} only, which passes the
   * release of its permit, run once the session is off the books and before the "closed" event.
   */
  void run(Connection c, Runnable releasePermit) {
    Session s = new Session(name + "-" + sessionIds.incrementAndGet(), c, Thread.currentThread());
    sessions.add(s);
    SocketkitEvents.ConnectionClosed jfr = Jfr.sessionStarted();
    Jfr.opened(name, s.localAddress(), s.remoteAddress(), strategy);
    Throwable failure = null;
    counters.active.incrementAndGet();
    MDC.put(Server.MDC_SESSION_KEY, s.id);
    try {
      fire(s, "opened", () -> options.events().opened(s));
      c.setReadTimeout(options.idleTimeout()).setWriteTimeout(options.writeTimeout());
      if (!options.sessionDeadline().isZero()) {
        c.setDeadline(s.startedAt().plus(options.sessionDeadline()));
      }
      handler.handle(c);
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
      closeQuietly(c, s);
      sessions.remove(s);
      counters.sessionEnded(c.bytesRead(), c.bytesWritten());
      releasePermit.run();
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
    } else if (cause(e, TimedOutException.class) != null) {
      counters.timedOut.increment();
      LOG.info("{} {}: timed out: {}", s.id, describe(s), e.toString());
    } else if (e instanceof EndOfStreamException || e instanceof ConnectionResetException) {
      counters.failed.increment();
      LOG.info("{} {}: client went away: {}", s.id, describe(s), e.toString());
    } else if (protocolError(e) != null) {
      // the client broke the protocol: one line, like a client that went away; no stack trace
      counters.failed.increment();
      LOG.info("{} {}: protocol error: {}", s.id, describe(s), protocolError(e).toString());
    } else {
      counters.failed.increment();
      LOG.warn("{} {}: session handler failed", s.id, describe(s), e);
    }
    fire(s, "failed", () -> options.events().failed(s, e));
    Jfr.handlerFailed(name, s.id, s.remoteAddress(), e);
  }

  /** Both ends in the message format, {@code client 127.0.0.1:40312 on 127.0.0.1:5555}. */
  static String describe(SessionInfo s) {
    return "client " + Errors.format(s.remoteAddress()) + " on " + Errors.format(s.localAddress());
  }

  /** A frame the client sent that the handler's framing refused, or null. */
  private static Throwable protocolError(Throwable e) {
    Throwable t = cause(e, TooLongFrameException.class);
    return t != null ? t : cause(e, CorruptFrameException.class);
  }

  /** {@code e} or the first of its causes that is a {@code type}, or null. */
  private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  /** Closes a connection without serving it; for {@link Admission#reject} only. */
  void rejected(Connection c, RejectReason reason, Overflow how) {
    SocketAddress remote = c.remoteAddress();
    if (how == Overflow.BUSY_REPLY) {
      Admission.sendBusyReply(c, options.busyReply(), name);
    }
    closeQuietly(c, remote);
    counters.rejected.get(reason).increment();
    LOG.info("{}: rejected client {} on {}: {}", name, Errors.format(remote),
        Errors.format(c.localAddress()), reason);
    Jfr.rejected(name, remote, reason);
    try {
      options.events().rejected(remote, reason);
    } catch (RuntimeException e) {
      LOG.warn("{}: event hook 'rejected' failed", name, e);
    }
  }

  /**
   * The shutdown sequence, in this order: (1) stop accepting: the stop flag, every listener
   * closed (which wakes each blocked {@code accept()}), every wait for a permit ended, and the
   * engine's queues closed so idle workers end; (2) wait up to {@code grace} for every thread to
   * end, queued connections being served meanwhile; (3) if some remain, cut off: later serves
   * reject, live sessions are marked, interrupted and closed, queued connections are rejected,
   * every thread is interrupted; (4) wait for the threads, naming the stragglers every ten
   * seconds; (5) join the exited threads, so none is alive on return.
   */
  ShutdownReport stop(Engine engine, Duration grace) {
    long start = System.nanoTime();
    stopping.countDown();
    for (Listener l : listeners) {
      closeQuietly(l, l.localAddress());
    }
    permits.close();
    engine.stopAccepting();
    List<String> cutOff = List.of();
    if (!threads.awaitEmpty(start + Checks.nanos(grace))) {
      cutOff = cutOff();
      engine.abort();
      threads.interruptAll();
      boolean interrupted = false;
      while (!threads.awaitEmpty(System.nanoTime() + STRAGGLER_LOG_NANOS)) {
        if (Thread.interrupted()) { // the grace period is over already; keep waiting, then restore
          interrupted = true;
          continue;
        }
        LOG.warn("{}: still waiting for threads to end: {}", name, threads.snapshot());
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    threads.joinExited();
    ShutdownReport r = new ShutdownReport(counters.ended() - counters.cutOff.sum(), cutOff,
        Duration.ofNanos(System.nanoTime() - start));
    LOG.info("{}: shut down: {}", name, r);
    Jfr.shutdown(name, r.finished(), r.cutOffSessions(), r.elapsed());
    return r;
  }

  /** Marks, interrupts and closes every live session; returns their ids. */
  private List<String> cutOff() {
    aborting = true;
    List<String> ids = new ArrayList<>();
    for (Session s : sessions) {
      s.cutOff = true;
      ids.add(s.id);
      s.thread.interrupt();
      closeQuietly(s.connection, s); // discards unflushed output: a stuck peer cannot block it
    }
    return ids;
  }

  List<SessionInfo> liveSessions() {
    return List.copyOf(sessions);
  }

  /** The counters now, live sessions' bytes included. */
  ServerStats stats() {
    long in = 0;
    long out = 0;
    for (Session s : sessions) {
      in += s.bytesIn();
      out += s.bytesOut();
    }
    return counters.snapshot(in, out, starvation);
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
