package dev.socketkit.framing;

import dev.socketkit.BufferedOutput;
import java.io.IOException;
import java.nio.ByteOrder;

/** A length field (1 to 8 bytes, either order, or an unsigned LEB128 varint), then the payload. */
final class LengthPrefixedFormat implements FrameFormat {
  static final int VARINT = 0;
  private static final int MAX_VARINT_BYTES = 10;

  private final int fieldBytes;
  private final boolean bigEndian;
  private final long adjustment;
  private final boolean includesHeader;

  LengthPrefixedFormat(int fieldBytes, ByteOrder order, long adjustment, boolean includesHeader) {
    this.fieldBytes = fieldBytes;
    this.bigEndian = order == ByteOrder.BIG_ENDIAN;
    this.adjustment = adjustment;
    this.includesHeader = includesHeader;
  }

  @Override
  public boolean split(Window in) throws CorruptFrameException {
    int size = in.size();
    long value = 0;
    int header;
    if (fieldBytes == VARINT) {
      header = 0;
      for (int shift = 0; header == 0; shift += 7) {
        int i = shift / 7;
        if (i == size) {
          return false;
        }
        int b = in.get(i) & 0xff;
        if (i == MAX_VARINT_BYTES - 1 && b > 1) {
          throw new CorruptFrameException("varint length longer than 64 bits: byte " + (i + 1)
              + " is 0x" + Integer.toHexString(b) + " (expected: 0x00 or 0x01)");
        }
        value |= (long) (b & 0x7f) << shift;
        if (b < 0x80) {
          header = i + 1;
        }
      }
    } else {
      if (size < fieldBytes) {
        return false;
      }
      for (int i = 0; i < fieldBytes; i++) {
        long b = in.get(i) & 0xff;
        value |= bigEndian ? b << (8 * (fieldBytes - 1 - i)) : b << (8 * i);
      }
      header = fieldBytes;
    }
    return in.frame(header, payloadBytes(value, header), 0);
  }

  /** The payload length for a field value read unsigned; saturates at Long.MAX_VALUE. */
  private long payloadBytes(long value, int header) throws CorruptFrameException {
    if (value < 0 || value > Long.MAX_VALUE / 2) {
      return Long.MAX_VALUE; // at least 2^62: beyond any limit, and no arithmetic to overflow
    }
    long n = value + adjustment - (includesHeader ? header : 0);
    if (n < 0) {
      throw new CorruptFrameException("length field " + value + " gives a payload of " + n
          + " bytes (adjustment " + adjustment + ", header " + header + " bytes "
          + (includesHeader ? "counted" : "not counted") + ")");
    }
    return n;
  }

  @Override
  public long wireBytes(byte[] payload, int off, int len) {
    return headerBytes(len) + (long) len;
  }

  private int headerBytes(int payloadBytes) {
    if (fieldBytes != VARINT) {
      return fieldBytes;
    }
    int header = varintBytes(payloadBytes - adjustment);
    for (int i = 0; includesHeader && i < 2; i++) {
      header = varintBytes(payloadBytes - adjustment + header); // counting the header may lengthen it
    }
    return header;
  }

  private static int varintBytes(long value) {
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  @Override
  public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
    int header = headerBytes(len);
    long value = len - adjustment + (includesHeader ? header : 0);
    if (value < 0 || (fieldBytes != VARINT && fieldBytes < 8 && value >>> (8 * fieldBytes) != 0)) {
      throw new IllegalArgumentException("payload of " + len + " bytes gives length field " + value
          + " (expected: 0 to " + (fieldBytes == VARINT || fieldBytes == 8 ? Long.MAX_VALUE
              : (1L << (8 * fieldBytes)) - 1) + ")");
    }
    if (fieldBytes == VARINT) {
      while ((value & ~0x7fL) != 0) {
        out.writeByte((int) (value & 0x7f) | 0x80);
        value >>>= 7;
      }
      out.writeByte((int) value);
    } else {
      for (int i = 0; i < fieldBytes; i++) {
        out.writeByte((int) (value >>> (8 * (bigEndian ? fieldBytes - 1 - i : i))));
      }
    }
    out.write(payload, off, len);
  }

  @Override
  public String toString() {
    return "lengthPrefixed(" + (fieldBytes == VARINT ? "varint"
        : fieldBytes + (bigEndian ? " bytes big-endian" : " bytes little-endian"))
        + (adjustment != 0 ? ", adjustment " + adjustment : "")
        + (includesHeader ? ", including header" : "") + ")";
  }
}
