package dev.socketkit.jmh.framing;

import java.io.InputStream;
import java.util.Random;

/**
 * How input arrives: the sizes of successive reads, as a socket would deliver them. A {@link
 * #stream} never returns more than the current piece, whatever the reader asks for.
 */
public final class Pieces {
  /** A TCP segment's payload on a 1,500-byte MTU. */
  public static final int SEGMENT = 1460;

  private final int[] sizes;

  private Pieces(int[] sizes) {
    this.sizes = sizes;
  }

  /**
   * Cuts {@code total} bytes into pieces: {@code segments} (1,460 bytes each) or {@code random}
   * (uniform 1..4,096, fixed seed).
   *
   * @param delivery {@code segments} or {@code random}
   * @param total the stream length
   * @return the pieces
   */
  public static Pieces of(String delivery, int total) {
    Random random = new Random(42);
    int[] sizes = new int[total];
    int n = 0;
    for (int left = total; left > 0; n++) {
      int s = delivery.equals("segments") ? SEGMENT : 1 + random.nextInt(4096);
      if (!delivery.equals("segments") && !delivery.equals("random")) {
        throw new IllegalArgumentException("delivery: " + delivery + " (expected: segments or random)");
      }
      sizes[n] = Math.min(s, left);
      left -= sizes[n];
    }
    return new Pieces(java.util.Arrays.copyOf(sizes, n));
  }

  /**
   * Returns the piece sizes in order.
   *
   * @return the sizes, not to be modified
   */
  public int[] sizes() {
    return sizes;
  }

  /**
   * Returns an endless stream that delivers {@code data} in these pieces, then again from the
   * start, for readers that live across operations as a connection's do.
   *
   * @param data the bytes, a whole number of frames
   * @return the stream
   */
  public InputStream replaying(byte[] data) {
    return new InputStream() {
      private final InputStream[] current = {stream(data)};

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = current[0].read(b, off, len);
        if (n < 0) {
          current[0] = stream(data);
          n = current[0].read(b, off, len);
        }
        return n;
      }
    };
  }

  /**
   * Returns a fresh stream over {@code data} that delivers it in these pieces.
   *
   * @param data the bytes
   * @return the stream
   */
  public InputStream stream(byte[] data) {
    return new InputStream() {
      private int pos;
      private int piece;
      private int leftInPiece = sizes.length > 0 ? sizes[0] : 0;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (leftInPiece == 0) {
          if (++piece >= sizes.length) {
            return -1;
          }
          leftInPiece = sizes[piece];
        }
        int n = Math.min(len, leftInPiece);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        leftInPiece -= n;
        return n;
      }
    };
  }
}
