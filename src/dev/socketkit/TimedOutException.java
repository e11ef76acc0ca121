package dev.socketkit;

import dev.socketkit.internal.Checks;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a time limit expires before a blocking call finishes; {@link #kind()} says which
 * limit it was and {@link #transferred()} how many bytes the call had moved before it gave up.
 *
 * <p>What was consumed: a single read ({@link BufferedInput#read(byte[], int, int)}, {@code
 * request}, {@code require}, {@code readInt} and the like) that times out consumed nothing, and
 * {@code transferred()} is 0. A {@code readFully} or {@code skip} that times out has moved
 * {@code transferred()} bytes into its destination (or skipped them) and the message says so
 * ({@code ... after 3 of 512 bytes}); a caller of {@link BufferedInput#readFully(byte[], int,
 * int)} may resume after them. A write that times out has handed {@code transferred()} bytes to
 * the transport. After an {@link Kind#ACCEPT ACCEPT} or {@link Kind#CONNECT CONNECT} time-out
 * nothing happened. For a protocol framed by hand, a time-out in the middle of a frame leaves the
 * stream out of step unless the caller resumes as above; a {@link
 * dev.socketkit.framing.FrameReader} keeps its progress, and its next read resumes the frame.
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
  /** How many bytes the call had moved. */
  private final long transferred;

  /**
   * Creates an exception for an expired time limit.
   *
   * @param message the full message, naming the operation and both ends where known
   * @param kind which limit expired
   * @param limit the limit that was in force ({@link Duration#ZERO} for a deadline that had
   *     already passed when the call started)
   */
  public TimedOutException(String message, Kind kind, Duration limit) {
    this(message, kind, limit, 0);
  }

  /**
   * Creates an exception for an expired time limit that ended a call after it had moved {@code
   * transferred} bytes.
   *
   * @param message the full message, naming the operation and both ends where known
   * @param kind which limit expired
   * @param limit the limit that was in force
   * @param transferred how many bytes the call had read or written, not negative
   */
  public TimedOutException(String message, Kind kind, Duration limit, long transferred) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.transferred = Checks.notNegative("transferred", transferred);
  }

  /**
   * Returns how many bytes the call that timed out had read into its destination, skipped, or
   * written, before the limit expired; 0 for a call that consumed nothing.
   *
   * @return the byte count
   */
  public long transferred() {
    return transferred;
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
