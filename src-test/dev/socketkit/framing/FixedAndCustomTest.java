package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.EndOfStreamException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedAndCustomTest {

  @Test
  void fixedLengthCutsEqualFramesAndTruncatesAPartialOne() throws IOException {
    FrameReader r = FrameReader.of(Splits.ONE_BYTE.of(Wire.ascii("ABCDEFG")), Framing.fixedLength(3));
    assertThat(Wire.strings(List.of(r.read(), r.read()))).containsExactly("ABC", "DEF");
    assertThatThrownBy(r::read).isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 1 of 3 bytes");
  }

  @Test
  void fixedLengthWriterRefusesOtherLengths() {
    FrameWriter w = FrameWriter.of(new ByteArrayOutputStream(), Framing.fixedLength(3));
    assertThatThrownBy(() -> w.write(new byte[2])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload: 2 bytes (expected: 3)");
    assertThatThrownBy(() -> Framing.fixedLength(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customFormatGetsTheLimitForFree() {
    Framing f = Framing.custom(new ShortLengthFormat()).withMaxFrameBytes(100);
    FrameDecoder d = FrameDecoder.of(f).feed(new byte[] {0x7f, 0x7f});
    assertThatThrownBy(d::read).isInstanceOfSatisfying(TooLongFrameException.class,
        e -> assertThat(e.length()).isEqualTo(2 + 0x7f7f));
  }

  @Test
  void customFormatWithoutResumeHintIsStillBoundedByTheLimit() {
    // a format that never finds an end and never says where to resume
    Framing f = Framing.custom(new FrameFormat() {
      @Override
      public boolean split(Window in) {
        return false;
      }

      @Override
      public void write(dev.socketkit.BufferedOutput out, byte[] p, int off, int len) {
        throw new UnsupportedOperationException();
      }
    }).withMaxFrameBytes(16);
    FrameDecoder d = FrameDecoder.of(f).feed(new byte[1000]);
    assertThatThrownBy(d::read).isInstanceOf(TooLongFrameException.class);
    assertThatThrownBy(d::read).isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("cannot resume");
  }

  /** A format that answers with whatever {@code answer} does. */
  private static Framing answering(java.util.function.Predicate<FrameFormat.Window> answer) {
    return Framing.custom(new FrameFormat() {
      @Override
      public boolean split(Window in) {
        return answer.test(in);
      }

      @Override
      public void write(dev.socketkit.BufferedOutput out, byte[] p, int off, int len) {
        throw new UnsupportedOperationException();
      }
    });
  }

  @Test
  void windowRejectsNegativeLengthsAndResumePointsOutOfRange() {
    byte[] three = {1, 2, 3};
    assertThatThrownBy(() -> FrameDecoder.of(answering(in -> in.frame(0, -1, 0))).feed(three).read())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0+-1+0");
    assertThatThrownBy(() -> FrameDecoder.of(answering(in -> in.more(-1))).feed(three).read())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("resumeAt: -1 (expected: 0 to 3)");
    assertThatThrownBy(() -> FrameDecoder.of(answering(in -> in.more(4))).feed(three).read())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("resumeAt: 4 (expected: 0 to 3)");
  }

  @Test
  void splitReturningTrueWithoutBoundsIsAnError() {
    FrameDecoder d = FrameDecoder.of(answering(in -> true)).feed(new byte[] {1});
    assertThatThrownBy(d::read).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without calling frame()");
  }

  @Test
  void writerRefusesACustomFrameWhoseHeaderTakesItOverTheLimit() throws IOException {
    // the reader counts the 2-byte header against the limit, so the writer must too
    Framing f = Framing.custom(new ShortLengthFormat()).withMaxFrameBytes(10);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FrameWriter w = FrameWriter.of(sink, f);
    assertThatThrownBy(() -> w.write(new byte[9])).isInstanceOfSatisfying(
        TooLongFrameException.class, e -> assertThat(e.length()).isEqualTo(11));
    w.flush();
    assertThat(sink.size()).isZero();
    w.write(new byte[8]).flush();
    assertThat(FrameReader.of(new java.io.ByteArrayInputStream(sink.toByteArray()), f).read())
        .hasSize(8);
    // a frame of exactly the limit is what the reader accepts
    byte[] wire = Wire.encode(f, List.of(new byte[8]));
    assertThat(wire).hasSize(10);
  }
}
