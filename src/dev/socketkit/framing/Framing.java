package dev.socketkit.framing;

import java.util.Objects;

/**
 * How a byte stream is cut into messages: a {@link FrameFormat} plus a maximum frame size, always
 * present (each factory has a default), and a policy for frames that exceed it. Immutable; pass it to {@link FrameReader}, {@link
 * FrameWriter} or {@link FrameDecoder}.
 *
 * <p>TCP delivers bytes, not messages: one {@code write} may arrive as several reads and several
 * writes as one. A framing puts the boundaries back. Every framing here reads whole frames over a
 * {@link dev.socketkit.Connection} or any stream, decodes chunks fed piece by piece, and fails in
 * the same four ways:
 *
 * <ul>
 *   <li>a clean end of stream between frames is not an error: readers return {@code null};
 *   <li>a stream that ends inside a frame throws {@link dev.socketkit.EndOfStreamException}
 *       saying "after 3 of 512 bytes";
 *   <li>a frame longer than {@link #maxFrameBytes()} throws {@link TooLongFrameException}, checked
 *       before anything is allocated, then handled by the {@link TooLong} policy;
 *   <li>bytes that cannot be a frame throw {@link CorruptFrameException}.
 * </ul>
 *
 * <p>The framings, each documented on its factory with a byte diagram: {@link #lengthPrefixed()},
 * {@link #lines()}, {@link #strictCrlfLines()}, {@link #delimited(byte[]...)}, {@link
 * #fixedLength(int)} and {@link #custom(FrameFormat)}.
 *
 * <pre>{@code
 * Framing framing = Framing.lengthPrefixed().fieldBytes(2).withMaxFrameBytes(4096).build();
 * Framing lines = Framing.lines().withMaxFrameBytes(64 * 1024);
 * }</pre>
 */
public final class Framing {
  /** The default maximum of length-prefixed and custom framings, 1 MiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

  /** The default maximum of line and delimited framings, 8 KiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 8192;

  /** The largest maximum frame size a framing accepts. */
  public static final int MAX_FRAME_BYTES_LIMIT = Integer.MAX_VALUE - 16;

  /** What a reader does with a frame longer than {@link #maxFrameBytes()}. */
  public enum TooLong {
    /**
     * Throw {@link TooLongFrameException} as soon as the length is known (fail fast); the next
     * read skips the rest of that frame, so the caller may go on or close. The default.
     *
     * <p>Skipping a frame whose length is unknown (no delimiter within the limit) needs the format
     * to say which bytes cannot hold the frame's end ({@link FrameFormat.Window#more(int)}, as
     * every built-in format does). A custom format that never does cannot be resumed: the next
     * read throws {@link CorruptFrameException} ("cannot resume"), and the connection should be
     * closed. The same holds for the two policies below.
     */
    FAIL,
    /** Skip the whole frame, then throw {@link TooLongFrameException} with its exact length. */
    DISCARD_THEN_FAIL,
    /** Skip the frame silently (logged at DEBUG) and return the next one. */
    DISCARD
  }

  private final FrameFormat format;
  private final int maxFrameBytes;
  private final TooLong tooLong;

  private Framing(FrameFormat format, int maxFrameBytes, TooLong tooLong) {
    this.format = Objects.requireNonNull(format, "format");
    this.maxFrameBytes = checkMax(maxFrameBytes);
    this.tooLong = Objects.requireNonNull(tooLong, "tooLong");
  }

  static int checkMax(int maxFrameBytes) {
    if (maxFrameBytes <= 0 || maxFrameBytes > MAX_FRAME_BYTES_LIMIT) {
      throw new IllegalArgumentException("maxFrameBytes: " + maxFrameBytes + " (expected: 1 to "
          + MAX_FRAME_BYTES_LIMIT + ")");
    }
    return maxFrameBytes;
  }

  /** The framing of a builder, with its limit and policy. */
  static Framing of(FrameFormat format, int maxFrameBytes, TooLong tooLong) {
    return new Framing(format, maxFrameBytes, tooLong);
  }

