package dev.socketkit.datagram;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DatagramServer#shutdown(Duration) shutdown} did: how many datagrams were still
 * handled during the grace period, how many were dropped unhandled, which handlers were cut off,
 * and how long it took.
 */
public final class DatagramShutdownReport {
  private final long handled;
  private final long dropped;
  private final List<String> cutOff;
  private final Duration elapsed;

  DatagramShutdownReport(long handled, long dropped, List<String> cutOff, Duration elapsed) {
    this.handled = handled;
    this.dropped = dropped;
    this.cutOff = List.copyOf(cutOff);
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * Returns how many datagrams the handler finished with (normally or by throwing) between the
   * start of the shutdown and the end of the grace period: those running or queued when it began.
   *
   * @return the count
   */
  public long handled() {
    return handled;
  }

  /**
   * Returns how many datagrams were received but never handled: queued when the grace period
   * ended, or arrived after the shutdown began. Datagrams still in the kernel's buffer when the
   * socket closed are lost without a count.
   *
   * @return the count
   */
  public long dropped() {
    return dropped;
  }

  /**
   * Returns how many handlers were still running at the end of the grace period and were
   * interrupted.
   *
   * @return the count
   */
  public long cutOff() {
    return cutOff.size();
  }

  /**
   * Returns a description of each handler cut off: thread and datagram, such as {@code
   * time-worker-2 (12 bytes from 127.0.0.1:40312)}.
   *
   * @return an unmodifiable list
   */
  public List<String> cutOffHandlers() {
    return cutOff;
  }

  /**
   * Returns how long the shutdown took, until the last server thread ended.
   *
   * @return the elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }

  @Override
  public String toString() {
    return "DatagramShutdownReport{handled=" + handled + ", dropped=" + dropped + ", cutOff="
        + cutOff + ", elapsed=" + elapsed + "}";
  }
}
