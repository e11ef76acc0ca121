package dev.socketkit.datagram;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a {@link DatagramServer}'s counters, taken by {@link DatagramServer#stats()} at
 * any time; each count starts at zero and only grows.
 *
 * <p>Every {@linkplain #received() received} datagram ends up in exactly one of {@link
 * #handled()}, {@link #failed()}, {@link #cutOff()} or {@link #dropped()}, or is still queued or
 * being handled.
 */
public final class DatagramServerStats {
  private final long received;
  private final long handled;
  private final long failed;
  private final long cutOff;
  private final Map<DropReason, Long> dropped;
  private final long replies;
  private final long receiveErrors;
  private final long bytesIn;
  private final long bytesOut;

  DatagramServerStats(long received, long handled, long failed, long cutOff,
      Map<DropReason, Long> dropped, long replies, long receiveErrors, long bytesIn, long bytesOut) {
    this.received = received;
    this.handled = handled;
    this.failed = failed;
    this.cutOff = cutOff;
    this.dropped = new EnumMap<>(dropped);
    this.replies = replies;
    this.receiveErrors = receiveErrors;
    this.bytesIn = bytesIn;
    this.bytesOut = bytesOut;
  }

  /**
   * Returns how many datagrams the server read from its socket, including those dropped.
   *
   * @return the count
   */
  public long received() {
    return received;
  }

  /**
   * Returns how many datagrams the handler returned from normally.
   *
   * @return the count
   */
  public long handled() {
    return handled;
  }

  /**
   * Returns how many datagrams the handler threw on (other than a shutdown cut-off).
   *
   * @return the count
   */
  public long failed() {
    return failed;
  }

  /**
   * Returns how many handlers were interrupted at the end of a shutdown grace period.
   *
   * @return the count
   */
  public long cutOff() {
    return cutOff;
  }

  /**
   * Returns how many received datagrams were never handed to the handler, for any reason.
   *
   * @return the count
   */
  public long dropped() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns how many received datagrams were never handed to the handler for {@code reason}.
   *
   * @param reason the reason
   * @return the count
   */
  public long dropped(DropReason reason) {
    return dropped.getOrDefault(reason, 0L);
  }

  /**
   * Returns how many replies handlers sent.
   *
   * @return the count
   */
  public long replies() {
    return replies;
  }

  /**
   * Returns how many receives failed with an error other than the socket closing; the server
   * backs off (5 ms doubling to 1 s) and keeps receiving.
   *
   * @return the count
   */
  public long receiveErrors() {
    return receiveErrors;
  }

  /**
   * Returns the payload bytes of every datagram received, including dropped ones.
   *
   * @return the byte count
   */
  public long bytesIn() {
    return bytesIn;
  }

  /**
   * Returns the payload bytes of every reply sent.
   *
   * @return the byte count
   */
  public long bytesOut() {
    return bytesOut;
  }

  @Override
  public String toString() {
    return "DatagramServerStats{received=" + received + ", handled=" + handled + ", failed="
        + failed + ", cutOff=" + cutOff + ", dropped=" + dropped + ", replies=" + replies
        + ", receiveErrors=" + receiveErrors + ", bytesIn=" + bytesIn + ", bytesOut=" + bytesOut + "}";
  }
}