  /**
   * Returns a builder of length-prefixed framings: a length field, then that many payload bytes.
   * The default is a 4-byte big-endian length that counts the payload only, with a maximum of
   * {@link #DEFAULT_MAX_FRAME_BYTES}.
   *
   * <pre>
   * Default: a 4-byte big-endian length, then the payload.
   * BEFORE: 3 reads                                      AFTER: 2 frames
   * +-------------+ +--------------+ +--------------+    +-----------+ +-----+
   * | 00 00 00 05 | | H E L L O 00 | | 00 00 02 h i |    | H E L L O | | h i |
   * +-------------+ +--------------+ +--------------+    +-----------+ +-----+
   * </pre>
   *
   * @return a new builder
   */
  public static LengthPrefixedBuilder lengthPrefixed() {
    return new LengthPrefixedBuilder();
  }

  /**
   * Returns the framing of text lines: each frame ends with LF or CRLF, which is stripped;
   * maximum {@link #DEFAULT_MAX_LINE_BYTES} including the terminator. A last line without a
   * terminator is a truncated frame. Writers end lines with LF.
   *
   * <pre>
   * BEFORE: 2 reads                 AFTER: 3 frames
   * +-----------+ +------------+    +---------+ +------+ +----+
   * | "GET /\r" | | "\nok\n\n" |    | "GET /" | | "ok" | | "" |
   * +-----------+ +------------+    +---------+ +------+ +----+
   * </pre>
   *
   * @return the framing
   */
  public static Framing lines() {
    return delimited(false, false, new byte[] {'\n'}, new byte[] {'\r', '\n'});
  }

  /**
   * Returns the framing of CRLF-terminated lines that rejects a bare LF with {@link
   * CorruptFrameException}, as CRLF protocols (SMTP, HTTP/1 headers) must: a server that also
   * accepts a bare LF may split a request differently from a proxy in front of it (request
   * smuggling). The CRLF is stripped; maximum {@link #DEFAULT_MAX_LINE_BYTES}.
   *
   * <pre>
   * BEFORE: 1 read             AFTER: 1 frame, then an error
   * +---------------------+    +----------+ +--------------------------------+
   * | "EHLO a\r\nMAIL\nX" |    | "EHLO a" | | CorruptFrameException: bare LF |
   * +---------------------+    +----------+ +--------------------------------+
   * </pre>
   *
   * @return the framing
   */
  public static Framing strictCrlfLines() {
    return delimited(false, true, new byte[] {'\r', '\n'});
  }

  /**
   * Returns a framing whose frames end with any of {@code delimiters}, which is stripped; where
   * several match, the earliest wins, and at the same position the longest. Writers append the
   * first delimiter and refuse a payload that contains one. Maximum {@link
   * #DEFAULT_MAX_LINE_BYTES} including the delimiter. Where one delimiter is a prefix of another
   * (such as {@code ab} and {@code abc}), the reader waits for the byte that decides, so the
   * result never depends on how the bytes were split; a stream that ends there ends inside a
   * frame.
   *
   * <pre>
   * delimited(new byte[] {0})
   * BEFORE: 2 reads            AFTER: 2 frames
   * +-----------+ +-------+    +-------+ +-------+
   * | "abc\0de" | | "f\0" |    | "abc" | | "def" |
   * +-----------+ +-------+    +-------+ +-------+
   * </pre>
   *
   * @param delimiters one or more non-empty byte sequences
   * @return the framing
   * @throws IllegalArgumentException if there is no delimiter or one is empty
   */
  public static Framing delimited(byte[]... delimiters) {
    return delimited(false, false, delimiters);
  }

  /**
   * Returns a framing like {@link #delimited(byte[]...)} that keeps the delimiter at the end of
   * each frame; writers expect the payload to end with exactly one delimiter.
   *
   * <pre>
   * delimitedKeepingDelimiter(new byte[] {'\n'})
   * BEFORE: 1 read      AFTER: 2 frames
   * +--------------+    +---------+ +---------+
   * | "a b\nc d\n" |    | "a b\n" | | "c d\n" |
   * +--------------+    +---------+ +---------+
   * </pre>
   *
   * @param delimiters one or more non-empty byte sequences
   * @return the framing
   * @throws IllegalArgumentException if there is no delimiter or one is empty
   */
  public static Framing delimitedKeepingDelimiter(byte[]... delimiters) {
    return delimited(true, false, delimiters);
  }

