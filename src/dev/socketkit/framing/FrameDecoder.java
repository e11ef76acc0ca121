package dev.socketkit.framing;

import dev.socketkit.EndOfStreamException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts frames out of chunks fed piece by piece, for non-blocking code and tests: {@link
 * #feed(byte[])} what arrived, then call {@link #next()} until it returns {@code null}; never
 * blocks, and has no notion of time or close.
 *
 * <pre>{@code
 * FrameDecoder decoder = FrameDecoder.of(Framing.lines());
 * decoder.feed(chunk);
 * for (byte[] line; (line = decoder.next()) != null; ) {
 *   handle(line);
 * }
 * // when the peer has closed:
 * decoder.finish(); // throws EndOfStreamException if it stopped inside a frame
 * }</pre>
 *
 * <p>It runs the same rules as {@link FrameReader}, with the same exceptions from the same
 * {@link Framing}. Each call of {@link #next()} consumes input, yields a frame, or waits for more,
 * and the work is linear in the bytes fed even one byte at a time. Memory is bounded by the bytes
 * fed and not yet taken out: a frame over the limit is rejected (or discarded, as the policy says)
 * as soon as the limit is passed, and its bytes are dropped by {@link #next()} as they are fed,
 * never accumulated.
 *
 * <p>Not thread-safe.
 */
public final class FrameDecoder {
  private final Framing framing;
  private final Framer framer;
  private final ArrayWindow window = new ArrayWindow();

  private FrameDecoder(Framing framing) {
    this.framing = Objects.requireNonNull(framing, "framing");
    this.framer = new Framer(framing, "decode");
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
   */
  public FrameDecoder feed(byte[] chunk, int off, int len) {
    Objects.checkFromIndexSize(off, len, chunk.length);
    window.room(len);
    System.arraycopy(chunk, off, window.buf, window.limit, len);
    window.limit += len;
    return this;
  }

  /**
   * Appends the remaining bytes of {@code chunk}, advancing its position to its limit.
   *
   * @param chunk the bytes that arrived
   * @return this decoder
   */
  public FrameDecoder feed(ByteBuffer chunk) {
    int len = chunk.remaining();
    window.room(len);
    chunk.get(window.buf, window.limit, len);
    window.limit += len;
    return this;
  }

  /**
   * Returns the next complete frame's payload, or {@code null} if more bytes must be fed first.
   *
   * @return the payload, or {@code null}
   * @throws TooLongFrameException if a frame exceeds the maximum and the policy says to fail; the
   *     next call goes on with the rest of the input
   * @throws CorruptFrameException if the bytes cannot be a frame
   */
  public byte[] next() throws TooLongFrameException, CorruptFrameException {
    try {
      while (true) {
        switch (framer.step(window)) {
          case FRAME:
            Split s = framer.pending();
            if (window.available() < s.totalBytes()) {
              return null;
            }
            int from = window.pos + (int) s.headerBytes();
            byte[] payload = Arrays.copyOfRange(window.buf, from, from + (int) s.payloadBytes());
            window.drop((int) s.totalBytes());
            framer.taken();
            return payload;
          case MORE:
            return null;
          default:
            break;
        }
      }
    } catch (TooLongFrameException | CorruptFrameException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new AssertionError("in-memory decoding cannot fail with I/O", e);
    }
  }

  /**
   * Returns the next complete frame decoded as text, reporting malformed input; {@code null} if
   * more bytes must be fed first.
   *
   * @param charset the frame's charset
   * @return the text, or {@code null}
   * @throws CorruptFrameException if the frame is not valid in {@code charset}, or the bytes cannot
   *     be a frame
   * @throws TooLongFrameException if a frame exceeds the maximum and the policy says to fail
   */
  public String nextText(Charset charset) throws TooLongFrameException, CorruptFrameException {
    Objects.requireNonNull(charset, "charset");
    byte[] frame = next();
    return frame == null ? null : Text.decode(frame, charset);
  }

  /**
   * Returns how many bytes have been fed and not yet consumed.
   *
   * @return the number of buffered bytes
   */
  public int buffered() {
    return window.available();
  }

  /**
   * Declares the end of input, after {@link #next()} has returned {@code null}: returns normally
   * if the input ended between frames.
   *
   * @throws EndOfStreamException if bytes of an unfinished frame remain; the message says how
   *     many of how many arrived
   */
  public void finish() throws EndOfStreamException {
    framer.endOfStream(window.available());
  }

  /** The fed bytes, compacted or grown as needed so that copying stays linear. */
  private static final class ArrayWindow extends WindowBase {
    byte[] buf = new byte[256];
    int pos;
    int limit;

    void room(int n) {
      if (buf.length - limit >= n) {
        return;
      }
      int live = limit - pos;
      if (live + n > buf.length || pos < live) {
        long wanted = Math.max(2L * buf.length, (long) live + n);
        if (wanted > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("decoder holds " + live + " bytes; cannot add " + n);
        }
        buf = Arrays.copyOfRange(buf, pos, pos + (int) wanted);
      } else {
        System.arraycopy(buf, pos, buf, 0, live); // moves no more than was consumed since the last move
      }
      pos = 0;
      limit = live;
    }

    @Override
    int available() {
      return limit - pos;
    }

    @Override
    byte at(int index) {
      return buf[pos + index];
    }

    @Override
    int find(byte b, int from, int to) {
      for (int i = pos + from, end = pos + to; i < end; i++) {
        if (buf[i] == b) {
          return i - pos;
        }
      }
      return -1;
    }

    @Override
    void drop(int n) {
      pos += n;
      if (pos == limit) {
        pos = limit = 0;
      }
    }
  }
}
