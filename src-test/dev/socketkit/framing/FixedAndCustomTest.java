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
    assertThatThrownBy(d::next).isInstanceOfSatisfying(TooLongFrameException.class,
        e -> assertThat(e.length()).isEqualTo(2 + 0x7f7f));
  }

  @Test
  void customFormatWithoutResumeHintIsStillBoundedByTheLimit() {
    // a format that never finds an end and never says where to resume
    Framing f = Framing.custom(new FrameFormat() {
      @Override
      public Split split(Window in) {
        return Split.more();
      }

      @Override
      public void write(dev.socketkit.BufferedOutput out, byte[] p, int off, int len) {
        throw new UnsupportedOperationException();
      }
    }).withMaxFrameBytes(16);
    FrameDecoder d = FrameDecoder.of(f).feed(new byte[1000]);
    assertThatThrownBy(d::next).isInstanceOf(TooLongFrameException.class);
    assertThatThrownBy(d::next).isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("cannot resume");
  }

  @Test
  void splitRejectsNegativeLengths() {
    assertThatThrownBy(() -> Split.frame(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Split.more(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
