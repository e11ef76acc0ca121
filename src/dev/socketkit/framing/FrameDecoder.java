package dev.socketkit.framing;

import dev.socketkit.BufferedInput;
import dev.socketkit.EndOfStreamException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * Cuts frames out of chunks fed piece by piece, for non-blocking code and tests: {@link
 * #feed(byte[])} what arrived, then call {@link #read()} until it returns {@code null}; never
 * blocks, and has no notion of time or close.
 *
 * <pre>{@code
 * FrameDecoder decoder = FrameDecoder.of(Framing.lines());
 * decoder.feed(chunk);
 * for (byte[] line; (line = decoder.read()) != null; ) {
 *   handle(line);
 * }
 * // when the peer has closed:
 * decoder.finish(); // throws EndOfStreamException if it stopped inside a frame
 * }</pre>
 *
 * <p>It runs the loop of {@link FrameReader} over a {@link BufferedInput#ofChunks() fed input}:
 * the same rules, the same exceptions from the same {@link Framing}, where "no more bytes for now"
 * takes the place of blocking. Each read consumes input, yields a frame, or waits for more, and
 * the work is linear in the bytes fed even one byte at a time. A frame is taken out once all of it
 * has been fed, so memory is bounded by the bytes fed and not yet taken out: a frame over the
 * limit is rejected (or discarded, as the policy says) as soon as the limit is passed, and its
 * bytes are dropped as they are fed, never accumulated. Nothing is allocated per frame beyond the
 * payload of {@link #read()}; {@link #read(ByteBuffer)} and {@link #readView()} allocate nothing.
 *
 * <p>Not thread-safe.
 */
public final class FrameDecoder {
  private final BufferedInput in = BufferedInput.ofChunks();
  private final Framing framing;
  private final Framer framer;

  private FrameDecoder(Framing framing) {
    this.framing = Objects.requireNonNull(framing, "framing");
    this.framer = new Framer(in, framing, "decode");
  }

  /**
   * Returns a decoder for {@code framing}, holding no bytes.
   *
   * @param framing the framing
   * @return a new decoder
   */
  public static FrameDecoder of(Framing framing) {
    return new FrameDecoder(framing);
  }

  /**
   * Returns the framing this decoder uses.
   *
   * @return the framing
   */
  public Framing framing() {
    return framing;
  }

  /**
   * Appends all of {@code chunk} to the bytes waiting to be decoded.
   *
   * @param chunk the bytes that arrived
   * @return this decoder
   * @throws IllegalStateException after {@link #finish()}
   */
  public FrameDecoder feed(byte[] chunk) {
    return feed(chunk, 0, chunk.length);
  }

  /**
   * Appends {@code len} bytes of {@code chunk} from {@code off} to the bytes waiting to be decoded.
   *
   * @param chunk the bytes that arrived
   * @param off the first byte
   * @param len how many bytes
   * @return this decoder
   * @throws IllegalStateException after {@link #finish()}
   */
  public FrameDecoder feed(byte[] chunk, int off, int len) {
    in.feed(chunk, off, len);
    return this;
  }

  /**
   * Appends the remaining bytes of {@code chunk}, advancing its position to its limit.
   *
   * @param chunk the bytes that arrived
   * @return this decoder
   * @throws IllegalStateException after {@link #finish()}
   */
  public FrameDecoder feed(ByteBuffer chunk) {
    in.feed(chunk);
    return this;
  }

  /**
   * Returns the next complete frame's payload, or {@code null} if more bytes must be fed first
   * (or, after {@link #finish()}, at a clean end).
   *
   * @return the payload, or {@code null}
   * @throws TooLongFrameException if a frame exceeds the maximum and the policy says to fail; the
   *     next call goes on with the rest of the input
   * @throws CorruptFrameException if the bytes cannot be a frame
   * @throws EndOfStreamException after {@link #finish()}, if the input ended inside a frame
   */
  public byte[] read() throws IOException {
    return framer.readWhole();
  }

  /**
   * Puts the next complete frame's payload into {@code dst}, allocating nothing; returns {@code
   * false} if more bytes must be fed first, leaving {@code dst} untouched until a whole frame has
   * been fed (the decoder holds a frame fed in part).
   *
   * @param dst where to put the payload; if it has too little space, nothing is consumed
   * @return {@code true} if a frame was read
   * @throws IllegalArgumentException if the frame's payload does not fit in {@code dst}
   * @throws TooLongFrameException if a frame exceeds the maximum and the policy says to fail
   * @throws CorruptFrameException if the bytes cannot be a frame
   * @throws EndOfStreamException after {@link #finish()}, if the input ended inside a frame
   */
  public boolean read(ByteBuffer dst) throws IOException {
    return framer.readView(dst) != null;
  }

  /**
   * Returns the next complete frame's payload as a read-only view of the decoder's buffer (the
   * bytes between its position and limit), or {@code null} if more bytes must be fed first.
   * Nothing is copied or allocated: the view is the same object each time and valid only until
   * the next call on this decoder.
   *
   * @return the view, or {@code null}
   * @throws TooLongFrameException if a frame exceeds the maximum and the policy says to fail
   * @throws CorruptFrameException if the bytes cannot be a frame
   * @throws EndOfStreamException after {@link #finish()}, if the input ended inside a frame
   */
  public ByteBuffer readView() throws IOException {
    return framer.readView(null);
  }

  /**
   * Returns the next complete frame decoded as text, reporting malformed input; {@code null} if
   * more bytes must be fed first.
   *
   * @param charset the frame's charset
   * @return the text, or {@code null}
   * @throws CorruptFrameException if the frame is not valid in {@code charset} (the frame is
   *     consumed and the next call returns the next frame), or the bytes cannot be a frame
   * @throws TooLongFrameException if a frame exceeds the maximum and the policy says to fail
   * @throws EndOfStreamException after {@link #finish()}, if the input ended inside a frame
   */
  public String readText(Charset charset) throws IOException {
    Objects.requireNonNull(charset, "charset");
    byte[] frame = read();
    return frame == null ? null : Text.decode(frame, charset);
  }

  /**
   * Returns how many bytes have been fed and not yet consumed.
   *
   * @return the number of buffered bytes
   */
  public int buffered() {
    return in.buffered();
  }

  /**
   * Declares the end of input, after {@link #read()} has returned {@code null}: returns normally
   * if the input ended between frames. Feeding afterwards is an error.
   *
   * @throws EndOfStreamException if bytes of an unfinished frame remain; the message says how
   *     many of how many arrived
   */
  public void finish() throws EndOfStreamException {
    in.finish();
    framer.throwIfFinished();
  }
}
