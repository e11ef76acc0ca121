package dev.socketkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The stream faces of a {@link TimedIo}, which {@link BufferedInput} and {@link BufferedOutput} use;
 * closing either stream closes the owner.
 */
final class TimedStreams {
  private final TimedIo io;
  private final Closeable owner;
  final InputStream in = new In();
  final Out out = new Out();

  TimedStreams(TimedIo io, Closeable owner) {
    this.io = io;
    this.owner = owner;
  }

  /** The transport as the input stream that {@link BufferedInput} fills from. */
  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : io.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      owner.close();
    }
  }

  /** The transport as the sink of {@link BufferedOutput}: gathering writes reach it in one call. */
  final class Out extends OutputStream implements GatheringByteChannel {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      write(new ByteBuffer[] {ByteBuffer.wrap(b, off, len)}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return io.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
      return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public boolean isOpen() {
      return !io.closed;
    }

    @Override
    public void close() throws IOException {
      owner.close();
    }
  }
}
