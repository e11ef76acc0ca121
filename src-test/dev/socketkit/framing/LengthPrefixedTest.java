package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.BufferedInput;
import dev.socketkit.EndOfStreamException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LengthPrefixedTest {
  private static final Framing FOUR = Framing.lengthPrefixed().build();

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] header4(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  @Test
  void headerSplitAtEveryOffsetDecodes() throws IOException {
    byte[] wire = Wire.encode(FOUR, List.of(Wire.ascii("HELLO"), Wire.ascii("WORLD!")));
    for (int cut = 0; cut <= wire.length; cut++) {
      FrameDecoder decoder = FrameDecoder.of(FOUR);
      decoder.feed(wire, 0, cut);
      List<byte[]> got = new java.util.ArrayList<>();
      for (byte[] f; (f = decoder.read()) != null; ) {
        got.add(f);
      }
      decoder.feed(wire, cut, wire.length - cut);
      for (byte[] f; (f = decoder.read()) != null; ) {
        got.add(f);
      }
      decoder.finish();
      assertThat(Wire.strings(got)).as("cut at %d", cut).containsExactly("HELLO", "WORLD!");
    }
  }

  @Test
  void manyFramesInOneReadAllDecode() throws IOException {
    List<byte[]> payloads = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      payloads.add(Wire.ascii("frame " + i));
    }
    FrameDecoder decoder = FrameDecoder.of(FOUR).feed(Wire.encode(FOUR, payloads));
    for (byte[] expected : payloads) {
      assertThat(decoder.read()).isEqualTo(expected);
    }
    assertThat(decoder.read()).isNull();
    assertThat(decoder.buffered()).isZero();
  }

  @Test
  void zeroLengthFrameIsAnEmptyPayloadNotTheEnd() throws IOException {
    FrameReader reader = FrameReader.of(new ByteArrayInputStream(bytes(0, 0, 0, 0, 0, 0, 0, 1, 'x')), FOUR);
    assertThat(reader.read()).isEmpty();
    assertThat(reader.read()).containsExactly('x');
    assertThat(reader.read()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void endOfStreamMidHeaderSaysHowManyBytesCame(Splits split) {
    FrameReader reader = FrameReader.of(split.of(bytes(0, 0, 0)), FOUR);
    assertThatThrownBy(reader::read).isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 3 of at least 4 bytes")
        .satisfies(e -> assertThat(((EndOfStreamException) e).received()).isEqualTo(3));
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void endOfStreamMidBodySaysHowManyBytesCame(Splits split) {
    FrameReader reader = FrameReader.of(split.of(bytes(0, 0, 0, 10, 1, 2, 3)), FOUR);
    assertThatThrownBy(reader::read).isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 7 of 14 bytes")
        .satisfies(e -> assertThat(((EndOfStreamException) e).expected()).isEqualTo(14));
  }

  @Test
  void decoderFinishMidBodyThrowsTruncated() throws IOException {
    FrameDecoder decoder = FrameDecoder.of(FOUR).feed(bytes(0, 0, 0, 10, 1, 2, 3));
    assertThat(decoder.read()).isNull();
    assertThatThrownBy(decoder::finish).isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 7 of 14 bytes");
  }

  @Test
  void readerNeverConsumesPastTheFrameItReturns() throws IOException {
    byte[] wire = Wire.encode(FOUR, List.of(Wire.ascii("one")));
    byte[] rest = Wire.ascii("LINE\n");
    byte[] all = new byte[wire.length + rest.length];
    System.arraycopy(wire, 0, all, 0, wire.length);
    System.arraycopy(rest, 0, all, wire.length, rest.length);
    BufferedInput in = BufferedInput.of(new ByteArrayInputStream(all));
    assertThat(FrameReader.of(in, FOUR).read()).isEqualTo(Wire.ascii("one"));
    assertThat(in.buffered()).isEqualTo(rest.length);
    assertThat(FrameReader.of(in, Framing.lines()).read()).isEqualTo(Wire.ascii("LINE"));
  }

  @Test
  void readIntoCallersBufferAndRetryWhenTooSmall() throws IOException {
    FrameReader reader = FrameReader.of(
        new ByteArrayInputStream(Wire.encode(FOUR, List.of(Wire.ascii("abcdef")))), FOUR);
    ByteBuffer small = ByteBuffer.allocate(3);
    assertThatThrownBy(() -> reader.read(small)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 bytes remaining");
    ByteBuffer big = ByteBuffer.allocateDirect(16);
    big.put((byte) '>');
    assertThat(reader.read(big)).isTrue();
    assertThat(big.position()).isEqualTo(7);
    assertThat(reader.read(big)).isFalse();
  }

  @Test
  void lengthAtMaxIsReadAndOneMoreIsTooLong() throws IOException {
    Framing f = FOUR.withMaxFrameBytes(104);
    byte[] ok = new byte[4 + 100];
    ok[3] = 100;
    assertThat(FrameReader.of(new ByteArrayInputStream(ok), f).read()).hasSize(100);
    byte[] over = new byte[4 + 101];
    over[3] = 101;
    assertThatThrownBy(() -> FrameReader.of(new ByteArrayInputStream(over), f).read())
        .isInstanceOfSatisfying(TooLongFrameException.class, e -> {
          assertThat(e.limit()).isEqualTo(104);
          assertThat(e.length()).isEqualTo(105);
          assertThat(e.isLengthExact()).isTrue();
        });
  }

  @ParameterizedTest
  @ValueSource(longs = {0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL})
  void hugeFourByteLengthsAreTooLongNeverNegative(long length) {
    FrameDecoder decoder = FrameDecoder.of(FOUR).feed(header4(length));
    assertThatThrownBy(decoder::read).isInstanceOfSatisfying(TooLongFrameException.class,
        e -> assertThat(e.length()).isEqualTo(length + 4));
  }

  @ParameterizedTest
  @ValueSource(longs = {0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -1L})
  void eightByteExtremesAreTooLongWithPositiveLength(long raw) {
    Framing f = Framing.lengthPrefixed().fieldBytes(8).lengthIncludesHeader(true).build();
    byte[] header = ByteBuffer.allocate(8).putLong(raw).array();
    assertThatThrownBy(() -> FrameReader.of(new ByteArrayInputStream(header), f).read())
        .isInstanceOfSatisfying(TooLongFrameException.class,
            e -> assertThat(e.length()).isGreaterThan(e.limit()).isPositive());
  }

  @Test
  void littleEndianThreeByteFieldReadsLowByteFirst() throws IOException {
    Framing f = Framing.lengthPrefixed().fieldBytes(3).byteOrder(ByteOrder.LITTLE_ENDIAN).build();
    byte[] payload = new byte[0x0102];
    byte[] wire = Wire.encode(f, List.of(payload));
    assertThat(wire).startsWith(2, 1, 0);
    assertThat(FrameReader.of(new ByteArrayInputStream(wire), f).read()).hasSize(0x0102);
  }

  @Test
  void varintIsLeb128() throws IOException {
    Framing f = Framing.lengthPrefixed().varint().build();
    byte[] wire = Wire.encode(f, List.of(new byte[300]));
    assertThat(wire).startsWith(0xAC, 0x02).hasSize(302);
  }

  @Test
  void varintLongerThan64BitsIsCorrupt() {
    Framing f = Framing.lengthPrefixed().varint().build();
    byte[] wire = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02);
    assertThatThrownBy(() -> FrameDecoder.of(f).feed(wire).read())
        .isInstanceOf(CorruptFrameException.class).hasMessageContaining("longer than 64 bits");
  }

  @Test
  void corruptVarintIsLeftUnreadSoReadingAgainThrowsAgain() throws IOException {
    Framing f = Framing.lengthPrefixed().varint().build();
    byte[] wire = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 1, 2, 3);
    FrameReader r = FrameReader.of(new ByteArrayInputStream(wire), f);
    FrameDecoder d = FrameDecoder.of(f).feed(wire);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(r::read).isInstanceOf(CorruptFrameException.class);
      assertThatThrownBy(d::read).isInstanceOf(CorruptFrameException.class);
    }
    assertThat(d.buffered()).isEqualTo(wire.length);
  }

  @Test
  void tenByteVarintWithTopBitIsTooLongNotNegative() {
    Framing f = Framing.lengthPrefixed().varint().build();
    byte[] wire = bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
    assertThatThrownBy(() -> FrameDecoder.of(f).feed(wire).read())
        .isInstanceOfSatisfying(TooLongFrameException.class,
            e -> assertThat(e.length()).isEqualTo(Long.MAX_VALUE));
  }

  @Test
  void negativeLengthAfterAdjustmentIsCorrupt() {
    Framing f = Framing.lengthPrefixed().fieldBytes(2).lengthIncludesHeader(true).build();
    assertThatThrownBy(() -> FrameDecoder.of(f).feed(bytes(0, 1)).read())
        .isInstanceOf(CorruptFrameException.class).hasMessageContaining("-1");
  }

  @Test
  void adjustmentCountsATrailingChecksum() throws IOException {
    // length field counts payload + 2-byte checksum; we return both as the payload
    Framing f = Framing.lengthPrefixed().fieldBytes(1).lengthAdjustment(2).build();
    byte[] got = FrameDecoder.of(f).feed(bytes(3, 'a', 'b', 'c', 0x12, 0x34)).read();
    assertThat(got).containsExactly('a', 'b', 'c', 0x12, 0x34);
  }

  @Test
  void writerRefusesLengthThatDoesNotFitItsField() {
    Framing f = Framing.lengthPrefixed().fieldBytes(1).build();
    assertThatThrownBy(() -> Wire.encode(f, List.of(new byte[256])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 255");
  }

  @Test
  void writerRefusesFrameOverTheLimitBeforeWriting() {
    java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
    FrameWriter writer = FrameWriter.of(sink, FOUR.withMaxFrameBytes(10));
    assertThatThrownBy(() -> writer.write(new byte[7]))
        .isInstanceOfSatisfying(TooLongFrameException.class,
            e -> assertThat(e.length()).isEqualTo(11));
    assertThat(sink.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void endOfStreamCountsWireBytesHeaderIncluded(Splits split) {
    // 6 of 9 payload bytes sent: 10 of the frame's 13 bytes on the wire arrived
    byte[] wire = bytes(0, 0, 0, 9, 'a', 'b', 'c', 'd', 'e', 'f');
    assertThatThrownBy(() -> FrameReader.of(split.of(wire), FOUR).read())
        .isInstanceOfSatisfying(EndOfStreamException.class, e -> {
          assertThat(e).hasMessageEndingWith("end of stream after 10 of 13 bytes of a frame");
          assertThat(e.received()).isEqualTo(10);
          assertThat(e.expected()).isEqualTo(13);
        });
  }

  @Test
  void builderTakesTheLimitAndPolicyAsTheFramingDoes() throws IOException {
    Framing built = Framing.lengthPrefixed().fieldBytes(2).withMaxFrameBytes(100)
        .withTooLong(Framing.TooLong.DISCARD).build();
    assertThat(built.maxFrameBytes()).isEqualTo(100);
    assertThat(built.tooLong()).isEqualTo(Framing.TooLong.DISCARD);
    assertThat(Framing.lengthPrefixed().build().maxFrameBytes())
        .isEqualTo(Framing.DEFAULT_MAX_FRAME_BYTES);
    byte[] wire = Wire.encode(built.withMaxFrameBytes(1000), List.of(new byte[99], Wire.ascii("ok")));
    assertThat(FrameReader.of(new ByteArrayInputStream(wire), built).read())
        .isEqualTo(Wire.ascii("ok"));
    assertThatThrownBy(() -> Framing.lengthPrefixed().withMaxFrameBytes(0))
        .hasMessageStartingWith("maxFrameBytes: 0");
  }

  @Test
  void builderRejectsBadValuesWithEvidence() {
    assertThatThrownBy(() -> Framing.lengthPrefixed().fieldBytes(5))
        .hasMessage("fieldBytes: 5 (expected: 1, 2, 3, 4 or 8)");
    assertThatThrownBy(() -> FOUR.withMaxFrameBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxFrameBytes: 0");
  }
}
