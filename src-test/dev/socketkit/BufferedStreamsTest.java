package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BufferedInput and BufferedOutput over plain streams, with reads split on purpose. */
class BufferedStreamsTest {

  /** Returns at most {@code max} bytes per read, whatever the caller asked for. */
  private static InputStream chopped(byte[] data, int max) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, max));
      }
    };
  }

  private static byte[] sample(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 4096, 100_000})
  void readIntAndReadFullyDoNotCareHowReadsAreSplit(int chunk) throws IOException {
    byte[] payload = sample(20_000);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BufferedOutput out = BufferedOutput.of(bytes, 64);
    out.writeInt(0xCAFEBABE).writeShort(0x1234).writeLong(Long.MIN_VALUE + 5).write(payload).writeByte(0x7f);
    out.flush();

    BufferedInput in = BufferedInput.of(chopped(bytes.toByteArray(), chunk), 16, "test");
    assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
    assertThat(in.readShort()).isEqualTo((short) 0x1234);
    assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE + 5);
    assertThat(in.readFully(payload.length)).isEqualTo(payload);
    assertThat(in.readByte()).isEqualTo((byte) 0x7f);
    assertThat(in.exhausted()).isTrue();
  }

  @Test
  void requireAtEndOfStreamSaysHowManyBytesArrived() {
    BufferedInput in = BufferedInput.of(chopped(new byte[] {1, 2, 3}, 1), 16, "read a->b");
    assertThatThrownBy(() -> in.require(512))
        .isInstanceOf(EndOfStreamException.class)
        .hasMessage("read a->b: end of stream after 3 of 512 bytes");
  }

  @Test
  void requestReturnsFalseAtEndAndKeepsWhatArrived() throws IOException {
    BufferedInput in = BufferedInput.of(chopped(new byte[] {1, 2, 3}, 1));
    assertThat(in.request(4)).isFalse();
    assertThat(in.buffered()).isEqualTo(3);
    assertThat(in.peek(2)).isEqualTo((byte) 3);
    assertThat(in.request(3)).isTrue();
    assertThatThrownBy(() -> in.peek(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void requestGrowsTheBufferBeyondItsInitialSize() throws IOException {
    byte[] data = sample(1000);
    BufferedInput in = BufferedInput.of(chopped(data, 10), 16, "read");
    assertThat(in.request(1000)).isTrue();
    assertThat(in.buffered()).isEqualTo(1000);
    assertThat(in.peek(999)).isEqualTo(data[999]);
  }

  @Test
  void indexOfSearchesOnlyBufferedBytesInRange() throws IOException {
    BufferedInput in = BufferedInput.of(new ByteArrayInputStream("ab\ncd\n".getBytes()));
    in.require(6);
    assertThat(in.indexOf((byte) '\n', 0, 6)).isEqualTo(2);
    assertThat(in.indexOf((byte) '\n', 3, 6)).isEqualTo(5);
    assertThat(in.indexOf((byte) '\n', 3, 5)).isEqualTo(-1);
    assertThat(in.indexOf((byte) 'z', 0, Integer.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void indexOfFindsTheFirstMatchAtEveryOffsetAndAlignment() throws IOException {
    Random random = new Random(7);
    int[] oneIn = {4, 40, 400}; // dense and sparse matches, so every word of a 32-byte block finds one
    for (int round = 0; round < 600; round++) {
      byte[] data = new byte[1 + random.nextInt(130)];
      int density = oneIn[round % oneIn.length];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) (random.nextInt(density) == 0 ? 0x0a : random.nextInt(256)); // any byte
      }
      int skip = random.nextInt(data.length);
      BufferedInput in = BufferedInput.of(new ByteArrayInputStream(data), 256, "read");
      in.require(data.length);
      in.skip(skip); // the read position need not be aligned
      for (int from = 0; from <= data.length - skip; from++) {
        int expected = -1;
        for (int i = skip + from; i < data.length; i++) {
          if (data[i] == 0x0a) {
            expected = i - skip;
            break;
          }
        }
        assertThat(in.indexOf((byte) 0x0a, from, Integer.MAX_VALUE)).as("round %d from %d", round, from)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void readReturnsWhatIsAvailableAndMinusOneAtTheEnd() throws IOException {
    BufferedInput in = BufferedInput.of(chopped(new byte[] {1, 2, 3, 4, 5}, 2));
    byte[] dst = new byte[10];
    assertThat(in.read(dst, 0, 10)).isEqualTo(2);
    assertThat(in.read(dst, 0, 0)).isZero();
    assertThat(in.read(dst, 0, 10)).isEqualTo(2);
    assertThat(in.read(dst, 0, 10)).isEqualTo(1);
    assertThat(in.read(dst, 0, 10)).isEqualTo(-1);
  }

  @Test
  void readFullyIntoAByteBufferAllocatesNothingAndFillsIt() throws IOException {
    byte[] data = sample(300);
    BufferedInput in = BufferedInput.of(chopped(data, 7), 16, "read");
    ByteBuffer dst = ByteBuffer.allocateDirect(300);
    in.readFully(dst);
    assertThat(dst.hasRemaining()).isFalse();
    byte[] got = new byte[300];
    dst.flip().get(got);
    assertThat(got).isEqualTo(data);
    assertThatThrownBy(() -> in.readFully(ByteBuffer.allocate(1))).isInstanceOf(EndOfStreamException.class);
  }

  @Test
  void skipDiscardsExactlyAndFailsPastTheEnd() throws IOException {
    BufferedInput in = BufferedInput.of(chopped(sample(100), 3), 16, "read");
    in.skip(99);
    assertThat(in.buffered()).isLessThanOrEqualTo(1);
    assertThatThrownBy(() -> in.skip(2))
        .isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 1 of 2 bytes");
  }

  @Test
  void inputStreamViewReadsThroughTheBuffer() throws IOException {
    BufferedInput in = BufferedInput.of(chopped(new byte[] {9, 8, 7}, 1));
    in.require(1);
    InputStream view = in.asInputStream();
    assertThat(view).isSameAs(in.asInputStream());
    assertThat(view.read()).isEqualTo(9);
    assertThat(view.readAllBytes()).containsExactly(8, 7);
    assertThat(view.read()).isEqualTo(-1);
  }

  @Test
  void invalidArgumentsAreRejectedWithTheValue() {
    BufferedInput in = BufferedInput.of(new ByteArrayInputStream(new byte[0]));
    assertThatThrownBy(() -> in.request(-1)).hasMessage("byteCount: -1 (expected: >= 0)");
    assertThatThrownBy(() -> in.readFully(-2)).hasMessage("byteCount: -2 (expected: >= 0)");
    assertThatThrownBy(() -> BufferedInput.of(in.asInputStream(), 0, "x"))
        .hasMessage("bufferSize: 0 (expected: > 0)");
    assertThatThrownBy(() -> BufferedOutput.of(new ByteArrayOutputStream(), 8))
        .hasMessage("bufferSize: 8 (expected: >= 16)");
  }

  /** Records the size of every write that reaches the underlying stream. */
  private static final class RecordingStream extends OutputStream {
    final List<Integer> writes = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int flushes;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes.add(len);
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  @Test
  void smallWritesLeaveTogetherOnlyWhenFlushed() throws IOException {
    RecordingStream sink = new RecordingStream();
    BufferedOutput out = BufferedOutput.of(sink, 64);
    out.writeInt(5).write("hello".getBytes());
    assertThat(sink.writes).isEmpty();
    assertThat(out.buffered()).isEqualTo(9);
    out.flush();
    assertThat(sink.writes).containsExactly(9);
    assertThat(sink.flushes).isEqualTo(1);
  }

  @Test
  void aLargeWriteTopsUpTheBufferSoTheHeaderLeavesWithThePayload() throws IOException {
    RecordingStream sink = new RecordingStream();
    BufferedOutput out = BufferedOutput.of(sink, 64);
    byte[] payload = sample(1000);
    out.writeInt(payload.length).write(payload).flush();
    assertThat(sink.writes.get(0)).as("first write carries header and payload start").isEqualTo(64);
    assertThat(sink.writes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1004);
    byte[] all = sink.bytes.toByteArray();
    assertThat(ByteBuffer.wrap(all).getInt()).isEqualTo(1000);
    assertThat(java.util.Arrays.copyOfRange(all, 4, 1004)).isEqualTo(payload);
  }

  /** A sink that is also a gathering channel, recording the buffers of each gathering write. */
  private static final class GatheringSink extends OutputStream
      implements java.nio.channels.GatheringByteChannel {
    final List<List<Integer>> gatherings = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      bytes.write(b);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      List<Integer> sizes = new ArrayList<>();
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        sizes.add(srcs[i].remaining());
        while (srcs[i].hasRemaining()) {
          bytes.write(srcs[i].get());
          n++;
        }
      }
      gatherings.add(sizes);
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public boolean isOpen() {
      return true;
    }
  }

  @Test
  void aLargeWriteAfterAHeaderLeavesInOneGatheringWriteWithoutCopying() throws IOException {
    GatheringSink sink = new GatheringSink();
    BufferedOutput out = BufferedOutput.of(sink, 64);
    byte[] payload = sample(1000);
    out.writeInt(payload.length).write(payload).flush();
    assertThat(sink.gatherings).containsExactly(List.of(4, 1000));
    assertThat(out.buffered()).isZero();
    byte[] all = sink.bytes.toByteArray();
    assertThat(ByteBuffer.wrap(all).getInt()).isEqualTo(1000);
    assertThat(java.util.Arrays.copyOfRange(all, 4, 1004)).isEqualTo(payload);
  }

  @Test
  void byteBufferWritesCopyHeapAndDirectBuffers() throws IOException {
    RecordingStream sink = new RecordingStream();
    BufferedOutput out = BufferedOutput.of(sink, 16);
    ByteBuffer direct = ByteBuffer.allocateDirect(40);
    for (int i = 0; i < 40; i++) {
      direct.put((byte) i);
    }
    direct.flip();
    out.write(ByteBuffer.wrap(new byte[] {100, 101}, 1, 1)).write(direct).flush();
    assertThat(direct.hasRemaining()).isFalse();
    byte[] all = sink.bytes.toByteArray();
    assertThat(all).hasSize(41);
    assertThat(all[0]).isEqualTo((byte) 101);
    assertThat(all[40]).isEqualTo((byte) 39);
  }

  @Test
  void closeFlushesThenClosesTheSinkEvenIfFlushFails() throws IOException {
    boolean[] closed = {false};
    OutputStream failing = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk on fire");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk on fire");
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    BufferedOutput out = BufferedOutput.of(failing);
    out.writeByte(1);
    assertThatThrownBy(out::close).hasMessage("disk on fire");
    assertThat(closed[0]).isTrue();
  }

  @Test
  void outputStreamViewWritesThroughTheBuffer() throws IOException {
    RecordingStream sink = new RecordingStream();
    BufferedOutput out = BufferedOutput.of(sink);
    OutputStream view = out.asOutputStream();
    view.write(1);
    view.write(new byte[] {2, 3});
    view.flush();
    assertThat(sink.bytes.toByteArray()).containsExactly(1, 2, 3);
  }
}
