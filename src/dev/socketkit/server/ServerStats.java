package dev.socketkit.server;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a server's counters, taken by {@link Server#stats()} at any time; each count
 * starts at zero when the server is created and only grows, except {@link #active()}.
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

  ServerStats(long accepted, int active, Map<RejectReason, Long> rejected, long completed,
      long failed, long timedOut, long cutOff, long acceptErrors, long bytesIn, long bytesOut) {
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

  @Override
  public String toString() {
    return "ServerStats{accepted=" + accepted + ", active=" + active + ", rejected=" + rejected
        + ", completed=" + completed + ", failed=" + failed + ", timedOut=" + timedOut
        + ", cutOff=" + cutOff + ", acceptErrors=" + acceptErrors + ", bytesIn=" + bytesIn
        + ", bytesOut=" + bytesOut + "}";
  }
}
