package dev.socketkit.internal;

import dev.socketkit.spi.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * The {@link Transport} of TCP and Unix-domain connections: a {@link SocketChannel}, blocking
 * until the connection leaves blocking mode, and a {@link Waiter} per direction for the waits of
 * non-blocking mode (a thread waits in the waiter's selector; a virtual thread before Java 25
 * parks while the shared {@link Poller} waits for it).
 */
public final class SocketTransport implements Transport {
  private final SocketChannel channel;
  private final SocketAddress local;
  private final SocketAddress remote;
  private final Poller.Slot slot;
  private final Waiter readWaiter;
  private final Waiter writeWaiter;

  SocketTransport(SocketChannel channel, Poller.Slot slot) throws IOException {
    this.channel = channel;
    this.slot = slot;
    this.local = channel.getLocalAddress();
    this.remote = channel.getRemoteAddress();
    this.readWaiter = new Waiter(channel, SelectionKey.OP_READ, slot);
    this.writeWaiter = new Waiter(channel, SelectionKey.OP_WRITE, slot);
  }

  /** Wraps a connected blocking channel, such as the winner of a connect race; closes it if that fails. */
  public static SocketTransport of(SocketChannel channel) throws IOException {
    return of(channel, new Poller.Slot(channel));
  }

  /** Wraps a connected channel, which the transport then owns; closes it if that fails. */
  static SocketTransport of(SocketChannel channel, Poller.Slot slot) throws IOException {
    try {
      return new SocketTransport(channel, slot);
    } catch (IOException | RuntimeException e) {
      slot.closeWith(channel);
      throw e;
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return channel.write(srcs, offset, length);
  }

  @Override
  public boolean isBlocking() {
    return channel.isBlocking();
  }

  @Override
  public void configureNonBlocking() throws IOException {
    channel.configureBlocking(false);
  }

  @Override
  public void awaitReadable(long nanos) throws IOException {
    await(readWaiter, nanos);
  }

  @Override
  public void awaitWritable(long nanos) throws IOException {
    await(writeWaiter, nanos);
  }

  private static void await(Waiter w, long nanos) throws IOException {
    try {
      w.await(nanos);
    } catch (ClosedSelectorException e) {
      throw (IOException) new ClosedChannelException().initCause(e);
    }
  }

  @Override
  public void wakeup() {
    readWaiter.wakeup();
    writeWaiter.wakeup();
    slot.wakeup();
  }

  @Override
  public void shutdownInput() throws IOException {
    channel.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
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
    return channel.supportedOptions();
  }

  @Override
  public <T> T getOption(SocketOption<T> option) throws IOException {
    return channel.getOption(option);
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) throws IOException {
    channel.setOption(option, value);
  }

  @Override
  public void close() throws IOException {
    readWaiter.close();
    writeWaiter.close();
    slot.closeWith(channel);
  }

  @Override
  public String toString() {
    return "SocketTransport[" + Errors.ends(local, remote) + "]";
  }
}
