package dev.socketkit.jmh;

/**
 * The benchmark wire protocol that every server in this suite speaks, and any client can.
 *
 * <p>A frame is a 4-byte big-endian unsigned length followed by that many payload bytes; 0 is a
 * valid length; a length above {@link #MAX_PAYLOAD} closes the connection.
 *
 * <pre>
 * +--------+--------+--------+--------+-------------------------+
 * |  length (unsigned, big-endian)    |  payload (length bytes) |
 * +--------+--------+--------+--------+-------------------------+
 * </pre>
 *
 * <ul>
 *   <li>Echo service (port P): every frame received is sent back unchanged and in order, while
 *       the server keeps reading, so clients may pipeline. End of stream between frames: the
 *       server closes. Anything malformed: the server closes.
 *   <li>Churn service (port P+1): a request is one frame with a 4-byte payload, a big-endian count
 *       B of at most {@link #MAX_PAYLOAD}; the reply is one frame of B bytes. Requests repeat
 *       until the client closes, so the client does the active close (UNP chapter 30).
 * </ul>
 *
 * <p>Both services set TCP_NODELAY and send header and payload in one write.
 */
public final class Wire {
  /** The largest payload accepted: 16 MiB. */
  public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

  /** Bytes in a frame header. */
  public static final int HEADER = 4;

  private static final byte[] FILLER = new byte[MAX_PAYLOAD];

  static {
    for (int i = 0; i < FILLER.length; i++) {
      FILLER[i] = (byte) ('a' + i % 26);
    }
  }

  private Wire() {}

  /**
   * Returns the shared read-only reply content for the churn service: at least {@code count}
   * bytes; callers copy out of it and never write into it.
   *
   * @return the filler bytes
   */
  public static byte[] filler() {
    return FILLER;
  }

  /**
   * Writes {@code value} big-endian into {@code dst} at {@code off}.
   *
   * @param dst the array
   * @param off where the four bytes go
   * @param value the value
   */
  public static void putInt(byte[] dst, int off, int value) {
    dst[off] = (byte) (value >>> 24);
    dst[off + 1] = (byte) (value >>> 16);
    dst[off + 2] = (byte) (value >>> 8);
    dst[off + 3] = (byte) value;
  }

  /**
   * Reads a big-endian int from {@code src} at {@code off}.
   *
   * @param src the array
   * @param off where the four bytes start
   * @return the value
   */
  public static int getInt(byte[] src, int off) {
    return (src[off] & 0xff) << 24 | (src[off + 1] & 0xff) << 16 | (src[off + 2] & 0xff) << 8
        | (src[off + 3] & 0xff);
  }

  /**
   * Says whether a length field read as a signed int is a payload length this protocol accepts.
   *
   * @param length the length field as read (a negative value is above 2 GiB unsigned)
   * @return whether 0 ≤ length ≤ 16 MiB
   */
  public static boolean acceptable(int length) {
    return length >= 0 && length <= MAX_PAYLOAD;
  }
}
