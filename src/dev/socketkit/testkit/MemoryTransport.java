package dev.socketkit.testkit;

import dev.socketkit.spi.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/** One end of an in-memory pair: reads from one {@link Pipe}, writes to the other; never blocking. */
final class MemoryTransport implements Transport {
  private final Pipe in;
  private final Pipe out;
  private final MemoryAddress local;
  private final MemoryAddress remote;

  MemoryTransport(Pipe in, Pipe out, MemoryAddress local, MemoryAddress remote) {
    this.in = in;
    this.out = out;
    this.local = local;
    this.remote = remote;
  }

  @Override
  public int read(ByteBuffer dst) {
    return in.read(dst);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return out.write(srcs, offset, length);
  }

  @Override
  public boolean isBlocking() {
    return false;
  }

  @Override
  public void configureNonBlocking() {
    // never blocking
  }

  @Override
  public void awaitReadable(long nanos) throws IOException {
    in.awaitReadable(nanos);
  }

  @Override
  public void awaitWritable(long nanos) throws IOException {
    out.awaitWritable(nanos);
  }

  @Override
  public void wakeup() {
    in.wakeReader();
    out.wakeWriter();
  }

  @Override
  public void shutdownInput() {
    in.readerShut();
  }

  @Override
  public void shutdownOutput() {
    out.writerDone();
  }

  @Override
  public SocketAddress localAddress() {
    return local;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of();
  }

  @Override
  public <T> T getOption(SocketOption<T> option) {
    throw new UnsupportedOperationException(option.name() + ": an in-memory connection has no socket options");
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) {
    throw new UnsupportedOperationException(option.name() + ": an in-memory connection has no socket options");
  }

  /** Closes like a socket: the peer reads end of stream, its writes are reset. */
  @Override
  public void close() {
    in.readerGone();
    out.writerDone();
  }
}
