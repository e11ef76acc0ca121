package dev.socketkit;

import java.io.EOFException;

/**
 * Thrown when the peer ended the stream before a read that needed a known number of bytes could
 * finish: {@link BufferedInput#require(int)}, {@link BufferedInput#readFully(int)} and every
 * framing read that stops inside a frame.
 *
 * <p>A clean end of stream between frames is never reported with this exception; readers return
 * "no more frames" instead. This type means data was lost: {@link #received()} of
 * {@link #expected()} bytes arrived, and the message says so, for example {@code read
 * 127.0.0.1:5555->127.0.0.1:40312: end of stream after 3 of 512 bytes}. For a frame both counts
 * are bytes on the wire, header and trailer included, as the framing's maximum is: a 4-byte length
 * of 9 followed by 6 payload bytes gives "after 10 of 13 bytes of a frame".
 */
public class EndOfStreamException extends EOFException {
  private static final long serialVersionUID = 1L;

  /** How many of the needed bytes arrived. */
  private final long received;
  /** How many bytes the read needed. */
  private final long expected;

  /**
   * Creates an exception for a read that needed {@code expected} bytes but got {@code received}.
   *
   * @param message the full message, naming the operation and both ends where known
   * @param received how many of the needed bytes arrived before the end of stream
   * @param expected how many bytes the read needed
   */
  public EndOfStreamException(String message, long received, long expected) {
    super(message);
    this.received = received;
    this.expected = expected;
  }

  /**
   * Returns how many of the needed bytes arrived before the stream ended.
   *
   * @return the number of bytes received, less than {@link #expected()}
   */
  public long received() {
    return received;
  }

  /**
   * Returns how many bytes the interrupted read needed.
   *
   * @return the number of bytes expected
   */
  public long expected() {
    return expected;
  }
}