  private static Framing delimited(boolean keep, boolean strict, byte[]... delimiters) {
    if (delimiters.length == 0) {
      throw new IllegalArgumentException("delimiters: none (expected: at least one)");
    }
    byte[][] copy = new byte[delimiters.length][];
    for (int i = 0; i < copy.length; i++) {
      if (delimiters[i].length == 0) {
        throw new IllegalArgumentException("delimiters[" + i + "]: empty (expected: >= 1 byte)");
      }
      copy[i] = delimiters[i].clone();
    }
    return new Framing(new DelimitedFormat(copy, keep, strict), DEFAULT_MAX_LINE_BYTES,
        TooLong.FAIL);
  }

  /**
   * Returns the framing of frames of exactly {@code length} bytes; its maximum is {@code length}.
   *
   * <pre>
   * fixedLength(3)
   * BEFORE: 3 reads               AFTER: 2 frames
   * +-----+ +-------+ +------+    +-------+ +-------+
   * | "A" | | "BCD" | | "EF" |    | "ABC" | | "DEF" |
   * +-----+ +-------+ +------+    +-------+ +-------+
   * </pre>
   *
   * @param length the frame length in bytes, greater than zero
   * @return the framing
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static Framing fixedLength(int length) {
    if (length <= 0 || length > MAX_FRAME_BYTES_LIMIT) {
      throw new IllegalArgumentException("length: " + length + " (expected: 1 to "
          + MAX_FRAME_BYTES_LIMIT + ")");
    }
    return new Framing(new FixedLengthFormat(length), length, TooLong.FAIL);
  }

  /**
   * Returns a framing with your own {@link FrameFormat}, a maximum of {@link
   * #DEFAULT_MAX_FRAME_BYTES} and the {@link TooLong#FAIL} policy; the diagram is yours to draw.
   *
   * <pre>
   * BEFORE: what split() sees         AFTER: in.frame(h, p, t)
   * +--------+---------+---------+    +---------+
   * | header | payload | trailer |    | payload |
   * +--------+---------+---------+    +---------+
   * </pre>
   *
   * @param format the format
   * @return the framing
   */
  public static Framing custom(FrameFormat format) {
    return new Framing(format, DEFAULT_MAX_FRAME_BYTES, TooLong.FAIL);
  }

  /**
   * Returns this framing with another maximum frame size: the most bytes one frame may take on
   * the wire, header and delimiter included.
   *
   * @param maxFrameBytes the limit, from 1 to {@link #MAX_FRAME_BYTES_LIMIT}
   * @return a new framing
   * @throws IllegalArgumentException if the limit is out of range
   */
  public Framing withMaxFrameBytes(int maxFrameBytes) {
    return new Framing(format, maxFrameBytes, tooLong);
  }

  /**
   * Returns this framing with another policy for frames longer than the maximum.
   *
   * @param policy the policy
   * @return a new framing
   */
  public Framing withTooLong(TooLong policy) {
    return new Framing(format, maxFrameBytes, policy);
  }

  /**
   * Returns the format: where frames end and how they are written.
   *
   * @return the format
   */
  public FrameFormat format() {
    return format;
  }

  /**
   * Returns the most bytes one frame may take on the wire, header and delimiter included.
   *
   * @return the limit in bytes
   */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /**
   * Returns the policy for frames longer than {@link #maxFrameBytes()}; {@link TooLong#FAIL}
   * unless changed.
   *
   * @return the policy
   */
  public TooLong tooLong() {
    return tooLong;
  }

  @Override
  public String toString() {
    return format + " maxFrameBytes=" + maxFrameBytes + " tooLong=" + tooLong;
  }
}
