package dev.socketkit.jmh.baseline;

import dev.socketkit.jmh.datagram.DatagramWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw-JDK datagram baseline, as written by hand: one platform thread, a blocking {@link
 * DatagramChannel}, one direct buffer, {@code receive} then {@code send} from the same buffer.
 */
public final class RawJdkDatagramServer implements DatagramWire.Peer {
  private final DatagramChannel channel;
  private final InetSocketAddress address;
  private final Thread thread;
  private final AtomicLong counted = new AtomicLong();

  private RawJdkDatagramServer(InetSocketAddress at) throws IOException {
    channel = DatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, DatagramWire.RECEIVE_BUFFER);
      channel.bind(at);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    address = (InetSocketAddress) channel.getLocalAddress();
    thread = new Thread(this::serve, "raw-jdk-datagram");
    thread.start();
  }

  /**
   * Binds and starts serving.
   *
   * @param at the address to bind
   * @return the running server
   * @throws IOException if binding fails
   */
  public static RawJdkDatagramServer start(InetSocketAddress at) throws IOException {
    return new RawJdkDatagramServer(at);
  }

  private void serve() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    try {
      while (true) {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        buf.flip();
        byte kind = buf.get(0);
        if (kind == DatagramWire.ECHO) {
          channel.send(buf, from);
        } else if (kind == DatagramWire.COUNT) {
          counted.incrementAndGet();
        } else if (kind == DatagramWire.SYNC) {
          buf.clear();
          buf.putLong(counted.get()).flip();
          channel.send(buf, from);
        }
      }
    } catch (ClosedChannelException e) {
      // closed by close(): done
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public long counted() {
    return counted.get();
  }

  @Override
  public void close() {
    try {
      channel.close();
      thread.join(10_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
