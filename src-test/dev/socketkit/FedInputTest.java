package dev.socketkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A BufferedInput fed chunk by chunk: never blocks, tells "not yet" from the end. */
class FedInputTest {

  @Test
  void readIntSplitAcrossChunksWaitsForTheLastChunk() throws IOException {
    BufferedInput in = BufferedInput.ofChunks();
    in.feed(new byte[] {0x12, 0x34}, 0, 2);
    assertThat(in.request(4)).isFalse();
    assertThat(in.isFinished()).isFalse();
    assertThat(in.buffered()).isEqualTo(2);
    in.feed(ByteBuffer.wrap(new byte[] {0x56, 0x78, 9}));
    assertThat(in.readInt()).isEqualTo(0x12345678);
    assertThat(in.readByte()).isEqualTo((byte) 9);
  }

  @Test
  void notYetIsZeroAndTheEndIsMinusOne() throws IOException {
    BufferedInput in = BufferedInput.ofChunks();
    byte[] dst = new byte[10];
    assertThat(in.read(dst, 0, 10)).isZero();
    assertThat(in.read(ByteBuffer.allocateDirect(4))).isZero();
    assertThat(in.exhausted()).isTrue();
    in.feed(new byte[] {1, 2, 3}, 0, 3);
    assertThat(in.read(dst, 0, 10)).isEqualTo(3);
    in.finish();
    assertThat(in.isFinished()).isTrue();
    assertThat(in.read(dst, 0, 10)).isEqualTo(-1);
    assertThatThrownBy(() -> in.readFully(dst, 0, 1)).isInstanceOf(EndOfStreamException.class)
        .hasMessage("read: end of stream after 0 of 1 bytes");
  }

  @Test
  void requireBeyondTheFedBytesThrowsAndKeepsThem() throws IOException {
    BufferedInput in = BufferedInput.ofChunks().feed(new byte[] {1, 2, 3}, 0, 3);
    assertThatThrownBy(() -> in.require(5)).isInstanceOf(EndOfStreamException.class)
        .hasMessageContaining("after 3 of 5 bytes");
    assertThat(in.buffered()).isEqualTo(3);
  }

  @Test
  void feedingIsForFedInputsBeforeTheyFinish() {
    BufferedInput stream = BufferedInput.of(new ByteArrayInputStream(new byte[1]));
    assertThatThrownBy(() -> stream.feed(new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ofChunks()");
    assertThatThrownBy(stream::finish).isInstanceOf(IllegalStateException.class);
    BufferedInput fed = BufferedInput.ofChunks();
    fed.finish();
    fed.finish();
    assertThatThrownBy(() -> fed.feed(new byte[1], 0, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
  }

  @Test
  void manyChunksLargerThanTheBufferKeepEveryByteInOrder() throws IOException {
    BufferedInput in = BufferedInput.ofChunks();
    byte[] chunk = new byte[1000];
    long sum = 0;
    long expected = 0;
    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = (byte) (round + i);
        expected += chunk[i];
      }
      in.feed(chunk, 0, chunk.length);
      for (int i = 0; i < 700 && in.buffered() > 0; i++) { // consume less than fed: it builds up
        sum += in.readByte();
      }
    }
    while (in.buffered() > 0) {
      sum += in.readByte();
    }
    assertThat(sum).isEqualTo(expected);
  }

  @Test
  void readViewSharesTheBufferWithoutCopying() throws IOException {
    BufferedInput in = BufferedInput.ofChunks().feed(new byte[] {1, 2, 3, 4, 5}, 0, 5);
    ByteBuffer view = in.readView(3);
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.remaining()).isEqualTo(3);
    assertThat(view.get(view.position() + 2)).isEqualTo((byte) 3);
    assertThat(in.readView(2)).isSameAs(view);
    assertThat(view.get()).isEqualTo((byte) 4);
    assertThatThrownBy(() -> in.readView(1)).isInstanceOf(EndOfStreamException.class);
  }

  @Test
  void readIntoADirectBufferCopiesThroughTheBuffer() throws IOException {
    BufferedInput in = BufferedInput.of(new ByteArrayInputStream(new byte[] {7, 8, 9}));
    ByteBuffer dst = ByteBuffer.allocateDirect(2);
    assertThat(in.read(dst)).isEqualTo(2);
    assertThat(in.read(dst)).isZero();
    dst.clear();
    assertThat(in.read(dst)).isEqualTo(1);
    assertThat(in.read(dst)).isEqualTo(-1);
  }
}
