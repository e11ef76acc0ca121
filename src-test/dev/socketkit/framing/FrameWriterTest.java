package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

  /** Records the size of every write that reaches it. */
  static final class RecordingStream extends OutputStream {
    final List<Integer> writes = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      writes.add(1);
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(len);
      bytes.write(b, off, len);
    }
  }

  @Test
  void headerAndPayloadLeaveInOneWriteOnFlush() throws IOException {
    RecordingStream sink = new RecordingStream();
    FrameWriter writer = FrameWriter.of(sink, Framing.lengthPrefixed().build());
    writer.write(new byte[100]);
    assertThat(sink.writes).isEmpty();
    writer.flush();
    assertThat(sink.writes).containsExactly(104);
  }

  @Test
  void severalSmallFramesLeaveTogether() throws IOException {
    RecordingStream sink = new RecordingStream();
    FrameWriter writer = FrameWriter.of(sink, Framing.lines());
    writer.write(Wire.ascii("a")).write(Wire.ascii("b")).write(Wire.ascii("c")).flush();
    assertThat(sink.writes).containsExactly(6);
    assertThat(sink.bytes.toByteArray()).isEqualTo(Wire.ascii("a\nb\nc\n"));
  }

  @Test
  void varintHeaderIncludingItselfIsConsistentAtTheByteBoundary() throws IOException {
    Framing f = Framing.lengthPrefixed().varint().lengthIncludesHeader(true).build();
    for (int len = 120; len < 135; len++) {
      byte[] wire = Wire.encode(f, List.of(new byte[len]));
      assertThat(FrameDecoder.of(f).feed(wire).read()).as("payload %d", len).hasSize(len);
    }
  }
}
