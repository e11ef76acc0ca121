package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Frames end with one of several delimiters: the earliest match wins, and among delimiters
 * matching there the longest. Writes use the first delimiter.
 */
final class DelimitedFormat implements FrameFormat {
  private static final byte[] NONE = {};

  private final byte[][] delimiters;
  /** The delimiters, longest first: the first that ends at a byte is the longest there. */
  private final byte[][] longestFirst;
  private final boolean keep;
  private final boolean strictCrlf;

  /** The last byte shared by every delimiter and found nowhere else in them, or -1. */
  private final int last;
  /** Which bytes start some delimiter. */
  private final boolean[] first = new boolean[256];

  DelimitedFormat(byte[][] delimiters, boolean keep, boolean strictCrlf) {
    this.delimiters = delimiters;
    this.keep = keep;
    this.strictCrlf = strictCrlf;
    this.last = sharedLastByte(delimiters);
    this.longestFirst = delimiters.clone();
    Arrays.sort(longestFirst, Comparator.comparingInt((byte[] d) -> d.length).reversed());
    for (byte[] d : delimiters) {
      first[d[0] & 0xff] = true;
    }
  }

  private static int sharedLastByte(byte[][] delimiters) {
    byte last = delimiters[0][delimiters[0].length - 1];
    for (byte[] d : delimiters) {
      for (int k = 0; k < d.length; k++) {
        if ((d[k] == last) != (k == d.length - 1)) {
          return -1;
        }
      }
    }
    return last & 0xff;
  }

  @Override
  public boolean split(Window in) throws CorruptFrameException {
    return last >= 0 ? splitAtLastByte(in) : splitAnywhere(in);
  }

  /**
   * Fast path (lines, CRLF, any single delimiter): every match ends at a byte that occurs in no
   * delimiter elsewhere, so the first such byte that completes a match ends the earliest frame,
   * and bytes before the window's end never need a second look.
   */
  private boolean splitAtLastByte(Window in) throws CorruptFrameException {
    byte b = (byte) last;
    for (int j = in.indexOf(b, in.resumeAt()); j >= 0; j = in.indexOf(b, j + 1)) {
      checkStrict(in, j);
      for (byte[] d : longestFirst) {
        if (d.length <= j + 1 && endsAt(in, d, j)) {
          return keep ? in.frame(0, j + 1, 0) : in.frame(0, j + 1 - d.length, d.length);
        }
      }
    }
    return in.more(in.size());
  }

  /** Whether {@code d}, whose last byte is the one at {@code j}, ends there. */
  private static boolean endsAt(Window in, byte[] d, int j) {
    for (int k = d.length - 2; k >= 0; k--) {
      if (in.get(j - (d.length - 1 - k)) != d[k]) {
        return false;
      }
    }
    return true;
  }

  private void checkStrict(Window in, int i) throws CorruptFrameException {
    if (strictCrlf && in.get(i) == '\n' && (i == 0 || in.get(i - 1) != '\r')) {
      throw new CorruptFrameException("bare LF at byte " + i + " of a line (expected: CRLF)");
    }
  }

  /** General path: the earliest position where a delimiter matches. (Strict CRLF never gets here.) */
  private boolean splitAnywhere(Window in) {
    int size = in.size();
    for (int i = in.resumeAt(); i < size; i++) {
      if (!first[in.get(i) & 0xff]) {
        continue;
      }
      int best = 0;
      for (byte[] d : delimiters) {
        int m = matchAt(in, i, d, size);
        if (m < 0) {
          return in.more(i); // a delimiter may start here: decide when more bytes came
        }
        best = Math.max(best, m);
      }
      if (best > 0) {
        return keep ? in.frame(0, i + best, 0) : in.frame(0, i, best);
      }
    }
    return in.more(size);
  }

  /** Returns d.length if d matches at i, 0 if it does not, -1 if the window ends first. */
  private static int matchAt(Window in, int i, byte[] d, int size) {
    for (int k = 0; k < d.length; k++) {
      if (i + k == size) {
        return -1;
      }
      if (in.get(i + k) != d[k]) {
        return 0;
      }
    }
    return d.length;
  }

  @Override
  public long wireBytes(byte[] payload, int off, int len) {
    return keep ? len : (long) len + delimiters[0].length;
  }

  @Override
  public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
    // The reader's own rule checks the frame: it must end exactly where the payload says.
    byte[] tail = keep ? NONE : delimiters[0];
    Trial t = new Trial(payload, off, len, tail);
    boolean frame;
    try {
      frame = split(t);
    } catch (CorruptFrameException e) {
      throw new IllegalArgumentException("payload cannot be framed: " + e.getMessage(), e);
    }
    if (!frame || t.payload != len || t.total != (long) len + tail.length) {
      throw new IllegalArgumentException("payload of " + len + " bytes "
          + (frame ? "would end at byte " + t.payload + " with a delimiter"
              : "does not end with a delimiter") + " (" + this + ")");
    }
    out.write(payload, off, len).write(tail);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(strictCrlf ? "strictCrlfLines(" : "delimited(");
    for (byte[] d : delimiters) {
      sb.append('"').append(new String(d, StandardCharsets.ISO_8859_1)
          .replace("\r", "\\r").replace("\n", "\\n")).append("\" ");
    }
    return sb.append(keep ? "kept)" : "stripped)").toString();
  }

  /** The frame a writer is about to send, {@code a[off, off+len)} then {@code b}, as a reader sees it. */
  private static final class Trial implements Window {
    private final byte[] a;
    private final int off;
    private final int len;
    private final byte[] b;
    long payload;
    long total;

    Trial(byte[] a, int off, int len, byte[] b) {
      this.a = a;
      this.off = off;
      this.len = len;
      this.b = b;
    }

    @Override
    public int size() {
      return len + b.length;
    }

    @Override
    public byte get(int index) {
      return index < len ? a[off + index] : b[index - len];
    }

    @Override
    public int indexOf(byte x, int fromIndex) {
      for (int i = fromIndex; i < size(); i++) {
        if (get(i) == x) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public int resumeAt() {
      return 0;
    }

    @Override
    public boolean frame(long headerBytes, long payloadBytes, long trailerBytes) {
      payload = payloadBytes;
      total = headerBytes + payloadBytes + trailerBytes;
      return true;
    }

    @Override
    public boolean more(int resumeAt) {
      return false;
    }
  }
}
