package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.EndOfStreamException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DelimitedTest {

  private static FrameReader reader(Splits split, String wire, Framing f) {
    return FrameReader.of(split.of(wire.getBytes(StandardCharsets.ISO_8859_1)), f);
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void linesAcceptLfAndCrlfAndStripThem(Splits split) throws IOException {
    FrameReader r = reader(split, "GET /\r\nHost: a\n\r\n\nlast\r\n", Framing.lines());
    assertThat(List.of(r.readText(StandardCharsets.US_ASCII), r.readText(StandardCharsets.US_ASCII),
        r.readText(StandardCharsets.US_ASCII), r.readText(StandardCharsets.US_ASCII),
        r.readText(StandardCharsets.US_ASCII))).containsExactly("GET /", "Host: a", "", "", "last");
    assertThat(r.readText(StandardCharsets.US_ASCII)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void strictCrlfRejectsBareLf(Splits split) throws IOException {
    FrameReader r = reader(split, "EHLO a\r\nMAIL\nX\r\n", Framing.strictCrlfLines());
    assertThat(r.readText(StandardCharsets.US_ASCII)).isEqualTo("EHLO a");
    assertThatThrownBy(r::read).isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("bare LF at byte 4");
  }

  @Test
  void strictCrlfKeepsCarriageReturnInsideALine() throws IOException {
    FrameReader r = reader(Splits.ONE_BYTE, "a\rb\r\n", Framing.strictCrlfLines());
    assertThat(r.read()).isEqualTo(Wire.ascii("a\rb"));
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void lastLineWithoutTerminatorIsTruncated(Splits split) throws IOException {
    FrameReader r = reader(split, "one\ntwo", Framing.lines());
    assertThat(r.read()).isEqualTo(Wire.ascii("one"));
    assertThatThrownBy(r::read).isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 3 of at least 4 bytes");
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void earliestDelimiterWinsAndLongestAtTheSamePlace(Splits split) throws IOException {
    Framing f = Framing.delimited(Wire.ascii("ab"), Wire.ascii("abc"), Wire.ascii("c"));
    FrameReader r = reader(split, "1abc2ab3c4cab5c", f);
    assertThat(Wire.strings(List.of(r.read(), r.read(), r.read(), r.read(), r.read(), r.read())))
        .containsExactly("1", "2", "3", "4", "", "5");
    assertThat(r.read()).isNull();
  }

  @Test
  void keepModeLeavesTheDelimiter() throws IOException {
    FrameReader r = reader(Splits.HALVES, "a b\nc d\r\n", Framing.delimitedKeepingDelimiter(
        Wire.ascii("\n"), Wire.ascii("\r\n")));
    assertThat(Wire.strings(List.of(r.read(), r.read()))).containsExactly("a b\n", "c d\r\n");
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void multiByteCharacterSplitAcrossReadsDecodes(Splits split) throws IOException {
    String text = "größe €5 \uD83D\uDE00";
    byte[] wire = (text + "\n").getBytes(StandardCharsets.UTF_8);
    FrameReader r = FrameReader.of(split.of(wire), Framing.lines());
    assertThat(r.readText(StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void malformedUtf8IsCorruptNotReplaced() throws IOException {
    byte[] wire = {'o', 'k', (byte) 0xC3, '\n'};
    FrameDecoder d = FrameDecoder.of(Framing.lines()).feed(wire);
    assertThatThrownBy(() -> d.readText(StandardCharsets.UTF_8))
        .isInstanceOf(CorruptFrameException.class).hasMessageContaining("UTF-8 at byte 2")
        .hasCauseInstanceOf(java.nio.charset.MalformedInputException.class);
  }

  @Test
  void malformedTextConsumesItsFrameAndTheNextReadGoesOn() throws IOException {
    byte[] wire = {'o', 'k', (byte) 0xC3, '\n', 'n', 'e', 'x', 't', '\n'};
    FrameReader r = FrameReader.of(new ByteArrayInputStream(wire), Framing.lines());
    assertThatThrownBy(() -> r.readText(StandardCharsets.UTF_8))
        .isInstanceOf(CorruptFrameException.class);
    assertThat(r.readText(StandardCharsets.UTF_8)).isEqualTo("next");
    FrameDecoder d = FrameDecoder.of(Framing.lines()).feed(wire);
    assertThatThrownBy(() -> d.readText(StandardCharsets.UTF_8))
        .isInstanceOf(CorruptFrameException.class);
    assertThat(d.readText(StandardCharsets.UTF_8)).isEqualTo("next");
  }

  @ParameterizedTest
  @EnumSource(Splits.class)
  void bareLfIsLeftUnreadSoReadingAgainThrowsAgain(Splits split) throws IOException {
    FrameReader r = reader(split, "MAIL\nX\r\n", Framing.strictCrlfLines());
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(r::read).isInstanceOf(CorruptFrameException.class)
          .hasMessageContaining("bare LF at byte 4");
    }
  }

  @Test
  void writerEndsLinesWithLfAndStrictLinesWithCrlf() throws IOException {
    ByteArrayOutputStream lf = new ByteArrayOutputStream();
    FrameWriter.of(lf, Framing.lines()).writeText("héllo", StandardCharsets.UTF_8).flush();
    assertThat(lf.toByteArray()).isEqualTo("héllo\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream crlf = new ByteArrayOutputStream();
    FrameWriter.of(crlf, Framing.strictCrlfLines()).writeText("hi", StandardCharsets.US_ASCII)
        .flush();
    assertThat(crlf.toString(StandardCharsets.US_ASCII)).isEqualTo("hi\r\n");
  }

  @Test
  void writerRefusesPayloadThatWouldReadBackDifferently() {
    FrameWriter w = FrameWriter.of(new ByteArrayOutputStream(), Framing.lines());
    assertThatThrownBy(() -> w.write(Wire.ascii("a\nb"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would end at byte 1");
    assertThatThrownBy(() -> w.write(Wire.ascii("a\r"))).isInstanceOf(IllegalArgumentException.class);
    FrameWriter strict = FrameWriter.of(new ByteArrayOutputStream(), Framing.strictCrlfLines());
    assertThatThrownBy(() -> strict.write(Wire.ascii("a\nb")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bare LF");
    FrameWriter keep = FrameWriter.of(new ByteArrayOutputStream(),
        Framing.delimitedKeepingDelimiter(Wire.ascii(";")));
    assertThatThrownBy(() -> keep.write(Wire.ascii("no end")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not end");
  }

  @Test
  void writerRefusesTextNotEncodableInTheCharset() {
    FrameWriter w = FrameWriter.of(new ByteArrayOutputStream(), Framing.lines());
    assertThatThrownBy(() -> w.writeText("naïve", StandardCharsets.US_ASCII))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at char 2");
  }

  @Test
  void lineLongerThanTheLimitIsTooLongWithALowerBound() {
    FrameReader r = FrameReader.of(new ByteArrayInputStream(new byte[100_000]), Framing.lines());
    assertThatThrownBy(r::read).isInstanceOfSatisfying(TooLongFrameException.class, e -> {
      assertThat(e.isLengthExact()).isFalse();
      assertThat(e.length()).isEqualTo(Framing.DEFAULT_MAX_LINE_BYTES + 1);
      assertThat(e.limit()).isEqualTo(Framing.DEFAULT_MAX_LINE_BYTES);
    });
  }

  @Test
  void lineOfExactlyTheLimitIsRead() throws IOException {
    Framing f = Framing.lines().withMaxFrameBytes(10);
    FrameReader r = reader(Splits.ONE_BYTE, "12345678\r\n123456789\n1234567890\n", f);
    assertThat(r.read()).hasSize(8);
    assertThat(r.read()).hasSize(9);
    assertThatThrownBy(r::read).isInstanceOf(TooLongFrameException.class);
  }

  @Test
  void emptyOrMissingDelimitersAreRejected() {
    assertThatThrownBy(Framing::delimited).hasMessage("delimiters: none (expected: at least one)");
    assertThatThrownBy(() -> Framing.delimited(new byte[0]))
        .hasMessage("delimiters[0]: empty (expected: >= 1 byte)");
  }
}
