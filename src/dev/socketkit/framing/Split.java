package dev.socketkit.framing;

/**
 * The answer of {@link FrameFormat#split}: either where the next frame lies, or a request for more
 * bytes.
 *
 * <p>A frame is {@code headerBytes} to skip, {@code payloadBytes} to return and {@code
 * trailerBytes} to skip (such as a stripped delimiter). A format may answer with a frame as soon
 * as it knows the bounds, before the payload has arrived; the reader checks the limit, then waits
 * for the bytes.
 */
public final class Split {
  private static final Split MORE = new Split(false, 0, 0, 0, 0);

  private final boolean frame;
  private final long header;
  private final long payload;
  private final long trailer;
  private final int resumeAt;

  private Split(boolean frame, long header, long payload, long trailer, int resumeAt) {
    this.frame = frame;
    this.header = header;
    this.payload = payload;
    this.trailer = trailer;
    this.resumeAt = resumeAt;
  }

  /**
   * Returns a frame of a header to skip, a payload to return and a trailer to skip.
   *
   * @param headerBytes bytes before the payload, not negative
   * @param payloadBytes the payload's length, not negative
   * @param trailerBytes bytes after the payload, not negative
   * @return the split
   * @throws IllegalArgumentException if a length is negative
   */
  public static Split frame(long headerBytes, long payloadBytes, long trailerBytes) {
    if (headerBytes < 0 || payloadBytes < 0 || trailerBytes < 0) {
      throw new IllegalArgumentException("frame: " + headerBytes + "+" + payloadBytes + "+"
          + trailerBytes + " (expected: every length >= 0)");
    }
    return new Split(true, headerBytes, payloadBytes, trailerBytes, 0);
  }

  /**
   * Asks for more bytes; the next call looks at the frame from its start again.
   *
   * @return the shared "more" answer
   */
  public static Split more() {
    return MORE;
  }

  /**
   * Asks for more bytes and says that the first {@code resumeAt} bytes cannot contain the frame's
   * end, so the next call may start looking there ({@link FrameFormat.Window#resumeAt()}). This is
   * what keeps delimiter scanning linear when bytes arrive one at a time.
   *
   * @param resumeAt where to resume, from 0 to the window's size
   * @return the split
   * @throws IllegalArgumentException if {@code resumeAt} is negative
   */
  public static Split more(int resumeAt) {
    if (resumeAt < 0) {
      throw new IllegalArgumentException("resumeAt: " + resumeAt + " (expected: >= 0)");
    }
    return resumeAt == 0 ? MORE : new Split(false, 0, 0, 0, resumeAt);
  }

  /**
   * Returns whether this is a frame rather than a request for more bytes.
   *
   * @return whether the frame's bounds are known
   */
  public boolean isFrame() {
    return frame;
  }

  /**
   * Returns the header length; 0 for "more".
   *
   * @return bytes to skip before the payload
   */
  public long headerBytes() {
    return header;
  }

  /**
   * Returns the payload length; 0 for "more".
   *
   * @return bytes to return
   */
  public long payloadBytes() {
    return payload;
  }

  /**
   * Returns the trailer length; 0 for "more".
   *
   * @return bytes to skip after the payload
   */
  public long trailerBytes() {
    return trailer;
  }

  /**
   * Returns where the next look may resume; 0 for a frame.
   *
   * @return the offset of the first byte not yet ruled out
   */
  public int resumeAt() {
    return resumeAt;
  }

  /** Returns header + payload + trailer, saturating at {@link Long#MAX_VALUE}. */
  long totalBytes() {
    long t = header + payload;
    if (t < 0) {
      return Long.MAX_VALUE;
    }
    t += trailer;
    return t < 0 ? Long.MAX_VALUE : t;
  }

  @Override
  public String toString() {
    return frame ? "Split.frame(" + header + ", " + payload + ", " + trailer + ")"
        : "Split.more(" + resumeAt + ")";
  }
}
