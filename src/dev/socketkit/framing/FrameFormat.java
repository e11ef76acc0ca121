package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import java.io.IOException;

/**
 * The rule of a framing: where a frame ends in the bytes received, and how to write one. Implement
 * these two methods to add a framing, then wrap it with {@link Framing#custom(FrameFormat)}; the
 * limits, the blocking {@link FrameReader}, the {@link FrameWriter} and the chunk-fed {@link
 * FrameDecoder} come for free.
 *
 * <p>A format is a pure function of the bytes it is shown and must be safe to share between
 * threads (the built-in formats are immutable). It never consumes anything; it only looks. Like
 * Go's {@code bufio.SplitFunc}, it is called with the buffered bytes from the start of the next
 * frame and answers with a {@link Split}:
 *
 * <pre>{@code
 * // A frame is a 2-byte big-endian length, then that many bytes.
 * FrameFormat shortLength = new FrameFormat() {
 *   public Split split(Window in) {
 *     if (in.size() < 2) {
 *       return Split.more();
 *     }
 *     return Split.frame(2, (in.get(0) & 0xff) << 8 | (in.get(1) & 0xff), 0);
 *   }
 *
 *   public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
 *     out.writeShort(len).write(payload, off, len);
 *   }
 * };
 * }</pre>
 *
 * <p>The reader enforces {@link Framing#maxFrameBytes()}: the window never shows more than that
 * limit plus one byte, and a "more" answer on a window that large means the frame is too long.
 */
public interface FrameFormat {

  /**
   * Looks at the bytes from the start of the next frame and says where that frame lies, or asks
   * for more bytes; never blocks and consumes nothing. At end of stream the reader decides
   * whether the stream ended cleanly or inside a frame; this method is not told.
   *
   * @param in the buffered bytes, starting at the first byte of the next frame
   * @return {@link Split#frame} once the frame's bounds are known, {@link Split#more()} otherwise
   * @throws CorruptFrameException if the bytes cannot start a frame of this format
   */
  Split split(Window in) throws CorruptFrameException;

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
   * A read-only view of the bytes buffered from the start of the next frame.
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
     * none is visible.
     *
     * @param b the byte to find
     * @param fromIndex where to start, not negative
     * @return the index, or {@code -1}
     */
    int indexOf(byte b, int fromIndex);

    /**
     * Returns where the previous call for this frame said to resume with {@link Split#more(int)};
     * 0 on the first call for a frame. Bytes before it have been examined already.
     *
     * @return the offset to resume at, at most {@link #size()}
     */
    int resumeAt();
  }
}
