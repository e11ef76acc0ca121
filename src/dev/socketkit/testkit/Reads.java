package dev.socketkit.testkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/**
 * Input streams that split reads on purpose, the way a loaded network does, to flush out code
 * that assumes one {@code write} arrives as one {@code read}.
 *
 * <pre>{@code
 * FrameReader reader = FrameReader.of(Reads.oneByte(new ByteArrayInputStream(bytes)), framing);
 * }</pre>
 *
 * <p>Each stream delivers the same bytes as the stream it wraps, in the same order, with the same
 * end of stream and exceptions; only the sizes of reads change. A read never returns 0 bytes
 * unless asked for 0. Closing the returned stream closes the wrapped one.
 */
public final class Reads {
  private Reads() {}

  /**
   * Returns a stream whose every read returns at most one byte.
   *
   * @param in the stream to wrap
   * @return the splitting stream
   */
  public static InputStream oneByte(InputStream in) {
    return new Splitting(in, len -> 1);
  }

  /**
   * Returns a stream whose every read returns at most half of the bytes asked for (rounded up),
   * like Go's {@code iotest.HalfReader}.
   *
   * @param in the stream to wrap
   * @return the splitting stream
   */
  public static InputStream halves(InputStream in) {
    return new Splitting(in, len -> (len + 1) / 2);
  }

  /**
   * Returns a stream whose reads return a random number of bytes between one and the number
   * asked for, the same sequence for the same seed.
   *
   * @param in the stream to wrap
   * @param seed the seed; print it in a failing test's message to replay it
   * @return the splitting stream
   */
  public static InputStream random(InputStream in, long seed) {
    Random random = new Random(seed);
    return new Splitting(in, len -> 1 + random.nextInt(len));
  }

  private static final class Splitting extends FilterInputStream {
    private final IntUnaryOperator size;

    Splitting(InputStream in, IntUnaryOperator size) {
      super(Objects.requireNonNull(in, "in"));
      this.size = size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      return len == 0 ? 0 : in.read(b, off, Math.max(1, Math.min(len, size.applyAsInt(len))));
    }

    @Override
    public long skip(long n) throws IOException {
      return in.skip(Math.min(n, 1));
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
