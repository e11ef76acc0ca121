package dev.socketkit.server;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a server's counters, taken by {@link Server#stats()} at any time; each count
 * starts at zero when the server is created and only grows, except {@link #active()} and {@link
 * #queued()}.
 *
 * <p>Every accepted connection ends up in exactly one of {@link #rejected()}, {@link
 * #completed()}, {@link #failed()}, {@link #timedOut()} or {@link #cutOff()}, or is still {@link
 * #active()} (or queued for a worker).
 */
public final class ServerStats {
  private final long accepted;
  private final int active;
  private final Map<RejectReason, Long> rejected;
  private final long completed;
  private final long failed;
  private final long timedOut;
  private final long cutOff;
  private final long acceptErrors;
  private final long bytesIn;
  private final long bytesOut;
  private final long starved;
  private final long waitedForHandler;
  private final int queued;

  ServerStats(long accepted, int active, Map<RejectReason, Long> rejected, long completed,
      long failed, long timedOut, long cutOff, long acceptErrors, long bytesIn, long bytesOut,
      long starved, long waitedForHandler, int queued) {
    this.accepted = accepted;
    this.active = active;
    this.rejected = new EnumMap<>(rejected);
    this.completed = completed;
    this.failed = failed;
    this.timedOut = timedOut;
    this.cutOff = cutOff;
    this.acceptErrors = acceptErrors;
    this.bytesIn = bytesIn;
    this.bytesOut = bytesOut;
    this.starved = starved;
    this.waitedForHandler = waitedForHandler;
    this.queued = queued;
  }

  /**
   * Returns how many connections were accepted.
   *
   * @return the count
   */
  public long accepted() {
    return accepted;
  }

  /**
   * Returns how many sessions are running now.
   *
   * @return the number of live sessions
   */
  public int active() {
    return active;
  }

  /**
   * Returns how many accepted connections were closed without being served, for any reason.
   *
   * @return the count
   */
  public long rejected() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns how many accepted connections were closed without being served for {@code reason}.
   *
   * @param reason the reason
   * @return the count
   */
  public long rejected(RejectReason reason) {
    return rejected.getOrDefault(reason, 0L);
  }

  /**
   * Returns how many sessions ended with the handler returning normally.
   *
   * @return the count
   */
  public long completed() {
    return completed;
  }

  /**
   * Returns how many sessions ended with the handler throwing, other than by a time-out or a
   * shutdown cut-off.
   *
   * @return the count
   */
  public long failed() {
    return failed;
  }

  /**
   * Returns how many sessions ended because the idle time-out, the session deadline or another
   * time limit expired ({@link dev.socketkit.TimedOutException}).
   *
   * @return the count
   */
  public long timedOut() {
    return timedOut;
  }

  /**
   * Returns how many sessions were interrupted and closed at the end of a shutdown grace period.
   *
   * @return the count
   */
  public long cutOff() {
    return cutOff;
  }

  /**
   * Returns how many times accepting failed with an error other than the listener being closed,
   * such as running out of file descriptors; the server backs off and keeps accepting.
   *
   * @return the count
   */
  public long acceptErrors() {
    return acceptErrors;
  }

  /**
   * Returns how many bytes have arrived from clients, over every session (live ones included).
   *
   * @return the byte count
   */
  public long bytesIn() {
    return bytesIn;
  }

  /**
   * Returns how many bytes have been sent to clients, over every session (live ones included).
   *
   * @return the byte count
   */
  public long bytesOut() {
    return bytesOut;
  }

  /**
   * Returns how many times every handler or worker was busy, so that clients had to wait: for the
   * pre-started strategies ({@link Strategy#prestartedAccept(int)}, {@link
   * Strategy#prestartedHandoff(int)}, {@link Strategy#reusePort(int, int)}, elastic ones at their
   * maximum), each time the last idle handler (of a listener's group) took a connection, or the
   * hand-off acceptor found none idle, and no handler could be added, after which new clients wait
   * in the listen backlog; for {@link Strategy#virtualThreads(int)} with a cap, each time the
   * acceptor found the cap reached; for {@link Strategy#pooled(int, int, Overflow)}, each connection
   * queued while no worker was idle. Zero for the other strategies. Each time is also a {@code
   * socketkit.Starvation} JFR event, and the server logs a WARN at most once per ten seconds.
   *
   * @return the count
   */
  public long starved() {
    return starved;
  }

  /**
   * Returns how many connections waited for a handler or worker: a pooled worker found the
   * connection already queued, or a pre-started handler coming back for work while every other
   * one was busy (or the capped virtual-thread acceptor, once below its cap) found the client
   * already waiting in the backlog. A lower bound for the
   * pre-started strategies: a client found by a handler that was not the only idle one is not
   * counted, nor are the ones still waiting, which only the kernel sees; zero for the other
   * strategies.
   *
   * @return the count
   */
  public long waitedForHandler() {
    return waitedForHandler;
  }

  /**
   * Returns how many accepted connections wait in a pooled strategy's queue for a worker now; zero
   * for the other strategies, whose waiting clients are in the kernel's listen backlog, which the
   * server cannot count.
   *
   * @return the queue length
   */
  public int queued() {
    return queued;
  }

  @Override
  public String toString() {
    return "ServerStats{accepted=" + accepted + ", active=" + active + ", rejected=" + rejected
        + ", completed=" + completed + ", failed=" + failed + ", timedOut=" + timedOut
        + ", cutOff=" + cutOff + ", acceptErrors=" + acceptErrors + ", bytesIn=" + bytesIn
        + ", bytesOut=" + bytesOut + ", starved=" + starved + ", waitedForHandler=" + waitedForHandler
        + ", queued=" + queued + "}";
  }
}
