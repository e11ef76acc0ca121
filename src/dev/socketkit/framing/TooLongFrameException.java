package dev.socketkit.framing;

import dev.socketkit.internal.jfr.Jfr;
import java.io.IOException;

/**
 * Thrown when a frame is longer than the framing's {@linkplain Framing#maxFrameBytes() maximum};
 * carries the limit and the frame's length as fields.
 *
 * <p>The check happens before anything is allocated for the frame. What follows depends on the
 * framing's {@link Framing.TooLong} policy: with {@link Framing.TooLong#FAIL} the exception is
 * thrown as soon as the length is known and the next read skips the rest of the frame; with
 * {@link Framing.TooLong#DISCARD_THEN_FAIL} it is thrown once the whole frame has been skipped.
 * Either way a caller may go on reading the next frame, or close the connection. Writers throw it
 * too, before writing anything, for a payload that would not fit.
 */
public final class TooLongFrameException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The maximum frame size that was exceeded. */
  private final long limit;
  /** The frame's length on the wire, or a lower bound. */
  private final long length;
  /** Whether {@code length} is exact. */
  private final boolean exact;

  /**
   * Creates the exception.
   *
   * @param limit the maximum frame size in bytes
   * @param length the frame's length in bytes on the wire, or a lower bound if not {@code exact}
   * @param exact whether {@code length} is the frame's exact length
   */
  public TooLongFrameException(long limit, long length, boolean exact) {
    super("frame of " + (exact ? "" : "at least ") + length + " bytes exceeds maxFrameBytes "
        + limit);
    this.limit = limit;
    this.length = length;
    this.exact = exact;
    Jfr.frameTooLong(limit, length, getMessage());
  }

  /**
   * Returns the maximum frame size that was exceeded.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }

  /**
   * Returns the frame's length on the wire, header and delimiter included; a lower bound when
   * {@link #isLengthExact()} is {@code false} (a delimiter that was not found within the limit).
   * A length too large for a {@code long} is reported as {@link Long#MAX_VALUE}.
   *
   * @return the length in bytes, greater than {@link #limit()}
   */
  public long length() {
    return length;
  }

  /**
   * Returns whether {@link #length()} is exact rather than a lower bound.
   *
   * @return whether the length is exact
   */
  public boolean isLengthExact() {
    return exact;
  }
}
