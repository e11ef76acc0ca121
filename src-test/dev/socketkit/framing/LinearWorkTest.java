package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.BufferedOutput;
import dev.socketkit.testkit.Reads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeding 1 MiB one byte at a time does work linear in the bytes: counted as the bytes a format
 * examines and the calls it gets, never by the clock.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LinearWorkTest {
  private static final int N = 1 << 20;

  /** Wraps a format and counts the calls and every byte looked at. */
  static final class Counting implements FrameFormat {
    final FrameFormat inner;
    long calls;
    long examined;

    Counting(FrameFormat inner) {
      this.inner = inner;
    }

    @Override
    public boolean split(Window in) throws CorruptFrameException {
      calls++;
      return inner.split(new Window() {
        @Override
        public int size() {
          return in.size();
        }

        @Override
        public byte get(int index) {
          examined++;
          return in.get(index);
        }

        @Override
        public int indexOf(byte b, int fromIndex) {
          int i = in.indexOf(b, fromIndex);
          examined += (i < 0 ? in.size() : i + 1) - fromIndex;
          return i;
        }

        @Override
        public int resumeAt() {
          return in.resumeAt();
        }

        @Override
        public boolean frame(long header, long payload, long trailer) {
          return in.frame(header, payload, trailer);
        }

        @Override
        public boolean more(int resumeAt) {
          return in.more(resumeAt);
        }
      });
    }

    @Override
    public void write(BufferedOutput out, byte[] payload, int off, int len) throws IOException {
      inner.write(out, payload, off, len);
    }
  }

  private static byte[] oneLine() {
    byte[] line = new byte[N + 2];
    Arrays.fill(line, (byte) 'x');
    line[N] = '\r';
    line[N + 1] = '\n';
    return line;
  }

  @Test
  void decoderFedOneMebibyteLineByteByByteExaminesEachByteAFewTimes() throws IOException {
    Counting counting = new Counting(Framing.lines().format());
    FrameDecoder decoder =
        FrameDecoder.of(Framing.custom(counting).withMaxFrameBytes(N + 2));
    byte[] line = oneLine();
    byte[] got = null;
    for (int i = 0; i < line.length; i++) {
      decoder.feed(line, i, 1);
      byte[] f = decoder.read();
      if (f != null) {
        got = f;
      }
    }
    assertThat(got).hasSize(N);
    assertThat(counting.calls).isLessThanOrEqualTo(line.length);
    assertThat(counting.examined).isLessThanOrEqualTo(4L * line.length);
  }

  @Test
  void readerOverOneByteReadsExaminesEachByteAFewTimes() throws IOException {
    Counting counting = new Counting(Framing.delimited(Wire.ascii("\r\n")).format());
    FrameReader reader = FrameReader.of(Reads.oneByte(new ByteArrayInputStream(oneLine())),
        Framing.custom(counting).withMaxFrameBytes(N + 2));
    assertThat(reader.read()).hasSize(N);
    assertThat(counting.examined).isLessThanOrEqualTo(4L * (N + 2));
  }

  @Test
  void severalDelimitersWithoutASharedLastByteStayLinear() throws IOException {
    Counting counting =
        new Counting(Framing.delimited(Wire.ascii("<END>"), Wire.ascii("|")).format());
    FrameDecoder decoder = FrameDecoder.of(Framing.custom(counting).withMaxFrameBytes(N + 5));
    byte[] frame = new byte[N + 5];
    Arrays.fill(frame, (byte) '<'); // every byte could start "<END>"
    System.arraycopy(Wire.ascii("<END>"), 0, frame, N, 5);
    byte[] got = null;
    for (int i = 0; i < frame.length; i++) {
      byte[] f = decoder.feed(frame, i, 1).read();
      if (f != null) {
        got = f;
      }
    }
    assertThat(got).hasSize(N);
    assertThat(counting.examined).isLessThanOrEqualTo(8L * frame.length);
  }

  @Test
  void lengthPrefixedBodyFedByteByByteParsesTheHeaderOnce() throws IOException {
    Counting counting = new Counting(Framing.lengthPrefixed().build().format());
    Framing f = Framing.custom(counting).withMaxFrameBytes(N + 4);
    byte[] wire = Wire.encode(f, java.util.List.of(new byte[N]));
    FrameDecoder decoder = FrameDecoder.of(f);
    int frames = 0;
    for (int i = 0; i < wire.length; i++) {
      if (decoder.feed(wire, i, 1).read() != null) {
        frames++;
      }
    }
    assertThat(frames).isEqualTo(1);
    assertThat(counting.calls).isEqualTo(4); // once per header byte, never per body byte
  }
}
