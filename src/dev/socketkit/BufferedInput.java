package dev.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A buffered byte input whose reads are named by their guarantee, so that code never has to loop
 * over partial reads itself.
 *
 * <p>TCP delivers a byte stream: one {@code send} may arrive as several receives and several
 * sends as one. The methods here fill the buffer from the underlying stream as often as needed:
 *
 * <ul>
 *   <li>{@link #require(int)} and the {@code readFully}/{@code readInt} family return only when
 *       every byte they need has arrived, and throw {@link EndOfStreamException} ("after 3 of 512
 *       bytes") if the stream ends first;
 *   <li>{@link #request(int)} waits for bytes and returns {@code false} instead of throwing;
 *   <li>{@link #read(byte[], int, int)} returns whatever is available (at least one byte), or
 *       {@code -1} at end of stream, like {@link InputStream#read(byte[], int, int)}.
 * </ul>
 *
 * <p>Bytes are taken from the underlying stream in chunks of the buffer size (8 KiB by default),
 * so small reads cost no system call. The buffer grows only when a caller asks to look at more
 * bytes at once ({@link #request(int)} with a larger count), or is fed more than it holds;
 * callers that accept untrusted lengths, such as the framing readers, check their maximum first.
 *
 * <p>Time limits, end of stream and close come from the underlying stream: over a {@link
 * Connection} a read that waits too long throws {@link TimedOutException}, a read after a local
 * close throws {@link SocketClosedException}. An exception leaves the bytes already buffered in
 * place.
 *
 * <p>An input made by {@link #ofChunks()} has no stream: the caller {@linkplain #feed(byte[], int,
 * int) feeds} it the chunks that arrived, for non-blocking code, and {@link #finish()}es it at the
 * end. Its reads never block: where a stream would wait, the end of the bytes fed so far counts as
 * an end of stream that is not final ({@link #request(int)} returns {@code false}, {@link
 * #read(byte[], int, int)} returns {@code 0}, {@link #require(int)} throws), and {@link
 * #isFinished()} tells the two apart.
 *
 * <p>Not thread-safe: one thread reads at a time.
 */
public final class BufferedInput implements Closeable {
  /** The default buffer size, 8 KiB. */
  public static final int DEFAULT_BUFFER_SIZE = 8192;

  private static final int MAX_BUFFER = Integer.MAX_VALUE - 8;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final InputStream source;
  private final String label;
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean ended;
  private InputStream view;
  private ByteBuffer slice;
  private byte[] sliceOf;

  private BufferedInput(InputStream source, int bufferSize, String label) {
    this.source = source; // null: fed by feed()
    if (bufferSize <= 0) {
      throw new IllegalArgumentException("bufferSize: " + bufferSize + " (expected: > 0)");
    }
    this.buf = new byte[bufferSize];
    this.label = Objects.requireNonNull(label, "label");
  }

  /**
   * Returns a buffered input over {@code source} with the default buffer size.
   *
   * @param source the stream to read from; closed by {@link #close()}
   * @return a new buffered input
   */
  public static BufferedInput of(InputStream source) {
    return new BufferedInput(Objects.requireNonNull(source, "source"), DEFAULT_BUFFER_SIZE, "read");
  }

  /**
   * Returns a buffered input over {@code source} that reads chunks of {@code bufferSize} bytes and
   * names itself {@code label} in exception messages.
   *
   * @param source the stream to read from; closed by {@link #close()}
   * @param bufferSize the initial buffer size in bytes, greater than zero
   * @param label the prefix of exception messages, such as {@code read
   *     127.0.0.1:5555->127.0.0.1:40312}
   * @return a new buffered input
   * @throws IllegalArgumentException if {@code bufferSize} is not positive
   */
  public static BufferedInput of(InputStream source, int bufferSize, String label) {
    return new BufferedInput(Objects.requireNonNull(source, "source"), bufferSize, label);
  }

  /**
   * Returns an empty input that the caller {@linkplain #feed(byte[], int, int) feeds} chunk by
   * chunk; its reads never block, and it ends only when {@link #finish()} is called.
   *
   * @return a new fed input
   */
  public static BufferedInput ofChunks() {
    return new BufferedInput(null, 256, "read");
  }

  /**
   * Appends {@code len} bytes of {@code chunk} from {@code off} to the buffered bytes of an input
   * made by {@link #ofChunks()}, growing the buffer if needed: memory is bounded by the bytes fed
   * and not yet read.
   *
   * @param chunk the bytes that arrived
   * @param off the first byte
   * @param len how many bytes
   * @return this input
   * @throws IllegalStateException if this input reads a stream, or after {@link #finish()}
   */
  public BufferedInput feed(byte[] chunk, int off, int len) {
    Objects.checkFromIndexSize(off, len, chunk.length);
    int at = roomToFeed(len); // first: it may replace buf
    System.arraycopy(chunk, off, buf, at, len);
    limit += len;
    return this;
  }

  /**
   * Appends the remaining bytes of {@code chunk} to an input made by {@link #ofChunks()},
   * advancing its position to its limit.
   *
   * @param chunk the bytes that arrived
   * @return this input
   * @throws IllegalStateException if this input reads a stream, or after {@link #finish()}
   */
  public BufferedInput feed(ByteBuffer chunk) {
    int len = chunk.remaining();
    int at = roomToFeed(len);
    chunk.get(buf, at, len);
    limit += len;
    return this;
  }

  /**
   * Declares that no chunk will follow: reads past the bytes already fed see the end of stream.
   * Idempotent.
   *
   * @throws IllegalStateException if this input reads a stream
   */
  public void finish() {
    checkFed("finish");
    ended = true;
  }

  /**
   * Returns whether no byte beyond those buffered will ever arrive: the stream reported its end,
   * or {@link #finish()} was called; never blocks.
   *
   * @return whether the source has ended
   */
  public boolean isFinished() {
    return ended;
  }

  /**
   * Returns how many bytes are buffered and can be read without blocking.
   *
   * @return the number of buffered bytes
   */
  public int buffered() {
    return limit - pos;
  }

  /**
   * Waits until at least {@code byteCount} bytes are buffered, returning {@code false} if the
   * stream ends first (the bytes that did arrive stay buffered).
   *
   * @param byteCount how many bytes must be buffered, not negative
   * @return {@code true} if at least that many bytes are buffered; {@code false} at end of stream
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public boolean request(int byteCount) throws IOException {
    if (byteCount < 0) {
      throw new IllegalArgumentException("byteCount: " + byteCount + " (expected: >= 0)");
    }
    while (limit - pos < byteCount) {
      if (fill(byteCount) <= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until at least {@code byteCount} bytes are buffered, and throws if the stream ends
   * first.
   *
   * @param byteCount how many bytes must be buffered, not negative
   * @throws EndOfStreamException if the stream ends first; the message says how many arrived
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public void require(int byteCount) throws IOException {
    if (!request(byteCount)) {
      throw eof(limit - pos, byteCount);
    }
  }

  /**
   * Returns {@code true} if no byte is buffered and the stream has ended, waiting for a byte if
   * none is buffered.
   *
   * @return whether this input is exhausted
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public boolean exhausted() throws IOException {
    return !request(1);
  }

  /**
   * Returns the buffered byte at {@code index} bytes past the read position without consuming it.
   *
   * @param index the offset from the read position, less than {@link #buffered()}
   * @return the byte
   * @throws IndexOutOfBoundsException if that byte is not buffered; call {@link #request(int)}
   *     first
   */
  public byte peek(int index) {
    Objects.checkIndex(index, limit - pos);
    return buf[pos + index];
  }

  /**
   * Returns the offset from the read position of the first buffered {@code b} at or after {@code
   * fromIndex} and before {@code toIndex}, or {@code -1} if there is none; never blocks.
   *
   * @param b the byte to find
   * @param fromIndex the first offset to look at, not negative
   * @param toIndex the offset to stop at; limited to {@link #buffered()}
   * @return the offset of the byte, or {@code -1} if it is not among the buffered bytes searched
   */
  public int indexOf(byte b, int fromIndex, int toIndex) {
    if (fromIndex < 0) {
      throw new IllegalArgumentException("fromIndex: " + fromIndex + " (expected: >= 0)");
    }
    int end = pos + Math.min(toIndex, limit - pos);
    int i = pos + fromIndex;
    // Eight bytes at a time: a zero byte in (word ^ pattern) marks a match (SWAR).
    long pattern = (b & 0xffL) * 0x0101010101010101L;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(buf, i) ^ pattern;
      long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3) - pos;
      }
    }
    for (; i < end; i++) {
      if (buf[i] == b) {
        return i - pos;
      }
    }
    return -1;
  }

  /**
   * Reads one byte, waiting for it if necessary.
   *
   * @return the byte
   * @throws EndOfStreamException if the stream has ended
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public byte readByte() throws IOException {
    if (pos == limit) {
      require(1);
    }
    return buf[pos++];
  }

  /**
   * Reads a big-endian 16-bit integer, waiting for both bytes.
   *
   * @return the value, sign-extended
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public short readShort() throws IOException {
    require(2);
    short v = (short) ((buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff));
    pos += 2;
    return v;
  }

  /**
   * Reads a big-endian 32-bit integer, waiting for all four bytes.
   *
   * @return the value
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public int readInt() throws IOException {
    require(4);
    int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16
        | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /**
   * Reads a big-endian 64-bit integer, waiting for all eight bytes.
   *
   * @return the value
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public long readLong() throws IOException {
    require(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  /**
   * Reads at least one and at most {@code len} bytes into {@code dst}, waiting only if no byte is
   * buffered; returns {@code -1} at end of stream. A read that fails or times out consumes
   * nothing.
   *
   * @param dst the destination
   * @param off where to start writing in {@code dst}
   * @param len the most bytes to read
   * @return the number of bytes read, or {@code -1} if the stream has ended ({@code 0} only when
   *     {@code len} is 0, or when an input made by {@link #ofChunks()} has no bytes for now)
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public int read(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    if (pos == limit) {
      if (len >= buf.length) {
        return pull(dst, off, len); // large read with nothing buffered: straight into dst
      }
      int n = fill(1);
      if (n <= 0) {
        return n;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, dst, off, n);
    pos += n;
    return n;
  }

  /**
   * Reads at least one and at most {@code dst.remaining()} bytes into {@code dst}, waiting only if
   * no byte is buffered; returns {@code -1} at end of stream. Like {@link #read(byte[], int,
   * int)}, which it calls for a buffer with an accessible array; allocates nothing.
   *
   * @param dst the destination; its position advances by the bytes read
   * @return the number of bytes read, or {@code -1} if the stream has ended ({@code 0} only when
   *     {@code dst} is full, or when an input made by {@link #ofChunks()} has no bytes for now)
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public int read(ByteBuffer dst) throws IOException {
    int len = dst.remaining();
    if (dst.hasArray()) {
      int n = read(dst.array(), dst.arrayOffset() + dst.position(), len);
      if (n > 0) {
        dst.position(dst.position() + n);
      }
      return n;
    }
    if (len > 0 && pos == limit) {
      int n = fill(1);
      if (n <= 0) {
        return n;
      }
    }
    int n = Math.min(len, limit - pos);
    dst.put(buf, pos, n);
    pos += n;
    return n;
  }

  /**
   * Reads exactly {@code byteCount} bytes as a read-only view of this input's buffer, waiting for
   * them; nothing is copied and, after the first call, nothing allocated. The view (the same
   * object on every call) holds the bytes between its position and limit and is valid until the
   * next call on this input.
   *
   * @param byteCount the number of bytes, not negative; the buffer grows to hold them
   * @return the view
   * @throws EndOfStreamException if the stream ends first; nothing is consumed
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public ByteBuffer readView(int byteCount) throws IOException {
    require(byteCount);
    if (sliceOf != buf) {
      slice = ByteBuffer.wrap(buf).asReadOnlyBuffer();
      sliceOf = buf;
    }
    slice.limit(pos + byteCount).position(pos);
    pos += byteCount;
    return slice;
  }

  /**
   * Reads exactly {@code len} bytes into {@code dst}, waiting as long as it takes; the library's
   * {@code MSG_WAITALL}.
   *
   * @param dst the destination
   * @param off where to start writing in {@code dst}
   * @param len the exact number of bytes to read
   * @throws EndOfStreamException if the stream ends first; the bytes that arrived are in {@code
   *     dst} and the exception says how many
   * @throws TimedOutException if a time limit expires first; the bytes that arrived are in {@code
   *     dst}, {@link TimedOutException#transferred()} says how many, and the rest may be read by
   *     calling again for the remainder
   * @throws IOException if the underlying stream fails
   */
  public void readFully(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    int done = 0;
    try {
      while (done < len) {
        int n = read(dst, off + done, len - done);
        if (n <= 0) {
          throw eof(done, len);
        }
        done += n;
      }
    } catch (TimedOutException e) {
      throw partly(e, done, len);
    }
  }

  /**
   * Reads exactly {@code byteCount} bytes into a new array, waiting as long as it takes.
   *
   * @param byteCount the exact number of bytes to read, not negative
   * @return a new array of {@code byteCount} bytes
   * @throws EndOfStreamException if the stream ends first; the message says how many arrived
   * @throws TimedOutException if a time limit expires first; the bytes that arrived are consumed
   *     and lost, {@link TimedOutException#transferred()} says how many: close the connection
   * @throws IOException if the underlying stream fails
   */
  public byte[] readFully(int byteCount) throws IOException {
    if (byteCount < 0) {
      throw new IllegalArgumentException("byteCount: " + byteCount + " (expected: >= 0)");
    }
    byte[] out = new byte[byteCount];
    readFully(out, 0, byteCount);
    return out;
  }

  /**
   * Reads bytes until {@code dst} has no space remaining, waiting as long as it takes; nothing is
   * allocated.
   *
   * @param dst the destination; its position advances by the bytes read
   * @throws EndOfStreamException if the stream ends first; the bytes that arrived are in {@code
   *     dst}
   * @throws TimedOutException if a time limit expires first; the bytes that arrived are in {@code
   *     dst} and {@link TimedOutException#transferred()} says how many
   * @throws IOException if the underlying stream fails
   */
  public void readFully(ByteBuffer dst) throws IOException {
    int wanted = dst.remaining();
    int done = 0;
    try {
      while (dst.hasRemaining()) {
        if (pos == limit && fill(1) <= 0) {
          throw eof(done, wanted);
        }
        int n = Math.min(dst.remaining(), limit - pos);
        dst.put(buf, pos, n);
        pos += n;
        done += n;
      }
    } catch (TimedOutException e) {
      throw partly(e, done, wanted);
    }
  }

  /**
   * Discards exactly {@code byteCount} bytes, waiting for them if necessary.
   *
   * @param byteCount the number of bytes to discard, not negative
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public void skip(long byteCount) throws IOException {
    if (byteCount < 0) {
      throw new IllegalArgumentException("byteCount: " + byteCount + " (expected: >= 0)");
    }
    long done = 0;
    try {
      while (done < byteCount) {
        if (pos == limit && fill(1) <= 0) {
          throw eof(done, byteCount);
        }
        int n = (int) Math.min(byteCount - done, limit - pos);
        pos += n;
        done += n;
      }
    } catch (TimedOutException e) {
      throw partly(e, done, byteCount);
    }
  }

  /**
   * Returns an {@link InputStream} view that reads through this buffer; closing the view closes
   * this input.
   *
   * @return the view, the same object on every call
   */
  public InputStream asInputStream() {
    if (view == null) {
      view = new View();
    }
    return view;
  }

  /**
   * Closes the underlying stream and discards buffered bytes; further reads fail as the
   * underlying stream does after close.
   *
   * @throws IOException if closing the underlying stream fails
   */
  @Override
  public void close() throws IOException {
    pos = limit = 0;
    if (source == null) {
      ended = true;
    } else {
      source.close();
    }
  }

  /**
   * Reads once from the source into the buffer, making room for {@code wanted} bytes from the read
   * position: the count read, 0 if a fed input has no more bytes for now, -1 at end of stream.
   */
  private int fill(int wanted) throws IOException {
    if (ended) {
      return -1;
    }
    if (source == null) {
      return 0;
    }
    // Compact when the bytes wanted would not fit, and whenever less than half the buffer is free
    // at its end but consumed bytes can be reclaimed: every read asks for a buffer's worth.
    if (buf.length - pos < wanted || pos == limit || (pos > 0 && buf.length - limit < buf.length / 2)) {
      makeRoom(wanted, false);
    }
    int n = pull(buf, limit, buf.length - limit);
    if (n > 0) {
      limit += n;
    }
    return n;
  }

  /** The one call to the source: bytes read, 0 if a fed input has none for now, -1 at the end. */
  private int pull(byte[] dst, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    if (source == null) {
      return 0;
    }
    int n = source.read(dst, off, len);
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  /** Checks that this is a fed input that may take {@code len} more bytes; returns where they go. */
  private int roomToFeed(int len) {
    checkFed("feed");
    if (ended) {
      throw new IllegalStateException("feed: input already finished");
    }
    if (buf.length - limit < len) {
      makeRoom(limit - pos + len, true);
    }
    return limit;
  }

  private void checkFed(String operation) {
    if (source != null) {
      throw new IllegalStateException(operation + ": this input reads a stream (expected: ofChunks())");
    }
  }

  /**
   * Moves the buffered bytes to the front, into a larger array if {@code need} bytes would not fit
   * (or, with {@code preferGrowth}, if moving them would copy more bytes than it frees, which
   * keeps feeding linear).
   */
  private void makeRoom(int need, boolean preferGrowth) {
    int have = limit - pos;
    if (buf.length < need || (preferGrowth && pos < have)) {
      if (need > MAX_BUFFER) {
        throw new IllegalArgumentException("byteCount: " + need + " (expected: <= " + MAX_BUFFER + ")");
      }
      long doubled = Math.min((long) buf.length * 2, MAX_BUFFER);
      byte[] bigger = new byte[(int) Math.max(doubled, need)];
      System.arraycopy(buf, pos, bigger, 0, have);
      buf = bigger;
    } else if (have > 0) {
      System.arraycopy(buf, pos, buf, 0, have);
    }
    pos = 0;
    limit = have;
  }

  /** A time-out in the middle of an exact read: says how many of the bytes were moved already. */
  private static TimedOutException partly(TimedOutException e, long done, long wanted) {
    if (done == 0) {
      return e;
    }
    TimedOutException t = new TimedOutException(e.getMessage() + " after " + done + " of " + wanted
        + " bytes", e.kind(), e.limit(), done);
    t.initCause(e);
    return t;
  }

  private EndOfStreamException eof(long received, long expected) {
    return new EndOfStreamException(
        label + ": end of stream after " + received + " of " + expected + " bytes",
        received, expected);
  }

  private final class View extends InputStream {
    @Override
    public int read() throws IOException {
      if (pos == limit && fill(1) <= 0) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return BufferedInput.this.read(b, off, len);
    }

    @Override
    public int available() {
      return limit - pos;
    }

    @Override
    public void close() throws IOException {
      BufferedInput.this.close();
    }
  }
}
