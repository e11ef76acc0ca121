package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketkit.BufferedInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames larger than the input's buffer go straight into their destination, the buffer keeps its
 * size, and a read interrupted at any point (a time-out) resumes with nothing lost or duplicated.
 */
class ResumeTest {
  private static final int BUFFER = 1024;

  /**
   * Delivers {@code data} in pieces of up to {@code piece} bytes, throws an injected time-out on
   * every {@code failEvery}-th call, and records every array it was asked to fill.
   */
  static final class Flaky extends InputStream {
    final Map<byte[], Integer> filled = new IdentityHashMap<>();
    private final ByteArrayInputStream data;
    private final int piece;
    private final int failEvery;
    private int calls;
    int timeouts;

    Flaky(byte[] data, int piece, int failEvery) {
      this.data = new ByteArrayInputStream(data);
      this.piece = piece;
      this.failEvery = failEvery;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failEvery > 0 && ++calls % failEvery == 0) {
        timeouts++;
        throw new InterruptedIOException("injected time-out");
      }
      filled.merge(b, len, Math::max);
      return data.read(b, off, Math.min(len, piece));
    }
  }

  static List<byte[]> payloads() {
    Random random = new Random(3);
    List<byte[]> out = new ArrayList<>();
    for (int len : new int[] {5, 60_000, 0, 3000, 200, 1023, 1024, 1025, 9}) {
      byte[] b = new byte[len];
      for (int i = 0; i < len; i++) {
        b[i] = (byte) ('a' + random.nextInt(26)); // never a delimiter
      }
      out.add(b);
    }
    return out;
  }

  static Stream<Arguments> framingsPiecesFailures() {
    List<Arguments> args = new ArrayList<>();
    List<Framing> framings = List.of(Framing.lengthPrefixed().build(),
        Framing.lengthPrefixed().varint().build(), Framing.custom(new ShortLengthFormat()),
        Framing.lines().withMaxFrameBytes(80_000));
    for (Framing f : framings) {
      for (int piece : new int[] {3, 1460, 100_000}) {
        for (int failEvery : new int[] {2, 3, 5}) {
          args.add(Arguments.of(f, piece, failEvery));
        }
      }
    }
    return args.stream();
  }

  /** Reads every frame, retrying after each injected time-out; bounded by the number of calls. */
  @ParameterizedTest(name = "{0} pieces of {1}, time-out every {2} reads")
  @MethodSource("framingsPiecesFailures")
  void readResumesAfterEveryTimeOut(Framing f, int piece, int failEvery) throws IOException {
    List<byte[]> payloads = payloads();
    Flaky in = new Flaky(Wire.encode(f, payloads), piece, failEvery);
    FrameReader reader = FrameReader.of(BufferedInput.of(in, BUFFER, "read"), f);
    List<byte[]> got = new ArrayList<>();
    for (int attempts = 0; attempts < 1_000_000; attempts++) {
      try {
        byte[] frame = reader.read();
        if (frame == null) {
          break;
        }
        got.add(frame);
      } catch (InterruptedIOException e) {
        assertThat(e).hasMessage("injected time-out");
      }
    }
    assertThat(got).containsExactlyElementsOf(payloads);
    assertThat(in.timeouts).isPositive();
  }

  @ParameterizedTest(name = "{0} pieces of {1}, time-out every {2} reads")
  @MethodSource("framingsPiecesFailures")
  void readIntoBufferResumesAfterEveryTimeOut(Framing f, int piece, int failEvery)
      throws IOException {
    List<byte[]> payloads = payloads();
    Flaky in = new Flaky(Wire.encode(f, payloads), piece, failEvery);
    FrameReader reader = FrameReader.of(BufferedInput.of(in, BUFFER, "read"), f);
    ByteBuffer dst = ByteBuffer.allocate(80_000);
    List<byte[]> got = new ArrayList<>();
    for (int attempts = 0; attempts < 1_000_000; attempts++) {
      try {
        if (!reader.read(dst)) {
          break;
        }
        got.add(Arrays.copyOf(dst.array(), dst.position()));
        dst.clear();
      } catch (InterruptedIOException e) {
        assertThat(e).hasMessage("injected time-out");
      }
    }
    assertThat(got).containsExactlyElementsOf(payloads);
  }

  @Test
  void largeFrameGoesStraightIntoTheReturnedArrayAndTheBufferKeepsItsSize() throws IOException {
    Framing f = Framing.lengthPrefixed().build();
    byte[] big = new byte[200_000];
    new Random(1).nextBytes(big);
    Flaky in = new Flaky(Wire.encode(f, List.of(big, big)), 64 * 1024, 0);
    FrameReader reader = FrameReader.of(BufferedInput.of(in, BUFFER, "read"), f);
    byte[] first = reader.read();
    assertThat(first).isEqualTo(big);
    assertThat(in.filled).containsKey(first); // the stream wrote into the payload itself
    assertThat(reader.read()).isEqualTo(big);
    for (Map.Entry<byte[], Integer> e : in.filled.entrySet()) {
      if (e.getKey().length != big.length) {
        assertThat(e.getKey()).as("the input's buffer").hasSize(BUFFER);
      }
    }
    assertThat(reader.read()).isNull();
  }

  @Test
  void largeFrameGoesStraightIntoTheCallersHeapBuffer() throws IOException {
    Framing f = Framing.lengthPrefixed().build();
    byte[] big = new byte[50_000];
    new Random(2).nextBytes(big);
    Flaky in = new Flaky(Wire.encode(f, List.of(big)), 64 * 1024, 0);
    FrameReader reader = FrameReader.of(BufferedInput.of(in, BUFFER, "read"), f);
    ByteBuffer dst = ByteBuffer.allocate(60_000);
    assertThat(reader.read(dst)).isTrue();
    assertThat(in.filled).containsKey(dst.array());
    assertThat(Arrays.copyOf(dst.array(), dst.position())).isEqualTo(big);
  }

  @Test
  void readAfterAReadIntoABufferWasInterruptedIsRefused() throws IOException {
    Framing f = Framing.lengthPrefixed().build();
    Flaky in = new Flaky(Wire.encode(f, List.of(new byte[5000])), 1000, 3);
    FrameReader reader = FrameReader.of(BufferedInput.of(in, BUFFER, "read"), f);
    ByteBuffer dst = ByteBuffer.allocate(5000);
    assertThatThrownBy(() -> reader.read(dst)).isInstanceOf(InterruptedIOException.class);
    assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("read(ByteBuffer) again");
    for (int i = 0; i < 10 && !readOnce(reader, dst); i++) {
      assertThat(i).isLessThan(9);
    }
    assertThat(dst.position()).isEqualTo(5000);
  }

  private static boolean readOnce(FrameReader reader, ByteBuffer dst) throws IOException {
    try {
      return reader.read(dst);
    } catch (InterruptedIOException e) {
      return false;
    }
  }

  @Test
  void lineReaderAsksTheStreamForAtLeastHalfABufferEachTime() throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      lines.add(Wire.ascii("line " + i + " " + "x".repeat(i % 90)));
    }
    byte[] wire = Wire.encode(Framing.lines(), lines);
    List<Integer> asked = new ArrayList<>();
    InputStream pieces = new InputStream() {
      private final ByteArrayInputStream data = new ByteArrayInputStream(wire);

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        asked.add(len);
        return data.read(b, off, Math.min(len, 100));
      }
    };
    FrameReader reader = FrameReader.of(BufferedInput.of(pieces, BUFFER, "read"), Framing.lines());
    List<byte[]> got = new ArrayList<>();
    for (byte[] f; (f = reader.read()) != null; ) {
      got.add(f);
    }
    assertThat(got).containsExactlyElementsOf(lines);
    assertThat(asked).hasSizeGreaterThan(wire.length / 100).allSatisfy(
        len -> assertThat(len).isGreaterThanOrEqualTo(BUFFER / 2));
  }
}
