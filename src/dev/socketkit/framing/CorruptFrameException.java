package dev.socketkit.framing;

import java.io.IOException;

/**
 * Thrown when the bytes cannot be a frame of the framing in use (a varint longer than 64 bits, a
 * negative length after adjustment, a bare LF where CRLF is required), or when a frame's text is
 * malformed in its charset.
 *
 * <p>The two differ in what follows. Bytes that cannot be a frame are left unread: the stream has
 * lost its frame boundaries, the reader cannot resynchronise, and reading again throws again, so
 * close the connection. Malformed text ({@code readText}) is a whole frame with bad content: the
 * frame is consumed, the boundaries hold, and the next read returns the next frame.
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
  }

  /**
   * Creates the exception with a cause, such as a {@link java.nio.charset.MalformedInputException}.
   *
   * @param message what is wrong, with the offending value
   * @param cause the underlying error
   */
  public CorruptFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
