package dev.socketkit.framing;

import dev.socketkit.EndOfStreamException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one state machine behind every reader and decoder: asks the format where the next frame
 * lies, enforces the limit, and runs the too-long policy. It never blocks; the caller supplies
 * bytes (blocking or chunk by chunk) and consumes what it is told.
 */
final class Framer {
  enum Step { MORE, SKIPPED, FRAME }

  private static final Logger log = LoggerFactory.getLogger(Framer.class);

  private final Framing framing;
  private final String label;
  private int resume;
  private Split pending;
  private long discardLeft;
  private boolean discardToEnd;
  private long discarded;

  Framer(Framing framing, String label) {
    this.framing = framing;
    this.label = label;
  }

  /** The bounds of the frame at the front of the window, valid after {@link Step#FRAME}. */
  Split pending() {
    return pending;
  }

  /** Marks the pending frame as consumed by the caller. */
  void taken() {
    pending = null;
  }

  /**
   * One step: {@link Step#MORE} if more bytes are needed, {@link Step#SKIPPED} after dropping
   * bytes of a too-long frame, {@link Step#FRAME} when {@link #pending()} lies at the front (its
   * bytes may still be on their way).
   */
  Step step(WindowBase w) throws IOException {
    if (pending != null) {
      return Step.FRAME;
    }
    int available = w.available();
    if (discardLeft > 0) {
      if (available == 0) {
        return Step.MORE;
      }
      int n = (int) Math.min(discardLeft, available);
      drop(w, n);
      discardLeft -= n;
      if (discardLeft == 0) {
        discardDone();
      }
      return Step.SKIPPED;
    }
    if (available == 0) {
      return Step.MORE; // no frame starts without a byte; an end here is clean
    }
    int max = framing.maxFrameBytes();
    w.cap = max + 1;
    w.resume = resume;
    Split s = framing.format().split(w);
    int seen = w.size();
    if (!s.isFrame()) {
      int at = s.resumeAt();
      if (at > seen) {
        throw new IllegalStateException("resumeAt: " + at + " (expected: <= " + seen + ")");
      }
      if (discardToEnd && at > 0) {
        drop(w, at); // the end is not among these bytes: let them go
        resume = 0;
        return Step.SKIPPED;
      }
      if (seen > max) {
        if (discardToEnd) {
          throw new CorruptFrameException(
              "frame format found no frame end in " + seen + " bytes and cannot resume past any");
        }
        tooLong(seen, false);
        return Step.SKIPPED;
      }
      resume = at;
      return Step.MORE;
    }
    resume = 0;
    long total = s.totalBytes();
    if (discardToEnd) {
      discardToEnd = false;
      discardLeft = total;
      if (total == 0) {
        discardDone();
      }
      return Step.SKIPPED;
    }
    if (total > max) {
      tooLong(total, true);
      return Step.SKIPPED;
    }
    pending = s;
    return Step.FRAME;
  }

  /**
   * Called at end of stream with {@code available} bytes left: returns normally at a clean end
   * between frames, and throws an {@link EndOfStreamException} saying how much of the frame came.
   */
  void endOfStream(int available) throws EndOfStreamException {
    if (discardLeft > 0 || discardToEnd) {
      long received = discarded + available;
      throw truncated(received, discardToEnd ? -(received + 1) : discarded + discardLeft);
    }
    if (pending != null) {
      throw truncated(available, pending.totalBytes());
    }
    if (available > 0) {
      throw truncated(available, -(available + 1L));
    }
  }

  /** An exception for a frame cut after {@code received} bytes; a negative expected is a lower bound. */
  EndOfStreamException truncated(long received, long expected) {
    long n = Math.abs(expected);
    return new EndOfStreamException(label + ": end of stream after " + received + " of "
        + (expected < 0 ? "at least " : "") + n + " bytes of a frame", received, n);
  }

  private void drop(WindowBase w, int n) throws IOException {
    w.drop(n);
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
      throw new TooLongFrameException(framing.maxFrameBytes(), length, exact);
    }
  }

  private void discardDone() throws TooLongFrameException {
    long length = discarded;
    discarded = 0;
    if (framing.tooLong() == Framing.TooLong.DISCARD_THEN_FAIL) {
      throw new TooLongFrameException(framing.maxFrameBytes(), length, true);
    }
    if (framing.tooLong() == Framing.TooLong.DISCARD) {
      log.debug("{}: discarded a frame of {} bytes (maxFrameBytes {})", label, length,
          framing.maxFrameBytes());
    }
  }
}
