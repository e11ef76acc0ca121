package dev.socketkit.framing;

import dev.socketkit.BufferedInput;
import dev.socketkit.Connection;
import dev.socketkit.EndOfStreamException;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * Reads whole frames from a {@link BufferedInput}, blocking until each frame has arrived however
 * the bytes were split in transit; returns {@code null} at a clean end of stream between frames.
 *
 * <pre>{@code
 * FrameReader reader = FrameReader.of(connection, Framing.lengthPrefixed().build());
 * for (byte[] frame; (frame = reader.read()) != null; ) {
 *   handle(frame);
 * }
 * }</pre>
 *
 * <p>Every read ends in one of four ways: a frame; {@code null} when the stream ended cleanly
 * between frames; {@link EndOfStreamException} when it ended inside a frame ("after 3 of 512
 * bytes"); {@link TooLongFrameException} or {@link CorruptFrameException} as the {@link Framing}
 * says. Time limits and close come from the input: over a {@link Connection} a read that waits too
 * long throws {@link dev.socketkit.TimedOutException}, and one blocked when the connection is
 * closed throws {@link dev.socketkit.SocketClosedException}.
 *
 * <p>A time-out never loses a frame: after a {@link dev.socketkit.TimedOutException} of kind
 * {@code READ} the next read resumes where this one stopped, with nothing lost and nothing read
 * twice. A frame no larger than the input's {@linkplain BufferedInput#bufferSize() buffer} is
 * waited for in the input and copied out once, whole, so a time-out consumes none of it. A larger
 * frame is moved as it arrives, each byte counted: {@link #read()} and {@link #readText} keep the
 * bytes received so far themselves, {@link #read(ByteBuffer)} has put them in the caller's
 * buffer, so pass the same buffer, untouched, to the next {@code read(ByteBuffer)}.
 *
 * <p>The reader consumes exactly the frames it returns: bytes of the next frame that arrived in
 * the same read stay in the {@link BufferedInput}, so another reader, or plain reads, can take
 * over at a frame boundary. It holds no buffer of its own, and a frame larger than the input's
 * buffer is read straight into its destination, so the input stays at its configured size
 * whatever the frame sizes (a delimited frame is the exception: its end must be found, so the
 * input grows to hold it, up to {@link Framing#maxFrameBytes()}). Nothing is allocated per frame
 * beyond the payload of {@link #read()}.
 *
 * <p>A reader remembers where it is inside a frame it is skipping (see {@link Framing.TooLong}) or
 * has begun before a time-out, so keep one reader per stream for as long as that framing is in
 * use; a new reader assumes the input is at a frame boundary.
 *
 * <p>Not thread-safe: one thread reads at a time.
 */
public final class FrameReader {
  private final Framing framing;
  private final Framer framer;

  private FrameReader(BufferedInput in, Framing framing, String label) {
    this.framing = Objects.requireNonNull(framing, "framing");
    this.framer = new Framer(in, framing, label);
  }

  /**
   * Returns a reader of frames from a connection's {@link Connection#input()}; exception messages
   * name both ends.
   *
   * @param connection the connection; it stays open when the reader is dropped
   * @param framing the framing
   * @return a new reader
   */
  public static FrameReader of(Connection connection, Framing framing) {
    return new FrameReader(connection.input(), framing,
        "read " + Errors.ends(connection.localAddress(), connection.remoteAddress()));
  }

  /**
   * Returns a reader of frames from any input stream, which it buffers.
   *
   * @param in the stream; only end of stream ends the frames
   * @param framing the framing
   * @return a new reader
   */
  public static FrameReader of(InputStream in, Framing framing) {
    return of(BufferedInput.of(in), framing);
  }

  /**
   * Returns a reader of frames from a buffered input, which may be shared with other readers that
   * take turns at frame boundaries.
   *
   * @param in the input
   * @param framing the framing
   * @return a new reader
   */
  public static FrameReader of(BufferedInput in, Framing framing) {
    return new FrameReader(in, framing, "read frame");
  }

  /**
   * Returns the framing this reader uses.
   *
   * @return the framing
   */
  public Framing framing() {
    return framing;
  }

  /**
   * Reads the next frame, waiting until all of it has arrived; returns {@code null} at a clean end
   * of stream between frames.
   *
   * @return the frame's payload, or {@code null} if there are no more frames
   * @throws EndOfStreamException if the stream ends inside a frame; its counts are the frame's
   *     bytes on the wire, header included
   * @throws TooLongFrameException if the frame exceeds the maximum and the policy says to fail
   * @throws CorruptFrameException if the bytes cannot be a frame
   * @throws IOException if the input fails, a time limit expires or the connection is closed
   */
  public byte[] read() throws IOException {
    return framer.read();
  }

  /**
   * Reads the next frame into {@code dst}, allocating no payload array, waiting until all of it
   * has arrived; returns {@code false} at a clean end of stream between frames. The payload is
   * written from {@code dst}'s position, which advances past it.
   *
   * <p>Nothing is allocated. After a time-out inside a frame larger than the input's buffer, the
   * bytes of the frame received so far are in {@code dst}, its position past them (a smaller frame
   * leaves {@code dst} untouched); either way the next call continues the frame at the position of
   * the buffer it is given.
   *
   * @param dst where to put the payload; if it has too little space, nothing is consumed
   * @return {@code true} if a frame was read, {@code false} if there are no more frames
   * @throws IllegalArgumentException if the frame's payload does not fit in {@code dst}; the frame
   *     stays unread, so a retry with a larger buffer reads it
   * @throws EndOfStreamException if the stream ends inside a frame
   * @throws TooLongFrameException if the frame exceeds the maximum and the policy says to fail
   * @throws CorruptFrameException if the bytes cannot be a frame
   * @throws IOException if the input fails, a time limit expires or the connection is closed
   */
  public boolean read(ByteBuffer dst) throws IOException {
    return framer.read(dst);
  }

  /**
   * Reads the next frame and decodes it as text, reporting malformed input rather than replacing
   * it; returns {@code null} at a clean end of stream between frames. A character split across
   * reads decodes correctly, since only whole frames are decoded.
   *
   * @param charset the frame's charset
   * @return the text, or {@code null} if there are no more frames
   * @throws CorruptFrameException if the frame is not valid in {@code charset} (the frame is
   *     consumed and the next read returns the next frame), or the bytes cannot be a frame
   * @throws EndOfStreamException if the stream ends inside a frame
   * @throws TooLongFrameException if the frame exceeds the maximum and the policy says to fail
   * @throws IOException if the input fails, a time limit expires or the connection is closed
   */
  public String readText(Charset charset) throws IOException {
    Objects.requireNonNull(charset, "charset");
    byte[] frame = read();
    return frame == null ? null : Text.decode(frame, charset);
  }
}
