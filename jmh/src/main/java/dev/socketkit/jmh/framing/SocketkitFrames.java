package dev.socketkit.jmh.framing;

import dev.socketkit.BufferedInput;
import java.io.EOFException;
import java.io.IOException;

/**
 * Frame readers written by hand over {@link BufferedInput}, as a user of the core package alone
 * would write them: {@link #read} returns a new array per frame, or null at a clean end of stream
 * between frames; {@link #readInto} reads the payload into the caller's array and returns its
 * length, or -1 at a clean end.
 */
final class SocketkitFrames {
  private SocketkitFrames() {}

  static byte[] read(FrameLayout f, BufferedInput in, int fixedSize) throws IOException {
    if (in.exhausted()) {
      return null;
    }
    switch (f) {
      case LENGTH4:
        return in.readFully(in.readInt());
      case VARINT:
        return in.readFully(varint(in));
      case LINES:
        int end = lineEnd(in);
        byte[] line = in.readFully(end);
        in.skip(1);
        return line;
      default:
        return in.readFully(fixedSize);
    }
  }

  static int readInto(FrameLayout f, BufferedInput in, int fixedSize, byte[] dst) throws IOException {
    if (in.exhausted()) {
      return -1;
    }
    int len;
    switch (f) {
      case LENGTH4:
        len = in.readInt();
        break;
      case VARINT:
        len = varint(in);
        break;
      case LINES:
        len = lineEnd(in);
        in.readFully(dst, 0, len);
        in.skip(1);
        return len;
      default:
        len = fixedSize;
    }
    in.readFully(dst, 0, len);
    return len;
  }

  private static int varint(BufferedInput in) throws IOException {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.readByte();
      v |= (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw new IOException("varint longer than 5 bytes");
  }

  private static int lineEnd(BufferedInput in) throws IOException {
    int scanned = 0;
    for (int i = in.indexOf((byte) '\n', 0, Integer.MAX_VALUE); ; i = in.indexOf((byte) '\n', scanned, Integer.MAX_VALUE)) {
      if (i >= 0) {
        return i;
      }
      scanned = in.buffered();
      if (!in.request(scanned + 1)) {
        throw new EOFException("end of stream inside a line after " + scanned + " bytes");
      }
    }
  }
}
