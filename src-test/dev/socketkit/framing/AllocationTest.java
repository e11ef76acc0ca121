package dev.socketkit.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketkit.BufferedInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading into the caller's buffer, and the decoder's views, allocate nothing per frame: the
 * bytes this thread allocates over 100,000 frames after a warm-up, averaged, stay under 8 per
 * frame (a single object per frame would be 16 or more).
 */
class AllocationTest {
  private static final int FRAMES = 100_000;
  private static final int WARM_UP = 20_000;
  /** com.sun.management.ThreadMXBean, looked up by name: the tests compile inside the module. */
  private static final Object THREADS;
  private static final Method ALLOCATED;

  static {
    try {
      THREADS = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      ALLOCATED = Class.forName("com.sun.management.ThreadMXBean")
          .getMethod("getCurrentThreadAllocatedBytes");
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    for (int i = 0; i < 100; i++) {
      allocatedSoFar(); // past the reflective call's own warm-up
    }
  }

  private static long allocatedSoFar() {
    try {
      long bytes = (Long) ALLOCATED.invoke(THREADS);
      assertThat(bytes).as("allocation counting supported").isPositive();
      return bytes;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Framing> framings() {
    return Stream.of(Framing.lengthPrefixed().build(), Framing.lengthPrefixed().varint().build(),
        Framing.lines(), Framing.fixedLength(64), Framing.delimited(Wire.ascii("<END>")));
  }

  private static byte[] wire(Framing f, int frames) {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      byte[] p = new byte[64];
      java.util.Arrays.fill(p, (byte) ('a' + i % 26));
      payloads.add(p);
    }
    return Wire.encode(f, payloads);
  }

  /** Bytes allocated by this thread while {@code work} runs. */
  private static long allocatedBy(IoRunnable work) throws IOException {
    long before = allocatedSoFar();
    work.run();
    return allocatedSoFar() - before;
  }

  interface IoRunnable {
    void run() throws IOException;
  }

  @ParameterizedTest
  @MethodSource("framings")
  void readerIntoCallersBufferAllocatesNothingPerFrame(Framing f) throws IOException {
    FrameReader reader = FrameReader.of(
        BufferedInput.of(new ByteArrayInputStream(wire(f, WARM_UP + FRAMES))), f);
    ByteBuffer dst = ByteBuffer.allocate(64);
    int[] n = {0};
    IoRunnable some = () -> {
      for (int i = 0; i < FRAMES && reader.read(dst.clear()); i++) {
        n[0]++;
      }
    };
    for (int i = 0; i < WARM_UP; i++) {
      reader.read(dst.clear());
    }
    long bytes = allocatedBy(some);
    assertThat(n[0]).isEqualTo(FRAMES);
    assertThat(bytes / (double) FRAMES).as("bytes per frame, %d in all", bytes).isLessThan(8);
  }

  @ParameterizedTest
  @MethodSource("framings")
  void decoderViewsAndReadsIntoCallersBufferAllocateNothingPerFrame(Framing f) throws IOException {
    byte[] wire = wire(f, 4 * FRAMES + 10);
    FrameDecoder decoder = FrameDecoder.of(f);
    ByteBuffer dst = ByteBuffer.allocate(64);
    int[] off = {0};
    int[] n = {0};
    IoRunnable views = () -> {
      for (int frames = 0; frames < FRAMES; ) {
        ByteBuffer v = decoder.readView();
        if (v == null) {
          if (off[0] >= wire.length) {
            throw new AssertionError("fed all " + wire.length + " bytes after " + frames + " frames");
          }
          int len = Math.min(1460, wire.length - off[0]);
          decoder.feed(wire, off[0], len);
          off[0] += len;
        } else {
          n[0] += v.remaining() == 64 ? 1 : 0;
          frames++;
        }
      }
    };
    IoRunnable reads = () -> {
      for (int frames = 0; frames < FRAMES; ) {
        if (decoder.read(dst.clear())) {
          n[0] += dst.position() == 64 ? 1 : 0;
          frames++;
        } else {
          if (off[0] >= wire.length) {
            throw new AssertionError("fed all " + wire.length + " bytes after " + frames + " frames");
          }
          int len = Math.min(1460, wire.length - off[0]);
          decoder.feed(wire, off[0], len);
          off[0] += len;
        }
      }
    };
    views.run(); // warm-up of both, with more frames than WARM_UP
    reads.run();
    n[0] = 0;
    long viewBytes = allocatedBy(views);
    long readBytes = allocatedBy(reads);
    assertThat(n[0]).isEqualTo(2 * FRAMES);
    assertThat(viewBytes / (double) FRAMES).as("view: bytes per frame").isLessThan(8);
    assertThat(readBytes / (double) FRAMES).as("read(ByteBuffer): bytes per frame").isLessThan(8);
  }

  @org.junit.jupiter.api.Test
  void decoderHoldsOnlyTheBytesFedOfAFrameAnnouncedLarge() throws IOException {
    FrameDecoder decoder = FrameDecoder.of(Framing.lengthPrefixed().build());
    byte[] header = {0, 0x0f, (byte) 0xff, 0}; // a payload of almost 1 MiB, within the maximum
    byte[] body = new byte[100];
    int[] frames = {0};
    long bytes = allocatedBy(() -> {
      decoder.feed(header).feed(body);
      for (int i = 0; i < 10; i++) {
        frames[0] += decoder.read() == null ? 0 : 1;
      }
    });
    assertThat(frames[0]).isZero();
    assertThat(bytes).as("allocated while a frame of almost 1 MiB is announced")
        .isLessThan(256 * 1024);
    assertThat(decoder.buffered()).isEqualTo(104);
  }
}
