package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The rule of a framing: where a frame ends in the bytes received, and how to write one. Implement
 * {@link #split} and {@link #write} to add a framing, then wrap it with {@link
 * Framing#custom(FrameFormat)}; the limits, the blocking {@link FrameReader}, the {@link
 * FrameWriter} and the chunk-fed {@link FrameDecoder} come for free.
 *
 * <p>A format is a pure function of the bytes it is shown and must be safe to share between
 * threads (the built-in formats are immutable). It never consumes anything; it only looks. Like
 * Go's {@code bufio.SplitFunc}, it is called with the buffered bytes from the start of the next
 * frame, and answers by reporting the frame's bounds to the {@link Window} or by asking for more
 * bytes; nothing is allocated per frame:
 *
 * <pre>{@code
 * // A frame is a 2-byte big-endian length, then that many bytes.
 * FrameFormat shortLength = new FrameFormat() {
 *   public boolean split(Window in) {
 *     if (in.size() < 2) {
 *       return false; // more bytes, please
 *     }
 *     return in.frame(2, (in.get(0) & 0xff) << 8 | (in.get(1) & 0xff), 0);
 *   }
 *
 *   public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
 *     out.writeShort(len).write(payload, off, len);
 *   }
 *
 *   public long wireBytes(byte[] payload, int off, int len) {
 *     return 2L + len; // optional: saves the writer a trial write
 *   }
 * };
 * }</pre>
 *
 * <p>The reader enforces {@link Framing#maxFrameBytes()}: the window never shows more than that
 * limit plus one byte, and asking for more on a window that large means the frame is too long.
 */
public interface FrameFormat {

  /**
   * Looks at the bytes from the start of the next frame and either reports that frame's bounds
   * with {@link Window#frame} or asks for more bytes; never blocks and consumes nothing. At end of
   * stream the reader decides whether the stream ended cleanly or inside a frame; this method is
   * not told.
   *
   * @param in the buffered bytes, starting at the first byte of the next frame
   * @return {@code true} once {@link Window#frame} has been called with the frame's bounds (which
   *     the reader may know before the payload has arrived); {@code false} to wait for more bytes,
   *     optionally after {@link Window#more(int)} said where to resume
   * @throws CorruptFrameException if the bytes cannot start a frame of this format
   */
  boolean split(Window in) throws CorruptFrameException;

  /**
   * Writes one frame carrying {@code len} bytes of {@code payload} into {@code out}, header and
   * trailer included, without flushing.
   *
   * @param out where to write
   * @param payload the payload
   * @param off the payload's first byte
   * @param len the payload's length
   * @throws IllegalArgumentException if the payload cannot be framed, such as a line containing
   *     its delimiter
   * @throws IOException if writing fails
   */
  void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException;

  /**
   * Returns how many bytes the frame {@link #write} makes of this payload takes on the wire,
   * header and trailer included, so that a writer can refuse a frame its reader would reject
   * before writing anything. The default counts the bytes of a trial {@link #write} into a
   * counter (the payload itself is not copied); override it with arithmetic where you can.
   *
   * @param payload the payload
   * @param off the payload's first byte
   * @param len the payload's length
   * @return the frame's size in bytes
   * @throws IllegalArgumentException if the payload cannot be framed
   */
  default long wireBytes(byte[] payload, int off, int len) {
    long[] count = {0};
    OutputStream counter = new OutputStream() {
      @Override
      public void write(int b) {
        count[0]++;
      }

      @Override
      public void write(byte[] b, int o, int n) {
        count[0] += n;
      }
    };
    try {
      BufferedOutput out = BufferedOutput.of(counter, 16);
      write(out, payload, off, len);
      return count[0] + out.buffered();
    } catch (IOException e) {
      throw new IllegalArgumentException("payload cannot be framed: " + e.getMessage(), e);
    }
  }

  /**
   * The bytes buffered from the start of the next frame, as a {@link #split} call sees them, and
   * where it reports its answer.
   *
   * <p>Supplied by the reader; valid only during the {@link FrameFormat#split} call.
   */
  interface Window {
    /**
     * Returns how many bytes are visible: those buffered, at most the frame limit plus one.
     *
     * @return the number of bytes
     */
    int size();

    /**
     * Returns the byte at {@code index}.
     *
     * @param index from 0 to {@link #size()} - 1
     * @return the byte
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    byte get(int index);

    /**
     * Returns the index of the first {@code b} at or after {@code fromIndex}, or {@code -1} if
     * none is visible; scans eight bytes at a time.
     *
     * @param b the byte to find
     * @param fromIndex where to start, not negative
     * @return the index, or {@code -1}
     */
    int indexOf(byte b, int fromIndex);

    /**
     * Returns where the previous call for this frame said to resume with {@link #more(int)}; 0 on
     * the first call for a frame. Bytes before it have been examined already.
     *
     * @return the offset to resume at, at most {@link #size()}
     */
    int resumeAt();

    /**
     * Reports the frame's bounds: {@code headerBytes} to skip, {@code payloadBytes} to return and
     * {@code trailerBytes} to skip (such as a stripped delimiter). The reader checks the sum
     * against the limit before it allocates or waits for anything.
     *
     * @param headerBytes bytes before the payload, not negative
     * @param payloadBytes the payload's length, not negative
     * @param trailerBytes bytes after the payload, not negative
     * @return {@code true}, the value {@link FrameFormat#split} returns
     * @throws IllegalArgumentException if a length is negative
     */
    boolean frame(long headerBytes, long payloadBytes, long trailerBytes);

    /**
     * Asks for more bytes and says that the first {@code resumeAt} bytes cannot contain the
     * frame's end, so the next call may start looking there ({@link #resumeAt()}). This is what
     * keeps delimiter scanning linear however the bytes arrive, and what lets a too-long frame be
     * skipped without knowing its length.
     *
     * @param resumeAt where to resume, from 0 to {@link #size()}
     * @return {@code false}, the value {@link FrameFormat#split} returns
     * @throws IllegalArgumentException if {@code resumeAt} is out of range
     */
    boolean more(int resumeAt);
  }
}
