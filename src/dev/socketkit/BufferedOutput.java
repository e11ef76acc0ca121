package dev.socketkit;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Objects;

/**
 * A buffered byte output: writes collect in a buffer and reach the underlying stream when the
 * buffer fills or when {@link #flush()} is called.
 *
 * <p>Flushing is explicit. Nothing written is sent until the buffer (8 KiB by default) is full or
 * the caller flushes, so a request built from several small writes leaves in one system call and,
 * over TCP, usually in one segment. Forgetting to flush is the classic bug with buffered sockets:
 * a client that writes a request and then waits for the answer without flushing waits forever
 * (or until its read time-out).
 *
 * <p>A write larger than the free space is not copied: when the sink is also a {@link
 * GatheringByteChannel} (a {@link Connection}'s is), the buffered bytes and the caller's array
 * leave together in one gathering write, so a small header and a large payload reach the socket
 * in one system call; over any other sink the buffer is topped up and sent, then the rest goes
 * straight from the caller's array.
 *
 * <p>Time limits and close come from the underlying stream: over a {@link Connection}, a write that
 * cannot make progress throws {@link TimedOutException} and a write after a local close throws
 * {@link SocketClosedException}. After a failed write the buffer's content is unspecified; close
 * the connection.
 *
 * <p>Not thread-safe: one thread writes at a time (a reader may work at the same time on the
 * connection's input).
 */
public final class BufferedOutput implements Closeable, Flushable {
  /** The default buffer size, 8 KiB. */
  public static final int DEFAULT_BUFFER_SIZE = 8192;

  private final OutputStream sink;
  private final GatheringByteChannel gathering;
  private final byte[] buf;
  private int count;
  private OutputStream view;

