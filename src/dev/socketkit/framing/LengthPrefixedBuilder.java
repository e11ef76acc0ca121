package dev.socketkit.framing;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Builds a length-prefixed {@link Framing}: a length field, then the payload. Obtain one from
 * {@link Framing#lengthPrefixed()}; each setter validates its value at once.
 *
 * <p>The field is read unsigned and all arithmetic is done in {@code long}, so a length of
 * {@code 0xFFFFFFFF} or an 8-byte {@code 0xFFFFFFFFFFFFFFFF} is simply too long, never negative.
 * The payload length is {@code field + lengthAdjustment - (lengthIncludesHeader ? header : 0)};
 * a negative result is a {@link CorruptFrameException}.
 *
 * <pre>
 * fieldBytes(2).lengthIncludesHeader(true): the length counts its own 2 bytes
 * BEFORE: 7 bytes        AFTER: 5 bytes
 * +-------+---------+    +---------+
 * | 00 07 | "HELLO" |    | "HELLO" |
 * +-------+---------+    +---------+
 *
 * varint(): 300 is AC 02 in LEB128, as in protobuf's writeDelimitedTo
 * BEFORE: 302 bytes        AFTER: 300 bytes
 * +-------+-----------+    +-----------+
 * | AC 02 | 300 bytes |    | 300 bytes |
 * +-------+-----------+    +-----------+
 * </pre>
 */
public final class LengthPrefixedBuilder {
  private int fieldBytes = 4;
  private ByteOrder order = ByteOrder.BIG_ENDIAN;
  private long adjustment;
  private boolean includesHeader;
  private int maxFrameBytes = Framing.DEFAULT_MAX_FRAME_BYTES;
  private Framing.TooLong tooLong = Framing.TooLong.FAIL;

  LengthPrefixedBuilder() {}

  /**
   * Sets the width of the length field; the default is 4.
   *
   * @param bytes 1, 2, 3, 4 or 8
   * @return this builder
   * @throws IllegalArgumentException for any other width
   */
  public LengthPrefixedBuilder fieldBytes(int bytes) {
    if (bytes != 1 && bytes != 2 && bytes != 3 && bytes != 4 && bytes != 8) {
      throw new IllegalArgumentException("fieldBytes: " + bytes + " (expected: 1, 2, 3, 4 or 8)");
    }
    this.fieldBytes = bytes;
    return this;
  }

  /**
   * Makes the length field an unsigned LEB128 varint of 1 to 10 bytes (7 bits per byte, low
   * group first, high bit set on all but the last), as in protobuf's delimited format; a varint
   * longer than 64 bits is a {@link CorruptFrameException}.
   *
   * @return this builder
   */
  public LengthPrefixedBuilder varint() {
    this.fieldBytes = LengthPrefixedFormat.VARINT;
    return this;
  }

  /**
   * Sets the byte order of a fixed-width length field; the default is big-endian (network order).
   *
   * @param order the byte order
   * @return this builder
   */
  public LengthPrefixedBuilder byteOrder(ByteOrder order) {
    this.order = Objects.requireNonNull(order, "order");
    return this;
  }

  /**
   * Sets a constant added to the field's value to get the payload length, for protocols whose
   * length also counts bytes such as a trailing checksum (negative) or counts less than the
   * payload (positive); the default is 0.
   *
   * @param adjustment from -2^31 to 2^31 - 1
   * @return this builder
   * @throws IllegalArgumentException if out of range
   */
  public LengthPrefixedBuilder lengthAdjustment(long adjustment) {
    if (adjustment < Integer.MIN_VALUE || adjustment > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("lengthAdjustment: " + adjustment
          + " (expected: " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
    }
    this.adjustment = adjustment;
    return this;
  }

  /**
   * Sets whether the length counts the length field itself; the default is {@code false}.
   *
   * @param includesHeader whether the field's value includes the field's own bytes
   * @return this builder
   */
  public LengthPrefixedBuilder lengthIncludesHeader(boolean includesHeader) {
    this.includesHeader = includesHeader;
    return this;
  }

  /**
   * Sets the most bytes one frame may take on the wire, header included, as {@link
   * Framing#withMaxFrameBytes(int)} does; the default is {@link Framing#DEFAULT_MAX_FRAME_BYTES}.
   *
   * @param maxFrameBytes the limit, from 1 to {@link Framing#MAX_FRAME_BYTES_LIMIT}
   * @return this builder
   * @throws IllegalArgumentException if the limit is out of range
   */
  public LengthPrefixedBuilder withMaxFrameBytes(int maxFrameBytes) {
    this.maxFrameBytes = Framing.checkMax(maxFrameBytes);
    return this;
  }

  /**
   * Sets the policy for frames longer than the maximum, as {@link
   * Framing#withTooLong(Framing.TooLong)} does; the default is {@link Framing.TooLong#FAIL}.
   *
   * @param policy the policy
   * @return this builder
   */
  public LengthPrefixedBuilder withTooLong(Framing.TooLong policy) {
    this.tooLong = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Returns the framing, with the maximum and policy set here (by default {@link
   * Framing#DEFAULT_MAX_FRAME_BYTES} and {@link Framing.TooLong#FAIL}); the built framing's
   * {@link Framing#withMaxFrameBytes(int)} and {@link Framing#withTooLong(Framing.TooLong)} change
   * them too.
   *
   * @return the framing
   */
  public Framing build() {
    return Framing.of(new LengthPrefixedFormat(fieldBytes, order, adjustment, includesHeader),
        maxFrameBytes, tooLong);
  }
}
