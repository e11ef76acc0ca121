package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import dev.socketkit.Connection;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * Writes whole frames, header and payload together, into a {@link BufferedOutput}; they leave on
 * {@link #flush()} (or when the buffer fills), so a small frame goes out in one write. Over a
 * {@link dev.socketkit.Connection}, a payload larger than the buffer leaves together with its
 * header in one gathering write, without being copied.
 *
 * <pre>{@code
 * FrameWriter writer = FrameWriter.of(connection, Framing.lengthPrefixed().build());
 * writer.write(request).flush();
 * }</pre>
 *
 * <p>A frame that the same framing's reader would reject is refused before anything is written:
 * {@link TooLongFrameException} for one whose size on the wire ({@link FrameFormat#wireBytes},
 * header and trailer included, for every format) is over {@link Framing#maxFrameBytes()}, {@link
 * IllegalArgumentException} for one the format cannot express (a line containing its delimiter, a
 * length that does not fit its field). Time limits and close come from the output: over a {@link
 * Connection} a write that cannot make progress throws {@link dev.socketkit.TimedOutException},
 * and one after close throws {@link dev.socketkit.SocketClosedException}; after such a failure
 * part of a frame may have been sent, so close the connection.
 *
 * <p>Not thread-safe: one thread writes at a time.
 */
public final class FrameWriter implements Flushable {
  private final BufferedOutput out;
  private final Framing framing;

  private FrameWriter(BufferedOutput out, Framing framing) {
    this.out = Objects.requireNonNull(out, "out");
    this.framing = Objects.requireNonNull(framing, "framing");
  }

  /**
   * Returns a writer of frames to a connection's {@link Connection#output()}.
   *
   * @param connection the connection; it stays open when the writer is dropped
   * @param framing the framing
   * @return a new writer
   */
  public static FrameWriter of(Connection connection, Framing framing) {
    return new FrameWriter(connection.output(), framing);
  }

  /**
   * Returns a writer of frames to any output stream, which it buffers; call {@link #flush()}.
   *
   * @param out the stream
   * @param framing the framing
   * @return a new writer
   */
  public static FrameWriter of(OutputStream out, Framing framing) {
    return new FrameWriter(BufferedOutput.of(out), framing);
  }

  /**
   * Returns a writer of frames to a buffered output, which may be shared with other writers.
   *
   * @param out the output
   * @param framing the framing
   * @return a new writer
   */
  public static FrameWriter of(BufferedOutput out, Framing framing) {
    return new FrameWriter(out, framing);
  }

  /**
   * Returns the framing this writer uses.
   *
   * @return the framing
   */
  public Framing framing() {
    return framing;
  }

  /**
   * Writes one frame carrying all of {@code payload}, without flushing.
   *
   * @param payload the payload
   * @return this writer
   * @throws TooLongFrameException if the frame would exceed the maximum; nothing is written
   * @throws IllegalArgumentException if the format cannot frame this payload; nothing is written
   * @throws IOException if writing fails, a time limit expires or the connection is closed
   */
  public FrameWriter write(byte[] payload) throws IOException {
    return write(payload, 0, payload.length);
  }

  /**
   * Writes one frame carrying {@code len} bytes of {@code payload} from {@code off}, without
   * flushing.
   *
   * @param payload the payload
   * @param off the payload's first byte
   * @param len the payload's length
   * @return this writer
   * @throws TooLongFrameException if the frame would exceed the maximum; nothing is written
   * @throws IllegalArgumentException if the format cannot frame this payload; nothing is written
   * @throws IOException if writing fails, a time limit expires or the connection is closed
   */
  public FrameWriter write(byte[] payload, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, payload.length);
    FrameFormat format = framing.format();
    long wire = format.wireBytes(payload, off, len);
    if (wire > framing.maxFrameBytes()) {
      throw new TooLongFrameException(framing.maxFrameBytes(), wire, true);
    }
    format.write(out, payload, off, len);
    return this;
  }

  /**
   * Writes one frame carrying {@code text} encoded in {@code charset}, without flushing.
   *
   * @param text the text
   * @param charset the charset
   * @return this writer
   * @throws IllegalArgumentException if the text cannot be encoded in {@code charset} or framed
   * @throws TooLongFrameException if the frame would exceed the maximum; nothing is written
   * @throws IOException if writing fails, a time limit expires or the connection is closed
   */
  public FrameWriter writeText(CharSequence text, Charset charset) throws IOException {
    return write(Text.encode(text, Objects.requireNonNull(charset, "charset")));
  }

  /**
   * Sends every buffered frame, waiting until the bytes are handed to the operating system.
   *
   * @throws IOException if writing fails, a time limit expires or the connection is closed
   */
  @Override
  public void flush() throws IOException {
    out.flush();
  }
}
