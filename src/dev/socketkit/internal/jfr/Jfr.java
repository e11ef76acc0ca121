package dev.socketkit.internal.jfr;

import dev.socketkit.TimedOutException;
import dev.socketkit.internal.Errors;
import dev.socketkit.server.SessionInfo;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Event;

/**
 * One-line call sites for socketkit's JFR events. Each method first asks whether its event is
 * enabled, so with no recording (or the event disabled) a call costs an allocation the JIT removes
 * and a test; no string is built and no address formatted.
 */
public final class Jfr {
  private Jfr() {}

  /** Starts timing a connect attempt; returns null when the event is disabled. */
  public static SocketkitEvents.ConnectAttempt attemptStarted() {
    return begun(new SocketkitEvents.ConnectAttempt());
  }

  /** Ends and commits a connect attempt from {@link #attemptStarted()}; ignores null. */
  public static void attemptEnded(SocketkitEvents.ConnectAttempt e, SocketAddress address, int round, int index,
      String outcome, Throwable failure) {
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.address = Errors.format(address);
      e.round = round;
      e.index = index;
      e.outcome = outcome;
      e.failure = failure == null ? null : failure.toString();
      e.commit();
    }
  }

  /** A connection opened; {@code side} is {@code client} or the server's name. */
  public static void opened(String side, SocketAddress local, SocketAddress remote, String strategy) {
    SocketkitEvents.ConnectionOpened e = new SocketkitEvents.ConnectionOpened();
    if (e.shouldCommit()) {
      e.side = side;
      e.transport = transport(remote);
      e.local = Errors.format(local);
      e.remote = Errors.format(remote);
      e.strategy = strategy;
      e.commit();
    }
  }

  /** Starts timing a server session; returns null when the event is disabled. */
  public static SocketkitEvents.ConnectionClosed sessionStarted() {
    return begun(new SocketkitEvents.ConnectionClosed());
  }

  private static <E extends Event> E begun(E e) {
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /** Ends and commits a session from {@link #sessionStarted()}; ignores null. */
  public static void sessionClosed(SocketkitEvents.ConnectionClosed e, String server, SessionInfo session,
      String strategy, boolean cutOff, Throwable failure) {
    if (e == null) {
      return;
    }
    e.end();
    if (e.shouldCommit()) {
      e.server = server;
      e.session = session.id();
      e.transport = transport(session.remoteAddress());
      e.local = Errors.format(session.localAddress());
      e.remote = Errors.format(session.remoteAddress());
      e.strategy = strategy;
      e.bytesIn = session.bytesIn();
      e.bytesOut = session.bytesOut();
      e.ended = ended(cutOff, failure);
      e.commit();
    }
  }

  /** An accepted connection was closed unserved for {@code reason}. */
  public static void rejected(String server, SocketAddress remote, Enum<?> reason) {
    SocketkitEvents.ConnectionRejected e = new SocketkitEvents.ConnectionRejected();
    if (e.shouldCommit()) {
      e.server = server;
      e.remote = Errors.format(remote);
      e.reason = reason.name();
      e.commit();
    }
  }

  /** A frame longer than {@code limit}; {@code length} is exact or a lower bound. */
  public static void frameTooLong(long limit, long length, String message) {
    frameRejected("TOO_LONG", limit, length, message);
  }

  /** Bytes that cannot be a frame. */
  public static void frameCorrupt(String message) {
    frameRejected("CORRUPT", -1, -1, message);
  }

  private static void frameRejected(String reason, long limit, long length, String message) {
    SocketkitEvents.FrameRejected e = new SocketkitEvents.FrameRejected();
    if (e.shouldCommit()) {
      e.reason = reason;
      e.limit = limit;
      e.length = length;
      e.message = message;
      e.commit();
    }
  }

  /** A session handler threw {@code error}. */
  public static void handlerFailed(String server, String session, SocketAddress remote, Throwable error) {
    SocketkitEvents.HandlerFailed e = new SocketkitEvents.HandlerFailed();
    if (e.shouldCommit()) {
      e.server = server;
      e.session = session;
      e.remote = Errors.format(remote);
      e.exception = error.getClass().getName();
      e.message = error.getMessage();
      e.commit();
    }
  }

  /** Every handler or worker of {@code server} is busy, so clients wait for one. */
  public static void starved(String server, String strategy) {
    SocketkitEvents.Starvation e = new SocketkitEvents.Starvation();
    if (e.shouldCommit()) {
      e.server = server;
      e.strategy = strategy;
      e.commit();
    }
  }

  /** A server shut down, with its report's figures. */
  public static void shutdown(String server, long finished, List<String> cutOff, Duration elapsed) {
    SocketkitEvents.Shutdown e = new SocketkitEvents.Shutdown();
    if (e.shouldCommit()) {
      e.server = server;
      e.finished = finished;
      e.cutOff = cutOff.size();
      e.cutOffSessions = String.join(", ", cutOff);
      e.elapsed = elapsed.toNanos();
      e.commit();
    }
  }

  private static String transport(SocketAddress remote) {
    return remote instanceof UnixDomainSocketAddress ? "Unix" : "TCP";
  }

  private static String ended(boolean cutOff, Throwable failure) {
    if (cutOff) {
      return "cut off";
    }
    if (failure == null) {
      return "completed";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimedOutException) {
        return "timed out";
      }
    }
    return "failed: " + failure.getClass().getSimpleName();
  }
}
