package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import java.io.IOException;

/** Every frame is exactly {@code length} bytes. */
final class FixedLengthFormat implements FrameFormat {
  private final int length;

  FixedLengthFormat(int length) {
    this.length = length;
  }

  @Override
  public boolean split(Window in) {
    return in.frame(0, length, 0);
  }

  @Override
  public long wireBytes(byte[] payload, int off, int len) {
    return len;
  }

  @Override
  public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
    if (len != length) {
      throw new IllegalArgumentException("payload: " + len + " bytes (expected: " + length + ")");
    }
    out.write(payload, off, len);
  }

  @Override
  public String toString() {
    return "fixedLength(" + length + ")";
  }
}