  private BufferedOutput(OutputStream sink, int bufferSize) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.gathering = sink instanceof GatheringByteChannel ? (GatheringByteChannel) sink : null;
    if (bufferSize < 16) {
      throw new IllegalArgumentException("bufferSize: " + bufferSize + " (expected: >= 16)");
    }
    this.buf = new byte[bufferSize];
  }

  /**
   * Returns a buffered output over {@code sink} with the default buffer size.
   *
   * @param sink the stream to write to; flushed and closed by {@link #close()}
   * @return a new buffered output
   */
  public static BufferedOutput of(OutputStream sink) {
    return new BufferedOutput(sink, DEFAULT_BUFFER_SIZE);
  }

  /**
   * Returns a buffered output over {@code sink} with a buffer of {@code bufferSize} bytes.
   *
   * @param sink the stream to write to; flushed and closed by {@link #close()}
   * @param bufferSize the buffer size in bytes, at least 16
   * @return a new buffered output
   * @throws IllegalArgumentException if {@code bufferSize} is less than 16
   */
  public static BufferedOutput of(OutputStream sink, int bufferSize) {
    return new BufferedOutput(sink, bufferSize);
  }

  /**
   * Returns how many written bytes wait in the buffer for the next flush.
   *
   * @return the number of buffered bytes
   */
  public int buffered() {
    return count;
  }

  /**
   * Buffers one byte.
   *
   * @param b the byte, in the low eight bits
   * @return this output
   * @throws IOException if the buffer was full and sending it failed
   */
  public BufferedOutput writeByte(int b) throws IOException {
    if (count == buf.length) {
      drain();
    }
    buf[count++] = (byte) b;
    return this;
  }

  /**
   * Buffers a big-endian 16-bit integer.
   *
   * @param v the value, in the low sixteen bits
   * @return this output
   * @throws IOException if the buffer was full and sending it failed
   */
  public BufferedOutput writeShort(int v) throws IOException {
    ensure(2);
    buf[count] = (byte) (v >>> 8);
    buf[count + 1] = (byte) v;
    count += 2;
    return this;
  }

  /**
   * Buffers a big-endian 32-bit integer.
   *
   * @param v the value
   * @return this output
   * @throws IOException if the buffer was full and sending it failed
   */
  public BufferedOutput writeInt(int v) throws IOException {
    ensure(4);
    buf[count] = (byte) (v >>> 24);
    buf[count + 1] = (byte) (v >>> 16);
    buf[count + 2] = (byte) (v >>> 8);
    buf[count + 3] = (byte) v;
    count += 4;
    return this;
  }

  /**
   * Buffers a big-endian 64-bit integer.
   *
   * @param v the value
   * @return this output
   * @throws IOException if the buffer was full and sending it failed
   */
  public BufferedOutput writeLong(long v) throws IOException {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[count + 7 - i] = (byte) (v >>> (i * 8));
    }
    count += 8;
    return this;
  }

  /**
   * Writes all of {@code src}.
   *
   * @param src the bytes to write
   * @return this output
   * @throws IOException if sending failed or a time limit expired
   */
  public BufferedOutput write(byte[] src) throws IOException {
    return write(src, 0, src.length);
  }

  /**
   * Writes {@code len} bytes of {@code src} starting at {@code off}; bytes beyond the buffer's
   * free space are sent before this returns.
   *
   * @param src the bytes to write
   * @param off the first byte to write
   * @param len how many bytes to write
   * @return this output
   * @throws IOException if sending failed or a time limit expired
   */
  public BufferedOutput write(byte[] src, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, src.length);
    if (len <= buf.length - count) {
      System.arraycopy(src, off, buf, count, len);
      count += len;
      return this;
    }
    if (count > 0 && gathering != null) {
      // Pending bytes (a header, say) and the payload leave in one system call.
      ByteBuffer[] both = {ByteBuffer.wrap(buf, 0, count), ByteBuffer.wrap(src, off, len)};
      count = 0;
      gathering.write(both, 0, 2);
      return this;
    }
    if (count > 0) {
      int topUp = buf.length - count;
      System.arraycopy(src, off, buf, count, topUp);
      count = buf.length;
      drain();
      off += topUp;
      len -= topUp;
    }
    if (len < buf.length) {
      System.arraycopy(src, off, buf, 0, len);
      count = len;
    } else {
      sink.write(src, off, len);
    }
    return this;
  }

  /**
   * Writes the remaining bytes of {@code src}, advancing its position to its limit.
   *
   * @param src the bytes to write
   * @return this output
   * @throws IOException if sending failed or a time limit expired
   */
  public BufferedOutput write(ByteBuffer src) throws IOException {
    if (src.hasArray()) {
      int n = src.remaining();
      write(src.array(), src.arrayOffset() + src.position(), n);
      src.position(src.position() + n);
      return this;
    }
    while (src.hasRemaining()) {
      if (count == buf.length) {
        drain();
      }
      int n = Math.min(src.remaining(), buf.length - count);
      src.get(buf, count, n);
      count += n;
    }
    return this;
  }

  /**
   * Sends every buffered byte and flushes the underlying stream, waiting until the bytes are
   * handed to the operating system (not until the peer has read them).
   *
   * @throws IOException if sending failed or a time limit expired
   */
  @Override
  public void flush() throws IOException {
    drain();
    sink.flush();
  }

  /**
   * Returns an {@link OutputStream} view that writes through this buffer; closing the view closes
   * this output.
   *
   * @return the view, the same object on every call
   */
  public OutputStream asOutputStream() {
    if (view == null) {
      view = new View();
    }
    return view;
  }

  /**
   * Flushes buffered bytes, then closes the underlying stream even if the flush failed.
   *
   * @throws IOException if the flush or the close failed
   */
  @Override
  public void close() throws IOException {
    try (OutputStream s = sink) {
      drain();
    } finally {
      count = 0;
    }
  }

  private void ensure(int n) throws IOException {
    if (buf.length - count < n) {
      drain();
    }
  }

  private void drain() throws IOException {
    if (count > 0) {
      int n = count;
      count = 0;
      sink.write(buf, 0, n);
    }
  }

  private final class View extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      BufferedOutput.this.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      BufferedOutput.this.flush();
    }

    @Override
    public void close() throws IOException {
      BufferedOutput.this.close();
    }
  }
}
