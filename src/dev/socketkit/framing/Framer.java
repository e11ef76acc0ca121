package dev.socketkit.framing;

import dev.socketkit.BufferedInput;
import dev.socketkit.EndOfStreamException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop behind every reader and decoder, over one {@link BufferedInput} that blocks (a
 * stream) or answers "no more bytes for now" (fed chunks): asks the format where the next frame
 * lies, enforces the limit, runs the too-long policy, and moves the frame's bytes to their
 * destination, keeping its progress so that a time-out or a missing chunk loses nothing. It is
 * also the {@link FrameFormat.Window} the format looks through.
 */
final class Framer implements FrameFormat.Window {
  private static final Logger log = LoggerFactory.getLogger(Framer.class);

  private final BufferedInput in;
  private final Framing framing;
  private final FrameFormat format;
  private final int max;
  private final String label;

  // The window and the format's answer, valid during one split call.
  private int cap;
  private int resume;
  private boolean answered;
  private int answerResume;
  private long answerHeader;
  private long answerPayload;
  private long answerTrailer;

  // The frame whose bounds are known, and how many of its bytes have been consumed.
  private boolean pending;
  private long header;
  private long payload;
  private long total;
  private long consumed;
  /** The payload array being filled by read(); null if none. */
  private byte[] partial;
  /** Whether the pending frame is being read into a caller's buffer. */
  private boolean intoCaller;

  // A too-long frame being skipped.
  private long discardLeft;
  private boolean discardToEnd;
  private long discarded;

  Framer(BufferedInput in, Framing framing, String label) {
    this.in = Objects.requireNonNull(in, "in");
    this.framing = Objects.requireNonNull(framing, "framing");
    this.format = framing.format();
    this.max = framing.maxFrameBytes();
    this.label = label;
  }

  /** Reads the next frame into a new array; null at a clean end or if bytes are missing for now. */
  byte[] read() throws IOException {
    if (!bounds()) {
      return null;
    }
    if (intoCaller) {
      throw new IllegalStateException("a frame is part read into a ByteBuffer after a time-out "
          + "(expected: read(ByteBuffer) again to finish it)");
    }
    if (partial == null) {
      if (total <= in.bufferSize()) { // wait for all of it: a time-out consumes nothing
        return buffered() ? takeWhole(null) : null;
      }
      partial = new byte[(int) payload];
    }
    if (!take(null)) {
      return null;
    }
    byte[] p = partial;
    partial = null;
    return p;
  }

  /** Reads the next frame into {@code dst}; false at a clean end or if bytes are missing for now. */
  boolean read(ByteBuffer dst) throws IOException {
    if (!bounds()) {
      return false;
    }
    checkRoom(dst, intoCaller ? payload - Math.max(0, consumed - header) : payload);
    if (partial != null) {
      byte[] p = read(); // finish the frame a time-out interrupted in read()
      if (p == null) {
        return false;
      }
      dst.put(p);
      return true;
    }
    if (!intoCaller && total <= in.bufferSize()) { // as in read(): all of it, then one copy
      if (!buffered()) {
        return false;
      }
      takeWhole(dst);
      return true;
    }
    intoCaller = true;
    return take(dst);
  }

  /**
   * The next frame as a view of the input's buffer, copied into {@code dst} too if not null; null
   * at a clean end or while the whole frame is not yet buffered, nothing consumed until it is.
   * For the decoder, whose memory is the bytes fed: it never mixes this with {@link #read()}.
   */
  ByteBuffer readView(ByteBuffer dst) throws IOException {
    if (!bounds()) {
      return null;
    }
    if (dst != null) {
      checkRoom(dst, payload);
    }
    if (!buffered()) {
      return null;
    }
    ByteBuffer view = takeView();
    if (dst != null) {
      dst.put(view);
    }
    return view;
  }

  /**
   * The next frame in a new array once all of it is buffered, null until then (or at a clean
   * end), nothing consumed before; for the decoder, like {@link #readView}.
   */
  byte[] readWhole() throws IOException {
    return bounds() && buffered() ? takeWhole(null) : null;
  }

