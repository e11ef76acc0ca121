package dev.socketkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes a {@link BufferedInput} holds: one array whose bytes from {@code pos} to {@code limit}
 * are buffered and not yet read. It makes room (compacting, or growing the array), searches eight
 * bytes at a time, decodes big-endian integers and copies bytes out. It never blocks and knows
 * nothing of streams ending or feeds: each read of buffered bytes expects its caller to have made
 * sure they are there.
 */
final class ReadBuffer {
  private static final int MAX = Integer.MAX_VALUE - 8;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;

  private byte[] array;
  private int pos;
  private int limit;
  private ByteBuffer view;
  private byte[] viewOf;

  ReadBuffer(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("bufferSize: " + size + " (expected: > 0)");
    }
    array = new byte[size];
  }

  /** The number of buffered bytes. */
  int size() {
    return limit - pos;
  }

  /** The array's length: a read at least this long gains nothing from passing through it. */
  int capacity() {
    return array.length;
  }

  byte get(int index) {
    Objects.checkIndex(index, limit - pos);
    return array[pos + index];
  }

  /** The offset of the first {@code b} from {@code fromIndex} to {@code toIndex} (capped at size). */
  int indexOf(byte b, int fromIndex, int toIndex) {
    if (fromIndex < 0) {
      throw new IllegalArgumentException("fromIndex: " + fromIndex + " (expected: >= 0)");
    }
    int end = pos + Math.min(toIndex, limit - pos);
    int i = pos + fromIndex;
    // Eight bytes at a time (SWAR): a zero byte in (word ^ pattern) marks a match, and the lowest
    // flagged byte of zeros(...) is the first one. Four words per turn, one branch for the four.
    long pattern = (b & 0xffL) * ONES;
    byte[] a = array;
    // The loop's bound in terms of a.length lets the JIT drop the per-word index checks.
    for (int last = Math.min(end, a.length) - 32; i <= last; i += 32) {
      long f0 = zeros((long) LONGS.get(a, i) ^ pattern);
      long f1 = zeros((long) LONGS.get(a, i + 8) ^ pattern);
      long f2 = zeros((long) LONGS.get(a, i + 16) ^ pattern);
      long f3 = zeros((long) LONGS.get(a, i + 24) ^ pattern);
      if ((f0 | f1 | f2 | f3) != 0) {
        int at = f0 != 0 ? first(f0) : f1 != 0 ? 8 + first(f1) : f2 != 0 ? 16 + first(f2)
            : 24 + first(f3);
        return i + at - pos;
      }
    }
    for (; i + 8 <= end; i += 8) {
      long found = zeros((long) LONGS.get(a, i) ^ pattern);
      if (found != 0) {
        return i + first(found) - pos;
      }
    }
    for (; i < end; i++) {
      if (a[i] == b) {
        return i - pos;
      }
    }
    return -1;
  }

  /** Flags the zero bytes of {@code x} with their high bit; exact up to and including the first. */
  private static long zeros(long x) {
    return (x - ONES) & ~x & 0x8080808080808080L;
  }

  /** The byte offset of the first (lowest) flagged byte. */
  private static int first(long flags) {
    return Long.numberOfTrailingZeros(flags) >>> 3;
  }

  byte readByte() {
    return array[pos++];
  }

  short readShort() {
    short v = (short) ((array[pos] & 0xff) << 8 | (array[pos + 1] & 0xff));
    pos += 2;
    return v;
  }

  int readInt() {
    int v = (array[pos] & 0xff) << 24 | (array[pos + 1] & 0xff) << 16
        | (array[pos + 2] & 0xff) << 8 | (array[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  long readLong() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (array[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  /** Moves up to {@code len} buffered bytes into {@code dst}; returns how many. */
  int take(byte[] dst, int off, int len) {
    int n = Math.min(len, limit - pos);
    System.arraycopy(array, pos, dst, off, n);
    pos += n;
    return n;
  }

  /**
   * The next {@code n} buffered bytes (consumed) in a new array; {@link Arrays#copyOfRange} lets
   * the JIT skip zeroing an array it fills at once.
   */
  byte[] copyOut(int n) {
    byte[] out = Arrays.copyOfRange(array, pos, pos + n);
    pos += n;
    return out;
  }

  /** Moves as many buffered bytes as fit into {@code dst}; returns how many. */
  int take(ByteBuffer dst) {
    int n = Math.min(dst.remaining(), limit - pos);
    dst.put(array, pos, n);
    pos += n;
    return n;
  }

  /** Discards up to {@code max} buffered bytes; returns how many. */
  int drop(long max) {
    int n = (int) Math.min(max, limit - pos);
    pos += n;
    return n;
  }

  /** The next {@code n} buffered bytes (consumed) as a read-only view, one object per array. */
  ByteBuffer view(int n) {
    if (viewOf != array) {
      view = ByteBuffer.wrap(array).asReadOnlyBuffer();
      viewOf = array;
    }
    view.limit(pos + n).position(pos);
    pos += n;
    return view;
  }

  void clear() {
    pos = limit = 0;
  }

  /**
   * Makes room for {@code wanted} bytes from the read position, then reads once from {@code
   * source} into the free end: the count {@code source} returned.
   */
  int readFrom(InputStream source, int wanted) throws IOException {
    // Compact when the bytes wanted would not fit, and whenever less than half the array is free
    // at its end but consumed bytes can be reclaimed: every read asks for an array's worth.
    int free = array.length - limit;
    if (array.length - pos < wanted || pos == limit || (pos > 0 && free < array.length / 2)) {
      makeRoom(wanted, false);
    }
    int n = source.read(array, limit, array.length - limit);
    if (n > 0) {
      limit += n;
    }
    return n;
  }

  /** Appends {@code len} bytes of {@code chunk} from {@code off}, growing the array if needed. */
  void append(byte[] chunk, int off, int len) {
    int at = roomToAppend(len); // first: it may replace the array
    System.arraycopy(chunk, off, array, at, len);
    limit += len;
  }

  /** Appends the remaining bytes of {@code chunk}, growing the array if needed. */
  void append(ByteBuffer chunk) {
    int len = chunk.remaining();
    int at = roomToAppend(len);
    chunk.get(array, at, len);
    limit += len;
  }

  private int roomToAppend(int len) {
    if (array.length - limit < len) {
      makeRoom(limit - pos + len, true);
    }
    return limit;
  }

  /**
   * Moves the buffered bytes to the front, into a larger array if {@code need} bytes would not fit
   * (or, with {@code preferGrowth}, if moving them would copy more bytes than it frees, which
   * keeps appending linear).
   */
  private void makeRoom(int need, boolean preferGrowth) {
    int have = limit - pos;
    if (array.length < need || (preferGrowth && pos < have)) {
      if (need > MAX) {
        throw new IllegalArgumentException("byteCount: " + need + " (expected: <= " + MAX + ")");
      }
      long doubled = Math.min((long) array.length * 2, MAX);
      byte[] bigger = new byte[(int) Math.max(doubled, need)];
      System.arraycopy(array, pos, bigger, 0, have);
      array = bigger;
    } else if (have > 0) {
      System.arraycopy(array, pos, array, 0, have);
    }
    pos = 0;
    limit = have;
  }
}
