package dev.socketkit.jmh.framing;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** The framings measured, and how each lays out a frame on the wire. */
public enum FrameLayout {
  /** A 4-byte big-endian length, then the payload. */
  LENGTH4,
  /** An unsigned LEB128 varint length (protobuf style), then the payload. */
  VARINT,
  /** The payload, then {@code '\n'}. */
  LINES,
  /** Payloads of one fixed size, back to back. */
  FIXED;

  /**
   * Parses a name such as {@code length4}.
   *
   * @param name the name, any case
   * @return the framing
   */
  public static FrameLayout parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * Builds a stream of {@code frames} frames of {@code size} payload bytes each. Payload bytes are
   * lower-case letters, so they never contain the line delimiter.
   *
   * @param frames how many
   * @param size payload bytes per frame
   * @return the encoded stream
   */
  public byte[] stream(int frames, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(frames * (size + 5));
    byte[] payload = new byte[size];
    for (int i = 0; i < frames; i++) {
      for (int j = 0; j < size; j++) {
        payload[j] = (byte) ('a' + (i + j) % 26);
      }
      switch (this) {
        case LENGTH4:
          out.write(size >>> 24);
          out.write(size >>> 16);
          out.write(size >>> 8);
          out.write(size);
          break;
        case VARINT:
          int v = size;
          while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
          }
          out.write(v);
          break;
        default:
          break;
      }
      out.write(payload, 0, size);
      if (this == LINES) {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }
}
