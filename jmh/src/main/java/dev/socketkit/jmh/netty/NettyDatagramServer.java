package dev.socketkit.jmh.netty;

import dev.socketkit.jmh.datagram.DatagramWire;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty 4.2 datagram peer: the native epoll transport, one event loop, a handler that
 * writes in {@code channelRead} and flushes in {@code channelReadComplete}; an echo sends the
 * received buffer back (a retained duplicate, no copy).
 */
public final class NettyDatagramServer implements DatagramWire.Peer {
  static {
    NettyTuning.apply();
  }

  private final EventLoopGroup group;
  private final Channel channel;
  private long counted; // written by the event loop only
  private volatile long countedSnapshot;

  private NettyDatagramServer(InetSocketAddress at) throws InterruptedException {
    Epoll.ensureAvailability();
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
          .option(ChannelOption.SO_RCVBUF, DatagramWire.RECEIVE_BUFFER)
          .handler(new Handler())
          .bind(at).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Binds and starts serving.
   *
   * @param at the address to bind
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  public static NettyDatagramServer start(InetSocketAddress at) throws InterruptedException {
    return new NettyDatagramServer(at);
  }

  @Override
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public long counted() {
    return countedSnapshot;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      byte kind = content.getByte(content.readerIndex());
      if (kind == DatagramWire.ECHO) {
        ctx.write(new DatagramPacket(content.retainedDuplicate(), packet.sender()));
      } else if (kind == DatagramWire.COUNT) {
        countedSnapshot = ++counted;
      } else if (kind == DatagramWire.SYNC) {
        ctx.write(new DatagramPacket(ctx.alloc().ioBuffer(8).writeLong(counted), packet.sender()));
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
