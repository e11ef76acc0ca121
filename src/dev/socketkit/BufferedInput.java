package dev.socketkit;

import dev.socketkit.internal.Checks;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

  // This class is the contract; the bytes are kept by a ReadBuffer, and a Supply brings them in.
  private final ReadBuffer buffer;
  private final Supply supply;
  private InputStream view;

  private BufferedInput(InputStream source, int bufferSize, String label) {
    this.buffer = new ReadBuffer(bufferSize);
    this.supply = new Supply(source, buffer, Objects.requireNonNull(label, "label"));
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
    supply.feed(chunk, off, len);
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
    supply.feed(chunk);
    return this;
  }

  /**
   * Declares that no chunk will follow: reads past the bytes already fed see the end of stream.
   * Idempotent.
   *
   * @throws IllegalStateException if this input reads a stream
   */
  public void finish() {
    supply.finish();
  }

  /**
   * Returns whether no byte beyond those buffered will ever arrive: the stream reported its end,
   * or {@link #finish()} was called; never blocks.
   *
   * @return whether the source has ended
   */
  public boolean isFinished() {
    return supply.ended();
  }

  /**
   * Returns the size of the buffer in bytes: waiting for at most this many bytes, with {@link
   * #request(int)}, never grows it.
   *
   * @return the buffer's size
   */
  public int bufferSize() {
    return buffer.capacity();
  }

  /**
   * Returns how many bytes are buffered and can be read without blocking.
   *
   * @return the number of buffered bytes
   */
  public int buffered() {
    return buffer.size();
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
    Checks.notNegative("byteCount", byteCount);
    return supply.request(byteCount);
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
    Checks.notNegative("byteCount", byteCount);
    supply.require(byteCount);
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
    return buffer.get(index);
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
    return buffer.indexOf(b, fromIndex, toIndex);
  }

  /**
   * Reads one byte, waiting for it if necessary.
   *
   * @return the byte
   * @throws EndOfStreamException if the stream has ended
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public byte readByte() throws IOException {
    if (buffer.size() == 0) {
      supply.require(1);
    }
    return buffer.readByte();
  }

  /**
   * Reads a big-endian 16-bit integer, waiting for both bytes.
   *
   * @return the value, sign-extended
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public short readShort() throws IOException {
    supply.require(2);
    return buffer.readShort();
  }

  /**
   * Reads a big-endian 32-bit integer, waiting for all four bytes.
   *
   * @return the value
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public int readInt() throws IOException {
    supply.require(4);
    return buffer.readInt();
  }

  /**
   * Reads a big-endian 64-bit integer, waiting for all eight bytes.
   *
   * @return the value
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public long readLong() throws IOException {
    supply.require(8);
    return buffer.readLong();
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
    return supply.read(dst, off, len);
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
    return supply.read(dst);
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
    return buffer.view(byteCount);
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
    supply.exactly(dst, null, off, len);
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
    Checks.notNegative("byteCount", byteCount);
    if (buffer.size() >= byteCount) {
      return buffer.copyOut(byteCount); // all buffered: one copy, into an array the JIT need not zero
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
    supply.exactly(null, dst, 0, dst.remaining());
  }

  /**
   * Discards exactly {@code byteCount} bytes, waiting for them if necessary.
   *
   * @param byteCount the number of bytes to discard, not negative
   * @throws EndOfStreamException if the stream ends first
   * @throws IOException if the underlying stream fails or a time limit expires
   */
  public void skip(long byteCount) throws IOException {
    supply.exactly(null, null, 0, Checks.notNegative("byteCount", byteCount));
  }

  /**
   * Returns an {@link InputStream} view that reads through this buffer; closing the view closes
   * this input.
   *
   * @return the view, the same object on every call
   */
  public InputStream asInputStream() {
    if (view == null) {
      view = new InputView(this);
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
    supply.close();
  }
}
