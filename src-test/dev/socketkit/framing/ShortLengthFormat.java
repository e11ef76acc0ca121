package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import java.io.IOException;

/**
 * A user-written format, as in the FrameFormat Javadoc: a 2-byte length, then the payload; it
 * leaves {@code wireBytes} to the default, so the writer counts a trial write.
 */
final class ShortLengthFormat implements FrameFormat {
  @Override
  public boolean split(Window in) {
    if (in.size() < 2) {
      return false;
    }
    return in.frame(2, (in.get(0) & 0xff) << 8 | (in.get(1) & 0xff), 0);
  }

  @Override
  public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
    out.writeShort(len).write(payload, off, len);
  }
}
