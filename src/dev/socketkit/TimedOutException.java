package dev.socketkit;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a time limit expires before a blocking call finishes; {@link #kind()} says which
 * limit it was.
 *
 * <p>After a {@link Kind#READ READ}, {@link Kind#ACCEPT ACCEPT} or {@link Kind#CONNECT CONNECT}
 * time-out nothing was consumed, and the socket may be used again. After a {@link Kind#WRITE
 * WRITE} or {@link Kind#DEADLINE DEADLINE} time-out part of a write or a frame may have been
 * transferred, so the only safe continuation for a framed protocol is to close the connection.
 */
public class TimedOutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /** Which time limit expired. */
  public enum Kind {
    /** The connect time-out: no connection was established in time. */
    CONNECT,
    /** An accept time-out: no client connected in time. */
    ACCEPT,
    /** The read time-out: no byte arrived for the whole time-out. */
    READ,
    /** The write time-out: the peer accepted no byte for the whole time-out. */
    WRITE,
    /** The connection's absolute deadline passed during a read or a write. */
    DEADLINE
  }

  /** Which limit expired. */
  private final Kind kind;
  /** The limit that was in force. */
  private final Duration limit;

  /**
   * Creates an exception for an expired time limit.
   *
   * @param message the full message, naming the operation and both ends where known
   * @param kind which limit expired
   * @param limit the limit that was in force ({@link Duration#ZERO} for a deadline that had
   *     already passed when the call started)
   */
  public TimedOutException(String message, Kind kind, Duration limit) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  /**
   * Returns which time limit expired.
   *
   * @return the kind of limit
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the time limit that was in force when the call gave up.
   *
   * @return the limit, never negative
   */
  public Duration limit() {
    return limit;
  }
}