  /** Whether the pending frame is wholly buffered; false (or throws at its end) while it is not. */
  private boolean buffered() throws IOException {
    if (in.request((int) total)) {
      return true;
    }
    throwIfFinished();
    return false;
  }

  /** Consumes the pending frame, wholly buffered and not yet begun: its payload as a view. */
  private ByteBuffer takeView() throws IOException {
    skipBuffered(header);
    ByteBuffer view = in.readView((int) payload);
    skipBuffered(total - header - payload);
    pending = false;
    return view;
  }

  /** Skips a header or trailer of a wholly buffered frame. */
  private void skipBuffered(long n) throws IOException {
    if (n > 0) {
      in.skip(n);
    }
  }

  /**
   * Consumes the pending frame, wholly buffered and not yet begun: its payload into {@code dst}
   * (null returned) or, if that is null, in a new array.
   */
  private byte[] takeWhole(ByteBuffer dst) throws IOException {
    skipBuffered(header);
    byte[] p = null;
    if (dst == null) {
      p = in.readFully((int) payload);
    } else {
      int limit = dst.limit();
      dst.limit(dst.position() + (int) payload);
      try {
        in.readFully(dst);
      } finally {
        dst.limit(limit);
      }
    }
    skipBuffered(total - header - payload);
    pending = false;
    return p;
  }

  private static void checkRoom(ByteBuffer dst, long needed) {
    if (needed > dst.remaining()) {
      throw new IllegalArgumentException("dst: " + dst.remaining() + " bytes remaining (expected: >= "
          + needed + " for the next frame)");
    }
  }

  /** Throws if the input has ended inside a frame; returns normally at a boundary or if not ended. */
  void throwIfFinished() throws EndOfStreamException {
    if (!in.isFinished()) {
      return;
    }
    int avail = in.buffered();
    if (discardLeft > 0 || discardToEnd) {
      long received = discarded + avail;
      throw truncated(received, discardToEnd ? -(received + 1) : discarded + discardLeft);
    }
    if (pending) {
      throw truncated(consumed + avail, total);
    }
    if (avail > 0) {
      throw truncated(avail, -(avail + 1L));
    }
  }

  /** Waits until the next frame's bounds are known; false at a clean end or if no bytes for now. */
  private boolean bounds() throws IOException {
    while (!pending) {
      int avail = in.buffered();
      if (discardLeft > 0 && avail > 0) {
        int n = (int) Math.min(discardLeft, avail);
        drop(n);
        discardLeft -= n;
        if (discardLeft == 0) {
          discardDone();
        }
        continue;
      }
      if (discardLeft == 0 && avail > 0 && step()) {
        continue;
      }
      // One read from the source, of as much as the buffer has room for (the format resumes
      // where it stopped); the buffer grows only when it is full of an unfinished frame.
      if (!in.request(avail + 1)) {
        throwIfFinished();
        return false;
      }
    }
    return true;
  }

  /** One look by the format: true if the state moved on, false if more bytes are needed. */
  private boolean step() throws IOException {
    cap = max + 1;
    answered = false;
    answerResume = 0;
    boolean frame = format.split(this);
    if (frame && !answered) {
      throw new IllegalStateException(format + ": split returned true without calling frame()");
    }
    int seen = size();
    if (!frame) {
      int at = answerResume;
      if (discardToEnd && at > 0) {
        drop(at); // the end is not among these bytes: let them go
        resume = 0;
        return true;
      }
      if (seen > max) {
        if (discardToEnd) {
          throw new CorruptFrameException("frame format found no frame end in " + seen
              + " bytes and cannot resume past any (see Window.more(int))");
        }
        tooLong(seen, false);
        return true;
      }
      resume = at;
      return false;
    }
    resume = 0;
    long sum = saturatedSum(answerHeader, answerPayload, answerTrailer);
    if (discardToEnd) {
      discardToEnd = false;
      discardLeft = sum;
      if (sum == 0) {
        discardDone();
      }
      return true;
    }
    if (sum > max) {
      tooLong(sum, true);
      return true;
    }
    pending = true;
    header = answerHeader;
    payload = answerPayload;
    total = sum;
    consumed = 0;
    return true;
  }

