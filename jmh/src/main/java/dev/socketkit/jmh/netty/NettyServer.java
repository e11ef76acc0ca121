package dev.socketkit.jmh.netty;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.Wire;
import dev.socketkit.jmh.server.RunningServer;
import dev.socketkit.jmh.server.Sessions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.Closeable;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty peer (4.2; the code keeps to the 4.1 API, which 4.2 still has): NIO for TCP (epoll for
 * Unix-domain sockets),
 * {@link LengthFieldBasedFrameDecoder} for framing, and handlers shaped like Netty's echo example:
 * write in {@code channelRead}, flush in {@code channelReadComplete}. Each echoed frame is copied
 * into a fresh pooled buffer and the decoder's slice released, so the decoder's cumulation buffer
 * can compact (writing back retained slices pins it and collapses bulk throughput). Leak detection
 * is off, as in production tuning.
 */
public final class NettyServer implements RunningServer {
  static {
    NettyTuning.apply();
  }

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel echoChannel;
  private final Channel churnChannel;
  private final SocketAddress echo;
  private final SocketAddress churn;
  private final Sessions sessions = new Sessions();

  private NettyServer(Transport transport, SocketAddress echoAt, SocketAddress churnAt, int workerCount,
      int backlog) throws InterruptedException {
    boolean tcp = transport == Transport.TCP;
    boss = tcp ? new NioEventLoopGroup(1) : new EpollEventLoopGroup(1);
    workers = tcp ? new NioEventLoopGroup(workerCount) : new EpollEventLoopGroup(workerCount); // 0: 2 x CPUs
    try {
      echoChannel = bootstrap(tcp, backlog, new Echo()).bind(netty(echoAt)).sync().channel();
      churnChannel = bootstrap(tcp, backlog, new Churn()).bind(netty(churnAt)).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    echo = jdk(echoChannel.localAddress());
    churn = jdk(churnChannel.localAddress());
  }

  /**
   * Binds both services.
   *
   * @param transport TCP (NIO) or Unix-domain (epoll)
   * @param echoAt the echo address
   * @param churnAt the churn address
   * @param workerCount event-loop threads
   * @param backlog the listen backlog
   * @return the running server
   * @throws InterruptedException if interrupted while binding
   */
  public static NettyServer start(Transport transport, SocketAddress echoAt, SocketAddress churnAt,
      int workerCount, int backlog) throws InterruptedException {
    return new NettyServer(transport, echoAt, churnAt, workerCount, backlog);
  }

  private ServerBootstrap bootstrap(boolean tcp, int backlog, ChannelHandler service) {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(tcp ? NioServerSocketChannel.class : EpollServerDomainSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, backlog)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            Closeable handle = ch::close;
            sessions.opened(handle);
            ch.closeFuture().addListener(f -> sessions.closed(handle));
            ch.pipeline().addLast(
                new LengthFieldBasedFrameDecoder(Wire.HEADER + Wire.MAX_PAYLOAD, 0, Wire.HEADER, 0, 0),
                service);
          }
        });
    if (tcp) {
      b.childOption(ChannelOption.TCP_NODELAY, true);
    }
    return b;
  }

  private static SocketAddress netty(SocketAddress a) {
    return a instanceof UnixDomainSocketAddress
        ? new DomainSocketAddress(((UnixDomainSocketAddress) a).getPath().toString())
        : a;
  }

  private static SocketAddress jdk(SocketAddress a) {
    return a instanceof DomainSocketAddress ? UnixDomainSocketAddress.of(((DomainSocketAddress) a).path()) : a;
  }

  @Override
  public SocketAddress echoAddress() {
    return echo;
  }

  @Override
  public SocketAddress churnAddress() {
    return churn;
  }

  @Override
  public String shutdown() {
    long t0 = System.nanoTime();
    echoChannel.close().syncUninterruptibly();
    churnChannel.close().syncUninterruptibly();
    int open = sessions.closeAll();
    boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    return sessions.report("netty", open, System.nanoTime() - t0);
  }

  /** Echo: copy each frame (header included) into a new pooled buffer, release the slice. */
  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      try {
        ctx.write(ctx.alloc().ioBuffer(frame.readableBytes()).writeBytes(frame));
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Churn: a 4-byte count in, one frame of that many bytes out. */
  @ChannelHandler.Sharable
  static final class Churn extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      int count;
      try {
        if (frame.readableBytes() != Wire.HEADER + 4) {
          ctx.close();
          return;
        }
        count = frame.getInt(Wire.HEADER);
      } finally {
        frame.release();
      }
      if (!Wire.acceptable(count)) {
        ctx.close();
        return;
      }
      ctx.write(ctx.alloc().ioBuffer(Wire.HEADER + count).writeInt(count).writeBytes(Wire.filler(), 0, count));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
