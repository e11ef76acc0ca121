package dev.socketkit.framing;

import java.io.IOException;
import java.util.Objects;

/** The window a {@link Framer} shows to a format; subclasses read a BufferedInput or an array. */
abstract class WindowBase implements FrameFormat.Window {
  int cap = Integer.MAX_VALUE;
  int resume;

  /** All bytes buffered, ignoring the cap. */
  abstract int available();

  abstract byte at(int index);

  abstract int find(byte b, int from, int to);

  /** Consumes {@code n <= available()} bytes from the front. */
  abstract void drop(int n) throws IOException;

  @Override
  public final int size() {
    return Math.min(available(), cap);
  }

  @Override
  public final byte get(int index) {
    Objects.checkIndex(index, size());
    return at(index);
  }

  @Override
  public final int indexOf(byte b, int fromIndex) {
    if (fromIndex < 0) {
      throw new IllegalArgumentException("fromIndex: " + fromIndex + " (expected: >= 0)");
    }
    int size = size();
    return fromIndex >= size ? -1 : find(b, fromIndex, size);
  }

  @Override
  public final int resumeAt() {
    return resume;
  }
}