  /**
   * Moves the pending frame's bytes on: skips the header, puts the payload into {@link #partial}
   * (if {@code dst} is null) or {@code dst}, skips the trailer. Each byte is counted as it goes,
   * so an exception from the input loses nothing. False if a fed input has no bytes for now.
   */
  private boolean take(ByteBuffer dst) throws IOException {
    long payloadEnd = header + payload;
    while (consumed < total) {
      int n;
      if (consumed < header || consumed >= payloadEnd) {
        long end = consumed < header ? header : total;
        n = (int) Math.min(end - consumed, in.buffered());
        in.skip(n);
      } else if (dst == null) {
        int off = (int) (consumed - header);
        n = in.read(partial, off, (int) payload - off);
      } else {
        int limit = dst.limit();
        dst.limit(dst.position() + (int) (payloadEnd - consumed));
        try {
          n = in.read(dst);
        } finally {
          dst.limit(limit);
        }
      }
      if (n > 0) {
        consumed += n;
      } else if (n < 0 || !in.request(1)) {
        throwIfFinished();
        return false;
      }
    }
    pending = false;
    intoCaller = false;
    return true;
  }

  private static long saturatedSum(long a, long b, long c) {
    long t = a + b;
    if (t < 0) {
      return Long.MAX_VALUE;
    }
    t += c;
    return t < 0 ? Long.MAX_VALUE : t;
  }

  /** An exception for a frame cut after {@code received} bytes; a negative expected is a lower bound. */
  private EndOfStreamException truncated(long received, long expected) {
    long n = Math.abs(expected);
    return new EndOfStreamException(label + ": end of stream after " + received + " of "
        + (expected < 0 ? "at least " : "") + n + " bytes of a frame", received, n);
  }

  private void drop(int n) throws IOException {
    in.skip(n);
    discarded += n;
  }

  private void tooLong(long length, boolean exact) throws TooLongFrameException {
    discarded = 0;
    if (exact) {
      discardLeft = length;
    } else {
      discardToEnd = true;
    }
    if (framing.tooLong() == Framing.TooLong.FAIL) {
      throw new TooLongFrameException(max, length, exact);
    }
  }

  private void discardDone() throws TooLongFrameException {
    long length = discarded;
    discarded = 0;
    if (framing.tooLong() == Framing.TooLong.DISCARD_THEN_FAIL) {
      throw new TooLongFrameException(max, length, true);
    }
    if (framing.tooLong() == Framing.TooLong.DISCARD) {
      log.debug("{}: discarded a frame of {} bytes (maxFrameBytes {})", label, length, max);
    }
  }

  @Override
  public int size() {
    return Math.min(in.buffered(), cap);
  }

  @Override
  public byte get(int index) {
    if (index >= cap) {
      throw new IndexOutOfBoundsException("index: " + index + " (expected: < " + size() + ")");
    }
    return in.peek(index); // checks the index against the bytes buffered
  }

  @Override
  public int indexOf(byte b, int fromIndex) {
    if (fromIndex < 0) {
      throw new IllegalArgumentException("fromIndex: " + fromIndex + " (expected: >= 0)");
    }
    int size = size();
    return fromIndex >= size ? -1 : in.indexOf(b, fromIndex, size);
  }

  @Override
  public int resumeAt() {
    return resume;
  }

  @Override
  public boolean frame(long headerBytes, long payloadBytes, long trailerBytes) {
    if (headerBytes < 0 || payloadBytes < 0 || trailerBytes < 0) {
      throw new IllegalArgumentException("frame: " + headerBytes + "+" + payloadBytes + "+"
          + trailerBytes + " (expected: every length >= 0)");
    }
    answered = true;
    answerHeader = headerBytes;
    answerPayload = payloadBytes;
    answerTrailer = trailerBytes;
    return true;
  }

  @Override
  public boolean more(int resumeAt) {
    if (resumeAt < 0 || resumeAt > size()) {
      throw new IllegalArgumentException("resumeAt: " + resumeAt + " (expected: 0 to " + size() + ")");
    }
    answered = false;
    answerResume = resumeAt;
    return false;
  }
}
