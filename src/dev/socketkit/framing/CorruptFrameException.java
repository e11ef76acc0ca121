package dev.socketkit.framing;

import dev.socketkit.internal.jfr.Jfr;
import java.io.IOException;

/**
 * Thrown when the bytes cannot be a frame of the framing in use: a varint longer than 64 bits, a
 * negative length after adjustment, a bare LF where CRLF is required, or text that is malformed
 * in its charset.
 *
 * <p>The stream has lost its frame boundaries, so the reader cannot resynchronise: close the
 * connection. Reading again throws again.
 */
public final class CorruptFrameException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, with the offending value
   */
  public CorruptFrameException(String message) {
    super(message);
    Jfr.frameCorrupt(message);
  }

  /**
   * Creates the exception with a cause, such as a {@link java.nio.charset.MalformedInputException}.
   *
   * @param message what is wrong, with the offending value
   * @param cause the underlying error
   */
  public CorruptFrameException(String message, Throwable cause) {
    super(message, cause);
    Jfr.frameCorrupt(message);
  }
}
